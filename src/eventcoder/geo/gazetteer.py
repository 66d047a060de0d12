"""The GeoNames gazetteer extract plus the project's alias table, indexed by normalised name.

Loaded once per process (lazily, cached); a lookup is a binary search over sorted names.

Normalising 370k spellings takes seconds, so it is done once, at build time
(``scripts/build_gazetteer.py``, ``--index-only`` when only the alias table changed): the
index is ``geo/index.py``; names and entries are ``geo/names.py``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache

from eventcoder.errors import EventcoderError
from eventcoder.geo.aliases import PLACES_DATA_DIR
from eventcoder.geo.index import (
    INDEX_FILE,
    NameIndex,
    PlaceTable,
    build_index_arrays,
    load_index_arrays,
    source_digest,
    write_index,
)
from eventcoder.geo.names import (
    ARABIC_ARTICLE_COUNTRIES,
    ARABIC_ARTICLES,
    SUN_LETTERS,
    SUPRANATIONAL_FEATURES,
    Place,
    haversine_km,
    normalise_name,
    without_arabic_article,
)

#: What other modules import from here (the gazetteer is the geo package's front door).
__all__ = [
    "INDEX_FILE",
    "Gazetteer",
    "Place",
    "PlaceTable",
    "build_index_arrays",
    "countries_of_name",
    "country_of_name",
    "haversine_km",
    "load_gazetteer",
    "normalise_name",
    "source_digest",
    "without_arabic_article",
    "write_index",
]

DEMONYMS_FILE = "demonyms.tsv"
ADMIN1_CODES_FILE = "admin1_codes.tsv"


class Gazetteer:
    """Places by normalised name (every spelling of every entry).

    Also holds two side tables the geocoder uses when a name is not a place name itself:
    demonyms and place adjectives ("Turkish" -> Turkey) and first-level division codes
    ("KY", "BC", "NSW").
    """

    def __init__(
        self,
        places: Sequence[Place],
        names: Mapping[str, Sequence[int]],
        demonyms: dict[str, tuple[str, str | None]] | None = None,
        admin1_codes: dict[str, list[tuple[str, str]]] | None = None,
    ) -> None:
        self.places = places
        self._by_name = names
        self._demonyms = demonyms or {}
        self._admin1_codes = admin1_codes or {}
        if isinstance(places, PlaceTable):  # read the two small subsets off its columns
            countries, admin1 = places.countries(), places.admin1_places()
        else:
            countries = [p for p in places if p.is_country and p.country]
            admin1 = [p for p in places if p.feature_code == "ADM1"]
        self.countries: dict[str, Place] = {
            p.country: p for p in countries if p.country and not p.from_alias_table
        }
        self.admin1_names: dict[str, set[str]] = {}
        for place in admin1:
            if place.country:
                self.admin1_names.setdefault(normalise_name(place.name), set()).add(place.country)

    def lookup(self, text: str) -> list[Place]:
        key = normalise_name(text)
        found = self._by_name.get(key)
        if found:
            return [self.places[i] for i in found]
        return self._with_arabic_article(key)

    def _with_arabic_article(self, key: str) -> list[Place]:
        """News drops the Arabic article GeoNames keeps ("Qamishli" for Al Qamishli,
        "Raqqah" for Ar Raqqah): an unknown name is tried with "al" and with the article
        assimilated to a sun letter, among places of Arabic-speaking states only (so a
        surname is not read as a hamlet elsewhere)."""
        if not key or key.startswith(ARABIC_ARTICLES):
            return []
        forms = [f"al {key}"]
        sun = next((letters for letters in SUN_LETTERS if key.startswith(letters)), None)
        if sun is not None:
            forms.append(f"a{sun} {key}")
        for form in forms:
            found = [
                self.places[i]
                for i in self._by_name.get(form, ())
                if self.places[i].country in ARABIC_ARTICLE_COUNTRIES
            ]
            if found:
                return found
        return []

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
        country. Empty for an unknown name, and for the name of a continent or a region
        spanning countries ("Asia", "Africa", "the Middle East"): the hamlet of Asia in the
        Philippines is not what "Asia's longest-serving leader" means."""
        candidates = self.lookup(text)
        if any(p.country is None and p.feature_code in SUPRANATIONAL_FEATURES for p in candidates):
            return {}
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


@lru_cache(maxsize=1)
def load_gazetteer() -> Gazetteer:
    """The packaged gazetteer (extract + alias table), read from its prebuilt index."""
    arrays = load_index_arrays()
    return Gazetteer(PlaceTable(arrays), NameIndex(arrays), _load_demonyms(), _load_admin1_codes())


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
