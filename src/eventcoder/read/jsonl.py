"""JSON Lines: one article per line, read line by line (``.jsonl.gz`` decompressed as it
streams); a bad line is a :class:`~eventcoder.models.ReadFailure` and the rest carries on."""

from __future__ import annotations

import datetime as dt
import gzip
import zlib
from collections.abc import Iterable, Iterator
from typing import IO

from eventcoder.errors import InputError
from eventcoder.models import Article, ReadFailure
from eventcoder.read.records import article_from_record, parse_json_line
from eventcoder.read.source import check_binary, decode_text, source_name

JSONL_SUFFIXES = (".jsonl", ".ndjson")
GZIP_MAGIC = b"\x1f\x8b"


def jsonl_articles(
    name: str,
    lines: Iterable[bytes],
    stem: str,
    published: dt.date | None,
    max_line_bytes: int | None = None,
) -> Iterator[Article | ReadFailure]:
    """Articles from JSON Lines given as raw byte lines; bad lines become failures."""
    offset = 0
    records = 0
    for number, raw in enumerate(lines, start=1):
        where = f"{name}:{number}"
        line_offset, offset = offset, offset + len(raw)
        try:
            if max_line_bytes is not None and len(raw) > max_line_bytes:
                raise InputError(where, f"line is over the limit of {max_line_bytes:,} bytes")
            if not raw.strip():
                continue
            check_binary(where, raw)
            line = decode_text(where, raw, offset_base=line_offset)
            record = parse_json_line(where, line)
            records += 1
            yield article_from_record(
                record, source=where, default_id=f"{stem}-{number}", published=published
            )
        except InputError as exc:
            records += 1
            yield ReadFailure(source=exc.source, problem=exc.problem)
    if records == 0:
        yield ReadFailure(source=name, problem="no JSON records (empty file)")


def bounded_lines(stream: IO[bytes], max_line_bytes: int) -> Iterator[bytes]:
    """Lines of a binary stream; a line longer than the limit is yielded cut short (and the rest
    skipped), so one huge line can't exhaust memory and is reported by the size check."""
    while True:
        line = stream.readline(max_line_bytes + 1)
        if not line:
            return
        if len(line) > max_line_bytes and not line.endswith(b"\n"):
            while True:  # skip the rest of the overlong line
                rest = stream.readline(1 << 20)
                if not rest or rest.endswith(b"\n"):
                    break
        yield line


def stream_jsonl_file(
    path: str, stem: str, published: dt.date | None, max_bytes: int, *, compressed: bool
) -> Iterator[Article | ReadFailure]:
    name = source_name(path)
    try:
        raw_file = open(path, "rb")  # noqa: SIM115 - closed in the finally below
    except FileNotFoundError:
        yield ReadFailure(source=name, problem="file not found")
        return
    except OSError as exc:
        yield ReadFailure(source=name, problem=f"cannot be read ({exc.strerror or exc})")
        return
    try:
        head = raw_file.peek(2)[:2] if hasattr(raw_file, "peek") else b""
        if compressed and head != GZIP_MAGIC:
            yield ReadFailure(source=name, problem="not a gzip file (expected .jsonl.gz)")
            return
        stream: IO[bytes] = gzip.GzipFile(fileobj=raw_file) if compressed else raw_file
        if not compressed:
            first_block = raw_file.peek(8192)[:8192]
            if not first_block:
                yield ReadFailure(source=name, problem="empty file")
                return
            if b"\x00" in first_block:
                yield ReadFailure(
                    source=name, problem="binary file (NUL bytes), expected JSON Lines"
                )
                return
        yield from jsonl_stream(name, stream, stem, published, max_bytes)
    finally:
        raw_file.close()


def jsonl_stream(
    name: str,
    stream: IO[bytes],
    stem: str,
    published: dt.date | None,
    max_bytes: int,
    *,
    first_lines: tuple[bytes, ...] = (),
) -> Iterator[Article | ReadFailure]:
    """JSON Lines from a (possibly gzip) stream, after ``first_lines`` already read from it;
    a gzip stream that breaks off keeps every line before the break."""
    lines_read = 0

    def counted() -> Iterator[bytes]:
        nonlocal lines_read
        for line in prepend(first_lines, bounded_lines(stream, max_bytes)):
            lines_read += 1
            yield line

    try:
        yield from jsonl_articles(name, counted(), stem, published, max_line_bytes=max_bytes)
    except (EOFError, gzip.BadGzipFile, zlib.error) as exc:
        yield ReadFailure(
            source=f"{name}:{lines_read + 1}",
            problem=f"gzip stream is truncated or corrupt after line {lines_read} ({exc})",
        )


def prepend(first: tuple[bytes, ...], rest: Iterator[bytes]) -> Iterator[bytes]:
    yield from first
    yield from rest
