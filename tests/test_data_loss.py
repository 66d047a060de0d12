"""Data safety (issue 14): exports never destroy data, read commands never create or trust a
broken store, one bad record costs that record only, and exit statuses say what failed.

Every test runs the real CLI (in a child process) or the real reader on inputs written here.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import os
import resource
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from eventcoder.errors import EventcoderError, InputError
from eventcoder.ingest import ingest
from eventcoder.models import Article, ReadFailure
from eventcoder.paths import sample_paths
from eventcoder.read import iter_articles, read_file, read_records
from eventcoder.store.db import open_store

FORMATS = ["plover-jsonl", "acled-csv", "gdelt-csv", "parquet"]


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from eventcoder.cli import main; main()", *args]


def run_cli(
    *args: str, cwd: Path | None = None, stdin: bytes | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    result = subprocess.run(_cli(*args), cwd=cwd, input=stdin, capture_output=True, timeout=timeout)
    return subprocess.CompletedProcess(
        result.args,
        result.returncode,
        result.stdout.decode("utf-8", "replace"),
        result.stderr.decode("utf-8", "replace"),
    )


def one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    """Exit 2 with a single `eventcoder: error:` line containing every needle, no traceback."""
    assert result.returncode == 2, (result.returncode, result.stdout, result.stderr)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("eventcoder: error: "), result.stderr
    for needle in needles:
        assert needle in lines[0], (needle, lines[0])


def snapshot(folder: Path) -> dict[str, str]:
    """Every entry under ``folder`` (hidden ones included) with the hash of its content."""
    entries: dict[str, str] = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_symlink():
            entries[relative] = "-> " + os.readlink(path)
        elif path.is_file():
            entries[relative] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            entries[relative] = "folder"
    return entries


@pytest.fixture(scope="module")
def real_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store of the fixture article and a second report of the same clashes."""
    db = tmp_path_factory.mktemp("store") / "news.duckdb"
    fixture, second, _ = sample_paths()
    with open_store(db) as store:
        ingest([fixture, second], store, workers=1)
    return db


@pytest.fixture
def workdir(real_store: Path, tmp_path: Path) -> Path:
    """A folder holding a copy of the store and a file of the user's."""
    shutil.copy(real_store, tmp_path / "news.duckdb")
    (tmp_path / "notes.txt").write_text("my notes, not eventcoder's\n", encoding="utf-8")
    return tmp_path


# ------------------------------------------------------------------------------ exports
def test_parquet_export_refuses_the_folder_holding_the_store(workdir: Path) -> None:
    before = snapshot(workdir)
    result = run_cli("export", "--format", "parquet", ".", "--db", "news.duckdb", cwd=workdir)
    one_line_error(result, ".: ", "store")
    assert snapshot(workdir) == before


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("force", [False, True])
def test_export_refuses_the_store_itself(workdir: Path, fmt: str, force: bool) -> None:
    (workdir / "sub").mkdir()
    (workdir / "link.duckdb").symlink_to(workdir / "news.duckdb")
    os.link(workdir / "news.duckdb", workdir / "hard.duckdb")
    before = snapshot(workdir)
    for target in ("news.duckdb", "sub/../news.duckdb", str(workdir / "news.duckdb"),
                   "link.duckdb", "hard.duckdb"):  # fmt: skip
        extra = ["--force"] if force else []
        result = run_cli(
            "export", "--format", fmt, target, "--db", "news.duckdb", *extra, cwd=workdir
        )
        one_line_error(result, target)
        assert snapshot(workdir) == before


@pytest.mark.parametrize("fmt", [f for f in FORMATS if f != "parquet"])
def test_existing_file_is_kept_unless_forced(workdir: Path, fmt: str) -> None:
    result = run_cli("export", "--format", fmt, "notes.txt", "--db", "news.duckdb", cwd=workdir)
    one_line_error(result, "notes.txt", "already exists", "--force")
    assert (workdir / "notes.txt").read_text(encoding="utf-8") == "my notes, not eventcoder's\n"
    forced = run_cli(
        "export", "--format", fmt, "notes.txt", "--db", "news.duckdb", "--force", cwd=workdir
    )
    assert forced.returncode == 0, forced.stderr
    assert "not eventcoder's" not in (workdir / "notes.txt").read_text(encoding="utf-8")
    assert not [p for p in workdir.iterdir() if p.name.startswith(".")]  # no temporary left


def test_parquet_force_replaces_only_its_own_earlier_export(workdir: Path) -> None:
    (workdir / "mine").mkdir()
    (workdir / "mine" / "data.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    before = snapshot(workdir)
    for extra in ([], ["--force"]):
        result = run_cli(
            "export", "--format", "parquet", "mine", "--db", "news.duckdb", *extra, cwd=workdir
        )
        one_line_error(result, "mine")
        assert snapshot(workdir) == before

    first = run_cli("export", "--format", "parquet", "pq", "--db", "news.duckdb", cwd=workdir)
    assert first.returncode == 0, first.stderr
    again = run_cli("export", "--format", "parquet", "pq", "--db", "news.duckdb", cwd=workdir)
    one_line_error(again, "pq", "not empty")
    forced = run_cli(
        "export", "--format", "parquet", "pq", "--db", "news.duckdb", "--force", cwd=workdir
    )
    assert forced.returncode == 0, forced.stderr
    # A file the user added to the export folder makes it no longer eventcoder's alone.
    (workdir / "pq" / "README.txt").write_text("my analysis\n", encoding="utf-8")
    kept = snapshot(workdir)
    refused = run_cli(
        "export", "--format", "parquet", "pq", "--db", "news.duckdb", "--force", cwd=workdir
    )
    one_line_error(refused, "pq", "README.txt")
    assert snapshot(workdir) == kept


_LIMIT_WRITES = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit raises EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (5_000, 5_000))
from eventcoder.cli import main
main()
"""


@pytest.mark.parametrize("fmt", FORMATS)
def test_failed_export_leaves_nothing_behind(workdir: Path, fmt: str) -> None:
    """A disk that fills up mid-export (a 5 kB file size limit): a one-line error, no
    half-written output, no temporary file, and a file being replaced stays whole."""
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] == resource.RLIM_INFINITY
    target = "out" if fmt == "parquet" else "notes.txt"
    before = snapshot(workdir)
    for extra in ([], ["--force"]) if fmt != "parquet" else ([],):
        name = target if extra else f"new-{target}"
        result = subprocess.run(
            [sys.executable, "-c", _LIMIT_WRITES, "export", "--format", fmt, name,
             "--db", "news.duckdb", *extra],
            cwd=workdir, capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        one_line_error(
            subprocess.CompletedProcess(result.args, result.returncode, "", result.stderr), name
        )
        assert snapshot(workdir) == before


# ------------------------------------------------------------------------ store opening
@pytest.mark.parametrize(
    "command",
    [["stats"], ["events"], ["export", "--format", "acled-csv", "out.csv"], ["serve"]],
)
def test_read_commands_never_create_a_store(tmp_path: Path, command: list[str]) -> None:
    try:
        result = run_cli(*command, "--db", "typo.duckdb", cwd=tmp_path, timeout=60)
    except subprocess.TimeoutExpired:  # `serve` on an empty new store serves forever
        pytest.fail(f"{command[0]} did not refuse a missing store")
    one_line_error(result, "typo.duckdb", "store not found")
    assert list(tmp_path.iterdir()) == []


def _block_of(db: Path, table: str) -> int:
    con = duckdb.connect(str(db), read_only=True)
    try:
        row = con.execute(
            f"SELECT min(block_id) FROM pragma_storage_info('{table}') WHERE block_id >= 0"
        ).fetchone()
    finally:
        con.close()
    assert row is not None and row[0] is not None
    return int(row[0])


def _damage_block(db: Path, block: int) -> None:
    # DuckDB's layout: a 4 kB file header, two 4 kB database headers, then 256 kB blocks,
    # each starting with its 8-byte checksum; the bytes just after it are data in use.
    with db.open("r+b") as handle:
        handle.seek(3 * 4096 + block * 262_144 + 64)
        handle.write(b"\xde\xad\xbe\xef" * 64)


@pytest.mark.parametrize("table", ["documents", "events", "mentions"])
def test_damaged_store_is_an_error_not_plausible_numbers(workdir: Path, table: str) -> None:
    damaged = workdir / "news.duckdb"
    _damage_block(damaged, _block_of(damaged, table))
    result = run_cli("stats", "--db", "news.duckdb", "--json", cwd=workdir)
    one_line_error(result, "news.duckdb", "damaged")
    assert result.stdout == ""


def test_damaged_store_errors_in_every_read_command(workdir: Path) -> None:
    damaged = workdir / "news.duckdb"
    _damage_block(damaged, _block_of(damaged, "events"))
    for command in (["events"], ["export", "--format", "acled-csv", "out.csv"]):
        one_line_error(run_cli(*command, "--db", "news.duckdb", cwd=workdir), "damaged")
    assert not (workdir / "out.csv").exists()


def test_files_that_are_not_eventcoder_stores(tmp_path: Path) -> None:
    (tmp_path / "notes.duckdb").write_text("hello, not a database\n", encoding="utf-8")
    other = duckdb.connect(str(tmp_path / "other.duckdb"))
    other.execute("CREATE TABLE prices (day DATE, price DOUBLE)")
    other.close()
    (tmp_path / "folder.duckdb").mkdir()
    before = snapshot(tmp_path)
    for name, needle in (
        ("notes.duckdb", "not a DuckDB store file"),
        ("other.duckdb", "not an eventcoder store"),
        ("folder.duckdb", "is a folder"),
    ):
        one_line_error(run_cli("stats", "--db", name, cwd=tmp_path), name, needle)
        with pytest.raises(EventcoderError, match=needle):
            open_store(tmp_path / name)  # read-write, as ingest opens it
    assert snapshot(tmp_path) == before  # nothing added to somebody else's database


def test_stats_opens_the_store_read_only(workdir: Path) -> None:
    """Two readers at once work only if neither takes DuckDB's write lock."""
    with open_store(workdir / "news.duckdb", read_only=True):
        result = run_cli("stats", "--db", "news.duckdb", "--json", cwd=workdir)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["documents"] == 2


# --------------------------------------------------------------------- per-record input
def _good_lines(count: int, prefix: str = "g") -> list[str]:
    return [
        json.dumps({"id": f"{prefix}{i}", "text": f"Police arrested {i + 2} protesters in Minsk."})
        for i in range(count)
    ]


def _read_stdin(data: bytes, monkeypatch: pytest.MonkeyPatch) -> list[Article | ReadFailure]:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(data))))
    return list(iter_articles(["-"]))


def _split(items: list[Article | ReadFailure]) -> tuple[list[str], list[str]]:
    ids = [item.id for item in items if isinstance(item, Article)]
    failed = [item.source for item in items if isinstance(item, ReadFailure)]
    return ids, failed


MALFORMED_FIRST = ('{"id": "broken", "text": "unterminated\n' + "\n".join(_good_lines(20))).encode()


@pytest.mark.parametrize("compress", [False, True])
def test_stdin_json_lines_with_a_malformed_first_line(
    monkeypatch: pytest.MonkeyPatch, compress: bool
) -> None:
    data = gzip.compress(MALFORMED_FIRST) if compress else MALFORMED_FIRST
    ids, failed = _split(_read_stdin(data, monkeypatch))
    assert ids == [f"g{i}" for i in range(20)]
    assert failed == ["<stdin>:1"]


def test_stdin_pretty_printed_record_and_list_stay_whole_documents(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    record = {"id": "pretty", "text": "Police arrested 20 protesters in Minsk on Sunday."}
    assert _split(_read_stdin(json.dumps(record, indent=2).encode(), monkeypatch)) == (
        ["pretty"],
        [],
    )
    records = [json.loads(line) for line in _good_lines(3)]
    records.insert(1, {"id": "no-text"})
    ids, failed = _split(_read_stdin(json.dumps(records, indent=2).encode(), monkeypatch))
    assert ids == ["g0", "g1", "g2"] and failed == ["<stdin>[1]"]


def test_truncated_gzip_stdin_keeps_the_lines_before_the_cut(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    lines = [
        json.dumps({"id": f"z{i}", "text": hashlib.sha256(str(i).encode()).hexdigest() * 8})
        for i in range(200)
    ]
    payload = gzip.compress("\n".join(lines).encode())
    ids, failed = _split(_read_stdin(payload[: len(payload) // 2], monkeypatch))
    assert 10 < len(ids) < 200 and ids == [f"z{i}" for i in range(len(ids))]
    assert len(failed) == 1 and failed[0].startswith("<stdin>:")


@pytest.mark.parametrize("where", ["file", "folder", "stdin"])
def test_json_list_with_one_bad_record_keeps_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    records: list[object] = [json.loads(line) for line in _good_lines(10, prefix="l")]
    records.insert(4, {"id": "bad", "text": 42})
    text = json.dumps(records)
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "list.json").write_text(text, encoding="utf-8")
    if where == "stdin":
        items = _read_stdin(text.encode(), monkeypatch)
    else:
        items = list(
            iter_articles([str(tmp_path / "in" / ("list.json" if where == "file" else ""))])
        )
    ids, failed = _split(items)
    assert ids == [f"l{i}" for i in range(10)]
    assert len(failed) == 1 and failed[0].endswith("[4]")


# ------------------------------------------------------------------ ingest exit statuses
def test_ingest_stdin_partial_failure_stores_the_rest_and_exits_3(tmp_path: Path) -> None:
    result = run_cli(
        "ingest", "-", "--db", "stdin.duckdb", "--workers", "1", cwd=tmp_path,
        stdin=gzip.compress(MALFORMED_FIRST),
    )  # fmt: skip
    assert result.returncode == 3, result.stderr
    with open_store(tmp_path / "stdin.duckdb", read_only=True) as store:
        stored = store.cursor().execute("SELECT count(*) FROM documents").fetchone()
    assert stored == (20,)
    summary = result.stdout.splitlines()
    assert summary[0].startswith("Ingested into stdin.duckdb") and "1 failed" in summary[0]
    assert summary[1].startswith("  failed <stdin>:1: malformed JSON")
    assert "[red]" not in result.stdout and "[/]" not in result.stdout


def test_ingest_where_every_input_fails_exits_2(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "empty.txt").write_text("", encoding="utf-8")
    (tmp_path / "in" / "broken.jsonl").write_text('{"text": "cut\n', encoding="utf-8")
    result = run_cli("ingest", "in", "--db", "bad.duckdb", "--workers", "1", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    failed_lines = [line for line in result.stdout.splitlines() if "failed in/" in line]
    assert sorted(failed_lines) == [
        "  failed in/broken.jsonl:1: malformed JSON (Invalid control character at at column 14)",
        "  failed in/empty.txt: empty file",
    ]
    assert "nothing stored" in result.stderr


# ---------------------------------------------------------------- `code` on many records
def _list_with_one_bad_record(path: Path) -> Path:
    records: list[object] = [json.loads(line) for line in _good_lines(10, prefix="c")]
    records.insert(4, {"id": "bad", "text": 42})
    path.write_text(json.dumps(records), encoding="utf-8")
    return path


def test_read_records_keeps_the_good_records_of_one_input(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    listed = _list_with_one_bad_record(tmp_path / "list.json")
    articles, failures = read_records(str(listed))
    assert [a.id for a in articles] == [f"c{i}" for i in range(10)]
    assert [f.source for f in failures] == [f"{listed}[4]"]
    with pytest.raises(InputError, match=r"list\.json\[4\]"):
        read_file(str(listed))  # one input the caller wants whole: any bad record is an error
    monkeypatch.setattr(
        sys, "stdin", io.TextIOWrapper(io.BufferedReader(io.BytesIO(MALFORMED_FIRST)))
    )
    articles, failures = read_records("-")
    assert len(articles) == 20 and [f.source for f in failures] == ["<stdin>:1"]
    (tmp_path / "none.json").write_text('[{"text": 1}, {"text": ""}]', encoding="utf-8")
    with pytest.raises(InputError, match=r"none\.json\[0\].*1 more failed"):
        read_records(str(tmp_path / "none.json"))  # nothing usable: an error, as before


def test_code_outputs_the_good_records_and_exits_3(tmp_path: Path) -> None:
    listed = _list_with_one_bad_record(tmp_path / "list.json")
    result = run_cli("code", str(listed), "--format", "jsonl")
    assert result.returncode == 3, result.stderr
    coded = [json.loads(line) for line in result.stdout.splitlines()]
    assert [item["document"]["id"] for item in coded] == [f"c{i}" for i in range(10)]
    assert f"eventcoder: failed {listed}[4]: record has no 'text' string" in result.stderr


def test_ingest_into_a_damaged_store_is_one_line(workdir: Path) -> None:
    damaged = workdir / "news.duckdb"
    _damage_block(damaged, _block_of(damaged, "documents"))
    (workdir / "new.txt").write_text(
        "Clashes in Minsk\n\nPolice arrested 20 protesters in Minsk on Sunday.\n", encoding="utf-8"
    )
    result = run_cli("ingest", "new.txt", "--db", "news.duckdb", "--workers", "1", cwd=workdir)
    one_line_error(result, "news.duckdb", "damaged")
