"""The Dask engine on a real 2-worker LocalCluster: same store as the local engine, Parquet
partitioned by year/month that DuckDB can query in place, idempotent reruns, clear errors."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path
from typing import Any

import duckdb
import pytest

from eventcoder.errors import EventcoderError
from eventcoder.scale.dask_engine import DaskEngine
from eventcoder.store.db import open_store
from eventcoder.store.ingest import ingest


def dev_slice(dev_corpus_path: Path, folder: Path, count: int, start: int) -> Path:
    lines = dev_corpus_path.read_text(encoding="utf-8").splitlines()[start : start + count]
    out = folder / f"dev_{start}_{count}.jsonl"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def stored_rows(db: Path) -> dict[str, list[Any]]:
    """Every stored row that must not depend on the engine (timestamps left out)."""
    with open_store(db, read_only=True) as store:
        con = store.cursor()
        return {
            "documents": con.execute(
                "SELECT id, content_hash, title, published, num_events FROM documents ORDER BY id"
            ).fetchall(),
            "mentions": con.execute("SELECT * FROM mentions ORDER BY id").fetchall(),
            "mention_actors": con.execute("SELECT * FROM mention_actors ORDER BY ALL").fetchall(),
            "events": con.execute(
                "SELECT * EXCLUDE (updated_at) FROM events ORDER BY id"
            ).fetchall(),
            "claims": con.execute("SELECT * FROM claims ORDER BY ALL").fetchall(),
            "failures": con.execute("SELECT source, problem FROM failures ORDER BY ALL").fetchall(),
        }


@pytest.fixture(scope="module")
def engines_run(dev_corpus_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The same dev-corpus slice ingested by the local engine and by Dask (2 workers)."""
    folder = tmp_path_factory.mktemp("dask")
    # Dated articles from two publication months, so the Parquet has several partitions.
    inputs = dev_slice(dev_corpus_path, folder, 14, start=200)
    local_db, dask_db, parquet = folder / "local.duckdb", folder / "dask.duckdb", folder / "pq"
    with open_store(local_db) as store:
        local = ingest([str(inputs)], store, workers=1, batch_size=4)
    engine = DaskEngine(parquet, workers=2, max_in_flight=3)
    with open_store(dask_db) as store:
        first = ingest([str(inputs)], store, batch_size=4, engine=engine)
        files_after_first = sorted(parquet.rglob("*.parquet"))
        again = ingest([str(inputs)], store, batch_size=4, engine=engine)
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
    assert dask.new == local.new >= 8
    assert dask.events == local.events > 0
    assert dask.batches >= 3  # several chunks really went through the cluster
    local_rows = stored_rows(engines_run["local_db"])
    dask_rows = stored_rows(engines_run["dask_db"])
    for table, rows in local_rows.items():
        assert dask_rows[table] == rows, f"{table} differs between the engines"
    assert local_rows["mentions"] and local_rows["events"]


def test_dask_rerun_skips_stored_articles_and_writes_no_parquet(
    engines_run: dict[str, Any],
) -> None:
    again = engines_run["again"]
    assert again.new == 0 and again.events == 0
    assert again.already_stored == engines_run["dask"].new
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
    engine = DaskEngine(tmp_path / "pq", scheduler="tcp://127.0.0.1:9", connect_timeout=2)
    with pytest.raises(EventcoderError, match=r"127\.0\.0\.1:9"):
        list(engine(iter([])))


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
