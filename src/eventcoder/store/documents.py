"""Stored documents and failures: lists, counts, one document with its coded record; and the
JSON-ready rows every query of the store returns."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from eventcoder.store.db import Store
from eventcoder.store.write import unpack_coded


def jsonable(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def json_rows(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description]
    return [
        {name: jsonable(value) for name, value in zip(names, row, strict=True)}
        for row in cursor.fetchall()
    ]


DOCUMENT_COLUMNS = (
    "id",
    "article_id",
    "content_hash",
    "title",
    "published",
    "url",
    "source",
    "outlet",
    "author",
    "kind",
    "language",
    "word_count",
    "num_events",
    "ingested_at",
)


def list_documents(store: Store, limit: int = 100, offset: int = 0) -> list[dict[str, Any]]:
    """Stored documents, newest publication first (undated last), without their text."""
    cursor = store.cursor().execute(
        f"""
        SELECT {", ".join(DOCUMENT_COLUMNS)} FROM documents
        ORDER BY published DESC NULLS LAST, id LIMIT ? OFFSET ?
        """,
        [max(1, min(int(limit), 100_000)), max(0, int(offset))],
    )
    return json_rows(cursor)


def count_documents(store: Store) -> int:
    row = store.cursor().execute("SELECT count(*) FROM documents").fetchone()
    return int(row[0]) if row else 0


def get_document(store: Store, document_id: str) -> dict[str, Any] | None:
    """A document's row plus ``coded`` (its full CodedDocument as JSON) and event ids.

    ``event_ids`` maps each coded event's id in ``coded.events`` to the stored event
    (deduplicated cluster) it belongs to.
    """
    cursor = store.cursor().execute(
        f"SELECT {', '.join(DOCUMENT_COLUMNS)}, coded_zlib FROM documents WHERE id = ?",
        [document_id],
    )
    rows = json_rows(cursor)
    if not rows:
        return None
    document = rows[0]
    document["coded"] = json.loads(unpack_coded(document.pop("coded_zlib")))
    document["event_ids"] = dict(
        store.cursor()
        .execute(
            "SELECT event_local_id, event_id FROM mentions WHERE document_id = ? ORDER BY id",
            [document_id],
        )
        .fetchall()
    )
    return document


def list_failures(store: Store, limit: int = 100) -> list[dict[str, Any]]:
    """Inputs that could not be read or coded, most recent first."""
    cursor = store.cursor().execute(
        "SELECT source, problem, failed_at FROM failures ORDER BY failed_at DESC, source LIMIT ?",
        [max(1, min(int(limit), 100_000))],
    )
    return json_rows(cursor)
