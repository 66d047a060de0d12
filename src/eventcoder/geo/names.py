"""Place names as lookup keys, and a gazetteer entry.

:func:`normalise_name` is the one key of a place name for the index and for every query (its
source is part of the index's digest: changing it makes the shipped index stale, see
``geo/index.py``).
"""

from __future__ import annotations

import inspect
import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from eventcoder.paths import word_lists

#: The word lists of data/geo/words.toml.
_WORDS = word_lists("geo")

_LEADING_ARTICLE = re.compile(r"^the\s+")
_POSSESSIVE = re.compile(r"['’]s?$")
_SPACES = re.compile(r"\s+")
#: Abbreviated name parts GeoNames spells out in some names and not others ("St Athan",
#: "Saint Petersburg"); both the index and the query expand them.
_EXPANSIONS = _WORDS.mapping("expansions")
_NAME_ABBREVIATIONS = re.compile(r"\b(" + "|".join(map(re.escape, _EXPANSIONS)) + r")\b\.?")

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
SUN_LETTERS = _WORDS.sequence("sun_letters")
ARABIC_ARTICLES = (
    *(f"{article} " for article in _WORDS.sequence("arabic_articles")),
    *(f"a{letters} " for letters in SUN_LETTERS),
)


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
    for article in ARABIC_ARTICLES:
        if key.startswith(article) and len(key) > len(article):
            return key[len(article) :]
    return key


def add_normalisation_to(digest: Any) -> None:
    """Feed the code that normalises names to an index digest (``geo/index.py``)."""
    digest.update(inspect.getsource(normalise_name).encode())
    for pattern in (_LEADING_ARTICLE, _POSSESSIVE, _SPACES, _NAME_ABBREVIATIONS):
        digest.update(pattern.pattern.encode())
    digest.update(repr(sorted(_EXPANSIONS.items())).encode())


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi = phi2 - phi1
    dlambda = math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * 6371.0088 * math.asin(math.sqrt(a))
