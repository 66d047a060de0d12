"""The Dask engine on a real 2-worker LocalCluster: same store as the local engine, Parquet
partitioned by year/month that DuckDB can query in place, idempotent reruns, clear errors."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventcoder.store.db import open_store
from store_helpers import dev_slice, stored_rows

SUMMARY = re.compile(
    r"(?P<new>\d+) new, (?P<already>\d+) already stored, (?P<failed>\d+) failed; "
    r"(?P<events>\d+) events coded"
)


def run_ingest(*args: str) -> dict[str, int]:
    """Run the real `eventcoder ingest` CLI in its own process and parse its closing summary.

    A separate process keeps the Dask client, its event-loop thread and the cluster out of the
    pytest process, as in real use (and away from the browser tests' own event loop).
    """
    run = subprocess.run(
        [sys.executable, "-c", "from eventcoder.cli import main; main()", "ingest", *args],
        capture_output=True,
        text=True,
        timeout=900,
        env={**os.environ, "COLUMNS": "400"},
    )
    assert run.returncode == 0, run.stderr
    summary = SUMMARY.search(" ".join(run.stdout.split()))
    assert summary, run.stdout
    counts = {key: int(value) for key, value in summary.groupdict().items()}
    counts["batches"] = run.stderr.count("committed:")
    return counts


@pytest.fixture(scope="module")
def engines_run(dev_corpus_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same dev-corpus slice ingested by the local engine and by Dask (2 workers)."""
    folder = tmp_path_factory.mktemp("dask")
    # Dated articles from two publication months, so the Parquet has several partitions.
    inputs = dev_slice(dev_corpus_path, folder, 14, start=200)
    local_db, dask_db, parquet = folder / "local.duckdb", folder / "dask.duckdb", folder / "pq"
    common = (str(inputs), "--batch", "4")
    local = run_ingest(*common, "--db", str(local_db), "--workers", "1")
    dask_args = ("--db", str(dask_db), "--engine", "dask", "--workers", "2")
    first = run_ingest(*common, *dask_args, "--parquet", str(parquet))
    files_after_first = sorted(parquet.rglob("*.parquet"))
    again = run_ingest(*common, *dask_args, "--parquet", str(parquet))
    return {
        "inputs": inputs,
        "local_db": local_db,
        "dask_db": dask_db,
        "parquet": parquet,
        "local": local,
        "dask": first,
        "again": again,
        "files_after_first": files_after_first,
    }


def test_dask_and_local_engines_store_the_same_events(engines_run: dict[str, Any]) -> None:
    local, dask = engines_run["local"], engines_run["dask"]
    assert dask["new"] == local["new"] >= 8
    assert dask["events"] == local["events"] > 0
    assert dask["batches"] >= 3  # several chunks really went through the cluster
    local_rows = stored_rows(engines_run["local_db"], with_failures=True)
    dask_rows = stored_rows(engines_run["dask_db"], with_failures=True)
    for table, rows in local_rows.items():
        assert dask_rows[table] == rows, f"{table} differs between the engines"
    assert local_rows["mentions"] and local_rows["events"]


def test_dask_rerun_skips_stored_articles_and_writes_no_parquet(
    engines_run: dict[str, Any],
) -> None:
    again = engines_run["again"]
    assert again["new"] == 0 and again["events"] == 0
    assert again["already"] == engines_run["dask"]["new"]
    assert sorted(engines_run["parquet"].rglob("*.parquet")) == engines_run["files_after_first"]


def test_parquet_is_partitioned_by_month_and_queryable_in_place(
    engines_run: dict[str, Any],
) -> None:
    parquet: Path = engines_run["parquet"]
    partitions = {f.parent.relative_to(parquet).as_posix() for f in parquet.rglob("*.parquet")}
    assert partitions and all(p.startswith("year=") and "/month=" in p for p in partitions)
    con = duckdb.connect()
    rows = con.execute(
        "SELECT content_hash, year, month, published, events FROM read_parquet(?, "
        "hive_partitioning = true) ORDER BY content_hash",
        [(parquet / "**" / "*.parquet").as_posix()],
    ).fetchall()
    with open_store(engines_run["dask_db"], read_only=True) as store:
        stored = (
            store.cursor()
            .execute(
                "SELECT content_hash, published, num_events FROM documents ORDER BY content_hash"
            )
            .fetchall()
        )
    assert [(h, p, n) for h, _, _, p, n in rows] == stored
    for _, year, month, published, _ in rows:
        if published is None:
            assert year is None and month is None
        else:
            assert (year, month) == (published.year, published.month)
    dated_months = {(y, m) for _, y, m, p, _ in rows if p is not None}
    assert len(dated_months) >= 2


def test_unreachable_scheduler_is_a_clear_error(tmp_path: Path) -> None:
    # In a child process: a Dask client leaves its event-loop thread behind in the caller.
    code = (
        "from pathlib import Path\n"
        "from eventcoder.errors import EventcoderError\n"
        "from eventcoder.scale.dask_engine import DaskEngine\n"
        f"engine = DaskEngine(Path({str(tmp_path / 'pq')!r}), scheduler='tcp://127.0.0.1:9',"
        " connect_timeout=2)\n"
        "try:\n"
        "    list(engine(iter([])))\n"
        "except EventcoderError as exc:\n"
        "    print('ERROR', exc)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("ERROR") and "127.0.0.1:9" in run.stdout, run.stdout


def test_cli_rejects_scheduler_without_dask_engine(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Police arrested 20 protesters in Minsk on Sunday.\n", encoding="utf-8")
    run = subprocess.run(
        [
            *(sys.executable, "-c", "from eventcoder.cli import main; main()", "ingest"),
            *(str(article), "--db", str(tmp_path / "x.duckdb"), "--scheduler", "tcp://127.0.0.1:9"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 2
    assert "--engine dask" in run.stderr
