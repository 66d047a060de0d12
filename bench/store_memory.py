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

It also reports where the resident memory is held: DuckDB's jemalloc (allocated by DuckDB
and resident, both at their peak) and glibc malloc (the heap in use and free but kept), so a
rise can be told apart as live data, allocator caching or fragmentation.

Usage: python bench/store_memory.py 10000 [--batch 32] [--coded coded.jsonl] [--sql "SET threads=1"]
       [--reopen 256] [--row-group-size 2048]
       [--checkpoint] [--trim]
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
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
from eventcoder.store.db import Store, open_store

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


class AllocatorStats:
    """Bytes held by the two allocators of this process (Linux, glibc; zeros elsewhere).

    DuckDB's Linux wheels link jemalloc under a ``duckdb_je_`` prefix for DuckDB's own
    buffers; everything else (Python, DuckDB's other C++ objects) goes through glibc malloc.
    """

    class _MallInfo2(ctypes.Structure):
        _fields_ = [
            (name, ctypes.c_size_t)
            for name in [
                "arena",
                "ordblks",
                "smblks",
                "hblks",
                "hblkhd",
                "usmblks",
                "fsmblks",
                "uordblks",
                "fordblks",
                "keepcost",
            ]
        ]

    def __init__(self) -> None:
        import _duckdb

        self._mallctl = self._mallinfo2 = None
        with contextlib.suppress(OSError, AttributeError):
            mallctl = ctypes.CDLL(_duckdb.__file__).duckdb_je_mallctl
            mallctl.argtypes = [
                ctypes.c_char_p,
                ctypes.c_void_p,
                ctypes.POINTER(ctypes.c_size_t),
                ctypes.c_void_p,
                ctypes.c_size_t,
            ]
            self._mallctl = mallctl
        with contextlib.suppress(OSError, AttributeError):
            self.libc = ctypes.CDLL("libc.so.6")
            self.libc.mallinfo2.restype = self._MallInfo2
            self._mallinfo2 = self.libc.mallinfo2

    def jemalloc(self) -> tuple[int, int]:
        """(bytes DuckDB has allocated, bytes jemalloc keeps resident)."""
        if self._mallctl is None:
            return 0, 0
        epoch = ctypes.c_uint64(1)
        self._mallctl(b"epoch", None, None, ctypes.byref(epoch), ctypes.sizeof(epoch))
        values = []
        for name in (b"stats.allocated", b"stats.resident"):
            value, size = ctypes.c_size_t(0), ctypes.c_size_t(ctypes.sizeof(ctypes.c_size_t))
            self._mallctl(name, ctypes.byref(value), ctypes.byref(size), None, 0)
            values.append(value.value)
        return values[0], values[1]

    def purge_jemalloc(self) -> None:
        """Return jemalloc's dirty pages of every arena to the system now."""
        if self._mallctl is not None:
            self._mallctl(b"arena.4096.purge", None, None, None, 0)  # 4096: all arenas

    def glibc(self) -> tuple[int, int]:
        """(bytes of the glibc heap in use, bytes free in it but not returned to the system)."""
        if self._mallinfo2 is None:
            return 0, 0
        info = self._mallinfo2()
        return info.uordblks + info.hblkhd, info.fordblks


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


def held(peak: dict[str, int]) -> str:
    """The allocators' peaks, in MiB."""
    mib = {key: value / 2**20 for key, value in peak.items()}
    return (
        f"jemalloc allocated {mib['je_allocated']:.0f} / resident {mib['je_resident']:.0f}, "
        f"glibc in use {mib['glibc_used']:.0f} / free {mib['glibc_free']:.0f} MiB"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("articles", type=int)
    parser.add_argument("--batch", type=int, default=32, help="as eventcoder ingest --batch")
    parser.add_argument("--coded", type=Path, help="cache of the coded dev corpus (JSONL)")
    parser.add_argument("--sql", action="append", default=[], help="run on the store first")
    parser.add_argument("--checkpoint", action="store_true", help="CHECKPOINT after each batch")
    parser.add_argument("--trim", action="store_true", help="glibc malloc_trim after each batch")
    parser.add_argument("--purge", action="store_true", help="jemalloc purge after each batch")
    parser.add_argument("--row-group-size", type=int, help="attach the store with this size")
    parser.add_argument(
        "--reopen", type=int, default=0, help="close and reopen the store every N articles"
    )
    parser.add_argument(
        "--split-checkpoint",
        action="store_true",
        help="no automatic checkpoints: CHECKPOINT after a batch once the WAL reaches 16 MiB "
        "(when DuckDB would), so the peaks of writing and of checkpointing print apart",
    )
    args = parser.parse_args()

    coded = coded_dev_corpus(args.coded)
    process = psutil.Process()
    allocators = AllocatorStats()
    peak = dict.fromkeys(("rss", "je_allocated", "je_resident", "glibc_used", "glibc_free"), 0)
    # DuckDB's allocations at their highest while writing a batch and while checkpointing
    phase = {"now": "write", "write": 0, "checkpoint": 0}

    def sample() -> None:
        ticks = 0
        while True:
            peak["rss"] = max(peak["rss"], process.memory_info().rss)
            je_allocated, je_resident = allocators.jemalloc()
            phase[phase["now"]] = max(phase[phase["now"]], je_allocated)
            glibc_used, glibc_free = peak["glibc_used"], peak["glibc_free"]
            if ticks % 5 == 0:  # glibc's count walks its free lists: every 0.1 s
                glibc_used, glibc_free = allocators.glibc()
            for key, value in zip(
                ("je_allocated", "je_resident", "glibc_used", "glibc_free"),
                (je_allocated, je_resident, glibc_used, glibc_free),
                strict=True,
            ):
                peak[key] = max(peak[key], value)
            ticks += 1
            time.sleep(0.02)

    threading.Thread(target=sample, daemon=True).start()
    tracemalloc.start()
    folder = tempfile.mkdtemp(prefix="eventcoder-store-memory-")
    path = os.path.join(folder, "store.duckdb")
    wal = path + ".wal"

    def open_bench_store() -> Store:
        if not args.row_group_size:
            return open_store(path)
        import duckdb

        from eventcoder.config import get_settings
        from eventcoder.store.schema import check_tables, ensure_schema

        con = duckdb.connect()
        con.execute(f"ATTACH '{path}' AS store (ROW_GROUP_SIZE {args.row_group_size})")
        con.execute("USE store")
        ensure_schema(con, path, read_only=False)
        check_tables(con, path)
        return Store(con, path, read_only=False, settings=get_settings())

    store = open_bench_store()
    for statement in args.sql:
        store.con.execute(statement)
    if args.split_checkpoint:
        store.con.execute("SET checkpoint_threshold = '1TB'")
    reported_phase = {"write": 0, "checkpoint": 0}
    start_rss = process.memory_info().rss
    started = time.monotonic()
    print(f"store memory: {args.articles} articles, batches of {args.batch}, sql {args.sql}")
    reported_peak = 0
    for first in range(0, args.articles, args.batch):
        batch = [copy_of(coded, i) for i in range(first, min(args.articles, first + args.batch))]
        wal_before = os.path.getsize(wal) if os.path.exists(wal) else 0
        store.add(batch)
        if args.checkpoint or (
            args.split_checkpoint and os.path.exists(wal) and os.path.getsize(wal) >= 16 * 2**20
        ):
            phase["now"] = "checkpoint"
            store.con.execute("CHECKPOINT")
            time.sleep(0.03)  # let the sampler see the checkpoint's end
            phase["now"] = "write"
        if args.trim:
            allocators.libc.malloc_trim(0)
        if args.purge:
            allocators.purge_jemalloc()
        wal_after = os.path.getsize(wal) if os.path.exists(wal) else 0
        done = first + len(batch)
        if args.reopen and done % args.reopen < args.batch:
            if args.row_group_size:  # attached with an option Store.reopen does not know
                store.close()
                store = open_bench_store()
            else:
                store.reopen()  # as eventcoder ingest does every ingest_reopen_articles
            for statement in args.sql:
                store.con.execute(statement)
        for name in ("write", "checkpoint"):
            if phase[name] > reported_phase[name] + 5 * 2**20:
                print(f"  DuckDB allocated up to {phase[name] / 2**20:.0f} MiB ({name}) at {done}")
                reported_phase[name] = phase[name]
        if peak["rss"] > reported_peak + 5 * 2**20:
            checkpoint = " (DuckDB checkpointed)" if wal_after < wal_before else ""
            print(
                f"  peak rose to {peak['rss'] / 2**20:.0f} MiB at {done}{checkpoint}; {held(peak)}"
            )
            reported_peak = peak["rss"]
        if done % 1000 < args.batch or done == args.articles:
            print(
                f"{done:6d} articles: RSS {process.memory_info().rss / 2**20:5.0f} MiB, peak "
                f"{peak['rss'] / 2**20:5.0f} MiB, live Python allocations since start "
                f"{tracemalloc.get_traced_memory()[0] / 2**20:4.0f} MiB, "
                f"{time.monotonic() - started:5.0f} s; peak {held(peak)}",
                flush=True,
            )
    store.close()
    size = os.path.getsize(path)
    shutil.rmtree(folder)
    print(
        f"start {start_rss / 2**20:.0f} MiB, peak {peak['rss'] / 2**20:.0f} MiB; "
        f"store {size / 2**20:.0f} MiB; peak {held(peak)}"
    )


if __name__ == "__main__":
    main()
