"""The actors stage's data: states, IGOs, agents (sector words), groups and office-holders.

Files live in ``eventcoder/data/actors/`` (see the README there for sources and licences);
``scripts/build_actor_data.py`` regenerates the Phoenix-derived ones. Everything is read once
per process (``load_actor_data`` is cached) and kept in plain dicts keyed by the folded
lower-case phrase (see :func:`fold`), so lookups are O(1).
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import lru_cache

from eventcoder.errors import EventcoderError
from eventcoder.paths import data_path

DATA_DIR = data_path("actors")
#: Head words of organisation names and their sectors (README.md of the data directory).
ORG_HEADS_FILE = "org_heads.tsv"
#: State facilities and units ("police station", "army base", "embassy") and their sectors.
FACILITIES_FILE = "facilities.tsv"
#: How a facility's country is found (facilities.tsv): where it stands, or only from a state
#: its own words name (an embassy is the sending state's, not its host's).
FACILITY_COUNTRY_RULES = {"place", "named"}
PHOENIX_TRUSTED_UNTIL = dt.date(2016, 1, 1)
# Roles of metonym seats (states_extra.tsv) and the sector of the actor they stand for.
METONYM_SECTORS = {"capital": "GOV", "seat": "GOV", "military-seat": "MIL"}
# Seats of government (the Kremlin, Downing Street, the Pentagon) stand for their government in
# any role but a place's; capitals (Moscow) only when they act (subject, object, possessor).
SEAT_ROLES = {"seat", "military-seat"}
# Sectors of a person's terms that mean they headed (or sat in) a government.
_GOVERNING_SECTORS = {"GOV", "MIL", "LEG"}

# Letters NFKD does not decompose (Turkish dotless i, Azerbaijani schwa...), and curly quotes.
_EXTRA_ASCII = str.maketrans(
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
        "‘": "'",
        "‐": "-",
        "–": "-",
    }
)


def fold(text: str) -> str:
    """The lookup key of a phrase: accent-free, lower-case, single-spaced."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_EXTRA_ASCII))
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(ascii_text.lower().split())


@dataclass(frozen=True, slots=True)
class Term:
    """One office (or status) a person held: actor code, sector and the dates it applies."""

    code: str
    sector: str | None
    start: dt.date | None
    end: dt.date | None
    source: str

    def covers(self, day: dt.date) -> bool:
        return (self.start is None or self.start <= day) and (self.end is None or day < self.end)


@dataclass(slots=True)
class Person:
    """A known person: readable name and their terms (curated terms replace Phoenix's)."""

    name: str
    terms: list[Term] = field(default_factory=list)

    def at(self, day: dt.date | None) -> tuple[str, str | None] | None:
        """(code, sector) at ``day``: the covering term, or the latest finished one with no
        sector (a former office-holder keeps their country), or None before any term.

        With no date, the open-ended (current) term, else the latest one.
        """
        dated = sorted(self.terms, key=lambda t: t.start or dt.date.min)
        if not dated:
            return None
        if day is None:
            # Unknown date: the current office, else the latest office held, else any term.
            current = [t for t in dated if t.end is None and t.sector]
            offices = [t for t in dated if t.sector]
            chosen = current[-1] if current else offices[-1] if offices else dated[-1]
            return chosen.code, chosen.sector
        covering = [t for t in dated if t.covers(day)]
        with_sector = [t for t in covering if t.sector]
        if with_sector:
            # The most recent office wins when Phoenix's open-ended ranges overlap.
            term = with_sector[-1]
            return term.code, term.sector
        if covering:
            return covering[-1].code, None
        finished = [t for t in dated if t.end is not None and t.end <= day]
        if finished:
            return finished[-1].code, None
        return None


@dataclass(frozen=True, slots=True)
class StateName:
    code: str
    role: str  # "name" (names, variants, demonyms) or a METONYM_SECTORS role ("capital")

    @property
    def metonym_sector(self) -> str | None:
        """GOV for capitals and seats of government, MIL for the Pentagon; None for names."""
        return METONYM_SECTORS.get(self.role)

    @property
    def is_seat(self) -> bool:
        return self.role in SEAT_ROLES


@dataclass(slots=True)
class ActorData:
    """Every table the resolver and the entity ruler need, keyed by :func:`fold`."""

    countries: dict[str, str]  # ISO3 -> readable name
    igo_names: dict[str, str]  # IGO code -> readable name
    states: dict[str, StateName]
    igos: dict[str, str]  # phrase -> IGO code
    agents: dict[str, str | None]  # phrase -> sector (None: an actor word with no sector)
    groups: dict[str, tuple[str, str | None, str]]  # phrase -> (code, sector, kind)
    people: dict[str, list[Person]]  # phrase -> people known by it
    surface_forms: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))
    """Original (accented, cased) spellings by folded phrase, for building matchers."""
    group_names: dict[str, str] = field(default_factory=dict)
    """Readable names of hand-curated groups by phrase ("isil" -> "Islamic State")."""
    leader_states: dict[str, str] = field(default_factory=dict)
    """Surname -> the one state every office-holder of that surname served ("bush" -> USA),
    for "the Bush administration"; surnames shared across states are left out."""
    org_heads: dict[str, str] = field(default_factory=dict)
    """Head word(s) of an organisation name -> its sector ("police department" -> COP), for
    organisations no dictionary knows (``org_heads.tsv``)."""
    facilities: dict[str, str] = field(default_factory=dict)
    """Facility or unit phrase (singular and plural) -> how its country is found, "place" or
    "named" (``facilities.tsv``); their sectors are in ``agents``."""

    def name_of(self, code: str) -> str:
        return self.countries.get(code) or self.igo_names.get(code) or code


def _rows(name: str) -> Iterator[list[str]]:
    path = DATA_DIR / name
    if not path.exists():
        raise EventcoderError(
            f"actor data file missing: {path} (rebuild with scripts/build_actor_data.py)"
        )
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if (
                not line.strip()
                or line.startswith("#")
                or (number == 1 and line.startswith(("phrase\t", "code\t", "id\t")))
            ):
                continue
            yield [cell.strip() for cell in line.rstrip("\n").split("\t")]


def _date(text: str) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


@lru_cache(maxsize=1)
def load_actor_data() -> ActorData:
    """Read every actor table once per process."""
    countries = {row[0]: row[1] for row in _rows("countries.tsv")}
    igo_names = {row[0]: row[1] for row in _rows("igos.tsv")}
    data = ActorData(
        countries=countries,
        igo_names=igo_names,
        states={row[0]: StateName(row[1], row[2]) for row in _rows("states.tsv")},
        igos={row[0]: row[1] for row in _rows("igo_names.tsv")},
        agents={row[0]: (row[1] or None) for row in _rows("agents.tsv")},
        groups={row[0]: (row[1], row[2] or None, row[3]) for row in _rows("groups.tsv")},
        people={},
    )
    for row in _rows("igos.tsv"):
        for alias in [row[1], *(row[2].split("|") if len(row) > 2 else [])]:
            if alias:
                data.surface_forms[fold(alias)].add(alias)
    for phrase, code, sector, kind, name in _rows("groups_extra.tsv"):
        # Hand rows win: "ansar allah" is Yemen's (Phoenix: Lebanon), the Red Cross an NGO.
        key = fold(phrase)
        data.groups[key] = (code, sector or None, kind)
        data.group_names[key] = name
        data.igos.pop(key, None)
    data.org_heads = {fold(row[0]): row[1] for row in _rows(ORG_HEADS_FILE)}
    _load_facilities(data)
    _load_people(data)
    _index_leader_surnames(data)
    return data


def _load_facilities(data: ActorData) -> None:
    """State facilities and units (``facilities.tsv``) are agents with a sector; the table
    says how each one's country is found. They win over Phoenix's rows for the same phrase."""
    for number, row in enumerate(_rows(FACILITIES_FILE), start=1):
        if len(row) != 3 or row[2] not in FACILITY_COUNTRY_RULES or not row[1]:
            raise EventcoderError(
                f"{DATA_DIR / FACILITIES_FILE}: row {number} {row!r} is not "
                "'phrase<TAB>sector<TAB>place|named'"
            )
        phrase, sector, rule = fold(row[0]), row[1], row[2]
        for form in {phrase, _plural(phrase)}:
            data.agents[form] = sector
            data.facilities[form] = rule


def _plural(phrase: str) -> str:
    """The regular plural of a phrase's last word ("police stations", "embassies"); words
    already ending in s ("barracks", "headquarters") are their own plural."""
    if phrase.endswith("s"):
        return phrase
    if phrase.endswith("y") and phrase[-2:-1] not in set("aeiou"):
        return phrase[:-1] + "ies"
    if phrase.endswith(("ch", "sh", "x")):
        return phrase + "es"
    return phrase + "s"


def _index_leader_surnames(data: ActorData) -> None:
    """'the Bush administration': a surname names a government when its office-holders served
    one state, whatever the dates.

    Curated people's one-word variants come first ("obama", "assad": the leaders of our time,
    and their bare names are already written the way text uses them). Phoenix's last names
    fill in the rest when one state has more of its office-holders than all others together
    ("bush": two US presidents against a Cayman premier); names of three letters or fewer
    ("kim", "xi") are too often a given name or a family name shared across states.
    """
    curated: dict[str, set[str]] = defaultdict(set)
    holders: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    seen: set[int] = set()
    for key, people in data.people.items():
        for person in people:
            codes = {t.code for t in person.terms if t.sector in _GOVERNING_SECTORS}
            if not codes:
                continue
            if person.terms[0].source == "curated":
                if " " not in key:
                    curated[key].update(codes)
                continue
            if id(person) in seen:
                continue
            seen.add(id(person))
            surname = fold(person.name).split()[-1]
            for code in codes:
                holders[surname][code] += 1
    leaders: dict[str, str] = {}
    for surname, counts in holders.items():
        best = max(counts, key=counts.__getitem__)
        if len(surname) > 3 and counts[best] * 2 > sum(counts.values()):
            leaders[surname] = best
    for key, codes in curated.items():
        if len(codes) == 1:
            leaders[key] = next(iter(codes))
        else:
            leaders.pop(key, None)
    data.leader_states = {
        surname: code
        for surname, code in leaders.items()
        if len(code) == 3 and surname not in data.states and surname not in data.agents
    }


def _load_people(data: ActorData) -> None:
    curated: dict[str, Person] = {}
    curated_keys: set[str] = set()
    for row in _rows("people_curated.tsv"):
        name, variants, code, sector, start, end = row[:6]
        person = curated.setdefault(name, Person(name=name))
        person.terms.append(Term(code, sector or None, _date(start), _date(end), "curated"))
        for variant in {name, *variants.split("|")}:
            key = fold(variant)
            data.surface_forms[key].add(variant)
            curated_keys.add(key)
            if person not in data.people.setdefault(key, []):
                data.people[key].append(person)
    phoenix: dict[str, Person] = {}
    phoenix_keys: dict[str, list[str]] = {}
    for row in _rows("people.tsv"):
        person_id, name, variants, code, sector, start, end, _source = row[:8]
        person = phoenix.setdefault(person_id, Person(name=name))
        end_date = _date(end)
        if end_date is None and sector:
            # Phoenix stops in January 2014; an office it shows as open is trusted for two
            # more years, after which the person keeps their country without a sector.
            end_date = PHOENIX_TRUSTED_UNTIL
        person.terms.append(Term(code, sector or None, _date(start), end_date, "phoenix"))
        phoenix_keys[person_id] = variants.split("|")
    single_words: dict[str, int] = defaultdict(int)
    for variants in phoenix_keys.values():
        for key in {fold(v) for v in variants if v and " " not in v}:
            single_words[key] += 1
    other_tables = data.states.keys() | data.agents.keys() | data.igos.keys()
    for person_id, person in phoenix.items():
        keys = [fold(v) for v in phoenix_keys[person_id] if v]
        if any(key in curated_keys for key in keys):
            continue  # the curated file knows this person better (post-2014 offices)
        for key in keys:
            # A single word ("Bouteflika") only when long, unique to one person and no
            # other table's word; short ones ("Hasan") are too ambiguous.
            if " " not in key and (len(key) < 7 or single_words[key] > 1 or key in other_tables):
                continue
            if person not in data.people.setdefault(key, []):
                data.people[key].append(person)
