"""The query layer: THE one place that turns filters into SQL, for the CLI and the web API.

Every function takes an open :class:`~eventcoder.store.db.Store` and returns plain JSON-ready
dicts (dates as ISO strings). Filter values are always bound parameters, never interpolated;
sort columns come from an allow-list.

The filters are ``store/filters.py``, the document queries ``store/documents.py``; this module
is what callers import (it names them all in ``__all__``), and holds the event queries.
"""

from __future__ import annotations

import json
from typing import Any, Literal

from eventcoder.models import QUAD_CLASS
from eventcoder.store import review, review_gold
from eventcoder.store.db import Store, open_store
from eventcoder.store.documents import (
    count_documents,
    get_document,
    json_rows,
    jsonable,
    list_documents,
    list_failures,
)
from eventcoder.store.filters import (
    EVENT_SORT_COLUMNS,
    EventFilter,
    event_where,
    order_by,
)
from eventcoder.store.records import EVENT_COLUMNS, StoredEvent, mention_location

__all__ = [
    "EVENT_COLUMNS",
    "EVENT_SORT_COLUMNS",
    "EventFilter",
    "Store",
    "StoredEvent",
    "count_documents",
    "count_events",
    "event_where",
    "get_document",
    "get_event",
    "list_actors",
    "list_documents",
    "list_events",
    "list_failures",
    "open_store",
    "stats",
]


def events_relation(store: Store, event_filter: EventFilter | None) -> str:
    """The relation events are read from in the filter's view (``store/review.py``)."""
    return review.relation(store, (event_filter or EventFilter()).view)


def list_events(store: Store, event_filter: EventFilter | None = None) -> list[StoredEvent]:
    """Events (deduplicated clusters) matching the filter, one dict per event."""
    f = event_filter or EventFilter()
    where, params = event_where(f)
    cursor = store.cursor().execute(
        f"""
        SELECT {", ".join("e." + c for c in EVENT_COLUMNS)}
        FROM {events_relation(store, f)} e WHERE {where}
        ORDER BY {order_by(f)}
        LIMIT ? OFFSET ?
        """,
        [*params, f.limit, f.offset],
    )
    return json_rows(cursor)  # type: ignore[return-value]  # the columns of StoredEvent


def event_documents(store: Store, event_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """The articles each event was merged from: ``{event id: [{id, title, outlet,
    published}, ...]}``, earliest first, so a merged event shows where it came from."""
    if not event_ids:
        return {}
    cursor = store.cursor().execute(
        """
        SELECT DISTINCT m.event_id, d.id, d.title, d.outlet, d.published
        FROM mentions m JOIN documents d ON d.id = m.document_id
        WHERE m.event_id IN (SELECT unnest(?::VARCHAR[]))
        ORDER BY m.event_id, d.published NULLS LAST, d.id
        """,
        [event_ids],
    )
    found: dict[str, list[dict[str, Any]]] = {event_id: [] for event_id in event_ids}
    for event_id, doc_id, title, outlet, published in cursor.fetchall():
        found[event_id].append(
            {"id": doc_id, "title": title, "outlet": outlet, "published": jsonable(published)}
        )
    return found


def count_events(store: Store, event_filter: EventFilter | None = None) -> int:
    """How many events match the filter (ignoring limit and offset)."""
    where, params = event_where(event_filter or EventFilter())
    relation = events_relation(store, event_filter)
    row = (
        store.cursor()
        .execute(f"SELECT count(*) FROM {relation} e WHERE {where}", params)
        .fetchone()
    )
    return int(row[0]) if row else 0


def _mention_actors(store: Store, mention_ids: list[str]) -> dict[tuple[str, str], list[dict]]:
    actors: dict[tuple[str, str], list[dict]] = {}
    if not mention_ids:
        return actors
    cursor = store.cursor().execute(
        """
        SELECT mention_id, role, code, sector, name, text FROM mention_actors
        WHERE list_contains(?, mention_id) ORDER BY mention_id, role, idx
        """,
        [mention_ids],
    )
    for row in json_rows(cursor):
        key = (row.pop("mention_id"), row.pop("role"))
        actors.setdefault(key, []).append(row)
    return actors


def get_event(
    store: Store, event_id: str, view: Literal["reviewed", "raw"] = "reviewed"
) -> dict[str, Any] | None:
    """One event with every mention: its document, actors, evidence, attribution, contradictions.

    Each mention carries ``review`` (status, corrected fields, history); in the reviewed view
    its fields show the corrections (``store/review.py``).
    """
    relation = review.relation(store, view)
    cursor = store.cursor().execute(
        f"SELECT {', '.join(EVENT_COLUMNS)} FROM {relation} WHERE id = ?", [event_id]
    )
    rows = json_rows(cursor)
    if not rows:
        return None
    event = rows[0]
    mentions = json_rows(
        store.cursor().execute(
            """
            SELECT m.id, m.document_id, d.title AS document_title, d.url AS document_url,
                   d.outlet, d.published, d.kind AS document_kind,
                   m.event_local_id, m.event_type, m.mode, m.context, m.date, m.date_precision,
                   m.location_name, m.country, m.admin1, m.lat, m.lon, m.geonameid,
                   m.negated, m.future, m.hypothetical, m.historical,
                   m.is_claim, c.claimant_code, c.claimant_sector, c.claimant_name, c.cue,
                   m.sentence_index, m.sentence, m.sentence_start, m.sentence_end,
                   m.trigger_text, m.trigger_start, m.trigger_end, m.confidence,
                   m.explanation, m.section
            FROM mentions m
            JOIN documents d ON d.id = m.document_id
            LEFT JOIN claims c ON c.mention_id = m.id
            WHERE m.event_id = ?
            ORDER BY d.published NULLS LAST, m.document_id, m.sentence_index, m.id
            """,
            [event_id],
        )
    )
    ids = [m["id"] for m in mentions]
    actors = _mention_actors(store, ids)
    contradictions: dict[str, list[dict]] = {}
    if ids:
        for row in json_rows(
            store.cursor().execute(
                """
                SELECT c.mention_id, c.contradicts_mention_id AS mention, o.event_id AS event_id,
                       o.event_type, o.sentence
                FROM contradictions c JOIN mentions o ON o.id = c.contradicts_mention_id
                WHERE list_contains(?, c.mention_id) ORDER BY c.contradicts_mention_id
                """,
                [ids],
            )
        ):
            contradictions.setdefault(row.pop("mention_id"), []).append(row)
    event["mentions"] = [
        {
            "id": m["id"],
            "document": {
                "id": m["document_id"],
                "title": m["document_title"],
                "url": m["document_url"],
                "outlet": m["outlet"],
                "published": m["published"],
                "kind": m["document_kind"],
            },
            "event_local_id": m["event_local_id"],
            "event_type": m["event_type"],
            "mode": m["mode"],
            "context": m["context"],
            "actor": actors.get((m["id"], "actor"), []),
            "recipient": actors.get((m["id"], "recipient"), []),
            "date": m["date"],
            "date_precision": m["date_precision"],
            "location": mention_location(m),
            "modality": {k: m[k] for k in ("negated", "future", "hypothetical", "historical")},
            "attribution": {
                "claim": m["is_claim"],
                "claimant": None
                if m["claimant_code"] is None
                else {
                    "code": m["claimant_code"],
                    "sector": m["claimant_sector"],
                    "name": m["claimant_name"],
                },
                "cue": m["cue"],
            },
            "contradicts": contradictions.get(m["id"], []),
            "evidence": {
                "sentence_index": m["sentence_index"],
                "sentence": m["sentence"],
                "start": m["sentence_start"],
                "end": m["sentence_end"],
                "trigger": {
                    "text": m["trigger_text"],
                    "start": m["trigger_start"],
                    "end": m["trigger_end"],
                },
                "section": m["section"],
            },
            "confidence": m["confidence"],
            "explanation": json.loads(m["explanation"]) if m["explanation"] else None,
        }
        for m in mentions
    ]
    review_states = review.states(store, ids)
    logs = review.history(store, ids)
    for mention in event["mentions"]:
        state = review_states.get(mention["id"])
        mention["review"] = review.review_info(state, logs.get(mention["id"], []))
    if view == "reviewed":
        event["mentions"] = [
            review.apply_to_mention(mention, review_states.get(mention["id"]))
            for mention in event["mentions"]
        ]
    event["view"] = view
    return event


def list_actors(
    store: Store, event_filter: EventFilter | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Actor codes in the matching events: how many events each is source / target of."""
    f = event_filter or EventFilter()
    where, params = event_where(f)
    cursor = store.cursor().execute(
        f"""
        WITH ev AS (
            SELECT e.id, e.source_codes, e.target_codes FROM {events_relation(store, f)} e
            WHERE {where}
        ),
        roles AS (
            SELECT id, unnest(source_codes) AS code, 'source' AS role FROM ev
            UNION ALL
            SELECT id, unnest(target_codes) AS code, 'target' AS role FROM ev
        ),
        names AS (
            SELECT code, arg_max(name, n) AS name FROM (
                SELECT code, name, count(*) AS n FROM mention_actors
                WHERE name IS NOT NULL AND name <> '' GROUP BY code, name
            ) GROUP BY code
        )
        SELECT r.code, names.name,
               count(DISTINCT r.id) FILTER (WHERE r.role = 'source') AS as_source,
               count(DISTINCT r.id) FILTER (WHERE r.role = 'target') AS as_target,
               count(DISTINCT r.id) AS num_events
        FROM roles r LEFT JOIN names ON names.code = r.code
        GROUP BY r.code, names.name
        ORDER BY num_events DESC, r.code
        LIMIT ?
        """,
        [*params, max(1, min(int(limit), 100_000))],
    )
    rows = json_rows(cursor)
    # A state is named after itself, not after its most quoted official ("IRN: Nasser Kanaani").
    from eventcoder.store.mappings import countries

    country_names = countries()
    for row in rows:
        if row["code"] in country_names:
            row["name"] = country_names[row["code"]][1]
    return rows


def stats(store: Store, event_filter: EventFilter | None = None) -> dict[str, Any]:
    """Counts of the matching events by type, quad class, actor dyad and month."""
    f = event_filter or EventFilter()
    where, params = event_where(f)
    cur = store.cursor()

    def grouped(select: str, group: str, order: str, limit: int | None = None) -> list[dict]:
        sql = (
            f"SELECT {select}, count(*) AS events, sum(num_mentions)::BIGINT AS mentions "
            f"FROM {events_relation(store, f)} e WHERE {where} GROUP BY {group} ORDER BY {order}"
        )
        if limit:
            sql += f" LIMIT {int(limit)}"
        return json_rows(cur.execute(sql, params))

    totals = cur.execute(
        f"""
        SELECT count(*), coalesce(sum(num_mentions), 0)::BIGINT,
               count(*) FILTER (WHERE num_articles > 1)
        FROM {events_relation(store, f)} e WHERE {where}
        """,
        params,
    ).fetchone()
    assert totals is not None
    documents = cur.execute("SELECT count(*) FROM documents").fetchone()
    failures = cur.execute("SELECT count(*) FROM failures").fetchone()
    by_type = grouped("e.event_type", "e.event_type", "events DESC, e.event_type")
    by_quad = grouped("e.quad_class", "e.quad_class", "events DESC, e.quad_class")
    # Fill absent quad classes with zero so charts always get all four.
    present = {row["quad_class"] for row in by_quad}
    by_quad += [
        {"quad_class": q, "events": 0, "mentions": 0}
        for q in dict.fromkeys(QUAD_CLASS.values())
        if q not in present
    ]
    return {
        "filter": f.model_dump(mode="json", exclude={"limit", "offset", "sort", "order"}),
        "documents": int(documents[0]) if documents else 0,
        "failures": int(failures[0]) if failures else 0,
        "events": int(totals[0]),
        "mentions": int(totals[1]),
        "multi_article_events": int(totals[2]),
        "by_type": by_type,
        "by_review_status": grouped(
            "e.review_status", "e.review_status", "events DESC, e.review_status"
        ),
        "review_agreement": review_gold.agreement(store),
        "by_quad_class": by_quad,
        "by_dyad": grouped(
            "array_to_string(e.source_codes, '|') AS source, "
            "array_to_string(e.target_codes, '|') AS target",
            "e.source_codes, e.target_codes",
            "events DESC, source, target",
            limit=50,
        ),
        "by_month": grouped(
            "strftime(e.date, '%Y-%m') AS month",
            "strftime(e.date, '%Y-%m')",
            "month NULLS LAST",
        ),
    }
