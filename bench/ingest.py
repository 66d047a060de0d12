"""Ingest throughput on the dev corpus: articles/s with 1 and 2 workers (fresh store each).

Usage: python bench/ingest.py [CORPUS.jsonl] [--workers 1 2] [--limit N]
Prints one line per worker count; the figure includes pipeline start-up (model loading),
as a user of `eventcoder ingest` experiences it, and separately the steady-state rate.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from eventcoder.ingest import IngestSummary, ingest
from eventcoder.store.db import open_store

REPO = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus" / "news_dev.jsonl"


def run(corpus: Path, workers: int, batch: int) -> tuple[IngestSummary, float | None]:
    first_batch: list[float] = []
    started = time.monotonic()

    def on_batch(number: int, stored: int, summary: IngestSummary) -> None:
        if number == 1:
            first_batch.append(time.monotonic() - started)
            first_batch.append(summary.done)

    with tempfile.TemporaryDirectory() as folder, open_store(Path(folder) / "b.duckdb") as store:
        summary = ingest([str(corpus)], store, workers=workers, batch_size=batch, on_batch=on_batch)
    steady = None
    if first_batch and summary.elapsed > first_batch[0]:
        steady = (summary.done - first_batch[1]) / (summary.elapsed - first_batch[0])
    return summary, steady


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("corpus", nargs="?", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--batch", type=int, default=16)
    parser.add_argument("--limit", type=int, default=None, help="Use the first N lines only.")
    args = parser.parse_args()
    corpus: Path = args.corpus
    with tempfile.TemporaryDirectory() as folder:
        if args.limit:
            lines = corpus.read_text(encoding="utf-8").splitlines()[: args.limit]
            corpus = Path(folder) / "slice.jsonl"
            corpus.write_text("\n".join(lines) + "\n", encoding="utf-8")
        for workers in args.workers:
            summary, steady = run(corpus, workers, args.batch)
            steady_text = f"{steady:.2f}" if steady else "n/a"
            print(
                f"workers={workers}: {summary.done} articles ({summary.new} stored, "
                f"{summary.failed} failed, {summary.events} events) in {summary.elapsed:.1f} s "
                f"= {summary.rate:.2f} articles/s overall, {steady_text} articles/s after the "
                f"first batch",
                flush=True,
            )


if __name__ == "__main__":
    main()
