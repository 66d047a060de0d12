"""``eventcoder ingest``: code articles into the store, with progress, a summary, exit status."""

from __future__ import annotations

import datetime as dt
import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.text import Text

from eventcoder.cli.store import DbOption, console, err_console, open_db
from eventcoder.errors import EventcoderError

if TYPE_CHECKING:
    from eventcoder.ingest import IngestSummary
    from eventcoder.store.db import Store


class IngestEngine(StrEnum):
    local = "local"
    dask = "dask"


def _count_hint(paths: list[str]) -> int | None:
    """Articles in the inputs when cheap to know (for the ETA); None for stdin or .gz."""
    suffixes = {".txt", ".html", ".htm", ".json", ".jsonl"}
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        for file in files:
            name = file.name.lower()
            if name.endswith(".gz"):
                return None
            if not file.is_file() or file.suffix.lower() not in suffixes:
                continue
            if file.suffix.lower() == ".jsonl":
                try:
                    with file.open("rb") as handle:
                        total += sum(1 for line in handle if line.strip())
                except OSError:
                    total += 1
            elif file.suffix.lower() == ".json":
                return None  # may hold one article or a list
            else:
                total += 1
    return total


def run_ingest(
    paths: list[str],
    db: Path | None,
    *,
    published: dt.date | None,
    workers: int | None,
    batch: int,
    quiet: bool = False,
    engine: IngestEngine = IngestEngine.local,
    scheduler: str | None = None,
    parquet: Path | None = None,
) -> IngestSummary:
    import duckdb
    from rich.progress import (
        BarColumn,
        MofNCompleteColumn,
        Progress,
        SpinnerColumn,
        TextColumn,
        TimeElapsedColumn,
        TimeRemainingColumn,
    )

    from eventcoder.ingest import ingest
    from eventcoder.scale.lifecycle import stop_on_signals, stop_signal_received
    from eventcoder.scale.local import default_workers
    from eventcoder.store.db import store_error

    if batch < 1:
        raise EventcoderError(f"--batch: must be at least 1, got {batch}")
    if workers is not None and workers < 1:
        raise EventcoderError(f"--workers: must be at least 1, got {workers}")
    workers = workers or default_workers()
    if engine is IngestEngine.local and (scheduler or parquet):
        raise EventcoderError("--scheduler and --parquet need --engine dask")
    store = open_db(db, create=True)
    # The Dask engine (scale/dask_engine.py) codes on a cluster and writes Parquet in between.
    chunk_engine = _dask_engine(store, workers, scheduler, parquet) if engine == "dask" else None
    interactive = err_console.is_terminal and not quiet
    total = _count_hint(paths) if interactive else None

    def log_batch(number: int, stored: int, summary: IngestSummary) -> None:
        # Logs (non-terminal output) get one line per committed batch.
        if not interactive and not quiet:
            print(
                f"eventcoder: batch {number} committed: {stored} new articles "
                f"({summary.new} new, {summary.already_stored} already stored, "
                f"{summary.failed} failed so far)",
                file=sys.stderr,
                flush=True,
            )

    running: list[IngestSummary] = []  # the run's summary object, for the line if stopped

    def keep(summary: IngestSummary) -> None:
        if not running:
            running.append(summary)

    try:
        # Ctrl-C and SIGTERM stop the run after the batch being committed (one line says
        # how far it got); the workers end with it, and a rerun finishes the job.
        with stop_on_signals():
            if interactive:
                with Progress(
                    SpinnerColumn(),
                    TextColumn("[bold]ingest"),
                    BarColumn(),
                    MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]:.1f} articles/s"),
                    TimeElapsedColumn(),
                    TextColumn("ETA"),
                    TimeRemainingColumn(),
                    console=err_console,
                    transient=False,
                ) as progress:
                    task = progress.add_task("ingest", total=total, rate=0.0)

                    def show(summary: IngestSummary) -> None:
                        keep(summary)
                        progress.update(task, completed=summary.done, rate=summary.rate)

                    result = ingest(
                        paths,
                        store,
                        published=published,
                        workers=workers,
                        batch_size=batch,
                        on_progress=show,
                        engine=chunk_engine,
                    )
            else:
                result = ingest(
                    paths,
                    store,
                    published=published,
                    workers=workers,
                    batch_size=batch,
                    on_progress=keep,
                    on_batch=log_batch,
                    engine=chunk_engine,
                )
    except BaseException as exc:
        # Whatever unwound the run after a stop signal (our Interrupted, or e.g. DuckDB's
        # "Query interrupted" when the signal came during a query) is that stop.
        signum = stop_signal_received()
        if signum is not None:
            print(_stopped_line(signum, running[0] if running else None), file=sys.stderr)
            raise SystemExit(128 + signum) from None
        if isinstance(exc, duckdb.Error):  # a damaged or unwritable store: one line, batches kept
            raise store_error(store.path, exc) from exc
        raise
    finally:
        store.close()
    if not quiet:
        print_ingest_summary(result, db_label=str(db or store.path), workers=workers)
    return result


def _stopped_line(signum: int, summary: IngestSummary | None) -> str:
    """One line saying what a stopped ingest kept, and how to finish it."""
    import signal

    name = signal.Signals(signum).name
    if summary is None or not summary.batches:
        return f"eventcoder: ingest stopped by {name} before any batch was committed; rerun it"
    return (
        f"eventcoder: ingest stopped by {name} after {summary.batches} committed batches: "
        f"{summary.new} new articles stored, {summary.already_stored} already stored, "
        f"{summary.failed} failed; rerun the same command to finish (stored articles are skipped)"
    )


def _dask_engine(store: Store, workers: int, scheduler: str | None, parquet: Path | None) -> Any:
    from eventcoder.scale.dask_engine import DaskEngine, default_parquet_dir

    return DaskEngine(
        parquet or default_parquet_dir(store.path),
        scheduler=scheduler,
        workers=workers,
        settings=store.settings,
    )


def print_ingest_summary(summary: IngestSummary, *, db_label: str, workers: int) -> None:
    """The closing summary: one line of counts, then one line per failure (source with its
    line or record number, and the reason). Never wrapped, so each line greps whole."""
    line = Text.assemble(
        "Ingested into ",
        (db_label, "bold"),
        f" with {workers} worker(s): ",
        (f"{summary.new} new", "green"),
        f", {summary.already_stored} already stored, ",
        (f"{summary.failed} failed", "red" if summary.failed else ""),
        f"; {summary.events} events coded; {summary.elapsed:.1f} s ({summary.rate:.1f} articles/s)",
    )
    console.print(line, soft_wrap=True)
    for failure in summary.failures:
        problem = " ".join(failure.problem.split())
        console.print(
            Text.assemble("  ", ("failed", "red"), f" {failure.source}: {problem}"),
            soft_wrap=True,
        )
    if summary.failed > len(summary.failures):
        console.print(
            f"  ... and {summary.failed - len(summary.failures)} more (every failure is in the "
            "store's `failures` table)",
            markup=False,
            soft_wrap=True,
        )


def _exit_for(summary: IngestSummary) -> None:
    """Exit 2 when nothing was usable, 3 when some inputs failed (docs/reliability.md)."""
    from eventcoder.ingest import EXIT_NOTHING_USABLE, EXIT_PARTIAL

    status = summary.exit_status
    if status == EXIT_NOTHING_USABLE:
        print(
            f"eventcoder: error: nothing stored: every input failed ({summary.failed} failures)",
            file=sys.stderr,
        )
    elif status == EXIT_PARTIAL:
        print(
            f"eventcoder: {summary.failed} input(s) failed, the rest was stored (exit status 3)",
            file=sys.stderr,
        )
    if status:
        sys.exit(status)


def register(app: typer.Typer) -> None:
    @app.command()
    def ingest(
        paths: Annotated[
            list[str],
            typer.Argument(
                help="Files, folders (recursive) or - for stdin: .txt .html .json .jsonl .jsonl.gz"
            ),
        ],
        db: DbOption = None,
        published: Annotated[
            dt.datetime | None,
            typer.Option(formats=["%Y-%m-%d"], help="Publication date for inputs without one."),
        ] = None,
        workers: Annotated[
            int | None, typer.Option(help="Coding processes (default: every core).")
        ] = None,
        batch: Annotated[
            int, typer.Option(help="Articles per chunk and per committed transaction.")
        ] = 32,
        engine: Annotated[
            IngestEngine,
            typer.Option(help="local: a process pool; dask: Dask distributed (see docs/scale.md)."),
        ] = IngestEngine.local,
        scheduler: Annotated[
            str | None,
            typer.Option(
                help="Dask scheduler address (tcp://host:8786); default: a LocalCluster "
                "of --workers processes."
            ),
        ] = None,
        parquet: Annotated[
            Path | None,
            typer.Option(
                help="Dask: folder for the year/month Parquet the workers write (shared by "
                "workers and this machine; default: <db>.parquet)."
            ),
        ] = None,
    ) -> None:
        """Code articles into the store: skips stored ones, records failures, merges events.

        Exit status: 0 all stored, 3 some inputs failed (each is listed), 2 every input failed.
        """
        summary = run_ingest(
            paths,
            db,
            published=published.date() if published else None,
            workers=workers,
            batch=batch,
            engine=engine,
            scheduler=scheduler,
            parquet=parquet,
        )
        _exit_for(summary)
