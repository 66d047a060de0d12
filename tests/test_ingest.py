"""Ingest through the real pipeline and the real CLI: idempotency, bad input, SIGKILL safety,
and the fixture article plus a second report of the same clashes merging into one event."""

from __future__ import annotations

import gzip
import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from eventcoder.config import get_settings
from eventcoder.ingest import ingest
from eventcoder.paths import sample_paths
from eventcoder.store.db import Store, open_store
from eventcoder.store.query import get_event
from store_helpers import dev_slice, stored_rows


def test_ingesting_twice_stores_each_article_once(dev_corpus_path: Path, tmp_path: Path) -> None:
    inputs = dev_slice(dev_corpus_path, tmp_path, 12, start=200)
    db = tmp_path / "twice.duckdb"
    with open_store(db) as store:
        first = ingest([str(inputs)], store, workers=1, batch_size=5)
        second = ingest([str(inputs)], store, workers=1, batch_size=5)
        count = store.cursor().execute("SELECT count(*) FROM documents").fetchone()
    # Articles the pipeline fails on are recorded as failures and retried by the next run.
    assert first.new + first.failed == 12 and first.already_stored == 0 and first.new >= 6
    assert second.new == 0 and second.already_stored == first.new and second.events == 0
    assert count == (first.new,)


def test_bad_inputs_are_reported_and_the_rest_stored(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    good = "Turkish troops shelled Kurdish positions near Afrin on Tuesday, officials said."
    (folder / "good.txt").write_text("Shelling near Afrin\n\n" + good + "\n", encoding="utf-8")
    (folder / "empty.txt").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\x01\x02PK\x03\x04" * 50)
    (folder / "latin1.txt").write_bytes("Protesters gathered in Sao Paulo. Ação.".encode("cp1252"))
    lines = [
        json.dumps({"id": "ok-1", "text": "Russia and Turkey agreed a ceasefire in Idlib."}),
        '{"id": "broken", "text": "unterminated',
        json.dumps({"id": "ok-2", "text": "Police arrested 20 protesters in Minsk on Sunday."}),
    ]
    (folder / "feed.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = gzip.compress(
        "\n".join(
            json.dumps({"id": f"gz-{i}", "text": f"Iraq and Iran held talks in Baghdad, day {i}."})
            for i in range(40)
        ).encode()
    )
    (folder / "cut.jsonl.gz").write_bytes(payload[: len(payload) // 2])

    db = tmp_path / "bad.duckdb"
    with open_store(db) as store:
        summary = ingest([str(folder)], store, workers=1, batch_size=4)
        failures = {
            row[0]: row[1]
            for row in store.cursor().execute("SELECT source, problem FROM failures").fetchall()
        }
        stored = {
            row[0] for row in store.cursor().execute("SELECT article_id FROM documents").fetchall()
        }
    failed_names = {Path(source.split(":")[0]).name for source in failures}
    assert {"empty.txt", "binary.txt", "latin1.txt", "feed.jsonl", "cut.jsonl.gz"} <= failed_names
    assert any(source.endswith("feed.jsonl:2") for source in failures)  # the line is named
    assert summary.failed == len(failures)
    assert {"ok-1", "ok-2"} <= stored
    assert any(article_id.startswith("gz-") for article_id in stored)  # lines before the cut
    assert len(stored) == summary.new


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from eventcoder.cli import main; main()", *args]


def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted(
    dev_corpus_path: Path, tmp_path: Path
) -> None:
    inputs = dev_slice(dev_corpus_path, tmp_path, 24, start=0)
    killed_db, clean_db = tmp_path / "killed.duckdb", tmp_path / "clean.duckdb"
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    command = ["ingest", str(inputs), "--workers", "1", "--batch", "4"]
    subprocess.run(
        _cli(*command, "--db", str(clean_db)),
        capture_output=True, text=True, env=env, timeout=600, check=True,
    )  # fmt: skip
    process = subprocess.Popen(
        _cli(*command, "--db", str(killed_db)),
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=env,
    )
    assert process.stderr is not None
    committed_line = ""
    for line in process.stderr:
        if "batch 1 committed" in line:
            committed_line = line
            break
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert committed_line, "ingest never reported a committed batch"
    assert process.returncode == -signal.SIGKILL

    with open_store(killed_db, read_only=True) as store:
        partial = store.cursor().execute("SELECT count(*) FROM documents").fetchone()
    assert partial is not None and 4 <= partial[0] < 24  # whole batches only, run unfinished
    assert partial[0] % 4 == 0

    rerun = subprocess.run(
        _cli(*command, "--db", str(killed_db)),
        capture_output=True, text=True, env=env, timeout=600, check=True,
    )  # fmt: skip
    assert f"{partial[0]} already stored" in rerun.stdout
    assert stored_rows(killed_db) == stored_rows(clean_db)


def test_two_workers_store_the_same_rows_as_one(dev_corpus_path: Path, tmp_path: Path) -> None:
    inputs = dev_slice(dev_corpus_path, tmp_path, 10, start=230)
    rows = []
    for workers in (1, 2):
        db = tmp_path / f"w{workers}.duckdb"
        with open_store(db) as store:
            summary = ingest([str(inputs)], store, workers=workers, batch_size=3)
        assert summary.new == 10
        rows.append(stored_rows(db))
    assert rows[0] == rows[1]


def test_reopening_the_store_between_batches_stores_the_same_rows(
    dev_corpus_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An ingest reopens its store every N stored articles (issue 10: the writing process
    stays flat); what it stores must not depend on it."""
    inputs = dev_slice(dev_corpus_path, tmp_path, 9, start=230)
    reopened: list[str] = []
    real_reopen = Store.reopen

    def counting_reopen(store: Store) -> None:
        reopened.append(store.path)
        real_reopen(store)

    monkeypatch.setattr(Store, "reopen", counting_reopen)
    rows = []
    for every in (0, 2):
        db = tmp_path / f"reopen{every}.duckdb"
        settings = get_settings().model_copy(update={"ingest_reopen_articles": every})
        with open_store(db) as store:
            threads = store.threads()
            summary = ingest([str(inputs)], store, workers=1, batch_size=3, settings=settings)
            # the store stays usable after the last reopen, with DuckDB's threads as they were
            # (the ingest writes with settings.ingest_store_threads)
            assert store.threads() == threads
            assert store.cursor().execute("SELECT count(*) FROM documents").fetchone() == (
                summary.new,
            )
        rows.append(stored_rows(db))
    assert summary.new >= 6
    assert reopened and set(reopened) == {str(tmp_path / "reopen2.duckdb")}
    assert rows[0] == rows[1]


def test_fixture_and_second_report_make_one_assault_event(tmp_path: Path) -> None:
    """The clashes of 12 September, reported by the fixture and by a second outlet: one
    ASSAULT event holding the fixture's "Clashes started late at night" mention, 2 articles."""
    fixture, second, _ = sample_paths()
    with open_store(tmp_path / "karabakh.duckdb") as store:
        summary = ingest([fixture, second], store, workers=1)
        assert summary.new == 2 and summary.failed == 0
        (event_id,) = {
            row[0]
            for row in store.cursor()
            .execute(
                "SELECT event_id FROM mentions WHERE event_type = 'ASSAULT' "
                "AND sentence LIKE 'Clashes started late at night on 12 September%'"
            )
            .fetchall()
        }
        event = get_event(store, event_id)
    assert event is not None
    assert event["event_type"] == "ASSAULT"
    assert event["num_articles"] == 2 and event["num_sources"] == 2
    assert event["date"] == "2022-09-12"
    assert {"ARM", "AZE"} <= set(event["source_codes"]) | set(event["target_codes"])
    titles = {m["document"]["title"] for m in event["mentions"]}
    assert any("Armenia-Azerbaijan border" in (t or "") for t in titles)


@pytest.mark.parametrize("args", [["--batch", "0"], ["--workers", "0"]])
def test_cli_rejects_bad_numbers(tmp_path: Path, args: list[str]) -> None:
    result = subprocess.run(
        _cli("ingest", str(tmp_path), "--db", str(tmp_path / "x.duckdb"), *args),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "must be at least 1" in result.stderr
