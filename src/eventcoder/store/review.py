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
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.errors import EventcoderError
from eventcoder.models import PLOVER_TYPES, QUAD_CLASS
from eventcoder.paths import data_path
from eventcoder.store.views import (
    EVENT_RELATIONS,
    FIELDS,
    QUEUE_RELATIONS,
    mention_key,
    mention_key_sql,
)

if TYPE_CHECKING:
    from eventcoder.store.db import Store

ACTIONS = ("accept", "reject", "correct")
STATUSES = ("unreviewed", "accepted", "corrected", "rejected")
#: Longest reviewer name and reason kept (a name is a label, a reason a sentence or two).
MAX_REVIEWER = 64
MAX_REASON = 2000
REVIEWER_PATTERN = re.compile(r"^[\w][\w .@'-]{0,63}$")
DATE_PATTERN = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")

DATA = data_path()


class ReviewError(EventcoderError):
    """A review that cannot be recorded: unknown mention, invalid value, read-only store."""

    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.status = status


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


# ------------------------------------------------------------------------ valid values
def _tsv_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            if line.startswith("#") or not line.strip():
                continue
            yield line.rstrip("\n").split("\t")


@lru_cache(maxsize=1)
def modes_by_type() -> dict[str, list[str]]:
    """PLOVER modes the coder's own data can give each type (the mode pickers' choices).

    Read from the trigger lexicon (``core_triggers.tsv``: type in column 4, mode in 5), the
    mode cues (``cues.tsv`` rows ``mode TYPE word MODE``), and the CAMEO tables
    (``cameo_patterns.tsv``, ``store/cameo_plover.tsv``: ``event_type``/``plover_type`` and
    ``mode`` columns).
    """
    found: dict[str, set[str]] = {t: set() for t in PLOVER_TYPES}

    def add(event_type: str, mode: str) -> None:
        if event_type in found and mode and mode != "-":
            found[event_type].add(mode)

    events = DATA / "events"
    for row in _tsv_rows(events / "core_triggers.tsv"):
        if len(row) > 4:
            add(row[3], row[4])
    for row in _tsv_rows(events / "cues.tsv"):
        if row[0] == "mode" and len(row) > 3:
            add(row[1], row[3])
    for path, type_column in (
        (events / "cameo_patterns.tsv", "event_type"),
        (DATA / "store" / "cameo_plover.tsv", "plover_type"),
    ):
        rows = list(_tsv_rows(path))
        header = rows[0]
        t, m = header.index(type_column), header.index("mode")
        for row in rows[1:]:
            if len(row) > max(t, m):
                add(row[t], row[m])
    return {t: sorted(modes) for t, modes in found.items()}


@lru_cache(maxsize=1)
def actor_vocabulary() -> tuple[dict[str, str], tuple[str, ...]]:
    """Actor codes (ISO3 states, IGOs, the generic group codes) with names, and sectors.

    States from ``actors/countries.tsv``, IGOs from ``actors/igos.tsv``, and every code and
    sector the actor dictionaries assign (``agents.tsv``, ``groups*.tsv``, ``states*.tsv``),
    so a picker offers exactly the codes the coder itself can give.
    """
    actors = DATA / "actors"
    codes: dict[str, str] = {}
    for row in list(_tsv_rows(actors / "countries.tsv"))[1:]:
        codes[row[0]] = row[1]
    for row in _tsv_rows(actors / "igos.tsv"):
        codes.setdefault(row[0], row[1] if len(row) > 1 else row[0])
    sectors: set[str] = set()
    for name in ("agents.tsv", "groups.tsv", "groups_extra.tsv", "states.tsv", "states_extra.tsv"):
        path = actors / name
        if not path.exists():
            continue
        rows = list(_tsv_rows(path))
        header = rows[0]
        code_at = header.index("code") if "code" in header else None
        sector_at = header.index("sector") if "sector" in header else None
        for row in rows[1:]:
            if code_at is not None and len(row) > code_at and row[code_at]:
                code = row[code_at]
                if re.fullmatch(r"[A-Z]{2,5}", code):
                    codes.setdefault(code, code)
            if sector_at is not None and len(row) > sector_at and row[sector_at]:
                sectors.add(row[sector_at])
    return codes, tuple(sorted(s for s in sectors if re.fullmatch(r"[A-Z]{3}", s)))


def find_places(name: str, limit: int = 20) -> list[dict[str, Any]]:
    """Gazetteer entries named ``name`` (any spelling the gazetteer knows): that very name first."""
    from eventcoder.geo.gazetteer import load_gazetteer, normalise_name

    places = load_gazetteer().lookup(name)
    wanted = normalise_name(name)
    # the place of that very name first (the lookup also finds other spellings), then the
    # most populous
    places = sorted(places, key=lambda p: (normalise_name(p.name) != wanted, -p.population))
    return [
        {
            "geonameid": p.geonameid,
            "name": p.name,
            "country": p.country,
            "admin1": p.admin1,
            "lat": round(p.lat, 5),
            "lon": round(p.lon, 5),
            "feature_code": p.feature_code,
        }
        for p in places[:limit]
        if p.geonameid is not None
    ]


def normalise_value(field: str, value: str | None) -> str:
    """The stored form of a corrected value; :class:`ReviewError` when it is not valid.

    ``event_type``: a PLOVER type. ``mode``: a mode the coder's data knows ('' for none).
    ``source``/``target``: ``CODE`` or ``CODE/SECTOR``, comma-separated ('' for nobody).
    ``date``: ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` ('' for undated). ``place``: a
    gazetteer place as ``name|geonameid`` or a bare geonameid looked up by name ('' for none).
    """
    text = (value or "").strip()
    if field == "event_type":
        if text.upper() not in PLOVER_TYPES:
            raise ReviewError(f"event_type: {text!r} is not a PLOVER type")
        return text.upper()
    if field == "mode":
        known = {mode for modes in modes_by_type().values() for mode in modes}
        if text and text not in known:
            raise ReviewError(f"mode: {text!r} is not a PLOVER mode eventcoder knows")
        return text
    if field in ("source", "target"):
        codes, sectors = actor_vocabulary()
        parts = []
        for item in (part.strip() for part in text.split(",")):
            if not item:
                continue
            code, _, sector = item.upper().partition("/")
            if code not in codes:
                raise ReviewError(f"{field}: {code!r} is not an actor code (ISO3 or IGO)")
            if sector and sector not in sectors:
                raise ReviewError(f"{field}: {sector!r} is not a sector code")
            parts.append(f"{code}/{sector}" if sector else code)
        return ",".join(dict.fromkeys(parts))
    if field == "date":
        if not text:
            return ""
        if not DATE_PATTERN.match(text):
            raise ReviewError(f"date: {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
        padded = text + "-01-01"[: 10 - len(text)] if len(text) < 10 else text
        try:
            dt.date.fromisoformat(padded)
        except ValueError:
            raise ReviewError(f"date: {text!r} is not a calendar date") from None
        return text
    if field == "place":
        if not text:
            return ""
        name, _, geonameid = text.rpartition("|")
        if not geonameid.isdigit() or not name:
            raise ReviewError(f"place: {text!r} is not NAME|GEONAMEID from the place picker")
        for place in find_places(name, limit=1000):
            if place["geonameid"] == int(geonameid):
                place.pop("feature_code")
                return json.dumps(place, sort_keys=True)
        raise ReviewError(f"place: no gazetteer place {name!r} with geonameid {geonameid}")
    raise ReviewError(f"unknown field {field!r} (one of {', '.join(FIELDS)})")


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
               m.date, m.location_name, m.country, m.admin1, m.lat, m.lon, m.geonameid
        FROM mentions m WHERE m.id = ?
        """,
        [mention_id],
    ).fetchone()
    if row is None:
        raise ReviewError(f"no event mention with id {mention_id!r}", status=404)
    (doc, start, end, event_id, event_type, mode, date, name, country, admin1, lat, lon, gid) = row
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
        "key": mention_key(doc, start, end),
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


def _correction_dict(row: tuple[Any, ...]) -> dict[str, Any]:
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
    return _correction_dict(row) if row else None


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
        found[row[0]].append(_correction_dict(row[1:]))
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


# ------------------------------------------------------------------------ the queue
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
               m.trigger_end, m.confidence, m.is_claim, c.claimant_code, c.cue
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
            "location": None
            if m["lat"] is None
            else {
                "name": m["location_name"],
                "country": m["country"],
                "admin1": m["admin1"],
                "lat": m["lat"],
                "lon": m["lon"],
                "geonameid": m["geonameid"],
            },
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


# ----------------------------------------------------------------- learning from review
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
            store.cursor().execute("SELECT coded FROM documents WHERE id = ?", [doc_id]).fetchone()
        )
        if row is None:  # pragma: no cover - ids were just read
            continue
        record = json.loads(row[0])
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
