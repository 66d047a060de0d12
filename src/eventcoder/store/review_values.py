"""Review: what an analyst may write (actions, statuses, limits), the values a correction may
take (modes of a type, actor codes and sectors, gazetteer places) and their normal form."""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from eventcoder.errors import EventcoderError
from eventcoder.models import PLOVER_TYPES
from eventcoder.paths import data_path
from eventcoder.store.views import (
    FIELDS,
)

if TYPE_CHECKING:
    pass

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
