"""POST /api/code and the paste page: code one article sent to the server.

The article goes through exactly what ``eventcoder code FILE`` does — the read stage's
``read_text`` (``read_file``'s reading of a ``.txt`` or ``.html`` file, with no file written:
HTML gets the same main-text extraction and plain text the same title convention), ``clean``
and the pipeline — so the JSON is the same as the CLI's. One
:class:`~eventcoder.pipeline.Pipeline` is loaded per app, on first use (loading spaCy takes
seconds; serving the store must not wait for it), and used by one request at a time because
a spaCy pipeline is not meant to be shared between threads.

One large request never blocks the server: coding runs in worker threads, never on the event
loop, so the store's pages and lists keep answering; at most one article is coded and
``serve_queue`` wait (more is :class:`CoderBusy`, a 503 with ``Retry-After``); an article
waits at most ``serve_time_limit`` seconds for its turn (then :class:`CoderBusy`) and is coded
for at most as long (then ``CodingTimeLimit``, a 413: too long for this server to code).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Literal

from eventcoder.config import Settings
from eventcoder.errors import InputError
from eventcoder.models import CodedDocument

if TYPE_CHECKING:
    from eventcoder.pipeline import Pipeline

InputFormat = Literal["text", "html"]


class CoderBusy(Exception):
    """The coder is full (or the wait for it ran out): try again in ``retry_after`` seconds."""

    def __init__(self, reason: str, retry_after: int) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retry_after = retry_after


class ArticleCoder:
    """Reads an article sent as a string and codes it with a lazily loaded pipeline."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()
        # one article coded plus the queue; taken without waiting, so a full coder answers
        # at once instead of holding a connection and a thread
        self._slots = threading.BoundedSemaphore(1 + settings.serve_queue)
        self._active = 0
        self._active_lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

    @property
    def active(self) -> int:
        """Articles admitted and not finished (coding or waiting for their turn)."""
        return self._active

    def _retry_after(self) -> int:
        return max(1, round(self.settings.serve_time_limit))

    @contextmanager
    def admitted(self) -> Iterator[None]:
        """A place among the articles being coded or waiting; ``CoderBusy`` when full."""
        if not self._slots.acquire(blocking=False):
            raise CoderBusy(
                f"{1 + self.settings.serve_queue} articles are being coded or waiting",
                self._retry_after(),
            )
        with self._active_lock:
            self._active += 1
        try:
            yield
        finally:
            with self._active_lock:
                self._active -= 1
            self._slots.release()

    async def code_in_thread(
        self,
        content: str,
        *,
        input_format: InputFormat,
        source_name: str,
        title: str | None = None,
        published: dt.date | None = None,
        article_id: str | None = None,
    ) -> CodedDocument:
        """:meth:`code` in a worker thread, once admitted (``CoderBusy`` when the coder is full)."""
        from starlette.concurrency import run_in_threadpool

        with self.admitted():
            return await run_in_threadpool(
                self.code,
                content,
                input_format=input_format,
                source_name=source_name,
                title=title,
                published=published,
                article_id=article_id,
            )

    def code(
        self,
        content: str,
        *,
        input_format: InputFormat,
        source_name: str,
        title: str | None = None,
        published: dt.date | None = None,
        article_id: str | None = None,
    ) -> CodedDocument:
        from eventcoder.read import clean, read_text

        data = content.encode("utf-8")
        if len(data) > self.settings.max_input_bytes:
            raise InputError(
                source_name,
                f"{len(data):,} bytes is over the limit of {self.settings.max_input_bytes:,}",
            )
        if not content.strip():
            raise InputError(source_name, "empty article")
        articles = read_text(
            content,
            format=input_format,
            name=source_name,
            published=published,
            max_bytes=self.settings.max_input_bytes,
        )
        if not articles:
            raise InputError(source_name, "no article found in the input")
        article = articles[0]
        stable_id = article_id or "web-" + hashlib.sha256(data).hexdigest()[:12]
        updates: dict[str, object] = {"id": stable_id, "origin": source_name}
        if title:
            updates["title"] = title
        article = article.model_copy(update=updates)
        document = clean(article)
        limit = self.settings.serve_time_limit
        if not self._lock.acquire(timeout=limit):
            raise CoderBusy(
                f"waited {limit:g} s for the articles before this one", self._retry_after()
            )
        try:
            if self._pipeline is None:
                from eventcoder.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            # the limit counts from here: loading the model is the server's cost, not the
            # article's
            return self._pipeline.code(document, deadline=time.monotonic() + limit)
        finally:
            self._lock.release()
