"""Analyst review: corrections kept beside the machine codes, never over them.

An analyst accepts a coded event mention, rejects it (with a reason), or corrects one of its
fields (``event_type``, ``mode``, ``source``, ``target``, ``date``, ``place``). Each action is
one row of the ``corrections`` table (who, when, what, old and new value, why); an undo sets
the row's ``undone`` flag, so the history keeps everything that was ever said. The machine's
``mentions`` and ``events`` rows are never written.

**What a correction is keyed on.** A mention's id (``document:e3``) holds the coder's local
event number, which a new coder version may renumber. A correction is keyed instead on the
mention's *stable identity*: ``document_id:trigger_start-trigger_end``, where the document id
comes from the article's content hash and the trigger offsets index its cleaned text. The same
article, re-ingested or re-coded, gets the same key for the same trigger, so its corrections
attach to it again (a re-coding that finds a different trigger for the event loses the link:
the correction stays in the history, attached to nothing). Two mentions on the same trigger
share their review.

**The views.** ``mention_reviews`` (one row per reviewed mention: status and the latest value
of each corrected field), ``event_reviews`` (the same per deduplicated event), and the two
event relations every query reads: ``reviewed_events`` (corrections applied, events whose
every mention is rejected left out; ``reviewed_events_all`` keeps them, for the review queue)
and ``raw_events`` (the machine's events). Both carry
``review_status``: ``unreviewed``, ``accepted``, ``corrected`` or ``rejected``.

The status of a mention replays its active (not undone) rows in order: the latest of them is a
reject → ``rejected``; otherwise any correction → ``corrected``; otherwise ``accepted``.

In files: this module (relations, machine values, writing and reading corrections),
``review_values.py`` (what may be written and its normal form), ``review_queue.py`` (the
queue), ``review_gold.py`` (agreement, coded records and gold from reviews), ``views.py``
(the SQL views).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any

from eventcoder.models import QUAD_CLASS
from eventcoder.store.review_values import (
    ACTIONS,
    MAX_REASON,
    REVIEWER_PATTERN,
    ReviewError,
    actor_vocabulary,
    normalise_value,
)
from eventcoder.store.views import (
    EVENT_RELATIONS,
    FIELDS,
    QUEUE_RELATIONS,
    mention_key,
    mention_key_sql,
)

if TYPE_CHECKING:
    from eventcoder.store.db import Store

# ------------------------------------------------------------------------------ relations
#: Both views of a store nobody has reviewed: the events as stored. The review views cost a
#: scan of the mentions per query, which a store without corrections need not pay.
UNREVIEWED_RELATION = "(SELECT *, 'unreviewed' AS review_status FROM events)"
_PRESENT = "_eventcoder_corrections_present"


def has_corrections(store: Store) -> bool:
    """Whether the store holds any correction (read once per open store, set by writes)."""
    present = getattr(store, _PRESENT, None)
    if present is None:
        row = store.cursor().execute("SELECT count(*) FROM corrections").fetchone()
        present = bool(row and row[0])
        setattr(store, _PRESENT, present)
    return bool(present)


def relation(store: Store, view: str, *, with_rejected: bool = False) -> str:
    """The SQL relation (aliasable as ``e``) of the events in ``view`` for this store.

    ``with_rejected`` keeps events whose every mention is rejected (the review queue). Whether
    the store holds any correction is read once per open store and set by every write
    (DuckDB lets one process write a file, so no other process adds one meanwhile).
    """
    if view not in EVENT_RELATIONS:
        raise ReviewError(f"view: {view!r} is not one of reviewed, raw")
    if not has_corrections(store):
        return UNREVIEWED_RELATION
    return (QUEUE_RELATIONS if with_rejected else EVENT_RELATIONS)[view]


# ---------------------------------------------------------------------- machine values
def _actor_text(actors: list[dict[str, Any]]) -> str:
    return ",".join(
        f"{a['code']}/{a['sector']}" if a.get("sector") else str(a["code"]) for a in actors
    )


def parse_actors(value: str) -> list[dict[str, Any]]:
    """``'AZE/MIL,ARM'`` → ``[{code: AZE, sector: MIL}, {code: ARM, sector: None}]``."""
    codes, _ = actor_vocabulary()
    out = []
    for item in (part for part in value.split(",") if part):
        code, _, sector = item.partition("/")
        out.append({"code": code, "sector": sector or None, "name": codes.get(code), "text": ""})
    return out


def _machine_values(store: Store, mention_id: str) -> dict[str, Any]:
    cursor = store.cursor()
    row = cursor.execute(
        """
        SELECT m.document_id, m.trigger_start, m.trigger_end, m.event_id, m.event_type, m.mode,
               m.date, m.location_name, m.country, m.admin1, m.lat, m.lon, m.geonameid,
               m.section
        FROM mentions m WHERE m.id = ?
        """,
        [mention_id],
    ).fetchone()
    if row is None:
        raise ReviewError(f"no event mention with id {mention_id!r}", status=404)
    (doc, start, end, event_id, event_type, mode, date, name, country, admin1, lat, lon, gid) = row[
        :13
    ]
    section = row[13]
    actors: dict[str, list[dict[str, Any]]] = {"actor": [], "recipient": []}
    for role, code, sector in cursor.execute(
        "SELECT role, code, sector FROM mention_actors WHERE mention_id = ? ORDER BY role, idx",
        [mention_id],
    ).fetchall():
        actors[role].append({"code": code, "sector": sector})
    place = (
        ""
        if lat is None
        else json.dumps(
            {
                "name": name,
                "country": country,
                "admin1": admin1,
                "lat": lat,
                "lon": lon,
                "geonameid": gid,
            },
            sort_keys=True,
        )
    )
    return {
        "document_id": doc,
        "key": mention_key(doc, start, end, section),
        "event_id": event_id,
        "event_type": event_type,
        "mode": mode or "",
        "source": _actor_text(actors["actor"]),
        "target": _actor_text(actors["recipient"]),
        "date": date or "",
        "place": place,
    }


# ------------------------------------------------------------------------------ writing
@contextmanager
def _write_transaction(store: Store) -> Iterator[Any]:
    """One writer at a time (the store's lock) in one DuckDB transaction."""
    if store.read_only:
        raise ReviewError(f"{store.path}: store is read-only; reviews cannot be saved", 409)
    with store._lock:  # the same lock Store.add takes: one writer at a time
        con = store.con
        con.execute("BEGIN TRANSACTION")
        try:
            yield con
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise


def check_reviewer(reviewer: str | None) -> str:
    name = (reviewer or "").strip()
    if not REVIEWER_PATTERN.match(name):
        raise ReviewError(
            "reviewer: give a name of 1-64 letters, digits, spaces or . @ ' - (who reviewed)"
        )
    return name


def record(
    store: Store,
    mention_id: str,
    *,
    reviewer: str,
    action: str,
    field: str | None = None,
    value: str | None = None,
    reason: str | None = None,
) -> dict[str, Any]:
    """Record one review action on a mention; returns the stored correction row.

    ``old_value`` is the field's value before this correction as the reviewed view showed it
    (the machine's value, or the latest earlier correction).
    """
    reviewer = check_reviewer(reviewer)
    if action not in ACTIONS:
        raise ReviewError(f"action: {action!r} is not one of {', '.join(ACTIONS)}")
    reason = (reason or "").strip() or None
    if reason and len(reason) > MAX_REASON:
        raise ReviewError(f"reason: longer than {MAX_REASON} characters")
    if action == "reject" and not reason:
        raise ReviewError("reason: say why the event is rejected")
    new_value: str | None = None
    if action == "correct":
        if field not in FIELDS:
            raise ReviewError(f"field: {field!r} is not one of {', '.join(FIELDS)}")
        new_value = normalise_value(field, value)
    elif field is not None or value is not None:
        raise ReviewError(f"{action} takes no field or value (only correct does)")
    machine = _machine_values(store, mention_id)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with _write_transaction(store) as con:
        old_value = None
        if action == "correct":
            assert field is not None
            previous = con.execute(
                """
                SELECT new_value FROM corrections
                WHERE mention_key = ? AND field = ? AND action = 'correct' AND NOT undone
                ORDER BY id DESC LIMIT 1
                """,
                [machine["key"], field],
            ).fetchone()
            old_value = previous[0] if previous else machine[field]
        next_id = con.execute("SELECT coalesce(max(id), 0) + 1 FROM corrections").fetchone()
        assert next_id is not None
        row = [
            int(next_id[0]),
            machine["key"],
            machine["document_id"],
            machine["event_id"],
            reviewer,
            now,
            action,
            field if action == "correct" else None,
            old_value,
            new_value,
            reason,
            False,
            None,
            None,
        ]
        con.execute(
            "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row
        )
        setattr(store, _PRESENT, True)
    return correction(store, int(next_id[0])) or {}


def undo(store: Store, correction_id: int, *, reviewer: str) -> dict[str, Any]:
    """Mark a correction undone (it stays in the history, with who undid it and when)."""
    reviewer = check_reviewer(reviewer)
    now = dt.datetime.now(dt.UTC).replace(tzinfo=None)
    with _write_transaction(store) as con:
        row = con.execute(
            "SELECT undone FROM corrections WHERE id = ?", [int(correction_id)]
        ).fetchone()
        if row is None:
            raise ReviewError(f"no correction with id {correction_id}", status=404)
        if row[0]:
            raise ReviewError(f"correction {correction_id} is already undone", status=409)
        con.execute(
            "UPDATE corrections SET undone = TRUE, undone_by = ?, undone_at = ? WHERE id = ?",
            [reviewer, now, int(correction_id)],
        )
    return correction(store, int(correction_id)) or {}


# ------------------------------------------------------------------------------ reading
CORRECTION_COLUMNS = (
    "id",
    "mention_key",
    "document_id",
    "event_id",
    "reviewer",
    "created_at",
    "action",
    "field",
    "old_value",
    "new_value",
    "reason",
    "undone",
    "undone_by",
    "undone_at",
)


def correction_dict(row: tuple[Any, ...]) -> dict[str, Any]:
    item = dict(zip(CORRECTION_COLUMNS, row, strict=True))
    for name in ("created_at", "undone_at"):
        if item[name] is not None:
            item[name] = item[name].isoformat()
    return item


def correction(store: Store, correction_id: int) -> dict[str, Any] | None:
    row = (
        store.cursor()
        .execute(
            f"SELECT {', '.join(CORRECTION_COLUMNS)} FROM corrections WHERE id = ?",
            [correction_id],
        )
        .fetchone()
    )
    return correction_dict(row) if row else None


def history(store: Store, mention_ids: list[str]) -> dict[str, list[dict[str, Any]]]:
    """Every correction (undone ones too) of these mentions, oldest first, by mention id."""
    if not mention_ids:
        return {}
    found: dict[str, list[dict[str, Any]]] = {mention_id: [] for mention_id in mention_ids}
    cursor = store.cursor().execute(
        f"""
        SELECT m.id, {", ".join("c." + c for c in CORRECTION_COLUMNS)}
        FROM mentions m
        JOIN corrections c ON c.document_id = m.document_id
             AND c.mention_key = {mention_key_sql("m")}
        WHERE list_contains(?, m.id) ORDER BY m.id, c.id
        """,
        [mention_ids],
    )
    for row in cursor.fetchall():
        found[row[0]].append(correction_dict(row[1:]))
    return found


def states(store: Store, mention_ids: list[str]) -> dict[str, dict[str, Any]]:
    """The review state of each mention: ``status`` and the corrected ``fields``."""
    if not mention_ids:
        return {}
    columns = ", ".join(f"{field}, {field}_at" for field in FIELDS)
    cursor = store.cursor().execute(
        f"""
        SELECT mention_id, mention_key, status, actions, {columns}
        FROM mention_reviews WHERE list_contains(?, mention_id)
        """,
        [mention_ids],
    )
    found: dict[str, dict[str, Any]] = {}
    for row in cursor.fetchall():
        mention_id, key, status, actions, *values = row
        fields = {}
        for i, field in enumerate(FIELDS):
            if values[2 * i + 1] is not None:
                fields[field] = values[2 * i]
        found[mention_id] = {"key": key, "status": status, "actions": actions, "fields": fields}
    return found


def apply_to_mention(mention: dict[str, Any], state: dict[str, Any] | None) -> dict[str, Any]:
    """A mention dict (``get_event``'s or a coded record's event) with corrections applied.

    Works on both shapes: ``actor``/``recipient`` lists of ``{code, sector, ...}``,
    ``location`` dict or None, ``date``/``date_precision``.
    """
    if not state:
        return mention
    out = dict(mention)
    fields = state["fields"]
    if "event_type" in fields:
        out["event_type"] = fields["event_type"]
        if "quad_class" in out:
            out["quad_class"] = QUAD_CLASS.get(fields["event_type"])
    if "mode" in fields:
        out["mode"] = fields["mode"] or None
    if "source" in fields:
        out["actor"] = parse_actors(fields["source"])
    if "target" in fields:
        out["recipient"] = parse_actors(fields["target"])
    if "date" in fields:
        value = fields["date"]
        out["date"] = value or None
        out["date_precision"] = {4: "year", 7: "month", 10: "day"}.get(len(value), "none")
    if "place" in fields:
        out["location"] = json.loads(fields["place"]) if fields["place"] else None
    return out


def review_info(state: dict[str, Any] | None, log: list[dict[str, Any]]) -> dict[str, Any]:
    """The ``review`` block attached to each mention by the query layer."""
    return {
        "status": state["status"] if state else "unreviewed",
        "corrected": sorted(state["fields"]) if state else [],
        "history": log,
    }
