"""The review queue: event mentions to review, by status, with what an analyst needs to judge
each (sentence, machine codes, corrections so far)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from eventcoder.store.records import mention_location
from eventcoder.store.review import apply_to_mention, history, review_info, states
from eventcoder.store.review_values import STATUSES, ReviewError

if TYPE_CHECKING:
    from eventcoder.store.db import Store

QUEUE_STATUSES = ("unreviewed", "reviewed", "all", *STATUSES[1:])


def queue(
    store: Store,
    event_where: tuple[str, list[Any]],
    *,
    relation: str,
    status: str = "unreviewed",
    limit: int = 50,
    offset: int = 0,
) -> tuple[int, list[dict[str, Any]]]:
    """Mentions to review, contested first, then lowest confidence: ``(total, page)``.

    *Contested* mentions are claims or are contradicted by another mention (``contradictions``
    in either direction): the analyst checks the reports people disagree on first. The events
    are filtered with the page's ``EventFilter`` (``event_where`` over ``relation`` ``e``).
    """
    if status not in QUEUE_STATUSES:
        raise ReviewError(f"status: {status!r} is not one of {', '.join(QUEUE_STATUSES)}")
    where, params = event_where
    status_sql = {
        "unreviewed": "r.mention_id IS NULL",
        "reviewed": "r.mention_id IS NOT NULL",
        "all": "TRUE",
    }.get(status, "r.status = ?")
    status_params = [status] if status in STATUSES[1:] else []
    base = f"""
        FROM mentions m
        JOIN {relation} e ON e.id = m.event_id
        LEFT JOIN mention_reviews r ON r.mention_id = m.id
        WHERE {where} AND {status_sql}
    """
    cursor = store.cursor()
    total_row = cursor.execute(f"SELECT count(*) {base}", [*params, *status_params]).fetchone()
    total = int(total_row[0]) if total_row else 0
    rows = cursor.execute(
        f"""
        SELECT m.id,
               (m.is_claim OR EXISTS (SELECT 1 FROM contradictions c
                   WHERE c.mention_id = m.id OR c.contradicts_mention_id = m.id)) AS contested
        {base}
        ORDER BY contested DESC, m.confidence ASC, m.id ASC
        LIMIT ? OFFSET ?
        """,
        [*params, *status_params, max(1, min(int(limit), 1000)), max(0, int(offset))],
    ).fetchall()
    return total, [{"mention_id": row[0], "contested": bool(row[1])} for row in rows]


def mention_details(store: Store, mention_ids: list[str]) -> list[dict[str, Any]]:
    """Queue items: the machine's codes, the reviewed codes, evidence, review state, history."""
    if not mention_ids:
        return []
    cursor = store.cursor().execute(
        """
        SELECT m.id, m.event_id, m.document_id, d.title, d.published, m.event_type, m.mode,
               m.date, m.date_precision, m.location_name, m.country, m.admin1, m.lat, m.lon,
               m.geonameid, m.sentence, m.sentence_start, m.trigger_text, m.trigger_start,
               m.trigger_end, m.confidence, m.is_claim, c.claimant_code, c.cue, m.section
        FROM mentions m JOIN documents d ON d.id = m.document_id
        LEFT JOIN claims c ON c.mention_id = m.id
        WHERE list_contains(?, m.id)
        """,
        [mention_ids],
    )
    names = [d[0] for d in cursor.description]
    rows = {row[0]: dict(zip(names, row, strict=True)) for row in cursor.fetchall()}
    actors: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for mention_id, role, code, sector, name, text in (
        store.cursor()
        .execute(
            """
            SELECT mention_id, role, code, sector, name, text FROM mention_actors
            WHERE list_contains(?, mention_id) ORDER BY mention_id, role, idx
            """,
            [mention_ids],
        )
        .fetchall()
    ):
        actors.setdefault((mention_id, role), []).append(
            {"code": code, "sector": sector, "name": name, "text": text}
        )
    review_states = states(store, mention_ids)
    logs = history(store, mention_ids)
    out = []
    for mention_id in mention_ids:
        m = rows.get(mention_id)
        if m is None:
            continue
        machine = {
            "event_type": m["event_type"],
            "mode": m["mode"],
            "actor": actors.get((mention_id, "actor"), []),
            "recipient": actors.get((mention_id, "recipient"), []),
            "date": m["date"],
            "date_precision": m["date_precision"],
            "location": mention_location(m),
        }
        state = review_states.get(mention_id)
        start = m["trigger_start"] - m["sentence_start"]
        out.append(
            {
                "id": mention_id,
                "event_id": m["event_id"],
                "document": {
                    "id": m["document_id"],
                    "title": m["title"],
                    "published": m["published"].isoformat() if m["published"] else None,
                },
                "sentence": m["sentence"],
                "section": m["section"],  # 'title': the sentence is the headline
                "trigger": {
                    "text": m["trigger_text"],
                    "start": start,
                    "end": start + (m["trigger_end"] - m["trigger_start"]),
                },
                "confidence": m["confidence"],
                "claim": {"claimant": m["claimant_code"], "cue": m["cue"]}
                if m["is_claim"]
                else None,
                "machine": machine,
                "reviewed": apply_to_mention(machine, state),
                "review": review_info(state, logs.get(mention_id, [])),
            }
        )
    return out
