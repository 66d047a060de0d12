"""POST /api/code and the paste page: code one article sent to the server.

The article goes through exactly what ``eventcoder code FILE`` does — the read stage's
``read_file`` (so HTML gets the same main-text extraction and plain text the same title
convention), ``clean`` and the pipeline — so the JSON is the same as the CLI's. One
:class:`~eventcoder.pipeline.Pipeline` is loaded per app, on first use (loading spaCy takes
seconds; serving the store must not wait for it), and used by one request at a time because
a spaCy pipeline is not meant to be shared between threads.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from eventcoder.config import Settings
from eventcoder.errors import InputError
from eventcoder.models import CodedDocument

if TYPE_CHECKING:
    from eventcoder.pipeline import Pipeline

InputFormat = Literal["text", "html"]


class ArticleCoder:
    """Reads an article sent as a string and codes it with a lazily loaded pipeline."""

    def __init__(self, settings: Settings, pipeline: Pipeline | None = None) -> None:
        self.settings = settings
        self._pipeline = pipeline
        self._lock = threading.Lock()

    @property
    def loaded(self) -> bool:
        return self._pipeline is not None

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
        from eventcoder.read import clean, read_file

        data = content.encode("utf-8")
        if len(data) > self.settings.max_input_bytes:
            raise InputError(
                source_name,
                f"{len(data):,} bytes is over the limit of {self.settings.max_input_bytes:,}",
            )
        if not content.strip():
            raise InputError(source_name, "empty article")
        suffix = ".html" if input_format == "html" else ".txt"
        with tempfile.TemporaryDirectory(prefix="eventcoder-serve-") as folder:
            path = Path(folder) / f"article{suffix}"
            path.write_bytes(data)
            try:
                articles = read_file(str(path), published, self.settings.max_input_bytes)
            except InputError as exc:
                # the temporary path means nothing to the client: name what they sent
                raise InputError(source_name, exc.problem) from exc
        if not articles:
            raise InputError(source_name, "no article found in the input")
        article = articles[0]
        stable_id = article_id or "web-" + hashlib.sha256(data).hexdigest()[:12]
        updates: dict[str, object] = {"id": stable_id, "origin": source_name}
        if title:
            updates["title"] = title
        article = article.model_copy(update=updates)
        document = clean(article)
        with self._lock:
            if self._pipeline is None:
                from eventcoder.pipeline import Pipeline

                self._pipeline = Pipeline(self.settings)
            return self._pipeline.code(document)
