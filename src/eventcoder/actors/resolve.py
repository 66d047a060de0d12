"""Resolve actor mentions in a parsed Doc to ``{code, sector, name, kind}``.

How a mention is found (all matching is spaCy's PhraseMatcher over token LOWER, then the parse):

1. Dictionary phrases are matched: states (names, variants, demonyms, capitals), IGOs, named
   groups and national institutions, known people, and *agents* — sector words such as
   "soldiers" (MIL), "administration" (GOV), "police" (COP), "side" (no sector).
2. Each match is attached to the head of its noun phrase by climbing ``compound``/``amod``/
   ``nmod``/``flat`` arcs, so "Azerbaijan Defense Minister Zakir Hasanov" and "the Armenian
   administration" become one group each. A group with a state/IGO and an agent is that actor
   with the agent's sector; a group with a person resolves the person (see below).
3. Agent-only phrases borrow their actor through the parse: "the administration in Armenia",
   "spokesman of the Iranian Ministry of Foreign Affairs" (``prep`` + ``pobj``), and a person's
   appositive ("Nasser Kenani, spokesman of ...") gives that person country and sector.
4. People: the title in the text wins (country from "Russian"/"Azerbaijan", sector from
   "President"/"Defense Minister"); what the text leaves open comes from the dictionary of
   office-holders at the publication date ("Defense Minister Hulusi Akar" -> TUR from the
   dictionary, MIL from the title). A former office-holder keeps their country with no sector.
   A later bare surname ("Pashinyan's") reuses the person resolved earlier in the document.
5. Capitals (a curated list of those used for their governments) are actors (kind
   ``metonym``, sector GOV) only in an actor's role: subject, possessor ("Yerevan's
   uncompromising attitude"), object ("warned Baku"), agent of a passive ("by Moscow"), object
   of with/against. "in Yerevan", "to Moscow" are places, left to the places stage; so are
   capitals inside a longer name ("Washington University") and all-capital datelines.
   Seats of government (the Kremlin, Downing Street) follow the same rule; the Pentagon
   stands for the military (MIL).
6. "The Bush administration", "Putin's government": a leader's name on a government noun
   is the leader's state, sector GOV, whatever the publication date.
7. Named private persons: a full PERSON name no rule above explains ("Stephon Clark was
   shot") is a citizen (CVL) of the country inferred from the context, like a bare agent;
   its later surnames, given names and repeats are the same person, with that country
   (``private_persons.py``).

Rules on what is not an actor: lower-case matches of proper names ("us", "who") are dropped,
as are acronyms of three letters or fewer unless written in capitals. Hyphenated pairs such as
"Russia-Ukraine war" or "Armenia-Azerbaijan relations" yield one state mention per country
(each is a reference to that state; the events stage decides whether it is a participant).

Coordinated names are two actors: an entity the model merged over "and" is split first
("John Okafor and Peter Adeyemi"), names a bad parse put under one head are resolved apart,
and "North and South Korea" gives North Korea too (``coordination.py``).

In files: this module (the resolver and its order of passes), ``matching.py`` (dictionary
matches), ``coordination.py`` (coordinated names), ``groups.py`` (noun-phrase groups),
``metonymy.py`` (is a place name its government?), ``people.py``, ``named_titles.py`` ("his
wife, Amaka Obi"), ``private_persons.py`` (a full name no rule explains: a citizen, CVL, of
the inferred country), ``quantifiers.py`` ("Many blame ..."), ``attachment.py`` (parse rules),
``organisations.py``, ``short_forms.py``, ``matches.py`` (records and token tests) and
``resolve_words.py`` (labels, limits, and the names of the word lists of
``data/actors/words.toml``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import spacy
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from eventcoder.actors.attachment import Attachment
from eventcoder.actors.coordination import (
    separate_conjoined_names,
    split_coordinated_entities,
)
from eventcoder.actors.data import (
    ActorData,
    load_actor_data,
)
from eventcoder.actors.groups import GroupResolution
from eventcoder.actors.matches import (
    Group,
    Resolved,
    gazetteer_countries,
    gazetteer_notable_place,
    np_head,
)
from eventcoder.actors.matching import Matching
from eventcoder.actors.named_titles import name_titled_people
from eventcoder.actors.organisations import Organisations, acronym_mentions
from eventcoder.actors.people import People
from eventcoder.actors.private_persons import NOTABLE_PLACE_POPULATION, private_persons
from eventcoder.actors.provenance import with_sources
from eventcoder.actors.quantifiers import quantifier_people
from eventcoder.actors.resolve_words import LEADING_WORDS
from eventcoder.actors.short_forms import short_form_mentions
from eventcoder.models import ActorMention


class ActorResolver(Organisations, Matching, GroupResolution, People, Attachment):
    """Finds and resolves actor mentions; build once (``from_package_data``), call per Doc."""

    def __init__(
        self,
        data: ActorData,
        nlp: Language | None = None,
        place_countries: Callable[[str], dict[str, int]] | None = None,
        notable_place: Callable[[str], bool] | None = None,
    ) -> None:
        """``place_countries`` maps a place name to the countries (ISO3) with a place of that
        name and their populations, for the agents layer; the gazetteer's
        :func:`~eventcoder.geo.gazetteer.countries_of_name` by default, loaded on first
        use. ``notable_place``: whether a name is a country, division, capital or sizeable
        town, which no private person's name is (the gazetteer by default)."""
        self.data = data
        self.place_countries = place_countries or gazetteer_countries
        self.notable_place = notable_place or (
            lambda name: gazetteer_notable_place(name, NOTABLE_PLACE_POPULATION)
        )
        self.nlp = nlp or spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._add_patterns()

    @classmethod
    def from_package_data(cls, nlp: Language | None = None) -> ActorResolver:
        """A resolver over the shipped actor data; pass the pipeline's ``nlp`` to share its
        vocab and tokenizer (a blank English one is used otherwise)."""
        return cls(load_actor_data(), nlp)

    # ------------------------------------------------------------------ matcher

    # ------------------------------------------------------------------ resolve
    def resolve(self, doc: Doc, published: dt.date | None) -> list[ActorMention]:
        # "Ban Ki-moon and Ehud Barak" tagged as one PERSON: one entity per conjunct.
        split_coordinated_entities(doc, self._known_name)
        matches = self._matches(doc)
        if not matches:
            return []
        for match in matches:
            match.head = np_head(doc[match.start : match.end].root).i
        # "Presidents Barack Obama and Dmitry Medvedev" parsed as one phrase: two actors.
        separate_conjoined_names(doc, matches)
        groups: dict[int, Group] = {}
        for match in matches:
            groups.setdefault(match.head, Group(match.head)).matches.append(match)

        resolved: dict[int, list[Resolved]] = {}
        for head, group in groups.items():
            resolved[head] = self._resolve_group(doc, group, published)
        self._attach_prepositional(doc, groups, resolved)
        self._add_agents(doc, groups, resolved)
        self._attach_appositives(doc, groups, resolved)
        # "his wife, Li Wenzu": a title with an unknown person's name in apposition.
        name_titled_people(doc, resolved, self.place_countries)
        self._share_conjoined_sector(doc, matches, groups, resolved)

        found = [r for items in resolved.values() for r in items]
        found.extend(self._coreferent_surnames(doc, matches, found))
        # "Stephon Clark was shot": a full name no rule above explains is a private person
        # (CVL, country inferred); its later bare surnames and given names are the same person.
        private = private_persons(doc, groups, resolved, found, self.data, self.notable_place)
        if private:
            found.extend(private)
            found.extend(self._coreferent_surnames(doc, matches, found))
        found = self._add_organisations(doc, found, matches)
        # "Many blame the government": a quantifier subject of a personal verb is civilians.
        found.extend(quantifier_people(doc, found))
        found = self._infer_countries(doc, found)
        found.extend(acronym_mentions(doc, found))
        found.extend(short_form_mentions(doc, found))
        # Which dictionary entries (or rule) gave each mention: the analyst's audit trail.
        mentions = _to_mentions(doc, found)
        return with_sources(doc, mentions, matches, self.data, published)

    def _known_name(self, key: str) -> bool:
        """Whether a folded name is a state, IGO, group or person of the dictionaries."""
        data = self.data
        return key in data.states or key in data.igos or key in data.groups or key in data.people

    # ------------------------------------------------------------------ organisations

    # ------------------------------------------------------------------ parse rules


# ---------------------------------------------------------------------- helpers


def _to_mentions(doc: Doc, found: list[Resolved]) -> list[ActorMention]:
    """Drop mentions nested in a larger one with the same code; sort by position."""
    found = sorted(found, key=lambda r: (r.start, -(r.end - r.start)))
    kept: list[Resolved] = []
    for item in found:
        if any(k.start <= item.start and item.end <= k.end and k.code == item.code for k in kept):
            continue
        kept.append(item)
    mentions = []
    for item in kept:
        start = item.start
        while start < item.end - 1 and doc[start].lower_ in LEADING_WORDS:
            start += 1  # "the United Nations" -> "United Nations"
        span = doc[start : item.end]
        mentions.append(
            ActorMention(
                text=span.text,
                start=span.start_char,
                end=span.end_char,
                code=item.code,
                sector=item.sector,
                name=item.name,
                kind=item.kind,
                country_source=item.country_source,
                source=item.rule,
            )
        )
    return mentions


# ---------------------------------------------------------------------- organisations


# ---------------------------------------------------------------------- short forms
