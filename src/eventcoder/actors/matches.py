"""The actor resolver's records (a dictionary match, a noun-phrase group of matches, a
resolved actor) and the token tests its rules share: proper names, datelines, place names,
noun-phrase heads (whether a capital stands for its government is ``metonymy.py``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from eventcoder.actors.data import (
    METONYM_SECTORS,
)
from eventcoder.actors.resolve_words import (
    AIMING_VERBS,
    FACILITY_PLACE_PREPS,
    GROUP,
    IGO,
    LEADING_WORDS,
    NP_DEPS,
    PERSON,
    PLACE_ENTS,
    POSSESSIVE_ENDINGS,
    STATE,
)


@dataclass(slots=True)
class Match:
    """A dictionary (or NER PERSON) match over tokens [start, end)."""

    label: str
    start: int
    end: int
    key: str
    head: int = -1


@dataclass(slots=True)
class Group:
    """The matches sharing one noun-phrase head."""

    head: int
    matches: list[Match] = field(default_factory=list)

    def of(self, *labels: str) -> list[Match]:
        return [m for m in self.matches if m.label in labels]


@dataclass(slots=True)
class Resolved:
    """An actor found for a token range, before it becomes an ActorMention."""

    start: int  # token indices
    end: int
    code: str
    sector: str | None
    name: str
    kind: str
    # How an agent's country was inferred (actors/context.py); None when the text gives it.
    country_source: str | None = None
    # The rule that made the mention when no dictionary entry did (organisation names,
    # acronyms), for the mention's ``source``.
    rule: str | None = None
    # Place names an organisation's name may be named after ("New York" Police Department),
    # longest first, to try for its country before the context.
    place_hints: tuple[str, ...] = ()

    @property
    def needs_country(self) -> bool:
        """An agent ("police") or titled person ("Police chief John Smith") whose words name
        no country yet: the agents layer infers it from the context."""
        return not self.code


# The placeholder code of an agent whose country is still to be inferred.
TO_INFER = ""


def is_capitalised(token: Token) -> bool:
    """A capitalised word of a name (not "The", not a sentence's first word)."""
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and token.lower_ not in LEADING_WORDS
        and not token.is_sent_start
    )


def looks_proper(span: Span, label: str) -> bool:
    """Proper names must be written as such: "us" is not the US, "who" is not the WHO."""
    text = span.text
    if not any(ch.isupper() for ch in text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if label in {STATE, IGO, GROUP} and len(letters) <= 3 and not text.isupper():
        return False
    # A one-word name must be tagged as a noun: "May" the month is not Theresa May.
    return not (label == PERSON and len(span) == 1 and span[0].pos_ not in {"PROPN", "NOUN", "X"})


def is_dateline(span: Span, role: str) -> bool:
    """'MANILA (AP) -', 'LONDON Pope Francis...': a capital in capitals opens a dateline."""
    return role in METONYM_SECTORS and span.text.isupper() and len(span.text) > 3


def entity_start(token: Token) -> int:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return start


def inside_place_name(span: Span, role: str) -> bool:
    """'Jersey' in 'New Jersey', 'Mexico' in 'Mexico City', 'Washington' in 'Washington
    University': a state or capital name inside a longer named place (or, for capitals, a
    named organisation) is part of that name, not a mention of the state."""
    ent_iob = span[0].ent_iob_
    if ent_iob not in {"B", "I"}:
        return False
    doc = span.doc
    start = span.start
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    end = span.end
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    if (start, end) == (span.start, span.end):
        return False
    label = span[0].ent_type_
    # "Georgia Stevens", "Chad Smith": a first name, not the state.
    metonym = role in METONYM_SECTORS
    return label in PLACE_ENTS or label == "PERSON" or (metonym and label == "ORG")


def strip_possessive(span: Span) -> str:
    text = span.text
    for ending in POSSESSIVE_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


def np_head(token: Token) -> Token:
    """Climb modifier arcs to the noun the phrase is about."""
    head = token
    for _ in range(8):  # parse depth of a noun phrase; guards against odd cycles
        if (
            head.dep_ in NP_DEPS
            and head.head.i > head.i
            and head.head.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}
        ):
            head = head.head
        else:
            break
    return head


def facility_placed(token: Token) -> bool:
    """Whether a state facility is named as the place where something happens ("detained at
    a police station", "gathered outside the barracks") rather than as what an act hits
    ("fired on a police station", "fired at an army base", "stormed the barracks")."""
    current = token
    if current.dep_ == "conj":
        current = current.head
    if current.dep_ != "pobj" or current.head.lower_ not in FACILITY_PLACE_PREPS:
        return False
    prep = current.head
    # "fired at an army base", "opened fire at a checkpoint" (the "at" on "fire" or "opened")
    return not (prep.lower_ == "at" and prep.head.lemma_.lower() in AIMING_VERBS)


def inside_unknown_name(token: Token, covered: set[int]) -> bool:
    """Whether an agent word is part of a longer organisation or person name the
    dictionaries do not know ("All Progressives Congress", "Human Rights Defenders"): an
    entity around it with capitalised words outside the agent phrase."""
    if token.ent_type_ not in {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}:
        return False
    start = entity_start(token)
    end = token.i + 1
    doc = token.doc
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return any(
        i not in covered and doc[i].is_alpha and doc[i].text[:1].isupper()
        for i in range(start, end)
        if doc[i].lower_ not in LEADING_WORDS
    )


def gazetteer_countries(name: str) -> dict[str, int]:
    # Imported on first use: the gazetteer is loaded only when an agent needs a place's country.
    from eventcoder.geo.gazetteer import countries_of_name

    return countries_of_name(name)


def gazetteer_notable_place(name: str, min_population: int) -> bool:
    """Whether the gazetteer knows ``name`` as a country, a first-level division, a capital
    (national or of a division) or a town of ``min_population`` people or more."""
    from eventcoder.geo.gazetteer import load_gazetteer

    return any(
        place.is_country
        or place.feature_code in {"ADM1", "PPLC", "PPLA"}
        or place.population >= min_population
        for place in load_gazetteer().lookup(name)
    )
