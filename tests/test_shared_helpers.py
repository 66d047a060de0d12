"""Helpers written once and used by every module that needs them: the content hash recipe and
the package data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from eventcoder.models import Article, Document, content_hash
from eventcoder.paths import DATA_DIR, data_path, sample_paths
from eventcoder.read import clean
from eventcoder.store.db import content_hash_of


@pytest.mark.parametrize(
    ("title", "text"),
    [
        (
            "Clashes on the border",
            "Troops exchanged fire near the village on Tuesday.\n\nTwo died.",
        ),
        (None, "A report without a title.\nIts second line."),
        ("", "An empty title reads as no title."),
    ],
)
def test_store_fallback_hash_agrees_with_the_read_stage(title: str | None, text: str) -> None:
    """A document that reaches the store without a hash (built by hand, as the evaluation code
    does) gets the hash the read stage would have given the same title and cleaned text."""
    read = clean(Article(id="a1", title=title, text=text))
    unhashed = Document(id="a1", title=read.title, text=read.text)
    assert unhashed.content_hash == ""
    assert content_hash_of(unhashed) == read.content_hash
    assert read.content_hash == content_hash(read.title, read.text)
    # the read stage's own hash is kept as it is, never recomputed
    assert content_hash_of(read) == read.content_hash


def test_hash_separates_title_from_text() -> None:
    # "title" + "text" must not collide with "" + "title\ntext" or with "title\n" + "text"
    assert content_hash("A", "B") != content_hash(None, "A\nB")
    assert content_hash("A", "B") != content_hash("A\n", "B")


def test_data_path_points_into_the_package_data() -> None:
    assert data_path() == DATA_DIR
    assert data_path("store", "countries.tsv").is_file()
    assert (DATA_DIR / "README.md").is_file()
    assert [Path(p).parent for p in sample_paths()] == [data_path("sample")] * 3
    assert all(Path(p).is_file() for p in sample_paths())


def test_cli_filter_options_are_the_event_filter_fields() -> None:
    """``events`` has one option per EventFilter field (the server's query parameters), with
    the field's help; ``stats`` the ones that filter rather than page or sort."""
    import typer

    from eventcoder.cli import _register, app
    from eventcoder.cli.filters import OPTION_NAMES
    from eventcoder.store.filters import EventFilter

    _register()
    commands = typer.main.get_command(app).commands  # type: ignore[attr-defined]

    def options(command: str) -> dict[str, str]:
        return {opt: param.help or "" for param in commands[command].params for opt in param.opts}

    def option(field: str) -> str:
        return "--" + OPTION_NAMES.get(field, field).replace("_", "-")

    events, stats = options("events"), options("stats")
    for name, field in EventFilter.model_fields.items():
        assert events[option(name)] == (field.description or "")
    paging = {"document_id", "limit", "offset", "sort", "order"}
    assert {option(n) for n in EventFilter.model_fields if n not in paging} <= set(stats)
    assert not {option(n) for n in paging} & set(stats)


def test_an_invalid_cli_filter_is_one_line_naming_the_option(tmp_path: Path) -> None:
    import subprocess
    import sys

    run = subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "events",
         "--quad-class", "loud", "--db", str(tmp_path / "none.duckdb")],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert run.returncode == 2
    (line,) = run.stderr.strip().splitlines()
    assert line.startswith("eventcoder: error: --quad-class: ") and "verbal_conflict" in line


def test_only_paths_py_locates_the_package_data() -> None:
    """Every module finds its data files through ``data_path()``: none builds the data folder's
    path from its own ``__file__`` or from ``importlib.resources``."""
    import re

    package = DATA_DIR.parent
    own_data = re.compile(r"__file__.*\bdata\b|resources\.files\(")
    offenders = [
        f"{path.relative_to(package)}:{number}"
        for path in sorted(package.rglob("*.py"))
        if path.name != "paths.py"
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if own_data.search(line)
    ]
    assert offenders == []
