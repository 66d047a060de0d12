"""What one coded document becomes in the store's tables: its id and content hash, its outlet,
and the rows of its document, mentions, actors, claims and contradictions.

:meth:`eventcoder.store.db.Store.add` calls :func:`insert_document` inside its transaction.
"""

from __future__ import annotations

import datetime as dt
import zlib
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

import duckdb

from eventcoder.models import QUAD_CLASS, CodedDocument, Document, Event, Location, content_hash


def content_hash_of(document: Document) -> str:
    """The document's idempotency key: the read stage's hash, or the same recipe
    (:func:`eventcoder.models.content_hash`) when unset."""
    return document.content_hash or content_hash(document.title, document.text)


#: zlib level of ``documents.coded_zlib``. Why compressed (issue 10, docs/scale.md): DuckDB's
#: checkpoint after each batch rewrites the table's last row group whole, and that costs up to
#: about 2.5x the raw bytes it holds; the coded JSON (14 KB an article on the dev corpus) is
#: nearly all of them. Level 6 makes it 4.4x smaller (3.2 KB) in about 0.1 ms an article.
CODED_ZLIB_LEVEL = 6


def pack_coded(coded_json: str) -> bytes:
    """A coded document's JSON as stored in ``documents.coded_zlib``."""
    return zlib.compress(coded_json.encode("utf-8"), CODED_ZLIB_LEVEL)


def unpack_coded(blob: bytes) -> str:
    """The coded document's JSON back from ``documents.coded_zlib``."""
    return zlib.decompress(blob).decode("utf-8")


def document_id_for(content_hash: str) -> str:
    """Stable store id of a document: the same article always gets the same id in any store."""
    return "d" + content_hash[:16]


def outlet_of(document: Document) -> str | None:
    """Who published it: the ``source`` field, else the URL's host without ``www.``."""
    if document.source:
        return document.source.strip()
    if document.url:
        host = urlsplit(document.url).hostname or ""
        host = host.removeprefix("www.")
        return host or None
    return None


def parse_event_date(value: str | None) -> dt.date | None:
    """First day of an ISO date, month ('2022-09') or year ('2022'); None if unparseable."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None


def actor_key(codes: Iterable[str | None]) -> str:
    """Order-free key of an actor set: sorted distinct codes joined by '|' ('' when none)."""
    return "|".join(sorted({code for code in codes if code}))


def modality_key(event: Event) -> str:
    """Negated, future and hypothetical reports never merge with asserted ones."""
    m = event.modality
    return f"{int(m.negated)}{int(m.future)}{int(m.hypothetical)}"


def location_precision(
    location: Location | None, feature_codes: dict[int, str | None]
) -> str | None:
    """'country' when the event is only placed in a whole country, else 'place' (None: no place)."""
    if location is None:
        return None
    code = feature_codes.get(location.geonameid or -1) or ""
    return "country" if code.startswith("PCL") else "place"


def insert_document(
    con: duckdb.DuckDBPyConnection,
    coded: CodedDocument,
    content_hash: str,
    now: dt.datetime,
) -> list[str]:
    document = coded.document
    if not document.content_hash:
        coded = coded.model_copy(
            update={"document": document.model_copy(update={"content_hash": content_hash})}
        )
        document = coded.document
    doc_id = document_id_for(content_hash)
    con.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            doc_id,
            document.id,
            content_hash,
            document.title,
            document.published,
            document.url,
            document.source,
            outlet_of(document),
            document.author,
            document.kind,
            document.language,
            None,
            len(document.text.split()),
            len(coded.events),
            now,
            pack_coded(coded.model_dump_json()),
        ],
    )
    if coded.actors:
        con.executemany(
            "INSERT INTO actor_mentions VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [doc_id, i, a.text, a.start, a.end, a.code, a.sector, a.name, a.kind]
                for i, a in enumerate(coded.actors)
            ],
        )
    if coded.places:
        con.executemany(
            "INSERT INTO places VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [
                    doc_id,
                    i,
                    p.text,
                    p.start,
                    p.end,
                    p.name,
                    p.country,
                    p.admin1,
                    p.lat,
                    p.lon,
                    p.geonameid,
                    p.feature_code,
                ]
                for i, p in enumerate(coded.places)
            ],
        )
    if coded.dates:
        con.executemany(
            "INSERT INTO dates VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [
                [doc_id, i, d.text, d.start, d.end, d.value, d.end_value, d.precision]
                for i, d in enumerate(coded.dates)
            ],
        )
    mention_ids: list[str] = []
    mention_rows: list[list[Any]] = []
    actor_rows: list[list[Any]] = []
    claim_rows: list[list[Any]] = []
    contradiction_rows: list[list[Any]] = []
    local_ids = {event.id for event in coded.events}
    feature_codes = {p.geonameid: p.feature_code for p in coded.places if p.geonameid}
    for event in coded.events:
        mention_id = f"{doc_id}:{event.id}"
        if mention_id in mention_ids:
            continue  # a coder bug giving two events one id must not abort the batch
        mention_ids.append(mention_id)
        effective = parse_event_date(event.date)
        if effective is None and not event.modality.historical:
            # An undated report is taken to be about the days around publication, as
            # GDELT does; a historical one stays undated rather than get a wrong date.
            effective = document.published
        location = event.location
        mention_rows.append(
            [
                mention_id,
                doc_id,
                event.id,
                event.event_type,
                QUAD_CLASS.get(event.event_type),
                event.mode,
                list(event.context),
                event.date,
                event.date_precision,
                effective,
                location.name if location else None,
                location.country if location else None,
                location.admin1 if location else None,
                location.lat if location else None,
                location.lon if location else None,
                location.geonameid if location else None,
                location_precision(location, feature_codes),
                event.modality.negated,
                event.modality.future,
                event.modality.hypothetical,
                event.modality.historical,
                event.attribution.claim,
                event.evidence.sentence_index,
                event.evidence.sentence,
                event.evidence.start,
                event.evidence.end,
                event.evidence.trigger.text,
                event.evidence.trigger.start,
                event.evidence.trigger.end,
                event.confidence,
                actor_key(a.code for a in event.actor),
                actor_key(a.code for a in event.recipient),
                modality_key(event),
                mention_id,  # its own cluster until recluster() merges it
                event.explanation.model_dump_json() if event.explanation else None,
                event.evidence.section,
            ]
        )
        for role, actors in (("actor", event.actor), ("recipient", event.recipient)):
            # Only coded participants are rows (queries, dyads and exports go by code); an
            # unresolved agent (code None) stays in the stored document JSON.
            actor_rows.extend(
                [mention_id, role, i, a.code, a.sector, a.name, a.text]
                for i, a in enumerate(actors)
                if a.code
            )
        if event.attribution.claim:
            claimant = event.attribution.claimant
            claim_rows.append(
                [
                    mention_id,
                    doc_id,
                    claimant.code if claimant else None,
                    claimant.sector if claimant else None,
                    claimant.name if claimant else None,
                    event.attribution.cue,
                ]
            )
        contradiction_rows.extend(
            [mention_id, f"{doc_id}:{other}"]
            for other in dict.fromkeys(event.contradicts)
            if other in local_ids and other != event.id
        )
    if mention_rows:
        placeholders = ", ".join("?" * len(mention_rows[0]))
        con.executemany(f"INSERT INTO mentions VALUES ({placeholders})", mention_rows)
    if actor_rows:
        con.executemany("INSERT INTO mention_actors VALUES (?, ?, ?, ?, ?, ?, ?)", actor_rows)
    if claim_rows:
        con.executemany("INSERT INTO claims VALUES (?, ?, ?, ?, ?, ?)", claim_rows)
    if contradiction_rows:
        con.executemany("INSERT OR IGNORE INTO contradictions VALUES (?, ?)", contradiction_rows)
    return mention_ids
