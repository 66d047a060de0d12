"""Bad input through the real CLI: exit status 2 and exactly one stderr line naming the problem."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.errors import InputError
from eventcoder.read import read_file


def _annotate(path: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "annotate", path],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def _make(tmp_path: Path, case: str) -> Path:
    path = tmp_path / f"{case}.txt"
    if case == "empty":
        path.write_bytes(b"")
    elif case == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00")
    elif case == "latin1":
        path.write_bytes("Título\n\nEl ejército atacó la aldea.".encode("latin-1"))
    elif case == "invisible":
        path.write_text("\u200b\u2060\n\n\ufeff\u200d", encoding="utf-8")
    elif case == "large":
        path.write_text("Clashes continued along the border. " * 40, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("case", "problem"),
    [
        ("missing", "file not found"),
        ("empty", "empty file"),
        ("binary", "binary file"),
        ("latin1", "not UTF-8: invalid byte 0xed at byte offset 1"),
        ("large", "over the limit of 1,000 bytes"),
        ("invisible", "no article text: only invisible characters"),
    ],
)
def test_cli_reports_bad_input_in_one_line(tmp_path: Path, case: str, problem: str) -> None:
    path = _make(tmp_path, case)
    result = _annotate(str(path), env={"EVENTCODER_MAX_INPUT_BYTES": "1000"})
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert str(path) in lines[0]
    assert problem in lines[0]
    assert result.stdout == ""


def test_read_file_errors_name_the_source(tmp_path: Path) -> None:
    folder = tmp_path / "folder"
    folder.mkdir()
    with pytest.raises(InputError, match="is a folder"):
        read_file(str(folder))
    spaces = tmp_path / "spaces.txt"
    spaces.write_text("   \n\n  ", encoding="utf-8")
    with pytest.raises(InputError, match="only whitespace"):
        read_file(str(spaces))
    broken = tmp_path / "broken.json"
    broken.write_text('{"text": "x",', encoding="utf-8")
    with pytest.raises(InputError) as error:
        read_file(str(broken))
    assert error.value.source == str(broken) and "malformed JSON" in error.value.problem
    no_text = tmp_path / "no_text.jsonl"
    no_text.write_text('{"id": "a", "text": "fine"}\n{"id": "b"}\n', encoding="utf-8")
    with pytest.raises(InputError, match=r"no_text\.jsonl:2: record has no 'text'"):
        read_file(str(no_text))


# ------------------------------------------------------------------------- usage errors
def _eventcoder(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", *args],
        capture_output=True,
        text=True,
        timeout=300,
    )


@pytest.mark.parametrize(
    ("args", "problem"),
    [
        (["code", "ARTICLE", "--published", "not a date"], "Invalid value for '--published'"),
        (["code", "ARTICLE", "--no-such-option"], "No such option: --no-such-option"),
        (["serve", "--port", "99999"], "Invalid value for '--port'"),
        (["code"], "Missing argument"),
        (["no-such-command"], "No such command 'no-such-command'"),
        (["code", "MISSING"], "file not found"),
        (["events", "--limit", "many"], "Invalid value for '--limit'"),
    ],
)
def test_usage_errors_are_one_line_with_exit_2(
    tmp_path: Path, args: list[str], problem: str
) -> None:
    article = tmp_path / "article.txt"
    article.write_text("Troops shelled the village on Monday.", encoding="utf-8")
    paths = {"ARTICLE": str(article), "MISSING": str(tmp_path / "missing.txt")}
    result = _eventcoder(*[paths.get(arg, arg) for arg in args])
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert problem in lines[0]
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["code", "ingest", "events", "serve"])
def test_help_shows_flags_as_flags(command: str) -> None:
    result = _eventcoder(command, "--help")
    assert result.returncode == 0, result.stderr
    help_line = next(line for line in result.stdout.splitlines() if "--help" in line)
    assert "<bool>" not in result.stdout, result.stdout
    assert help_line.split() == ["--help", "Show", "this", "message", "and", "exit."]


# ------------------------------------------------------------------ HTML publication dates
_ARTICLE_BODY = """<article><h1>Clashes on the border</h1>
<p>Azerbaijani and Armenian forces exchanged fire along the border on Tuesday, officials said.</p>
<p>The Armenian defence ministry accused Azerbaijan of shelling villages near Jermuk.</p>
<p>Russia called on both sides to stop the fighting and return to talks.</p>
</article>"""


def _page(tmp_path: Path, head: str) -> Path:
    path = tmp_path / "page.html"
    path.write_text(
        f"<!doctype html><html><head><title>Clashes on the border</title>{head}</head>"
        f"<body>{_ARTICLE_BODY}</body></html>",
        encoding="utf-8",
    )
    return path


def test_a_date_in_a_script_is_not_the_publication_date(tmp_path: Path) -> None:
    script = '<script>var buildDate = "2019-03-04"; cfg = {updated: "2019-03-04T10:00"};</script>'
    (article,) = read_file(str(_page(tmp_path, script)))
    assert article.published is None
    assert "buildDate" not in article.text
    # JSON-LD is the page's own metadata, not code: its datePublished still counts
    json_ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", '
        '"datePublished": "2022-09-13T08:00:00Z"}</script>'
    )
    (article,) = read_file(str(_page(tmp_path, script + json_ld)))
    assert article.published == dt.date(2022, 9, 13)


def test_published_option_wins_over_the_page(tmp_path: Path) -> None:
    meta = '<meta property="article:published_time" content="2021-01-05T10:00:00Z">'
    page = _page(tmp_path, meta)
    (article,) = read_file(str(page))
    assert article.published == dt.date(2021, 1, 5)
    (article,) = read_file(str(page), dt.date(2022, 9, 14))
    assert article.published == dt.date(2022, 9, 14)


def test_a_record_with_no_visible_text_costs_that_record_only(tmp_path: Path) -> None:
    records = tmp_path / "records.jsonl"
    records.write_text(
        '{"id": "a", "text": "Troops shelled Jermuk on Monday."}\n{"id": "b", "text": "\\u200b"}\n',
        encoding="utf-8",
    )
    result = _eventcoder("code", str(records), "--format", "jsonl")
    assert result.returncode == 3, result.stderr
    assert [json.loads(line)["document"]["id"] for line in result.stdout.splitlines()] == ["a"]
    assert f"failed {records}:2: no article text: only invisible characters" in result.stderr
    records.write_text('{"text": "\\u200b"}\n{"text": "\\u2060"}\n', encoding="utf-8")
    result = _eventcoder("code", str(records), "--format", "jsonl")
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        f"eventcoder: error: {records}:1: no article text: only invisible characters "
        "(and 1 more failed records)"
    ]
