"""Code documents on every local core: a process pool where each worker holds one Pipeline.

Loading spaCy and the stage data is the expensive part. On Linux the parent loads the
:class:`~eventcoder.pipeline.Pipeline` once and forks its workers, which share its memory
pages copy-on-write; elsewhere each spawned worker loads its own (pool initializer). Workers
then code whole chunks of documents. The caller feeds chunks lazily; at most
``max_in_flight`` chunks are queued or being coded at any time, so memory stays bounded
however large the corpus is.

With ``workers=1`` everything runs in the calling process (no pool start-up cost).

Workers die with the process that started them (:mod:`eventcoder.scale.lifecycle`), and a
run stopped early (an exception, Ctrl-C, SIGTERM, or the caller closing the iterator) ends
its workers at once instead of letting them finish chunks nobody will collect.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field

from eventcoder.config import Settings, get_settings
from eventcoder.errors import EventcoderError
from eventcoder.models import CodedDocument, Document, ReadFailure

#: A document and the name of the input it came from ('path', 'path:line'), for failures.
LabelledDocument = tuple[str, Document]


@dataclass
class ChunkResult:
    """What coding one chunk gave: coded documents, and documents the pipeline choked on."""

    coded: list[CodedDocument] = field(default_factory=list)
    failures: list[ReadFailure] = field(default_factory=list)


def default_workers() -> int:
    """Every core this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not Linux
        return max(1, os.cpu_count() or 1)


_worker_pipeline = None


def _init_worker(settings_json: str | None, parent_pid: int) -> None:
    """Pool initializer: tie the worker to its parent, then load its Pipeline unless it was
    forked with the parent's already loaded (``settings_json`` None)."""
    global _worker_pipeline
    from eventcoder.scale.lifecycle import die_with_parent

    die_with_parent(parent_pid)  # before the slow load: a killed parent must not wait for it
    if settings_json is not None:
        from eventcoder.pipeline import Pipeline

        _worker_pipeline = Pipeline(Settings.model_validate_json(settings_json))


def fork_after_load() -> bool:
    """Whether workers are forked from a parent that loaded the Pipeline (Linux), sharing its
    read-only pages copy-on-write, rather than spawned to load their own (elsewhere: macOS
    and Windows do not fork safely)."""
    return sys.platform.startswith("linux") and "fork" in multiprocessing.get_all_start_methods()


def code_chunk(pipeline: object, chunk: list[LabelledDocument]) -> ChunkResult:
    """Code a chunk in one spaCy batch; if the pipeline fails, retry one document at a time
    so one bad document becomes one failure instead of losing its neighbours."""
    from eventcoder.pipeline import Pipeline

    assert isinstance(pipeline, Pipeline)
    try:
        return ChunkResult(coded=list(pipeline.code_many(doc for _, doc in chunk)))
    except Exception:
        result = ChunkResult()
        for label, document in chunk:
            try:
                result.coded.append(pipeline.code(document))
            except Exception as exc:
                problem = f"coding failed: {type(exc).__name__}: {exc}".splitlines()[0]
                result.failures.append(ReadFailure(source=label, problem=problem[:500]))
        return result


def _code_in_worker(chunk: list[LabelledDocument]) -> ChunkResult:
    return code_chunk(_worker_pipeline, chunk)


def code_chunks(
    chunks: Iterable[list[LabelledDocument]],
    *,
    workers: int | None = None,
    max_in_flight: int | None = None,
    settings: Settings | None = None,
) -> Iterator[ChunkResult]:
    """Code each chunk; yield results as chunks finish (not necessarily in input order)."""
    settings = settings or get_settings()
    workers = workers or default_workers()
    if workers == 1:
        from eventcoder.pipeline import Pipeline

        pipeline = Pipeline(settings)
        for chunk in chunks:
            yield code_chunk(pipeline, chunk)
        return

    limit = max_in_flight or workers * 2
    global _worker_pipeline
    if fork_after_load():
        # Load once here; every worker forked from this process starts with it loaded and
        # shares its pages (model weights, vocab, indexes; the GC was kept off them, see
        # pipeline/sharing.py) until it writes to them. The open DuckDB connection and its
        # threads are inherited too, but workers never touch the store and leave by os._exit.
        from eventcoder.pipeline import Pipeline

        _worker_pipeline = Pipeline(settings)
        context = multiprocessing.get_context("fork")
        initargs: tuple[str | None, int] = (None, os.getpid())
    else:
        context = multiprocessing.get_context("spawn")
        initargs = (settings.model_dump_json(), os.getpid())
    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=context, initializer=_init_worker, initargs=initargs
    )
    pending: set[Future[ChunkResult]] = set()
    finished = False
    try:
        source = iter(chunks)
        exhausted = False
        while True:
            while not exhausted and len(pending) < limit:
                chunk = next(source, None)
                if chunk is None:
                    exhausted = True
                else:
                    pending.add(pool.submit(_code_in_worker, chunk))
            if not pending:
                finished = True
                return
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield future.result()
    except BrokenProcessPool as exc:
        raise EventcoderError(
            f"a coding worker process died ({exc}); rerun with fewer --workers "
            "(already stored articles are skipped)"
        ) from exc
    finally:
        if finished:
            pool.shutdown(wait=True)
        else:
            _stop_pool(pool, pending)
        _worker_pipeline = None  # the parent's copy, kept only to fork workers from


def _stop_pool(pool: ProcessPoolExecutor, pending: set[Future[ChunkResult]]) -> None:
    """End a pool whose run stopped early: drop queued chunks, kill the workers, reap them."""
    for future in pending:
        future.cancel()
    processes = list(getattr(pool, "_processes", {}).values())  # no public handle before 3.14
    for process in processes:
        if process.is_alive():
            process.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.join(timeout=5)
