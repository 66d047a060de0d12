"""The project's own place aliases: regions and transliterations GeoNames lacks or spells otherwise.

The table lives in ``data/places/aliases.tsv`` (one place per line, its spellings ``|``-separated,
with the source of its coordinates). The geocoder looks aliases up before the GeoNames
gazetteer, and :func:`entity_ruler_patterns` turns them into spaCy EntityRuler patterns so that
rare transliterations ("Dashkesen", "Kelbacer") are tagged GPE/LOC rather than PERSON.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from eventcoder.errors import EventcoderError
from eventcoder.paths import data_path

ALIASES_FILE = "aliases.tsv"
PLACES_DATA_DIR = data_path("places")
_COLUMNS = 10
#: Label of alias lines the geocoder looks up but the entity ruler does not tag (a bare
#: "Atlantic" would split "Atlantic City"; "White House" is the actors stage's to tag).
LOOKUP_ONLY = "-"


@dataclass(frozen=True, slots=True)
class AliasPlace:
    """One place of the alias table, with every spelling it is known by."""

    spellings: tuple[str, ...]
    name: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    geonameid: int | None
    feature_code: str | None
    label: str  # spaCy entity label for the ruler: GPE or LOC; "-" for lookup-only spellings
    source: str


def _parse_line(line: str, line_number: int) -> AliasPlace:
    cells = line.rstrip("\n").split("\t")
    if len(cells) != _COLUMNS:
        raise EventcoderError(
            f"{ALIASES_FILE}:{line_number}: expected {_COLUMNS} tab-separated columns, "
            f"found {len(cells)}"
        )
    spellings, name, country, admin1, lat, lon, geonameid, feature_code, label, source = cells
    return AliasPlace(
        spellings=tuple(s.strip() for s in spellings.split("|") if s.strip()),
        name=name,
        country=country or None,
        admin1=admin1 or None,
        lat=float(lat),
        lon=float(lon),
        geonameid=int(geonameid) if geonameid else None,
        feature_code=feature_code or None,
        label=label,
        source=source,
    )


@lru_cache(maxsize=1)
def load_aliases() -> tuple[AliasPlace, ...]:
    """The alias table, read once per process."""
    text = (PLACES_DATA_DIR / ALIASES_FILE).read_text(encoding="utf-8")
    places = []
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        places.append(_parse_line(line, line_number))
    return tuple(places)


def entity_ruler_patterns() -> list[dict]:
    """spaCy EntityRuler phrase patterns (label GPE or LOC) for every alias spelling.

    Patterns are plain strings: the project's ruler matches on ``LOWER``, so case variants
    ("karabakh") match too. ``id`` is ``place:<name>`` so matches can be traced to the table.
    """
    patterns: list[dict] = []
    seen: set[tuple[str, str]] = set()
    for place in load_aliases():
        if place.label == LOOKUP_ONLY:
            continue
        for spelling in place.spellings:
            key = (spelling.lower(), place.label)
            if key in seen:
                continue
            seen.add(key)
            pattern_id = f"place:{place.name}"
            patterns.append({"label": place.label, "pattern": spelling, "id": pattern_id})
    return patterns
