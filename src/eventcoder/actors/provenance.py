"""Where each actor mention came from: the dictionary entries (file, phrase, code, a person's
term dates) or the rule that resolved it, written to ``ActorMention.source``.

An analyst who doubts an actor code must see which entry gave it ("people_curated.tsv: Nikol
Pashinyan ARM GOV 2018-05-08..", "agents.tsv: soldiers -> MIL"). The resolver keeps the
dictionary matches it used; this module describes the matches inside each mention's span, so
the resolver's rules stay untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Protocol

from spacy.tokens import Doc

from eventcoder.actors.data import FACILITIES_FILE, ActorData, Person, Term
from eventcoder.models import ActorMention

#: The file each dictionary layer of ``actors/data.py`` is read from.
STATES_FILE = "states.tsv"
IGOS_FILE = "igo_names.tsv"
AGENTS_FILE = "agents.tsv"
GROUPS_FILE = "groups.tsv"
CURATED_GROUPS_FILE = "groups_extra.tsv"
PEOPLE_FILES = {"curated": "people_curated.tsv", "phoenix": "people.tsv"}


class DictionaryMatch(Protocol):
    """What the resolver's matches carry (``actors.resolve.Match``)."""

    label: str
    start: int  # token indices
    end: int
    key: str


def with_sources(
    doc: Doc,
    mentions: list[ActorMention],
    matches: Sequence[DictionaryMatch],
    data: ActorData,
    published: dt.date | None,
) -> list[ActorMention]:
    """The mentions with ``source`` set from the dictionary matches their words contain."""
    located = [(doc[m.start : m.end].start_char, doc[m.start : m.end].end_char, m) for m in matches]
    result: list[ActorMention] = []
    for mention in mentions:
        inside = [m for start, end, m in located if start < mention.end and mention.start < end]
        entries = [describe(m, mention, data, published) for m in inside]
        # A rule that made the mention (an organisation's head word, an acronym) comes first.
        source = "; ".join(dict.fromkeys(e for e in [mention.source, *entries] if e))
        if not source and mention.kind == "person":
            source = f"same person as {mention.name!r} named earlier in the article"
        result.append(mention.model_copy(update={"source": source or None}))
    return result


def describe(
    match: DictionaryMatch, mention: ActorMention, data: ActorData, published: dt.date | None
) -> str:
    """One dictionary match as 'file: phrase -> code sector'."""
    label, key = match.label, match.key
    if label == "STATE":
        state = data.states[key]
        role = "" if state.role == "name" else f" ({state.role})"
        return f"{STATES_FILE}: {key} -> {state.code}{role}"
    if label == "IGO":
        return f"{IGOS_FILE}: {key} -> {data.igos[key]}"
    if label == "GROUP":
        code, sector, _kind = data.groups[key]
        file = CURATED_GROUPS_FILE if key in data.group_names else GROUPS_FILE
        return f"{file}: {key} -> {code}{' ' + sector if sector else ''}"
    if label == "AGENT":
        sector = data.agents.get(key)
        file = FACILITIES_FILE if key in data.facilities else AGENTS_FILE
        return f"{file}: {key} -> {sector or 'no sector'}"
    if label == "PERSON":
        return _person_entry(data.people.get(key, []), key, mention, published)
    # A name spaCy's NER found that no dictionary knows: its country and sector came from
    # the title words around it (described by their own matches).
    return f"named entity PERSON: {key}"


def _person_entry(
    people: list[Person], key: str, mention: ActorMention, published: dt.date | None
) -> str:
    """The office-holder entry: which person, and the term that gave the code at the date."""
    chosen = [p for p in people if p.name == mention.name] or [
        p for p in people if (p.at(published) or ("", None))[0] == mention.code
    ]
    if not chosen:
        return f"people: {key} (no term matches {mention.code})"
    person = chosen[0]
    term = _term_at(person, mention, published)
    if term is None:
        return f"{PEOPLE_FILES['curated']}: {person.name} -> {mention.code}"
    dates = f"{term.start or ''}..{term.end or ''}"
    sector = f" {term.sector}" if term.sector else ""
    file = PEOPLE_FILES.get(term.source, term.source)
    return f"{file}: {person.name} -> {term.code}{sector} {dates}"


def _term_at(person: Person, mention: ActorMention, published: dt.date | None) -> Term | None:
    """The term the resolver read the mention's code from: the same code (and sector, when the
    text's title gave none other), in force at the date; with no date, the latest office."""
    terms = sorted(
        [t for t in person.terms if t.code == mention.code] or person.terms,
        key=lambda t: t.start or dt.date.min,
    )
    same_sector = [t for t in terms if mention.sector and t.sector == mention.sector]
    terms = same_sector or terms
    if published is not None:
        covering = [t for t in terms if t.covers(published)]
        finished = [t for t in terms if t.end is not None and t.end <= published]
        return (covering or finished or [None])[-1]
    current = [t for t in terms if t.end is None]
    return (current or terms or [None])[-1]
