"""The GeoNames gazetteer extract plus the project's alias table, indexed by normalised name.

Loaded once per process (lazily, cached); a lookup is a binary search over sorted names.

Normalising 370k spellings takes seconds, so it is done once, at build time:
``scripts/build_gazetteer.py`` (``--index-only`` when only the alias table changed) writes
``gazetteer_index.npz`` beside the extract, with every place as columns and every
normalised spelling with the places it names. Loading it takes a fraction of a second, and
its few large buffers are shared page for page by worker processes forked after the load.
The index records a digest of its sources (the extract, the alias table and the
normalisation code); when they have changed since, the index is rebuilt in memory (slow, with
a warning) so a stale file is never used.
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import inspect
import logging
import math
import re
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from eventcoder.errors import EventcoderError
from eventcoder.geo.aliases import ALIASES_FILE, PLACES_DATA_DIR, load_aliases

GAZETTEER_FILE = "gazetteer.tsv.gz"
INDEX_FILE = "gazetteer_index.npz"
DEMONYMS_FILE = "demonyms.tsv"
ADMIN1_CODES_FILE = "admin1_codes.tsv"

_LEADING_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")
#: Abbreviated name parts GeoNames spells out in some names and not others ("St Athan",
#: "Saint Petersburg"); both the index and the query expand them.
_NAME_ABBREVIATIONS = re.compile(r"\b(st|ste|mt|ft)\b\.?")
_EXPANSIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort"}

log = logging.getLogger(__name__)

#: States whose place names carry the Arabic article in GeoNames (the Arab League members).
ARABIC_ARTICLE_COUNTRIES = frozenset(
    [
        "DZA",
        "BHR",
        "COM",
        "DJI",
        "EGY",
        "IRQ",
        "JOR",
        "KWT",
        "LBN",
        "LBY",
        "MRT",
        "MAR",
        "OMN",
        "PSE",
        "QAT",
        "SAU",
        "SOM",
        "SDN",
        "SYR",
        "TUN",
        "ARE",
        "YEM",
    ]
)
#: Feature codes of places above any one country (continents, regions, oceans, seas).
SUPRANATIONAL_FEATURES = frozenset({"CONT", "RGN", "OCN", "SEA"})
#: The article and its sun-letter forms ("ar Raqqah", "ash Shaddadi"), digraphs first.
_SUN_LETTERS = ("th", "dh", "sh", "t", "d", "r", "z", "s", "n")
_ARABIC_ARTICLES = ("al ", "el ", *(f"a{letters} " for letters in _SUN_LETTERS))


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


def without_arabic_article(key: str) -> str:
    """A normalised name without its leading Arabic article ("al qamishli" -> "qamishli"), so
    that the name news writes counts as the same name as GeoNames' (see
    :meth:`Gazetteer.lookup`)."""
    for article in _ARABIC_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


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
        if not key or key.startswith(_ARABIC_ARTICLES):
            return []
        forms = [f"al {key}"]
        sun = next((letters for letters in _SUN_LETTERS if key.startswith(letters)), None)
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


# ----------------------------------------------------------------------------- the index


class StringColumn(Sequence[str]):
    """Strings stored as one UTF-8 buffer plus offsets: no Python object per string until one
    is asked for, so it loads in one read and stays shared between forked workers."""

    def __init__(self, blob: np.ndarray, offsets: np.ndarray) -> None:
        # memoryviews: indexing gives plain ints and str slices without copying the arrays.
        self._blob = memoryview(np.ascontiguousarray(blob, dtype=np.uint8))
        self._offsets = memoryview(np.ascontiguousarray(offsets))

    @staticmethod
    def encode(strings: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        """The (buffer, offsets) arrays that store ``strings``."""
        encoded = [s.encode("utf-8") for s in strings]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        return np.frombuffer(b"".join(encoded), dtype=np.uint8), offsets

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return str(self._blob[self._offsets[index] : self._offsets[index + 1]], "utf-8")

    def __len__(self) -> int:
        return len(self._offsets) - 1


class PlaceTable(Sequence[Place]):
    """Every gazetteer entry as columns; a :class:`Place` is made when one is looked up."""

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._geonameid = memoryview(np.ascontiguousarray(arrays["geonameid"]))
        self._name = StringColumn(arrays["name"], arrays["name_offsets"])
        self._admin1 = StringColumn(arrays["admin1"], arrays["admin1_offsets"])
        self._feature_code = arrays["feature_code"]
        self._country = arrays["country"]
        self._lat = memoryview(arrays["lat"].astype(np.float64))
        self._lon = memoryview(arrays["lon"].astype(np.float64))
        self._population = memoryview(arrays["population"].astype(np.int64))
        self._from_alias = memoryview(arrays["from_alias_table"].astype(np.bool_))

    def __getitem__(self, index: int) -> Place:  # type: ignore[override]
        geonameid = self._geonameid[index]
        return Place(
            geonameid=None if geonameid < 0 else geonameid,
            name=self._name[index],
            feature_code=self._feature_code[index].decode(),
            country=self._country[index].decode() or None,
            admin1=self._admin1[index] or None,
            lat=self._lat[index],
            lon=self._lon[index],
            population=self._population[index],
            from_alias_table=self._from_alias[index],
        )

    def __len__(self) -> int:
        return len(self._geonameid)

    def __iter__(self) -> Iterator[Place]:
        return (self[i] for i in range(len(self)))

    def countries(self) -> list[Place]:
        mask = np.char.startswith(self._feature_code, b"PCL")
        return [self[int(i)] for i in np.flatnonzero(mask)]

    def admin1_places(self) -> list[Place]:
        return [self[int(i)] for i in np.flatnonzero(self._feature_code == b"ADM1")]


class NameIndex(Mapping[str, Sequence[int]]):
    """Normalised spelling -> indexes of the places it names (in :class:`PlaceTable`).

    The spellings are sorted, and found by binary search (a few microseconds), so loading
    builds no dict of 300k strings.
    """

    def __init__(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._keys = StringColumn(arrays["keys"], arrays["keys_offsets"])
        self._offsets = memoryview(np.ascontiguousarray(arrays["key_places_offsets"]))
        self._places = arrays["key_places"]

    def _slot(self, key: str) -> int | None:
        slot = bisect.bisect_left(self._keys, key)
        return slot if slot < len(self._keys) and self._keys[slot] == key else None

    def get(self, key: str, default: Sequence[int] = ()) -> Sequence[int]:  # type: ignore[override]
        slot = self._slot(key)
        if slot is None:
            return default
        return self._places[self._offsets[slot] : self._offsets[slot + 1]].tolist()

    def __getitem__(self, key: str) -> Sequence[int]:
        found = self.get(key, ())
        if not found:
            raise KeyError(key)
        return found

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self._slot(key) is not None

    def __iter__(self) -> Iterator[str]:
        return iter(self._keys)

    def __len__(self) -> int:
        return len(self._keys)


def _add_name(names: dict[str, list[int]], spelling: str, index: int) -> None:
    key = normalise_name(spelling)
    if not key:
        return
    bucket = names.setdefault(key, [])
    if index not in bucket:
        bucket.append(index)


def source_digest() -> str:
    """What the index was built from: the extract, the alias table and the code that
    normalises names. An index whose digest differs is stale."""
    digest = hashlib.sha256()
    for file_name in (GAZETTEER_FILE, ALIASES_FILE):
        path = PLACES_DATA_DIR / file_name
        if not path.exists():
            raise EventcoderError(
                f"{path}: gazetteer source missing; rebuild it with python3 "
                "scripts/build_gazetteer.py"
            )
        digest.update(path.read_bytes())
    digest.update(inspect.getsource(normalise_name).encode())
    for pattern in (_LEADING_ARTICLE, _POSSESSIVE, _SPACES, _NAME_ABBREVIATIONS):
        digest.update(pattern.pattern.encode())
    digest.update(repr(sorted(_EXPANSIONS.items())).encode())
    return digest.hexdigest()


def _source_places() -> Iterator[tuple[Place, tuple[str, ...]]]:
    """Every entry with its spellings: the alias table first (it wins ties), then GeoNames."""
    for alias in load_aliases():
        place = Place(
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
        yield place, (*alias.spellings, alias.name)
    with gzip.open(PLACES_DATA_DIR / GAZETTEER_FILE, "rt", encoding="utf-8") as handle:
        next(handle)  # header
        for line in handle:
            geonameid, name, feature_code, country, admin1, lat, lon, population, alternates = (
                line.rstrip("\n").split("\t")
            )
            place = Place(
                geonameid=int(geonameid),
                name=name,
                feature_code=feature_code,
                country=country or None,
                admin1=admin1 or None,
                lat=float(lat),
                lon=float(lon),
                population=int(population),
            )
            yield place, (name, *(alternates.split("|") if alternates else ()))


def build_index_arrays() -> dict[str, np.ndarray]:
    """The index from its sources, the slow way (every spelling normalised): what
    ``scripts/build_gazetteer.py`` saves, and what a stale index is replaced with."""
    places: list[Place] = []
    names: dict[str, list[int]] = {}
    for place, spellings in _source_places():
        index = len(places)
        places.append(place)
        for spelling in spellings:
            _add_name(names, spelling, index)
    keys = sorted(names)  # NameIndex finds them by binary search
    key_blob, key_offsets = StringColumn.encode(keys)
    key_places_offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    np.cumsum([len(names[key]) for key in keys], out=key_places_offsets[1:])
    name_blob, name_offsets = StringColumn.encode([p.name for p in places])
    admin1_blob, admin1_offsets = StringColumn.encode([p.admin1 or "" for p in places])
    return {
        "source_digest": np.array(source_digest()),
        "keys": key_blob,
        "keys_offsets": key_offsets.astype(np.int32),
        "key_places": np.array([i for key in keys for i in names[key]], dtype=np.int32),
        "key_places_offsets": key_places_offsets.astype(np.int32),
        "geonameid": np.array(
            [-1 if p.geonameid is None else p.geonameid for p in places], dtype=np.int32
        ),
        "name": name_blob,
        "name_offsets": name_offsets.astype(np.int32),
        "admin1": admin1_blob,
        "admin1_offsets": admin1_offsets.astype(np.int32),
        "feature_code": np.array([p.feature_code.encode() for p in places], dtype=np.bytes_),
        "country": np.array([(p.country or "").encode() for p in places], dtype=np.bytes_),
        "lat": np.array([p.lat for p in places], dtype=np.float64),
        "lon": np.array([p.lon for p in places], dtype=np.float64),
        "population": np.array([p.population for p in places], dtype=np.int64),
        "from_alias_table": np.array([p.from_alias_table for p in places], dtype=np.bool_),
    }


def write_index(path: Path | None = None) -> Path:
    """Build the index from its sources and save it (``scripts/build_gazetteer.py``)."""
    path = path or PLACES_DATA_DIR / INDEX_FILE
    np.savez_compressed(path, **build_index_arrays())
    return path


def load_index_arrays() -> dict[str, np.ndarray]:
    """The shipped index if it matches its sources, else one built from them now."""
    path = PLACES_DATA_DIR / INDEX_FILE
    expected = source_digest()
    if path.exists():
        with np.load(path, allow_pickle=False) as saved:
            arrays = {name: saved[name] for name in saved.files}
        if str(arrays["source_digest"]) == expected:
            return arrays
        log.warning(
            "%s is older than the gazetteer or alias table; building the index in memory "
            "(slow). Refresh it with: python3 scripts/build_gazetteer.py --index-only",
            path,
        )
    else:
        log.warning("%s missing; building the gazetteer index in memory (slow)", path)
    return build_index_arrays()


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


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
