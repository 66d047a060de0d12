"""Throughput of eventcoder against the parsing floor, on the same articles in the same run.

(a) bare spaCy: the same model, ``nlp.pipe`` with the same batch size and processes — what any
    parser-based coder pays at the least;
(b) the full eventcoder pipeline (entity ruler and every stage, CodedDocument records out),
    with 1 process (``Pipeline.code_many``) and 2 processes (the local engine's process pool).

Prints words/s, articles/s and the ratio (b)/(a) for 1 and 2 processes, and the 2-process
speed-up. Each run is timed after its model is loaded and warmed up in every process (start-up is
paid once per run, not per article; the Dask-vs-local timing below includes it), with the
same chunks of ``batch_size`` articles and 2 chunks per worker in flight for (a) and (b).
On a shared machine wall-clock rates move with the load,
so the 1-process runs also print CPU seconds and a ratio from CPU time, which does not.

Then times a real ``ingest`` into a fresh store with the Dask engine on a 2-worker
LocalCluster against the local engine with 2 workers (wall time, start-up included), and
runs bench/memory.py for peak RSS at 1,000 and 10,000 articles (``--skip-long``: 1,000 only;
``--skip-memory``: none).

Usage: python bench/throughput.py [--articles 520] [--dask-articles 260] [--skip-long]
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import psutil

from eventcoder.config import Settings, get_settings
from eventcoder.models import Document

REPO = Path(__file__).resolve().parents[1]
DEV_CORPUS = REPO.parent / "shared" / "corpus" / "news_dev.jsonl"


def load_documents(corpus: Path, count: int) -> list[Document]:
    """The corpus read and cleaned as ingest does, repeated to ``count`` with unique ids."""
    from eventcoder.read import clean, iter_articles

    originals = [clean(item) for item in iter_articles([str(corpus)], None, 5_000_000) if item.text]
    documents = []
    for index in range(count):
        original = originals[index % len(originals)]
        copy = index // len(originals)
        documents.append(
            original
            if copy == 0
            else original.model_copy(
                # A new title gives the copy its own content hash, so ingest codes it again.
                update={
                    "id": f"{original.id}~{copy}",
                    "title": f"{original.title or ''} (copy {copy})".strip(),
                    "content_hash": "",
                }
            )
        )
    return documents


def words_in(document: Document) -> int:
    return len(document.text.split())


def cpu_seconds() -> float:
    """CPU time of this process and of its children that have been waited for."""
    times = os.times()
    return times.user + times.system + times.children_user + times.children_system


@dataclass
class Rate:
    label: str
    articles: int
    words: int
    seconds: float
    cpu: float

    @property
    def words_per_second(self) -> float:
        return self.words / self.seconds

    @property
    def articles_per_second(self) -> float:
        return self.articles / self.seconds


def timed_in_process(label: str, batches: Iterator[int], words: int) -> Rate:
    """Time coding every batch in this process (model already loaded and warmed up)."""
    cpu_started, started = cpu_seconds(), time.perf_counter()
    articles = sum(batches)
    return Rate(label, articles, words, time.perf_counter() - started, cpu_seconds() - cpu_started)


def batched(documents: list[Document], size: int) -> Iterator[list[Document]]:
    for start in range(0, len(documents), size):
        yield documents[start : start + size]


# The bare-spaCy pool worker: the same model, nlp.pipe with the same batch size.
_worker_nlp: Any = None


def _init_bare_worker(model: str) -> None:
    global _worker_nlp
    import spacy

    _worker_nlp = spacy.load(model)
    list(_worker_nlp.pipe(["Warm-up sentence for the parser."]))


def _parse_in_worker(texts: list[str], batch_size: int) -> int:
    return sum(1 for _ in _worker_nlp.pipe(texts, batch_size=batch_size))


def _worker_pid(_: int = 0) -> int:
    time.sleep(0.2)  # long enough that every worker process gets one
    return os.getpid()


def timed_in_pool(
    label: str,
    documents: list[Document],
    processes: int,
    initializer: Callable[..., None],
    initargs: tuple[Any, ...],
    submit: Callable[[ProcessPoolExecutor, list[Document]], Future[Any]],
    batch_size: int,
) -> Rate:
    """Time a pool of ``processes`` workers, all loaded, coding chunks with 2 per worker in
    flight (as the local engine does). Start-up is excluded: it is paid once per run."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(
        processes, mp_context=context, initializer=initializer, initargs=initargs
    ) as pool:
        ready: set[int] = set()
        while len(ready) < processes:
            ready |= set(pool.map(_worker_pid, range(processes * 2)))
        started = time.perf_counter()
        chunks = batched(documents, batch_size)
        pending: set[Future[Any]] = set()
        articles = 0
        while True:
            while len(pending) < processes * 2 and (chunk := next(chunks, None)) is not None:
                pending.add(submit(pool, chunk))
            if not pending:
                break
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                result = future.result()
                articles += result if isinstance(result, int) else len(result.coded)
        seconds = time.perf_counter() - started
    words = sum(words_in(d) for d in documents)
    return Rate(label, articles, words, seconds, float("nan"))


def bare_spacy(documents: list[Document], processes: int, settings: Settings) -> Rate:
    label = f"(a) bare spaCy, {processes} process(es)"
    words = sum(words_in(d) for d in documents)
    if processes == 1:
        import spacy

        nlp = spacy.load(settings.model)
        list(nlp.pipe(d.text for d in documents[:4]))  # warm-up: first-call allocations
        counts = (
            sum(1 for _ in nlp.pipe([d.text for d in batch], batch_size=settings.batch_size))
            for batch in batched(documents, settings.batch_size)
        )
        return timed_in_process(label, counts, words)
    return timed_in_pool(
        label,
        documents,
        processes,
        _init_bare_worker,
        (settings.model,),
        lambda pool, chunk: pool.submit(
            _parse_in_worker, [d.text for d in chunk], settings.batch_size
        ),
        settings.batch_size,
    )


def full_pipeline(documents: list[Document], processes: int, settings: Settings) -> Rate:
    """The pipeline as ingest runs it: in process for 1 worker, the local engine's pool else."""
    from eventcoder.pipeline import Pipeline
    from eventcoder.scale import local

    label = f"(b) eventcoder, {processes} process(es)"
    words = sum(words_in(d) for d in documents)
    if processes == 1:
        pipeline = Pipeline(settings)
        list(pipeline.code_many(documents[:4]))
        counts = (
            len(local.code_chunk(pipeline, [(d.id, d) for d in batch]).coded)
            for batch in batched(documents, settings.batch_size)
        )
        return timed_in_process(label, counts, words)
    return timed_in_pool(
        label,
        documents,
        processes,
        local._init_worker,
        (settings.model_dump_json(), os.getpid()),  # workers die with this process
        lambda pool, chunk: pool.submit(local._code_in_worker, [(d.id, d) for d in chunk]),
        settings.batch_size,
    )


def print_rate(rate: Rate) -> None:
    print(
        f"  {rate.label:32s} {rate.words_per_second:8.0f} words/s "
        f"{rate.articles_per_second:6.2f} articles/s  ({rate.articles} articles, "
        f"{rate.seconds:.1f} s wall"
        + (f", {rate.cpu:.1f} s CPU)" if rate.cpu == rate.cpu else ")"),
        flush=True,
    )


def compare_parsing_floor(documents: list[Document], settings: Settings) -> None:
    print(f"(a) bare spaCy vs (b) eventcoder on {len(documents)} articles, model {settings.model}")
    rates: dict[tuple[str, int], Rate] = {}
    for processes in (1, 2):
        for kind, measure in (("bare", bare_spacy), ("full", full_pipeline)):
            rate = measure(documents, processes, settings)
            rates[kind, processes] = rate
            print_rate(rate)
    for processes in (1, 2):
        bare, full = rates["bare", processes], rates["full", processes]
        print(
            f"  ratio (b)/(a), {processes} process(es): "
            f"{full.words_per_second / bare.words_per_second:.2f} (wall)",
            end="",
        )
        if processes == 1:
            # Same articles, so words per CPU-second compare the work itself.
            print(f", {bare.cpu / full.cpu * full.words / bare.words:.2f} (CPU time)")
        else:
            print()
    for kind in ("bare", "full"):
        one, two = rates[kind, 1], rates[kind, 2]
        print(
            f"  {kind}: 2 processes = {two.words_per_second / one.words_per_second:.2f}x "
            "1 process (wall)"
        )


def compare_engines(documents: list[Document], settings: Settings, workers: int) -> None:
    from eventcoder.ingest import ingest
    from eventcoder.scale.dask_engine import DaskEngine
    from eventcoder.store.db import open_store

    print(f"ingest of {len(documents)} articles into a fresh store, {workers} workers:")
    with tempfile.TemporaryDirectory(prefix="eventcoder-engines-") as folder:
        corpus = Path(folder) / "corpus.jsonl"
        with corpus.open("w", encoding="utf-8") as handle:
            for d in documents:
                record = {"id": d.id, "title": d.title, "text": d.text}
                if d.published:
                    record["published"] = d.published.isoformat()
                handle.write(json.dumps(record) + "\n")
        for name in ("local", "dask"):
            engine = (
                DaskEngine(Path(folder) / "parquet", workers=workers, settings=settings)
                if name == "dask"
                else None
            )
            started = time.perf_counter()
            with open_store(Path(folder) / f"{name}.duckdb") as store:
                summary = ingest(
                    [str(corpus)], store, workers=workers, settings=settings, engine=engine
                )
            seconds = time.perf_counter() - started
            print(
                f"  {name:6s} engine: {seconds:6.1f} s wall incl. start-up, "
                f"{summary.new / seconds:5.2f} articles/s, {summary.new} stored, "
                f"{summary.events} events",
                flush=True,
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEV_CORPUS)
    parser.add_argument("--articles", type=int, default=520, help="for (a) vs (b)")
    parser.add_argument("--dask-articles", type=int, default=260, help="for Dask vs local")
    parser.add_argument("--skip-dask", action="store_true")
    parser.add_argument("--skip-long", action="store_true", help="memory at 1,000 only")
    parser.add_argument("--skip-memory", action="store_true")
    args = parser.parse_args()
    if not args.corpus.exists():
        sys.exit(f"{args.corpus}: corpus not found (pass --corpus)")
    settings = get_settings()
    print(
        f"load average {psutil.getloadavg()[0]:.1f} on {psutil.cpu_count()} cores "
        "(figures are noisy while other work runs)"
    )
    documents = load_documents(args.corpus, max(args.articles, args.dask_articles))
    compare_parsing_floor(documents[: args.articles], settings)
    if not args.skip_dask:
        compare_engines(documents[: args.dask_articles], settings, workers=2)
    if not args.skip_memory:
        sys.path.insert(0, str(Path(__file__).parent))
        from memory import run_memory_benchmark

        sizes = [1000] if args.skip_long else [1000, 10000]
        print(f"peak memory of ingest (local engine, 1 worker) for {sizes} articles:")
        run_memory_benchmark(sizes, workers=1, engine="local", corpus=args.corpus)
    print(f"load average at the end {psutil.getloadavg()[0]:.1f}")


if __name__ == "__main__":
    main()
