"""JSON records: one article per JSON Lines line, or a ``.json`` file holding one record or a list.

A record has ``text`` and optionally ``id``, ``title``, ``published``, ``url``, ``source`` and
``author``; other fields (licences, gold annotations...) are ignored.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from typing import Any

from eventcoder.errors import InputError
from eventcoder.models import Article, ReadFailure

_DATEPARSER_SETTINGS = {"REQUIRE_PARTS": ["month", "year"], "PREFER_DAY_OF_MONTH": "first"}


def parse_published(source: str, value: Any) -> dt.date | None:
    """A record's publication date: ISO dates first, then any English date string.

    Feeds carry dates such as "Dec 17, 2016 10:48 AM CT" whose time-zone abbreviations
    dateparser does not know, so trailing words are dropped one at a time until it parses.
    """
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise InputError(source, f"'published' must be a date string, not {type(value).__name__}")
    text = value.strip()
    try:
        return dt.date.fromisoformat(text[:10])
    except ValueError:
        pass
    import dateparser

    words = text.split()
    for keep in range(len(words), 0, -1):
        parsed = dateparser.parse(
            " ".join(words[:keep]), languages=["en"], settings=_DATEPARSER_SETTINGS
        )
        if parsed is not None:
            return parsed.date()
    raise InputError(source, f"'published' value {value!r} is not a date")


def _optional_str(source: str, record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if value is None:
        return None
    if isinstance(value, (int, float)) and key == "id":
        return str(value)
    if not isinstance(value, str):
        raise InputError(source, f"'{key}' must be a string, not {type(value).__name__}")
    return value.strip() or None


def article_from_record(
    record: Any, *, source: str, default_id: str, published: dt.date | None
) -> Article:
    """Build an :class:`Article` from one decoded JSON record (``source`` names it in errors)."""
    if not isinstance(record, dict):
        raise InputError(source, f"expected a JSON object, got {type(record).__name__}")
    text = record.get("text")
    if not isinstance(text, str):
        raise InputError(source, "record has no 'text' string")
    if not text.strip():
        raise InputError(source, "record has an empty 'text'")
    return Article(
        id=_optional_str(source, record, "id") or default_id,
        title=_optional_str(source, record, "title"),
        text=text,
        published=parse_published(source, record.get("published")) or published,
        url=_optional_str(source, record, "url"),
        source=_optional_str(source, record, "source"),
        author=_optional_str(source, record, "author"),
        origin=source,
    )


def parse_json_line(source: str, line: str) -> Any:
    try:
        return json.loads(line)
    except json.JSONDecodeError as exc:
        raise InputError(source, f"malformed JSON ({exc.msg} at column {exc.colno})") from exc
    except RecursionError:
        raise InputError(source, "JSON is nested too deeply") from None


def iter_json_document(
    name: str, text: str, *, stem: str, published: dt.date | None
) -> Iterator[Article | ReadFailure]:
    """A ``.json`` file: one record, or a list of records (ids default to ``stem-N``).

    A bad record in a list is yielded as a :class:`ReadFailure` naming it (``name[index]``)
    and costs that record only; JSON that does not parse at all is one failure for the file.
    """
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        problem = f"malformed JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        yield ReadFailure(source=name, problem=problem)
        return
    except RecursionError:
        yield ReadFailure(source=name, problem="JSON is nested too deeply")
        return
    if isinstance(data, list):
        if not data:
            yield ReadFailure(source=name, problem="JSON list holds no records")
        for index, item in enumerate(data):
            try:
                yield article_from_record(
                    item,
                    source=f"{name}[{index}]",
                    default_id=f"{stem}-{index}",
                    published=published,
                )
            except InputError as exc:
                yield ReadFailure(source=exc.source, problem=exc.problem)
        return
    try:
        yield article_from_record(data, source=name, default_id=stem, published=published)
    except InputError as exc:
        yield ReadFailure(source=exc.source, problem=exc.problem)


def articles_from_json_document(
    name: str, text: str, *, stem: str, published: dt.date | None
) -> list[Article]:
    """Every article of a ``.json`` file; the first bad record raises :class:`InputError`."""
    articles: list[Article] = []
    for item in iter_json_document(name, text, stem=stem, published=published):
        if isinstance(item, ReadFailure):
            raise InputError(item.source, item.problem)
        articles.append(item)
    return articles
