"""Reading inputs into Article records: one file (``read_file``) or many (``iter_articles``).

``read_file`` is for one article the user points at: any problem raises ``InputError``;
``read_text`` the same for an article given as a string (the server's).
``iter_articles`` is for ingesting corpora: it streams (folders are walked lazily, JSON Lines are
read line by line and ``.jsonl.gz`` is decompressed incrementally), and every bad file or bad line
is yielded as a :class:`ReadFailure` while the rest carries on.

Size limits: a single-document file (text, HTML, JSON) must fit in ``max_bytes``; in a streamed
JSON Lines file each *line* must (a corpus file may be any size).
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import sys
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Literal

from eventcoder.config import get_settings
from eventcoder.errors import InputError
from eventcoder.models import Article, ReadFailure
from eventcoder.read.html import looks_like_html, read_html
from eventcoder.read.jsonl import (
    GZIP_MAGIC,
    JSONL_SUFFIXES,
    jsonl_articles,
    jsonl_stream,
    stream_jsonl_file,
)
from eventcoder.read.plain import read_plain_text
from eventcoder.read.records import (
    iter_json_document,
)
from eventcoder.read.source import (
    STDIN,
    STDIN_NAME,
    checked_text,
    read_bytes,
    source_name,
)

#: File name endings read from folders, longest first so ``.jsonl.gz`` wins over ``.gz``.
SUPPORTED_SUFFIXES: tuple[str, ...] = (".jsonl.gz", ".jsonl", ".json", ".html", ".htm", ".txt")


def _suffix(path: str) -> str:
    lower = path.lower()
    for suffix in (*SUPPORTED_SUFFIXES, ".ndjson"):
        if lower.endswith(suffix):
            return suffix
    return Path(lower).suffix


def _stem(path: str) -> str:
    name = Path(path).name
    suffix = _suffix(path)
    return name[: -len(suffix)] if suffix and name.lower().endswith(suffix) else name


def _limit(max_bytes: int | None) -> int:
    return max_bytes if max_bytes is not None else get_settings().max_input_bytes


# ------------------------------------------------------------------ one document
def _article_from_text(
    name: str, text: str, *, article_id: str, published: dt.date | None, as_html: bool
) -> Article:
    if as_html:
        page = read_html(name, text)
        return Article(
            id=article_id,
            title=page.title,
            text=page.text,
            # the user's date wins over the page's: a page's date is a guess from its markup
            published=published or page.published,
            url=page.url,
            source=page.source,
            author=page.author,
            origin=name,
        )
    title, body = read_plain_text(text)
    return Article(id=article_id, title=title, text=body, published=published, origin=name)


def _iter_document(
    name: str, text: str, *, suffix: str, stem: str, published: dt.date | None
) -> Iterator[Article | ReadFailure]:
    """Parse the text of one whole input by its suffix (or, for stdin, by sniffing).

    A file of many records (a JSON list, JSON Lines) yields one failure per bad record.
    """
    if suffix == ".json" or (suffix == "" and text.lstrip().startswith(("{", "["))):
        yield from iter_json_document(name, text, stem=stem, published=published)
        return
    if suffix in JSONL_SUFFIXES:
        yield from jsonl_articles(name, iter(text.encode().splitlines(True)), stem, published)
        return
    as_html = suffix in (".html", ".htm") or looks_like_html(text)
    try:
        yield _article_from_text(name, text, article_id=stem, published=published, as_html=as_html)
    except InputError as exc:
        yield ReadFailure(source=exc.source, problem=exc.problem)


def _articles_from_document(
    name: str, text: str, *, suffix: str, stem: str, published: dt.date | None
) -> list[Article]:
    return _collect(_iter_document(name, text, suffix=suffix, stem=stem, published=published))


def _collect(items: Iterator[Article | ReadFailure]) -> list[Article]:
    articles: list[Article] = []
    for item in items:
        if isinstance(item, ReadFailure):
            raise InputError(item.source, item.problem)
        articles.append(item)
    return articles


# ------------------------------------------------------------------ public API
def read_file(
    path: str, published: dt.date | None = None, max_bytes: int | None = None
) -> list[Article]:
    """Read one input (``-`` is stdin) into its articles; raise ``InputError`` on any problem.

    ``published`` applies to articles whose input gives no publication date, and always
    wins over the date guessed from an HTML page.
    """
    articles, failures = read_records(path, published, max_bytes)
    if failures:
        raise InputError(failures[0].source, failures[0].problem)
    return articles


def read_text(
    content: str,
    *,
    format: Literal["text", "html"] = "text",
    name: str = "text",
    published: dt.date | None = None,
    max_bytes: int | None = None,
) -> list[Article]:
    """Read one article given as a string, exactly as :func:`read_file` reads a ``.txt`` or
    ``.html`` file holding it (HTML-looking text is read as HTML either way); ``name`` is what
    errors and ``Article.origin`` call the input. Raises ``InputError`` on any problem."""
    data = content.encode("utf-8")
    limit = _limit(max_bytes)
    if len(data) > limit:
        raise InputError(name, f"{len(data):,} bytes is over the limit of {limit:,}")
    text = checked_text(name, data)
    suffix = ".html" if format == "html" else ".txt"
    return _articles_from_document(
        name, text, suffix=suffix, stem=_text_id(data), published=published
    )


def read_records(
    path: str, published: dt.date | None = None, max_bytes: int | None = None
) -> tuple[list[Article], list[ReadFailure]]:
    """Read one input of one or many records: the good articles and one failure per bad record.

    A problem with the input as a whole (missing, empty, binary, too large, not JSON) raises
    ``InputError``, and so does an input none of whose records is usable; a bad record in a
    JSON list or a JSON Lines input costs that record only.
    """
    limit = _limit(max_bytes)
    name = source_name(path)
    if path != STDIN and not Path(path).exists():
        raise InputError(name, "file not found")
    if path != STDIN and Path(path).is_dir():
        raise InputError(name, "is a folder, not a file (use `eventcoder ingest` for folders)")
    suffix = "" if path == STDIN else _suffix(path)
    data = read_bytes(path, limit)
    if suffix == ".jsonl.gz" or (path == STDIN and data[:2] == GZIP_MAGIC):
        try:
            data = gzip.decompress(data)
        except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
            raise InputError(name, f"gzip data is truncated or corrupt ({exc})") from exc
        suffix = ".jsonl"
    if suffix == "" and _looks_like_json_lines(data):
        suffix = ".jsonl"
    if suffix in JSONL_SUFFIXES:
        if not data.strip():
            raise InputError(name, "empty file")
        if b"\x00" in data[:8192]:
            raise InputError(name, "binary file (NUL bytes), expected JSON Lines")
        stem = "stdin" if path == STDIN else _stem(path)
        items = list(jsonl_articles(name, iter(data.splitlines(True)), stem, published))
    else:
        text = checked_text(name, data)
        stem = _stdin_id(data) if path == STDIN else _stem(path)
        items = list(_iter_document(name, text, suffix=suffix, stem=stem, published=published))
    articles = [item for item in items if isinstance(item, Article)]
    failures = [item for item in items if isinstance(item, ReadFailure)]
    if not articles and failures:
        more = f" (and {len(failures) - 1} more failed records)" if len(failures) > 1 else ""
        raise InputError(failures[0].source, failures[0].problem + more)
    return articles, failures


def _looks_like_json_lines(data: bytes) -> bool:
    """A whole stdin input holds JSON Lines when its first line opens a JSON object and so does
    its next non-blank line (one line alone stays one JSON document, with its stable id)."""
    lines = iter(data.splitlines())
    if not _opens_object(next(lines, b"")):
        return False
    return _opens_object(next((line for line in lines if line.strip()), b""))


def _text_id(data: bytes) -> str:
    # Stable across runs for the same text, unlike a counter or a timestamp.
    return "text-" + hashlib.sha256(data).hexdigest()[:12]


def _stdin_id(data: bytes) -> str:
    # Stable across runs for the same input, unlike a counter or a timestamp.
    return "stdin-" + hashlib.sha256(data).hexdigest()[:12]


def _walk(folder: Path) -> Iterator[Path]:
    """Supported files under ``folder``, recursively, in a stable order; hidden entries skipped."""
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for file in sorted(files):
            if not file.startswith(".") and file.lower().endswith(SUPPORTED_SUFFIXES):
                yield Path(root) / file


def _iter_one_file(
    path: str, article_id_stem: str, published: dt.date | None, limit: int
) -> Iterator[Article | ReadFailure]:
    suffix = _suffix(path)
    if suffix in (".jsonl.gz", *JSONL_SUFFIXES):
        yield from stream_jsonl_file(
            path, article_id_stem, published, limit, compressed=suffix == ".jsonl.gz"
        )
        return
    name = source_name(path)
    try:
        text = checked_text(name, read_bytes(path, limit))
    except InputError as exc:
        yield ReadFailure(source=exc.source, problem=exc.problem)
        return
    yield from _iter_document(name, text, suffix=suffix, stem=article_id_stem, published=published)


def _is_json_object_line(line: bytes) -> bool:
    try:
        return isinstance(json.loads(line), dict)
    except (ValueError, RecursionError):
        return False


def _iter_stdin(published: dt.date | None, limit: int) -> Iterator[Article | ReadFailure]:
    """Stdin, gzip-compressed or not: streamed as JSON Lines when it holds JSON objects one
    per line, else read as one document (text, HTML, a JSON record or a JSON list).

    It is JSON Lines when its first line is a JSON object, or when its first line opens an
    object and the next non-blank line does too (so a malformed first line costs that line
    only, while a pretty-printed JSON record, whose second line is a key, stays one document).
    """
    stdin: IO[bytes] = sys.stdin.buffer
    if not hasattr(stdin, "peek"):
        stdin = io.BufferedReader(stdin)  # type: ignore[arg-type]
    stream: IO[bytes] = stdin
    if stdin.peek(2)[:2] == GZIP_MAGIC:  # type: ignore[attr-defined]
        stream = gzip.GzipFile(fileobj=stdin)
    try:
        head = [stream.readline(limit + 1)]
        if _opens_object(head[0]) and not _is_json_object_line(head[0]):
            while True:  # the next non-blank line decides
                line = stream.readline(limit + 1)
                head.append(line)
                if not line or line.strip():
                    break
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield ReadFailure(source=STDIN_NAME, problem=f"gzip data is truncated or corrupt ({exc})")
        return
    if _opens_object(head[0]) and (_is_json_object_line(head[0]) or _opens_object(head[-1])):
        yield from jsonl_stream(
            STDIN_NAME, stream, "stdin", published, limit, first_lines=tuple(head)
        )
        return
    try:
        start = b"".join(head)
        data = start + stream.read(limit + 1 - len(start)) if len(start) <= limit else start
        if len(data) > limit:
            raise InputError(STDIN_NAME, f"input is larger than the limit of {limit:,} bytes")
        text = checked_text(STDIN_NAME, data)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield ReadFailure(source=STDIN_NAME, problem=f"gzip data is truncated or corrupt ({exc})")
        return
    except InputError as exc:
        yield ReadFailure(source=exc.source, problem=exc.problem)
        return
    yield from _iter_document(
        STDIN_NAME, text, suffix="", stem=_stdin_id(data), published=published
    )


def _opens_object(line: bytes) -> bool:
    return line.lstrip().removeprefix(b"\xef\xbb\xbf").startswith(b"{")


def iter_articles(
    paths: Iterable[str], published: dt.date | None = None, max_bytes: int | None = None
) -> Iterator[Article | ReadFailure]:
    """Stream articles from files, folders (recursively) and ``-`` (stdin).

    Never raises for bad input: each unreadable file or JSON line is yielded as a
    :class:`ReadFailure` naming it (``path`` or ``path:line``) and reading continues.
    Ids: a record's ``id``, else the file's stem (for files found in a folder, the path
    relative to that folder without its suffix, so files of the same name stay distinct).
    """
    limit = _limit(max_bytes)
    for path in paths:
        if path == STDIN:
            yield from _iter_stdin(published, limit)
            continue
        target = Path(path)
        if target.is_dir():
            found = False
            for file in _walk(target):
                found = True
                relative = file.relative_to(target).as_posix()
                stem = relative[: len(relative) - len(_suffix(relative))]
                yield from _iter_one_file(str(file), stem, published, limit)
            if not found:
                yield ReadFailure(
                    source=path,
                    problem="folder holds no .txt, .html, .htm, .json, .jsonl or .jsonl.gz files",
                )
        elif not target.exists():
            yield ReadFailure(source=path, problem="file not found")
        else:
            yield from _iter_one_file(path, _stem(path), published, limit)
