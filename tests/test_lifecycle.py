"""A killed or stopped `eventcoder ingest` leaves no worker behind, and a rerun finishes the job.

Each test runs the real CLI in a child process with 2 coding workers, waits until it has
committed its first batch, notes every process it started, stops it (SIGKILL, SIGTERM,
Ctrl-C's SIGINT), and checks that none of those processes outlives it by more than 10 s and
that a rerun stores exactly what one uninterrupted run stores.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import psutil  # installed with dask[distributed], a pinned dependency
import pytest

from eventcoder.store.db import open_store
from store_helpers import dev_slice, stored_rows

ARTICLES, BATCH = 24, 4
#: How long a worker may outlive the ingest that started it.
GRACE_SECONDS = 10.0


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-c", "from eventcoder.cli import main; main()", *args]


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONUNBUFFERED": "1", "COLUMNS": "400"}


@pytest.fixture(scope="module")
def corpus(dev_corpus_path: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """24 dev articles, and the store one uninterrupted 2-worker ingest makes of them."""
    folder = tmp_path_factory.mktemp("lifecycle")
    inputs = dev_slice(dev_corpus_path, folder, ARTICLES, start=0)
    clean_db = folder / "clean.duckdb"
    subprocess.run(
        _cli("ingest", str(inputs), "--workers", "2", "--batch", str(BATCH), "--db", str(clean_db)),
        capture_output=True, text=True, env=_env(), timeout=900, check=True,
    )  # fmt: skip
    return {"inputs": inputs, "clean": stored_rows(clean_db)}


def _is_gone(process: psutil.Process) -> bool:
    try:
        # A dead worker whose new parent has not reaped it yet is a zombie: it runs no code.
        return not process.is_running() or process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def _survivors(processes: list[psutil.Process], within: float) -> list[psutil.Process]:
    deadline = time.monotonic() + within
    alive = list(processes)
    while alive and time.monotonic() < deadline:
        time.sleep(0.2)
        alive = [p for p in alive if not _is_gone(p)]
    return alive


def _start_and_stop(command: list[str], signum: int) -> tuple[subprocess.Popen[str], str, list]:
    """Start an ingest, stop it with ``signum`` after its first commit; return what it left.

    Gives the finished process, the rest of its stderr, and the processes it had started.
    """
    process = subprocess.Popen(
        command, stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True, env=_env()
    )
    assert process.stderr is not None
    committed = False
    for line in process.stderr:
        if "batch 1 committed" in line:
            committed = True
            break
    assert committed, "ingest never reported a committed batch"
    children = psutil.Process(process.pid).children(recursive=True)
    process.send_signal(signum)
    process.wait(timeout=120)
    assert len(children) >= 2, f"expected 2 coding workers, found {children}"
    survivors = _survivors(children, GRACE_SECONDS)
    for leftover in survivors:  # do not leave them running for the next test
        leftover.kill()
    assert not survivors, f"workers outlived the ingest by {GRACE_SECONDS} s: {survivors}"
    # Only now: a surviving worker would hold the stderr pipe open and the read would hang.
    rest = process.stderr.read()
    return process, rest, children


def _documents(db: Path) -> int:
    with open_store(db, read_only=True) as store:
        row = store.cursor().execute("SELECT count(*) FROM documents").fetchone()
    assert row is not None
    return int(row[0])


def _rerun_matches_clean(command: list[str], db: Path, corpus: dict[str, Any]) -> None:
    stored_before = _documents(db)
    assert BATCH <= stored_before < ARTICLES and stored_before % BATCH == 0  # whole batches
    rerun = subprocess.run(command, capture_output=True, text=True, env=_env(), timeout=900)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{stored_before} already stored" in " ".join(rerun.stdout.split())
    assert stored_rows(db) == corpus["clean"]


@pytest.mark.parametrize("engine", ["local", "dask"])
def test_sigkill_leaves_no_worker_and_a_rerun_finishes(
    corpus: dict[str, Any], tmp_path: Path, engine: str
) -> None:
    db = tmp_path / "killed.duckdb"
    command = _cli(
        "ingest", str(corpus["inputs"]), "--workers", "2", "--batch", str(BATCH),
        "--engine", engine, "--db", str(db),
    )  # fmt: skip
    process, _, _ = _start_and_stop(command, signal.SIGKILL)
    assert process.returncode == -signal.SIGKILL
    _rerun_matches_clean(command, db, corpus)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT])
def test_stop_signal_commits_whole_batches_says_how_far_and_a_rerun_finishes(
    corpus: dict[str, Any], tmp_path: Path, signum: int
) -> None:
    db = tmp_path / "stopped.duckdb"
    command = _cli(
        "ingest", str(corpus["inputs"]), "--workers", "2", "--batch", str(BATCH), "--db", str(db)
    )
    process, rest, _ = _start_and_stop(command, signum)
    assert process.returncode == 128 + signum, rest
    name = signal.Signals(signum).name
    (stopped,) = [line for line in rest.splitlines() if "ingest stopped by" in line]
    assert stopped.startswith(f"eventcoder: ingest stopped by {name} after ")
    assert "Traceback" not in rest
    stored = _documents(db)
    assert f"{stored} new articles stored" in stopped  # the line tells what the store holds
    _rerun_matches_clean(command, db, corpus)


def test_a_stop_signal_during_a_commit_waits_for_its_end() -> None:
    """SIGTERM inside signals_deferred (a batch being committed) lets the block finish, then
    stops the run; outside one it stops at once."""
    from eventcoder.scale.lifecycle import (
        Interrupted,
        signals_deferred,
        stop_on_signals,
        stop_signal_received,
    )

    finished = []
    with pytest.raises(Interrupted) as stopped, stop_on_signals():
        with signals_deferred():
            os.kill(os.getpid(), signal.SIGTERM)
            time.sleep(0.2)  # the handler has run by now, and held the stop
            finished.append("commit")
        finished.append("after the commit")  # never reached: the stop comes first
    assert finished == ["commit"]
    assert stopped.value.signum == signal.SIGTERM == stop_signal_received()
    with pytest.raises(Interrupted), stop_on_signals():
        os.kill(os.getpid(), signal.SIGINT)
        time.sleep(5)
    assert signal.getsignal(signal.SIGTERM) is signal.SIG_DFL  # handlers restored
