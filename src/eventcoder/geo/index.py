"""The gazetteer's prebuilt index: every place as columns and every normalised spelling with the
places it names, in a few numpy buffers (``data/places/gazetteer_index.npz``).

``scripts/build_gazetteer.py`` writes it; loading it takes a fraction of a second, and its
few large buffers are shared page for page by worker processes forked after the load. It
records a digest of its sources (the extract, the alias table and the normalisation code);
when they have changed since, it is rebuilt in memory (slow, with a warning).
"""

from __future__ import annotations

import bisect
import gzip
import hashlib
import logging
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path

import numpy as np

from eventcoder.errors import EventcoderError
from eventcoder.geo import aliases
from eventcoder.geo.aliases import ALIASES_FILE, load_aliases
from eventcoder.geo.names import Place, add_normalisation_to, normalise_name

GAZETTEER_FILE = "gazetteer.tsv.gz"
INDEX_FILE = "gazetteer_index.npz"

log = logging.getLogger(__name__)

# The folder is read from ``aliases`` at each call (not bound at import), so the whole
# gazetteer follows one setting of it.


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
        path = aliases.PLACES_DATA_DIR / file_name
        if not path.exists():
            raise EventcoderError(
                f"{path}: gazetteer source missing; rebuild it with python3 "
                "scripts/build_gazetteer.py"
            )
        digest.update(path.read_bytes())
    add_normalisation_to(digest)
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
    with gzip.open(aliases.PLACES_DATA_DIR / GAZETTEER_FILE, "rt", encoding="utf-8") as handle:
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
    path = path or aliases.PLACES_DATA_DIR / INDEX_FILE
    np.savez_compressed(path, **build_index_arrays())
    return path


def load_index_arrays() -> dict[str, np.ndarray]:
    """The shipped index if it matches its sources, else one built from them now."""
    path = aliases.PLACES_DATA_DIR / INDEX_FILE
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
