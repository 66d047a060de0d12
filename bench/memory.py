"""Peak memory of a real ``eventcoder ingest`` as the corpus grows: it should stay flat.

For each size N, writes the dev corpus repeated to N articles (each copy's title gets a copy
number, so every article has its own content hash and is really coded, while the text the
pipeline parses is unchanged), runs ``eventcoder ingest`` on it into a fresh store in a
child process, and samples the resident memory of that process and all its children
(coding workers, Dask nanny/workers) every 0.2 s. Prints peak RSS per size and the change
between the smallest and the largest size (goal of issue 10: within 10%).

Usage: python bench/memory.py [--sizes 1000 10000] [--workers 1] [--engine local|dask]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

REPO = Path(__file__).resolve().parents[1]
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "news_dev.jsonl"


def write_repeated_corpus(source: Path, size: int, out: Path) -> Path:
    """The corpus repeated to ``size`` articles with unique ids and titles, streamed to disk."""
    records = [json.loads(line) for line in source.read_text(encoding="utf-8").splitlines()]
    with out.open("w", encoding="utf-8") as handle:
        for index in range(size):
            record = dict(records[index % len(records)])
            copy = index // len(records)
            if copy:
                record["id"] = f"{record['id']}~{copy}"
                record["title"] = f"{record.get('title') or ''} (copy {copy})".strip()
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    return out


@dataclass
class MemoryRun:
    articles: int
    seconds: float
    peak_tree_rss: int  # bytes: the ingest process and every child at the same moment
    peak_main_rss: int  # bytes: the ingest process alone
    exit_code: int
    store_bytes: int = 0  # the store file's size at the end (what compaction settings change)


def tree_rss(process: psutil.Process) -> tuple[int, int]:
    """(RSS of the process and its descendants, RSS of the process alone)."""
    try:
        main = process.memory_info().rss
        children = process.children(recursive=True)
    except psutil.NoSuchProcess:
        return 0, 0
    total = main
    for child in children:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += child.memory_info().rss
    return total, main


def measure_ingest(corpus: Path, workdir: Path, *, workers: int, engine: str) -> MemoryRun:
    db = workdir / f"memory-{corpus.stem}.duckdb"
    command = [
        sys.executable,
        "-c",
        "from eventcoder.cli import main; main()",
        "ingest",
        str(corpus),
        "--db",
        str(db),
        "--workers",
        str(workers),
        "--engine",
        engine,
    ]
    started = time.monotonic()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    process = psutil.Process(child.pid)
    peak_tree = peak_main = 0
    while child.poll() is None:
        total, main = tree_rss(process)
        peak_tree, peak_main = max(peak_tree, total), max(peak_main, main)
        time.sleep(0.2)
    return MemoryRun(
        articles=sum(1 for _ in corpus.open(encoding="utf-8")),
        seconds=time.monotonic() - started,
        peak_tree_rss=peak_tree,
        peak_main_rss=peak_main,
        exit_code=child.returncode,
        store_bytes=db.stat().st_size if db.exists() else 0,
    )


def run_memory_benchmark(
    sizes: list[int], *, workers: int, engine: str, corpus: Path = DEV_CORPUS
) -> list[MemoryRun]:
    runs: list[MemoryRun] = []
    with tempfile.TemporaryDirectory(prefix="eventcoder-memory-") as folder:
        workdir = Path(folder)
        for size in sizes:
            repeated = write_repeated_corpus(corpus, size, workdir / f"corpus_{size}.jsonl")
            run = measure_ingest(repeated, workdir, workers=workers, engine=engine)
            runs.append(run)
            print(
                f"{run.articles:>6} articles: peak RSS {run.peak_tree_rss / 2**20:7.0f} MiB "
                f"(all processes), {run.peak_main_rss / 2**20:6.0f} MiB (ingest process); "
                f"{run.seconds:6.0f} s, {run.articles / run.seconds:5.1f} articles/s, "
                f"store {run.store_bytes / 2**20:.0f} MiB, exit {run.exit_code}",
                flush=True,
            )
            repeated.unlink()
    if len(runs) >= 2 and runs[0].peak_tree_rss:
        growth = runs[-1].peak_tree_rss / runs[0].peak_tree_rss - 1
        verdict = "within" if abs(growth) <= 0.10 else "NOT within"
        print(
            f"peak RSS {runs[-1].articles} vs {runs[0].articles} articles: {growth:+.1%} "
            f"({verdict} the 10% goal)"
        )
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--engine", choices=["local", "dask"], default="local")
    parser.add_argument("--corpus", type=Path, default=DEV_CORPUS)
    args = parser.parse_args()
    print(
        f"memory: eventcoder ingest --engine {args.engine} --workers {args.workers}, "
        f"dev corpus repeated; load average {psutil.getloadavg()[0]:.1f}"
    )
    run_memory_benchmark(args.sizes, workers=args.workers, engine=args.engine, corpus=args.corpus)


if __name__ == "__main__":
    main()
