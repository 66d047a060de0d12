"""The GeoNames gazetteer extract plus the project's alias table, indexed by normalised name.

Loaded once per process (lazily, cached); a lookup is one dict access.
"""

from __future__ import annotations

import gzip
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from eventcoder.errors import EventcoderError
from eventcoder.places.aliases import PLACES_DATA_DIR, load_aliases

GAZETTEER_FILE = "gazetteer.tsv.gz"
DEMONYMS_FILE = "demonyms.tsv"
ADMIN1_CODES_FILE = "admin1_codes.tsv"

_LEADING_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")
#: Abbreviated name parts GeoNames spells out in some names and not others ("St Athan",
#: "Saint Petersburg"); both the index and the query expand them.
_NAME_ABBREVIATIONS = re.compile(r"\b(st|ste|mt|ft)\b\.?")
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}


@lru_cache(maxsize=1 << 16)  # called for every candidate of every mention: a hot spot
def normalise_name(text: str) -> str:
    """The lookup key of a place name: case, accents, a leading "the", a possessive, spacing."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").casefold().strip()
    text = _LEADING_ARTICLE.sub("", text)
    text = _POSSESSIVE.sub("", text)
    text = text.replace("-", " ")
    text = _NAME_ABBREVIATIONS.sub(lambda m: _EXPANSIONS[m.group(1)], text)
    return _SPACES.sub(" ", text).strip()


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    geonameid: int | None
    name: str
    feature_code: str
    country: str | None
    admin1: str | None
    lat: float
    lon: float
    population: int
    from_alias_table: bool = False

    @property
    def is_country(self) -> bool:
        return self.feature_code.startswith("PCL")

    @property
    def is_region(self) -> bool:
        """Continents, countries and first-level divisions: places that contain others."""
        return self.feature_code in ("CONT", "ADM1", "RGN", "PCLI") or (
            self.from_alias_table and self.feature_code in ("", "LOC")
        )


class Gazetteer:
    """Places by normalised name (every spelling of every entry).

    Also holds two side tables the geocoder uses when a name is not a place name itself:
    demonyms and place adjectives ("Turkish" -> Turkey) and first-level division codes
    ("KY", "BC", "NSW").
    """

    def __init__(
        self,
        places: list[Place],
        names: dict[str, list[int]],
        demonyms: dict[str, tuple[str, str | None]] | None = None,
        admin1_codes: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        self.places = places
        self._by_name = names
        self._demonyms = demonyms or {}
        self._admin1_codes = admin1_codes or {}
        self.countries: dict[str, Place] = {
            p.country: p for p in places if p.is_country and p.country and not p.from_alias_table
        }
        self.admin1_names: dict[str, set[str]] = {}
        for place in places:
            if place.feature_code == "ADM1" and place.country:
                self.admin1_names.setdefault(normalise_name(place.name), set()).add(place.country)

    def lookup(self, text: str) -> list[Place]:
        return [self.places[i] for i in self._by_name.get(normalise_name(text), ())]

    def demonym_places(self, text: str) -> list[Place]:
        """The place a demonym or place adjective names ("Turkish", "Syrians" -> the country)."""
        key = normalise_name(text)
        entry = self._demonyms.get(key)
        if entry is None and key.endswith("s"):
            entry = self._demonyms.get(key[:-1])  # plural: "Syrians", "Europeans"
        if entry is None:
            return []
        name, country = entry
        found = [p for p in self.lookup(name) if country is None or p.country == country]
        regions = [p for p in found if p.is_region or p.from_alias_table]
        return regions or found

    def country_populations(self, text: str) -> dict[str, int]:
        """The countries (ISO3) that have a place of this name, each with the population of
        its places of that name, most populous first; a country's own name gives just that
        country. Empty for an unknown name."""
        candidates = self.lookup(text)
        countries = {p.country for p in candidates if p.is_country and p.country}
        if len(countries) == 1:
            return {countries.pop(): max(p.population for p in candidates)}
        people: dict[str, int] = {}
        for place in candidates:
            if place.country:
                people[place.country] = people.get(place.country, 0) + place.population
        return dict(sorted(people.items(), key=lambda item: -item[1]))

    def country_of(self, text: str) -> str | None:
        """The country (ISO3) a place name most likely lies in, without any context: the
        country of that name, else the country whose places of that name hold the most
        people; None for an unknown name or a tie."""
        ranked = list(self.country_populations(text).items())
        if not ranked or (len(ranked) > 1 and ranked[0][1] == ranked[1][1]):
            return None
        return ranked[0][0]

    def admin1_by_code(self, code: str) -> list[Place]:
        """First-level divisions with this postal code ("KY", "BC", "N.S.W.")."""
        places: list[Place] = []
        for country, name in self._admin1_codes.get(code.replace(".", ""), ()):
            places += [
                p for p in self.lookup(name) if p.feature_code == "ADM1" and p.country == country
            ]
        return places

    def __contains__(self, text: str) -> bool:
        return normalise_name(text) in self._by_name


def _add_name(names: dict[str, list[int]], spelling: str, index: int) -> None:
    key = normalise_name(spelling)
    if not key:
        return
    bucket = names.setdefault(key, [])
    if index not in bucket:
        bucket.append(index)


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """Read the packaged extract and alias table once per process."""
    path = PLACES_DATA_DIR / GAZETTEER_FILE
    if not path.exists():
        raise EventcoderError(
            f"{path}: gazetteer missing; rebuild it with python3 scripts/build_gazetteer.py"
        )
    places: list[Place] = []
    names: dict[str, list[int]] = {}
    for alias in load_aliases():
        index = len(places)
        places.append(
            Place(
                geonameid=alias.geonameid,
                name=alias.name,
                feature_code=alias.feature_code or "RGN",
                country=alias.country,
                admin1=alias.admin1,
                lat=alias.lat,
                lon=alias.lon,
                population=0,
                from_alias_table=True,
            )
        )
        for spelling in (*alias.spellings, alias.name):
            _add_name(names, spelling, index)
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            geonameid, name, feature_code, country, admin1, lat, lon, population, alternates = (
                line.rstrip("\n").split("\t")
            )
            index = len(places)
            places.append(
                Place(
                    geonameid=int(geonameid),
                    name=name,
                    feature_code=feature_code,
                    country=country or None,
                    admin1=admin1 or None,
                    lat=float(lat),
                    lon=float(lon),
                    population=int(population),
                )
            )
            _add_name(names, name, index)
            if alternates:
                for spelling in alternates.split("|"):
                    _add_name(names, spelling, index)
    return Gazetteer(places, names, _load_demonyms(), _load_admin1_codes())


def country_of_name(name: str) -> str | None:
    """The country (ISO3) a place name most likely lies in (see :meth:`Gazetteer.country_of`);
    for other stages that need a place's country without geocoding a whole document."""
    return load_gazetteer().country_of(name)


def countries_of_name(name: str) -> dict[str, int]:
    """The countries with a place of this name and their populations (see
    :meth:`Gazetteer.country_populations`), for callers that weigh them against context."""
    return load_gazetteer().country_populations(name)


def _read_table(file_name: str) -> list[list[str]]:
    """Rows of a small packaged TSV table, without its header line."""
    path = PLACES_DATA_DIR / file_name
    if not path.exists():
        raise EventcoderError(
            f"{path}: table missing; rebuild it with python3 scripts/build_gazetteer.py"
        )
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t") for line in lines if line.strip()]


def _load_demonyms() -> dict[str, tuple[str, str | None]]:
    return {
        normalise_name(demonym): (place, country or None)
        for demonym, place, country in _read_table(DEMONYMS_FILE)
    }


def _load_admin1_codes() -> dict[str, list[tuple[str, str]]]:
    codes: dict[str, list[tuple[str, str]]] = {}
    for country, code, admin1 in _read_table(ADMIN1_CODES_FILE):
        codes.setdefault(code, []).append((country, admin1))
    return codes


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
