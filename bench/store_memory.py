"""Peak memory of the store side of an ingest alone: no NLP while it is measured.

Codes the dev corpus once with the real pipeline (or reads coded documents saved by an
earlier run with ``--coded``), then writes N of them through :meth:`Store.add` in batches,
as ``bench/memory.py`` feeds ``eventcoder ingest``: the corpus repeated, each copy with its
own title, id and content hash (so every copy is stored and its events merge with the
earlier copies'). A thread samples this process's RSS every 20 ms; the script prints the
peak every 1,000 articles, each batch that raised it (and whether DuckDB checkpointed in
it: its WAL file shrank), and the live Python allocations tracemalloc counts.

This isolates the ingest process's growth from the coding workers at a fraction of the
cost of the real run (10,000 articles in about 15 min of one core instead of an hour).

Usage: python bench/store_memory.py 10000 [--batch 32] [--coded coded.jsonl] [--sql "SET threads=1"]
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shutil
import tempfile
import threading
import time
import tracemalloc
from pathlib import Path

import psutil

from eventcoder.models import CodedDocument
from eventcoder.store.db import open_store

REPO = Path(__file__).resolve().parents[1]
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "news_dev.jsonl"


def coded_dev_corpus(saved: Path | None) -> list[CodedDocument]:
    """The dev corpus coded by the real pipeline, read from ``saved`` if it exists (else
    coded now and written there, when given)."""
    if saved and saved.exists():
        with saved.open(encoding="utf-8") as handle:
            return [CodedDocument.model_validate_json(line) for line in handle]
    from eventcoder.config import get_settings
    from eventcoder.models import ReadFailure
    from eventcoder.pipeline import Pipeline
    from eventcoder.read import clean, iter_articles

    articles = iter_articles([str(DEV_CORPUS)], None, get_settings().max_input_bytes)
    documents = [clean(a) for a in articles if not isinstance(a, ReadFailure)]
    coded = list(Pipeline(get_settings()).code_many(documents))
    if saved:
        saved.write_text("".join(c.model_dump_json() + "\n" for c in coded), encoding="utf-8")
    return coded


def copy_of(coded: list[CodedDocument], index: int) -> CodedDocument:
    """Article ``index`` of the repeated corpus, titled and hashed as bench/memory.py's copy."""
    original = coded[index % len(coded)]
    copy = index // len(coded)
    if not copy:
        return original
    document = original.document
    title = f"{document.title or ''} (copy {copy})".strip()
    content_hash = hashlib.sha256(f"{title}\n{document.text}".encode()).hexdigest()
    update = {"title": title, "content_hash": content_hash, "id": f"{document.id}~{copy}"}
    return original.model_copy(update={"document": document.model_copy(update=update)})


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--batch", type=int, default=32, help="as eventcoder ingest --batch")
    parser.add_argument("--coded", type=Path, help="cache of the coded dev corpus (JSONL)")
    parser.add_argument("--sql", action="append", default=[], help="run on the store first")
    args = parser.parse_args()

    coded = coded_dev_corpus(args.coded)
    process = psutil.Process()
    peak = {"rss": 0}

    def sample() -> None:
        while True:
            peak["rss"] = max(peak["rss"], process.memory_info().rss)
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    tracemalloc.start()
    folder = tempfile.mkdtemp(prefix="eventcoder-store-memory-")
    path = os.path.join(folder, "store.duckdb")
    wal = path + ".wal"
    store = open_store(path)
    for statement in args.sql:
        store.con.execute(statement)
    start_rss = process.memory_info().rss
    started = time.monotonic()
    print(f"store memory: {args.articles} articles, batches of {args.batch}, sql {args.sql}")
    reported_peak = 0
    for first in range(0, args.articles, args.batch):
        batch = [copy_of(coded, i) for i in range(first, min(args.articles, first + args.batch))]
        wal_before = os.path.getsize(wal) if os.path.exists(wal) else 0
        store.add(batch)
        wal_after = os.path.getsize(wal) if os.path.exists(wal) else 0
        done = first + len(batch)
        if peak["rss"] > reported_peak + 5 * 2**20:
            checkpoint = " (DuckDB checkpointed)" if wal_after < wal_before else ""
            print(f"  peak rose to {peak['rss'] / 2**20:.0f} MiB at {done}{checkpoint}")
            reported_peak = peak["rss"]
        if done % 1000 < args.batch or done == args.articles:
            print(
                f"{done:6d} articles: RSS {process.memory_info().rss / 2**20:5.0f} MiB, peak "
                f"{peak['rss'] / 2**20:5.0f} MiB, live Python allocations since start "
                f"{tracemalloc.get_traced_memory()[0] / 2**20:4.0f} MiB, "
                f"{time.monotonic() - started:5.0f} s",
                flush=True,
            )
    store.close()
    size = os.path.getsize(path)
    shutil.rmtree(folder)
    print(
        f"start {start_rss / 2**20:.0f} MiB, peak {peak['rss'] / 2**20:.0f} MiB; "
        f"store {size / 2**20:.0f} MiB"
    )


if __name__ == "__main__":
    main()
