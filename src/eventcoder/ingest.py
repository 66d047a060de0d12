"""Ingest: read inputs, skip what is stored, code the rest on every core, write in batches.

The orchestration on top of the stages: it wires read → pipeline (in a ``scale`` engine) →
store, so that none of those imports another.

The main process reads and cleans articles (streaming), hashes them, and drops any whose
content hash is already in the store (or already seen in this run) BEFORE coding. The rest
go in chunks of ``batch_size`` documents to :func:`eventcoder.scale.local.code_chunks`;
each coded chunk is written by one :meth:`Store.add` call, i.e. one transaction. A process
killed at any moment therefore loses at most the chunks not yet committed, and a rerun
skips everything that was. A stop signal that arrives during a commit is held until the
commit ends (under :func:`eventcoder.scale.lifecycle.stop_on_signals`, as the CLI runs it).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from eventcoder.config import Settings
from eventcoder.errors import EventcoderError
from eventcoder.models import Article, ReadFailure
from eventcoder.scale.lifecycle import signals_deferred
from eventcoder.scale.local import ChunkResult, LabelledDocument, code_chunks
from eventcoder.store.db import Store, content_hash_of

#: Exit statuses of ``eventcoder ingest`` (documented in docs/reliability.md).
EXIT_OK = 0  #: every input read and stored (or already stored)
EXIT_NOTHING_USABLE = 2  #: every input failed (also: usage and input errors of any command)
EXIT_PARTIAL = 3  #: some records stored, some failed; the summary names each failure


@dataclass
class IngestSummary:
    """Counts for one ingest run (printed as its closing summary)."""

    new: int = 0
    already_stored: int = 0
    failed: int = 0
    events: int = 0
    batches: int = 0
    elapsed: float = 0.0
    failures: list[ReadFailure] = field(default_factory=list)

    @property
    def done(self) -> int:
        return self.new + self.already_stored + self.failed

    @property
    def rate(self) -> float:
        return self.done / self.elapsed if self.elapsed > 0 else 0.0

    @property
    def exit_status(self) -> int:
        """0 all good, 2 nothing usable (every input failed), 3 partial failure."""
        if not self.failed:
            return EXIT_OK
        return EXIT_PARTIAL if self.new + self.already_stored else EXIT_NOTHING_USABLE


#: Called after each step with the running summary (for progress bars and logs).
ProgressCallback = Callable[[IngestSummary], None]
#: Called after each committed batch with (batch number, articles stored by it, summary).
BatchCallback = Callable[[int, int, IngestSummary], None]

#: Codes a stream of chunks, yielding results as they finish (local pool, Dask, ...).
ChunkEngine = Callable[[Iterable[list[LabelledDocument]]], Iterator[ChunkResult]]

_MAX_FAILURES_KEPT = 1000  # in the summary; the store's failures table keeps all of them


def ingest(
    paths: Iterable[str],
    store: Store,
    *,
    published: dt.date | None = None,
    workers: int | None = None,
    batch_size: int = 32,
    settings: Settings | None = None,
    on_progress: ProgressCallback | None = None,
    on_batch: BatchCallback | None = None,
    engine: ChunkEngine | None = None,
) -> IngestSummary:
    """Ingest every article under ``paths`` into ``store``; see the module docstring.

    ``engine`` codes the chunks instead of the local process pool (e.g. a
    :class:`eventcoder.scale.dask_engine.DaskEngine`); ``workers`` then does not apply.
    """
    from eventcoder.read import clean, iter_articles

    settings = settings or store.settings
    summary = IngestSummary()
    started = time.monotonic()
    pending_failures: list[ReadFailure] = []
    seen_this_run: set[str] = set()
    reopen_every = settings.ingest_reopen_articles
    stored_since_reopen = 0

    def note_failure(failure: ReadFailure) -> None:
        summary.failed += 1
        if len(summary.failures) < _MAX_FAILURES_KEPT:
            summary.failures.append(failure)
        pending_failures.append(failure)

    def tick() -> None:
        summary.elapsed = time.monotonic() - started
        if on_progress:
            on_progress(summary)

    def chunks() -> Iterator[list[LabelledDocument]]:
        chunk: list[LabelledDocument] = []
        for item in iter_articles(paths, published, settings.max_input_bytes):
            if isinstance(item, ReadFailure):
                note_failure(item)
                tick()
                continue
            label = _label(item)
            try:
                document = clean(item)
            except Exception as exc:  # a cleaning bug must cost one article, not the run
                note_failure(ReadFailure(source=label, problem=f"cleaning failed: {exc}"[:500]))
                tick()
                continue
            content_hash = content_hash_of(document)
            if content_hash in seen_this_run or store.has_hash(content_hash):
                summary.already_stored += 1
                tick()
                continue
            seen_this_run.add(content_hash)
            chunk.append((label, document))
            if len(chunk) >= batch_size:
                yield chunk
                chunk = []
        if chunk:
            yield chunk

    coded_chunks = (
        engine(chunks()) if engine else code_chunks(chunks(), workers=workers, settings=settings)
    )
    store_threads = store.threads()
    if settings.ingest_store_threads:
        store.set_threads(settings.ingest_store_threads)
    try:
        for result in coded_chunks:
            for failure in result.failures:
                note_failure(failure)
            # A stop signal (Ctrl-C, SIGTERM) arriving now waits until this batch is
            # committed and counted.
            with signals_deferred():
                added = store.add(result.coded, failures=pending_failures)
                pending_failures.clear()
                summary.new += added.added
                summary.already_stored += added.skipped
                summary.events += added.events
                summary.batches += 1
                stored_since_reopen += added.added
                if reopen_every and stored_since_reopen >= reopen_every:
                    store.reopen()  # the writing process stays flat as the store grows
                    stored_since_reopen = 0
                tick()
                if on_batch:
                    on_batch(summary.batches, added.added, summary)
    finally:
        # Stopped early (an error, Ctrl-C, SIGTERM): end the engine's workers now, not when
        # the garbage collector gets to the generator.
        close = getattr(coded_chunks, "close", None)
        if close is not None:
            close()
        # A store that failed mid-batch may not take it; that error is not the one to report.
        with contextlib.suppress(EventcoderError):
            store.set_threads(store_threads)
    if pending_failures:  # failures read after the last batch (or a run with no good input)
        store.add([], failures=pending_failures)
        pending_failures.clear()
    tick()
    return summary


def _label(article: Article) -> str:
    return article.origin or article.id
