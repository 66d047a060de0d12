"""Learning from review: agreement of the machine with the analysts by type, and the reviewed
events as coded records and as gold articles (``eventcoder export --format gold``)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from eventcoder.store.review import apply_to_mention, has_corrections, states
from eventcoder.store.write import unpack_coded

if TYPE_CHECKING:
    from eventcoder.store.db import Store


def agreement(store: Store) -> list[dict[str, Any]]:
    """Machine vs reviewed, per machine event type, over the reviewed mentions.

    ``agreed``: accepted as coded (no correction, not rejected); ``retyped``: the type was
    corrected; ``other_fields``: kept its type but had another field corrected; ``rejected``:
    not an event. ``type_agreement`` is the share of reviewed mentions whose type stood
    (accepted or corrected elsewhere), ``agreement`` the share accepted untouched.
    """
    if not has_corrections(store):
        return []
    rows = (
        store.cursor()
        .execute(
            """
            SELECT m.event_type,
                   count(*) AS reviewed,
                   count(*) FILTER (WHERE r.status = 'accepted') AS agreed,
                   count(*) FILTER (WHERE r.status = 'rejected') AS rejected,
                   count(*) FILTER (WHERE r.status = 'corrected' AND r.event_type_at IS NOT NULL
                                    AND r.event_type <> m.event_type) AS retyped
            FROM mention_reviews r JOIN mentions m ON m.id = r.mention_id
            GROUP BY m.event_type ORDER BY reviewed DESC, m.event_type
            """
        )
        .fetchall()
    )
    out = []
    for event_type, reviewed, agreed, rejected, retyped in rows:
        kept_type = reviewed - rejected - retyped
        out.append(
            {
                "event_type": event_type,
                "reviewed": reviewed,
                "agreed": agreed,
                "retyped": retyped,
                "other_fields": kept_type - agreed,
                "rejected": rejected,
                "agreement": round(agreed / reviewed, 4) if reviewed else None,
                "type_agreement": round(kept_type / reviewed, 4) if reviewed else None,
            }
        )
    return out


def coded_records(
    store: Store, *, view: str = "reviewed", reviewed_only: bool = False
) -> Iterator[dict[str, Any]]:
    """Stored articles as ``eventcoder code --format jsonl`` records, in the chosen view.

    ``reviewed``: corrections applied to each event, rejected events dropped; ``raw``: the
    machine's record as stored. ``reviewed_only`` keeps only articles with a reviewed mention.
    Each event also gets ``review`` (status, corrected fields). Yields dicts.
    """
    cursor = store.cursor()
    doc_filter = (
        "WHERE d.id IN (SELECT document_id FROM mentions WHERE id IN "
        "(SELECT mention_id FROM mention_reviews))"
        if reviewed_only
        else ""
    )
    ids = [
        row[0]
        for row in cursor.execute(
            f"SELECT d.id FROM documents d {doc_filter} ORDER BY d.published NULLS LAST, d.id"
        ).fetchall()
    ]
    for doc_id in ids:
        row = (
            store.cursor()
            .execute("SELECT coded_zlib FROM documents WHERE id = ?", [doc_id])
            .fetchone()
        )
        if row is None:  # pragma: no cover - ids were just read
            continue
        record = json.loads(unpack_coded(row[0]))
        mention_ids = [f"{doc_id}:{event['id']}" for event in record.get("events", [])]
        review_states = states(store, mention_ids)
        events = []
        for event, mention_id in zip(record.get("events", []), mention_ids, strict=True):
            state = review_states.get(mention_id)
            status = state["status"] if state else "unreviewed"
            if view == "reviewed":
                if status == "rejected":
                    continue
                event = apply_to_mention(event, state)
            event["review"] = {
                "status": status,
                "corrected": sorted(state["fields"]) if state else [],
            }
            events.append(event)
        record["events"] = events
        record["store_document_id"] = doc_id
        yield record


def gold_articles(store: Store) -> list[dict[str, Any]]:
    """Reviewed articles in the gold format ``eventcoder evaluate events`` reads.

    One gold article per article with at least one reviewed mention; its events are the
    mentions reviewed as accepted or corrected (rejected ones are not events), each with the
    reviewed type, mode, actors, date and place, level ``must`` (``historical`` when the
    coder marked it historical), and the whole evidence sentence as ``sentence_contains``.
    Unreviewed mentions are left out: the gold holds what a person confirmed.
    """
    articles = []
    for record in coded_records(store, view="reviewed", reviewed_only=True):
        document = record.get("document") or {}
        events = []
        for event in record["events"]:
            if event["review"]["status"] not in ("accepted", "corrected"):
                continue
            modality = event.get("modality") or {}
            gold_event: dict[str, Any] = {
                "id": f"R{len(events) + 1:02d}",
                "level": "historical" if modality.get("historical") else "must",
                "sentence_contains": (event.get("evidence") or {}).get("sentence", ""),
                "type": event["event_type"],
                "source": [_gold_actor(a) for a in event.get("actor") or [] if a.get("code")],
                "target": [_gold_actor(a) for a in event.get("recipient") or [] if a.get("code")],
                "review": event["review"],
            }
            if event.get("mode"):
                gold_event["mode"] = event["mode"]
            if event.get("date"):
                gold_event["date"] = event["date"]
                gold_event["date_precision"] = event.get("date_precision")
            location = event.get("location")
            if location:
                gold_event["places"] = [location.get("name")]
            attribution = event.get("attribution") or {}
            gold_event["attribution"] = (
                {
                    "claim": True,
                    "claimant": {"country": (attribution.get("claimant") or {}).get("code")},
                }
                if attribution.get("claim")
                else {"asserted_by": "article"}
            )
            events.append(gold_event)
        articles.append(
            {
                "about": "Reviewed in eventcoder (eventcoder export --format gold): the events "
                "analysts accepted or corrected, with their corrections applied.",
                "input": {
                    "file": document.get("id") or record["store_document_id"],
                    "published": document.get("published"),
                    "store_document_id": record["store_document_id"],
                },
                "document": {"title": document.get("title"), "kind": document.get("kind")},
                "events": events,
            }
        )
    return articles


def _gold_actor(actor: dict[str, Any]) -> dict[str, Any]:
    out = {"country": actor["code"]}
    if actor.get("sector"):
        out["sector"] = actor["sector"]
    return out
