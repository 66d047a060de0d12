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

Rules on what is not an actor: lower-case matches of proper names ("us", "who") are dropped,
as are acronyms of three letters or fewer unless written in capitals. Hyphenated pairs such as
"Russia-Ukraine war" or "Armenia-Azerbaijan relations" yield one state mention per country
(each is a reference to that state; the events stage decides whether it is a participant).
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import numpy
import spacy
from spacy.attrs import ENT_TYPE, LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.parts_of_speech import PROPN as PROPN_POS
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from eventcoder.actors.context import CountryContext, dateline_length
from eventcoder.actors.data import (
    METONYM_SECTORS,
    ORG_HEADS_FILE,
    ActorData,
    Person,
    fold,
    load_actor_data,
)
from eventcoder.actors.provenance import with_sources
from eventcoder.models import ActorMention
from eventcoder.nlp.phrases import phrase_keys

_PROPN_ID = int(PROPN_POS)
# Labels in priority order: on equal length, the first wins.
IGO, GROUP, PERSON, STATE, AGENT, NER_PERSON = "IGO", "GROUP", "PERSON", "STATE", "AGENT", "NERP"
_PRIORITY = {IGO: 0, STATE: 1, GROUP: 2, PERSON: 3, AGENT: 4, NER_PERSON: 5}
_PROPER = {IGO, GROUP, PERSON, STATE}

# Arcs by which a modifier belongs to the noun phrase of its head.
_NP_DEPS = {"compound", "amod", "nmod", "flat", "npadvmod"}
# A capital "acts" (stands for its government) in these roles.
_ACTING_DEPS = {"nsubj", "nsubjpass", "poss", "agent", "csubj", "dobj", "dative"}
# ... or as the object of these prepositions ("talks with Baku", "sanctions against Moscow");
# "to"/"in"/"from" Moscow are too often travel and location to count.
_ACTING_PREPS = {"by", "with", "against"}
# "the administration in Armenia": location attaches an actor only to institutions.
_IN_SECTORS = {"GOV", "COP", "JUD", "LEG"}
# "Moscow officials", "Kyiv forces": a capital speaks for the state only as government or army.
_CAPITAL_SECTORS = {"GOV", "MIL"}
# Tokens of these entity types are never (part of) a person's name.
_NAME_ENT_TYPES = {"", "PERSON"}
_COREF_ENT_TYPES = {"", "PERSON", "ORG"}
_PLACE_ENTS = {"GPE", "LOC", "FAC"}
# Heads of organisation and place names that the parse can attach a title to.
_INSTITUTION_NOUNS = {
    "university",
    "college",
    "school",
    "academy",
    "institute",
    "hospital",
    "airport",
    "stadium",
    "code",
    "act",
    "law",
    "foundation",
    "centre",
    "center",
    "street",
    "avenue",
    "square",
    "bridge",
    "museum",
    "library",
    "park",
    "station",
    "port",
    "company",
    "bank",
}
# Tokens from a person's name to the end of an appositive title that still describes them.
_MAX_APPOSITIVE_TOKENS = 14
_PREPS_OF = {"of", "from"}
# "the Bush administration", "Putin's government": a leader's name on these nouns is the state.
# Sectors of words for armed people ("fighters", "militants"), which say nothing more about
# a named armed group than its own sector does.
_ARMED_SECTORS = {"UAF", "MIL", "REB", "INS"}
_GOVERNMENT_NOUNS = {"administration", "government", "regime", "cabinet", "junta"}
_LEADING_WORDS = {"the", "a", "an"}
# A seat of government after these prepositions is a place ("at the White House").
_SPATIAL_PREPS = {"at", "in", "inside", "outside", "near", "to", "into", "on", "around", "across"}
# Modifiers saying an agent belongs to no single country: "international observers",
# "foreign journalists", "Western diplomats", "world leaders" get no inferred country.
_NO_COUNTRY_WORDS = {
    "international",
    "foreign",
    "global",
    "world",
    "western",
    "multinational",
    "overseas",
    "regional",
    "coalition",
    "allied",
    "un",
}
_POSSESSIVE_ENDINGS = ("'s", "’s", "'", "’")


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
_TO_INFER = ""


class ActorResolver:
    """Finds and resolves actor mentions; build once (``from_package_data``), call per Doc."""

    def __init__(
        self,
        data: ActorData,
        nlp: Language | None = None,
        place_countries: Callable[[str], dict[str, int]] | None = None,
    ) -> None:
        """``place_countries`` maps a place name to the countries (ISO3) with a place of that
        name and their populations, for the agents layer; the gazetteer's
        :func:`~eventcoder.geo.gazetteer.countries_of_name` by default, loaded on first
        use."""
        self.data = data
        self.place_countries = place_countries or _gazetteer_countries
        self.nlp = nlp or spacy.blank("en")
        self.matcher = PhraseMatcher(self.nlp.vocab, attr="LOWER")
        self._add_patterns()

    @classmethod
    def from_package_data(cls, nlp: Language | None = None) -> ActorResolver:
        """A resolver over the shipped actor data; pass the pipeline's ``nlp`` to share its
        vocab and tokenizer (a blank English one is used otherwise)."""
        return cls(load_actor_data(), nlp)

    # ------------------------------------------------------------------ matcher
    def _add_patterns(self) -> None:
        data = self.data
        tables: list[tuple[str, Iterable[str]]] = [
            (STATE, data.states),
            (IGO, data.igos),
            (AGENT, data.agents),
            (GROUP, data.groups),
            (PERSON, data.people),
        ]
        for label, keys in tables:
            texts: set[str] = set()
            for key in keys:
                texts.add(key)
                texts.update(data.surface_forms.get(key, ()))
                if any(ch in key for ch in ".'-"):
                    # The tokenizer splits "u.s." but keeps "U.S." whole: add cased forms.
                    texts.update((key.upper(), key.title()))
            # Token hashes, from the build-time tokenization when shipped (eventcoder.nlp.phrases).
            self.matcher.add(label, phrase_keys(self.nlp, sorted(texts)))

    def _matches(self, doc: Doc) -> list[Match]:
        strings = self.nlp.vocab.strings
        candidates: list[Match] = []
        # "KARAK, Jordan (AP) -": the dateline says where the report was filed; its state name
        # is a place (the agents layer uses it), not an actor.
        dateline_chars = dateline_length(doc)
        for match_id, start, end in self.matcher(doc):
            label = strings[match_id]
            span = doc[start:end]
            if label in _PROPER and not _looks_proper(span, label):
                continue
            if label == STATE:
                role = self.data.states[fold(span.text)].role
                if _inside_place_name(span, role) or _is_dateline(span, role):
                    continue
                if span.end_char <= dateline_chars:
                    continue
            candidates.append(Match(label, start, end, fold(span.text)))
        candidates = self._drop_groups_inside_unknown_names(doc, candidates)
        # Longest first, then by label priority; keep matches that do not overlap chosen ones.
        # NER PERSON spans come last: the dictionary wins ("Yerevan's" tagged PERSON).
        candidates.sort(key=lambda m: (m.start - m.end, _PRIORITY[m.label], m.start))
        for ent in doc.ents:
            if ent.label_ == "PERSON":
                end = ent.end - 1 if ent.end - ent.start > 1 and ent[-1].tag_ == "POS" else ent.end
                candidates.append(Match(NER_PERSON, ent.start, end, fold(_strip_possessive(ent))))
        taken = [False] * len(doc)
        chosen: list[Match] = []
        for match in candidates:
            if any(taken[match.start : match.end]):
                continue
            for i in range(match.start, match.end):
                taken[i] = True
            chosen.append(match)
        chosen.sort(key=lambda m: m.start)
        return chosen

    def _drop_groups_inside_unknown_names(self, doc: Doc, candidates: list[Match]) -> list[Match]:
        """A group's name inside a longer organisation name the dictionaries do not know is
        part of that name: "Bersatu" (a Thai insurgent group) in "Parti Pribumi Bersatu
        Malaysia" (a Malaysian party). Such a match is dropped when the run of capitalised words
        around it holds two or more other proper nouns that no dictionary explains (neither
        matched nor an organisation head word); "Boko Haram Islamists" keeps Boko Haram."""
        explained = {i for m in candidates for i in range(m.start, m.end)}
        kept: list[Match] = []
        for match in candidates:
            if match.label == GROUP:
                # The run of capitalised words around the match (the model often leaves such
                # names untagged, so the ORG entity alone is not enough).
                start, end = match.start, match.end
                while start > 0 and _capitalised(doc[start - 1]):
                    start -= 1
                while end < len(doc) and _capitalised(doc[end]):
                    end += 1
                run = doc[start:end]
                unexplained = [
                    t
                    for t in run
                    if not match.start <= t.i < match.end
                    and t.i not in explained
                    and t.pos_ == "PROPN"
                    and t.lower_ not in self.data.org_heads
                ]
                # A title-case headline ("Jets Strike Hamas Targets") has verbs in its run.
                if len(unexplained) >= 2 and not any(t.pos_ in {"VERB", "AUX"} for t in run):
                    continue
            kept.append(match)
        return kept

    # ------------------------------------------------------------------ resolve
    def resolve(self, doc: Doc, published: dt.date | None) -> list[ActorMention]:
        matches = self._matches(doc)
        if not matches:
            return []
        groups: dict[int, Group] = {}
        for match in matches:
            match.head = _np_head(doc[match.start : match.end].root).i
            groups.setdefault(match.head, Group(match.head)).matches.append(match)

        resolved: dict[int, list[Resolved]] = {}
        for head, group in groups.items():
            resolved[head] = self._resolve_group(doc, group, published)
        self._attach_prepositional(doc, groups, resolved)
        self._add_agents(doc, groups, resolved)
        self._attach_appositives(doc, groups, resolved)
        self._share_conjoined_sector(doc, matches, groups, resolved)

        found = [r for items in resolved.values() for r in items]
        found.extend(self._coreferent_surnames(doc, matches, found))
        found = self._add_organisations(doc, found, matches)
        found = self._infer_countries(doc, found)
        found.extend(_acronym_mentions(doc, found))
        found.extend(_short_form_mentions(doc, found))
        # Which dictionary entries (or rule) gave each mention: the analyst's audit trail.
        mentions = _to_mentions(doc, found)
        return with_sources(doc, mentions, matches, self.data, published)

    # ------------------------------------------------------------------ organisations
    def _add_organisations(
        self, doc: Doc, found: list[Resolved], matches: list[Match]
    ) -> list[Resolved]:
        """Organisations no dictionary knows, by the head words of their names
        (``org_heads.tsv``): "New York Police Department" -> COP, "Kenya Airways" -> BUS,
        "University of Lagos" -> EDU. An ORG entity, or a run of capitalised words the model
        left untagged ("the Accra Port Workers Union"), is one when its name ends with a head
        phrase or starts with one before "of". Its country is a state or demonym inside the name
        ("Kenya"), else a place inside it (``place_hint``: "New York", "Lagos"), else the
        context (actors/context.py). A name holding a person ("King Juan Carlos University")
        or already resolved at its head is left alone."""
        heads = self.data.org_heads
        if not heads or not len(doc):
            return found
        result = list(found)
        for start, end in _organisation_spans(doc, heads):
            if end - start < 2:
                continue  # a one-word name says nothing of what it is
            head = _org_head(doc, start, end, heads)
            if head is None:
                continue
            head_start, head_end, phrase = head
            inside = [r for r in result if r.start < end and start < r.end]
            if any(r.start < head_end and head_start < r.end for r in inside):
                continue  # the head already belongs to a resolved actor
            if any(r.kind == "person" for r in inside) or any(
                m.label in {PERSON, NER_PERSON} and m.start < end and start < m.end for m in matches
            ):
                continue  # named after a person: whose country is not the person's
            codes = {r.code for r in inside if r.code}
            if len(codes) > 1:
                continue
            name = doc[start:end].text
            code = next(iter(codes)) if codes else _TO_INFER
            hints = () if codes else _place_hints(doc, start, end, head_start, head_end)
            rule = f"organisation name: {phrase!r} -> {heads[phrase]} ({ORG_HEADS_FILE})"
            result = [r for r in result if r not in inside]
            result.append(
                Resolved(
                    start, end, code, heads[phrase], name, "state", rule=rule, place_hints=hints
                )
            )
        return result

    def _resolve_group(self, doc: Doc, group: Group, published: dt.date | None) -> list[Resolved]:
        anchors = group.of(STATE, IGO, GROUP)
        agents = group.of(AGENT)
        people = group.of(PERSON, NER_PERSON)
        agent_sector = self._agent_sector(agents, group.head)
        start = min(m.start for m in group.matches)
        end = max(m.end for m in group.matches)

        if not anchors:
            leader = self._leader_government(doc, group, people, published)
            if leader is not None:
                return [leader]
        codes = {self._anchor_code(m) for m in anchors}
        titled = self._titled_name(doc, group) if agents and not people else None
        if titled is not None:
            # "Kenyan Foreign Minister Jane Otieno": a name the dictionary and NER both miss.
            if len(codes) > 1 or (not codes and agent_sector is None):
                return []
            # "Police chief John Smith": the agents layer infers the country.
            code = next(iter(codes)) if codes else _TO_INFER
            return [Resolved(start, titled.end, code, agent_sector, titled.text, "person")]
        if people:
            person = people[-1]
            if group.head >= person.end and self._is_institution(doc[group.head]):
                return []  # "King Juan Carlos University": named after a person
            known = self._person_at(person, published)
            text_code = next(iter(codes)) if len(codes) == 1 else None
            bare_country = all(m.label == STATE for m in anchors) and not self._demonym(anchors)
            if text_code and not agents and not known and bare_country:
                # "Georgia Stevens": a bare country name before a name is no title.
                text_code = None
            code = text_code or (known[0] if known else None)
            if code is None and agents and agent_sector and not anchors:
                code = _TO_INFER  # "Judge Alejandro Rivera": a title with no country
            if code is None:
                return []
            sector = agent_sector if agents else None
            if sector is None and known and known[0] == code:
                sector = known[1]
            if group.head >= person.end and agents:
                # "the Trump administration": the state's institution, not the person.
                return [Resolved(start, end, code, sector, self.data.name_of(code), "state")]
            name = self._person_name(person, doc)
            return [Resolved(start, end, code, sector, name, "person")]

        if not anchors:
            return []
        if len(codes) > 1:
            # "Armenia-Azerbaijan relations": one mention per country, no shared sector.
            return [
                r
                for m in anchors
                for r in self._resolve_anchor(doc, m, m.start, m.end, None, has_agent=False)
            ]
        anchor = anchors[0]
        if (
            anchor.label == STATE
            and not agents
            and anchor.start > 0
            and doc[anchor.start - 1].lower_ == "ethnic"
            and self._demonym([anchor])
        ):
            # "ethnic Albanians in Serbia", "ethnic Uzbeks": a minority, civilians of the
            # country they live in (inferred from the context), not of their kin state.
            kin = self.data.name_of(self.data.states[anchor.key].code)
            rule = f"ethnic group: 'ethnic {doc[anchor.start : anchor.end].text}' (kin state {kin})"
            return [Resolved(anchor.start - 1, end, _TO_INFER, "CVL", "", "state", rule=rule)]
        # Sector words before the anchor belong to another phrase ("army of" is handled by
        # the prepositional rule), so the mention starts at the first anchor or agent.
        return self._resolve_anchor(doc, anchor, start, end, agent_sector, has_agent=bool(agents))

    def _resolve_anchor(
        self,
        doc: Doc,
        anchor: Match,
        start: int,
        end: int,
        sector: str | None,
        *,
        has_agent: bool,
    ) -> list[Resolved]:
        data = self.data
        if anchor.label == IGO:
            code = data.igos[anchor.key]
            return [Resolved(start, end, code, sector, data.name_of(code), "igo")]
        if anchor.label == GROUP:
            code, group_sector, kind = data.groups[anchor.key]
            name = data.group_names.get(anchor.key) or doc[anchor.start : anchor.end].text
            if group_sector and sector in _ARMED_SECTORS:
                sector = group_sector  # "ISIS fighters" are the group's rebels, not UAF
            return [Resolved(start, end, code, sector or group_sector, name, kind)]
        state = data.states[anchor.key]
        if state.metonym_sector:
            written = doc[anchor.start : anchor.end].text
            if written.isupper() and len(written) > 3:
                return []  # a dateline ("MANILA (AP) -"), not an actor
            if has_agent:
                if sector not in _CAPITAL_SECTORS:
                    return []  # "Rome police": the city's, not the state's
                return [
                    Resolved(start, end, state.code, sector, data.name_of(state.code), "metonym")
                ]
            root = doc[anchor.start : anchor.end].root
            if state.is_seat and _placed(root):
                return []  # "gathered outside Downing Street": a place
            if not state.is_seat and not _acts(root):
                return []  # "in Yerevan", "to Moscow": a place
            name = data.name_of(state.code)
            return [Resolved(start, end, state.code, state.metonym_sector, name, "metonym")]
        return [Resolved(start, end, state.code, sector, data.name_of(state.code), "state")]

    def _leader_government(
        self, doc: Doc, group: Group, people: list[Match], published: dt.date | None
    ) -> Resolved | None:
        """'the Bush administration', 'Putin's government', 'the Erdogan regime': the leader's
        state, sector GOV. The phrase names the government itself, so a surname whose
        office-holders all served one state resolves whatever the publication date."""
        head = doc[group.head]
        if head.lower_ not in _GOVERNMENT_NOUNS:
            return None
        for child in head.children:
            if child.dep_ not in {"compound", "poss"} or child.i > head.i:
                continue
            if child.pos_ != "PROPN" or not child.text[:1].isupper():
                continue
            code = None
            for person in people:
                if person.start <= child.i < person.end:
                    known = self._person_at(person, published) or self._person_at(person, None)
                    code = known[0] if known else None
            key = fold(_strip_possessive(doc[child.i : child.i + 1]))
            code = code or self.data.leader_states.get(key)
            if code is None:
                continue
            start = min(child.left_edge.i, *(m.start for m in group.matches))
            return Resolved(start, head.i + 1, code, "GOV", self.data.name_of(code), "state")
        return None

    def _is_institution(self, token: Token) -> bool:
        """Whether a noun heads an institution's name ("University", "Union", "Airways"),
        which is never a person's name."""
        return token.lower_ in _INSTITUTION_NOUNS or token.lower_ in self.data.org_heads

    def _titled_name(self, doc: Doc, group: Group) -> Span | None:
        """The proper-noun run after a title, ending at the phrase head, if there is one."""
        head = doc[group.head]
        last = max(m.end for m in group.matches)
        if head.pos_ != "PROPN" or head.i < last or self._is_institution(head):
            return None  # "King Juan Carlos University" is a place of study, not a person
        name = doc[last : head.i + 1]
        if not all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in name):
            return None
        for token in name:
            if token.ent_type_ in _NAME_ENT_TYPES:
                continue
            # The small model often tags foreign names ORG; an organisation that starts
            # before the name ("Premier League") is not a titled person.
            if token.ent_type_ != "ORG" or _entity_start(token) < name.start:
                return None
        return name

    def _demonym(self, anchors: list[Match]) -> bool:
        """Whether the anchors are written as a demonym ("Emirati"), not a country name."""
        return any(
            m.label == STATE and m.key != fold(self.data.name_of(self.data.states[m.key].code))
            for m in anchors
        )

    def _anchor_code(self, match: Match) -> str:
        if match.label == IGO:
            return self.data.igos[match.key]
        if match.label == GROUP:
            return self.data.groups[match.key][0]
        return self.data.states[match.key].code

    def _agent_sector(self, agents: list[Match], head: int) -> str | None:
        """The sector of the agent nearest the head ("Defense Minister" in front of a name)."""
        sectors = [self.data.agents.get(m.key) for m in sorted(agents, key=lambda m: m.end)]
        known = [s for s in sectors if s]
        return known[-1] if known else None

    def _person_at(self, match: Match, published: dt.date | None) -> tuple[str, str | None] | None:
        candidates: list[Person] = self.data.people.get(match.key, [])
        if not candidates:
            return None
        results = {p.name: p.at(published) for p in candidates}
        found = {name: r for name, r in results.items() if r is not None}
        if len(found) == 1:
            return next(iter(found.values()))
        with_sector = [r for r in found.values() if r[1]]
        if len(with_sector) == 1:
            return with_sector[0]  # of two namesakes, the one in office then
        return None

    def _person_name(self, match: Match, doc: Doc) -> str:
        candidates = self.data.people.get(match.key, [])
        if len(candidates) == 1:
            return candidates[0].name
        return _strip_possessive(doc[match.start : match.end])

    # ------------------------------------------------------------------ parse rules
    def _attach_prepositional(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """'the administration in Armenia', 'spokesman of the Iranian Ministry...'."""
        # Innermost first, so "spokesman of [the Iranian Ministry of Foreign Affairs]" sees
        # the ministry already resolved.
        for head in sorted(groups, key=lambda h: -doc[h].i):
            group = groups[head]
            if resolved[head] or group.of(STATE, IGO, GROUP, PERSON, NER_PERSON):
                continue
            sector = self._agent_sector(group.of(AGENT), head)
            for owner in doc[head].children:
                # "Georgia's government", "Russia's army": the possessor is the actor.
                if owner.dep_ == "poss" and len(resolved.get(owner.i, [])) == 1:
                    inner = resolved[owner.i][0]
                    if inner.kind in {"state", "igo", "metonym"}:
                        end = max(m.end for m in group.matches)
                        kind = inner.kind
                        resolved[head] = [
                            Resolved(inner.start, end, inner.code, sector, inner.name, kind)
                        ]
                        resolved[owner.i] = []
            if resolved[head]:
                continue
            for prep in doc[head].children:
                if prep.dep_ != "prep":
                    continue
                word = prep.lower_
                if word not in _PREPS_OF and not (word == "in" and sector in _IN_SECTORS):
                    continue
                for pobj in prep.children:
                    if pobj.dep_ != "pobj" or len(resolved.get(pobj.i, [])) != 1:
                        continue
                    inner = resolved[pobj.i][0]
                    if inner.kind in {"person", "metonym"}:
                        continue
                    start = min(m.start for m in group.matches)
                    resolved[head] = [
                        Resolved(
                            start,
                            inner.end,
                            inner.code,
                            sector or inner.sector,
                            inner.name,
                            inner.kind,
                        )
                    ]
                    resolved[pobj.i] = []

    def _add_agents(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """The agents layer: a generic agent noun ("police", "gunmen", "a teenager", "the
        regime") that no rule above gave an actor becomes one with its sector; its country is
        inferred later (:meth:`_infer_countries`).

        Only when the agent word heads its phrase ("police" in "the police", not in "police
        station"), carries a sector ("side" does not), and no word says the agent is of no
        single country ("international observers", "foreign journalists") or belongs to a
        named organisation the dictionaries miss ("All Progressives Congress"). Needs the
        parse: without it an agent cannot be told from a modifier of another noun."""
        if not len(doc) or not doc[0].dep_:  # cheaper than doc.has_annotation("DEP")
            return
        for head, group in groups.items():
            if resolved[head] or group.of(PERSON, NER_PERSON, IGO, GROUP):
                continue
            agents = group.of(AGENT)
            token = doc[head]
            if not any(m.start <= head < m.end for m in agents) or token.pos_ == "ADJ":
                continue
            sector = self._agent_sector(agents, head)
            if sector is None:
                continue
            covered = {i for m in group.matches for i in range(m.start, m.end)}
            if any(
                child.dep_ in {"amod", "compound", "nmod"}
                and child.i not in covered
                and child.lower_ in _NO_COUNTRY_WORDS
                for child in token.children
            ):
                continue
            if _inside_unknown_name(token, covered):
                continue
            start = min(m.start for m in group.matches)
            end = max(m.end for m in group.matches)
            resolved[head] = [Resolved(start, end, _TO_INFER, sector, "", "state")]

    def _infer_countries(self, doc: Doc, found: list[Resolved]) -> list[Resolved]:
        """Give each agent that still needs a country the one its context implies (see
        ``actors/context.py`` for the order); agents in a document that names no country at
        all are dropped."""
        pending = [r for r in found if r.needs_country]
        if not pending:
            return found
        known = [r for r in found if not r.needs_country]
        context = CountryContext(
            doc,
            self.data,
            self.place_countries,
            actors=[(r.start, r.end, r.code) for r in known if r.code in self.data.countries],
            acting_spans=[(r.start, r.end) for r in known if r.kind == "metonym"],
        )
        result = list(known)
        for item in pending:
            if any(k.start < item.end and item.start < k.end for k in known):
                continue  # already part of a resolved actor's phrase ("X, spokesman of ...")
            head = doc[item.start : item.end].root
            inferred = _place_in_name(context, item.place_hints)
            inferred = inferred or context.infer(head, item.sector, (item.start, item.end))
            if inferred is None:
                continue
            code, source = inferred
            named = item.kind == "person" or (item.rule and item.name)
            name = item.name if named else self.data.name_of(code)
            result.append(
                Resolved(
                    item.start, item.end, code, item.sector, name, item.kind, source, item.rule
                )
            )
        return result

    def _attach_appositives(
        self, doc: Doc, groups: dict[int, Group], resolved: dict[int, list[Resolved]]
    ) -> None:
        """'Nasser Kenani, spokesman of the Iranian Ministry of Foreign Affairs' -> IRN GOV."""
        for head, group in groups.items():
            people = group.of(PERSON, NER_PERSON)
            if not people:
                continue
            for appos in doc[head].children:
                if appos.dep_ != "appos" or not resolved.get(appos.i):
                    continue
                title = resolved[appos.i][0]
                if title.kind == "person" or title.end - head > _MAX_APPOSITIVE_TOKENS:
                    continue  # a long appositive's country is rarely the person's
                current = resolved.get(head) or []
                person = people[-1]
                name = self._person_name(person, doc)
                start = min(m.start for m in group.matches)
                if current:
                    own = current[0]
                    code, sector = own.code, own.sector or title.sector
                    if code != title.code:
                        continue  # the text's own title wins over an odd parse
                else:
                    code, sector = title.code, title.sector
                resolved[head] = [Resolved(start, title.end, code, sector, name, "person")]
                resolved[appos.i] = []

    @staticmethod
    def _share_conjoined_sector(
        doc: Doc,
        matches: list[Match],
        groups: dict[int, Group],
        resolved: dict[int, list[Resolved]],
    ) -> None:
        """'Armenian and Azerbaijani soldiers': the second country shares 'soldiers' (MIL)."""
        # Only tokens of state/IGO/group matches: "Armenian soldiers and Azerbaijan" conjoins
        # Azerbaijan with the soldiers, not with "Armenian", and shares no sector.
        head_of = {
            i: m.head
            for m in matches
            if m.label in {STATE, IGO, GROUP}
            for i in range(m.start, m.end)
        }
        for head, items in resolved.items():
            if len(items) != 1 or items[0].sector or items[0].kind not in {"state", "igo"}:
                continue
            token = doc[head]
            if token.dep_ != "conj" or token.head.i not in head_of:
                continue
            partner_head = head_of[token.head.i]
            partner = resolved.get(partner_head) or []
            if not partner and groups[partner_head].of(STATE, IGO):
                # "the leaders of Armenia and Azerbaijan": Armenia was absorbed into the
                # "leaders of" mention, whose sector Azerbaijan shares.
                owner = [
                    r
                    for rs in resolved.values()
                    for r in rs
                    if r.start <= token.head.i < r.end and r.sector and r.kind in {"state", "igo"}
                ]
                if len(owner) == 1:
                    item = items[0]
                    resolved[head] = [
                        Resolved(
                            item.start, item.end, item.code, owner[0].sector, item.name, item.kind
                        )
                    ]
                continue
            agent_heads = {m.head for m in groups[partner_head].of(AGENT)}
            if len(partner) == 1 and partner[0].sector and partner_head in agent_heads:
                item, other = items[0], partner[0]
                end = item.end
                anchors = groups[partner_head].of(STATE, IGO, GROUP)
                if anchors and other.start < item.start < other.end:
                    # Split "Armenian and Azerbaijani soldiers" into "Armenian" and
                    # "Azerbaijani soldiers" so that mentions never overlap.
                    first = anchors[0]
                    resolved[partner_head] = [
                        Resolved(
                            first.start, first.end, other.code, other.sector, other.name, other.kind
                        )
                    ]
                    end = other.end
                resolved[head] = [
                    Resolved(item.start, end, item.code, other.sector, item.name, item.kind)
                ]

    def _coreferent_surnames(
        self, doc: Doc, matches: list[Match], found: list[Resolved]
    ) -> list[Resolved]:
        """A bare name that an earlier mention resolved ("Kenani said") gets that actor."""
        by_name: dict[str, Resolved] = {}
        for item in sorted(found, key=lambda r: r.start):
            if item.kind != "person":
                continue
            keys = {fold(item.name), fold(item.name).split()[-1]}
            last = doc[item.end - 1]
            phrase = doc[item.start : item.end]
            if last.pos_ == "PROPN" and not any(t.lower_ in {",", "of"} for t in phrase):
                # The name as written ("Esmaeil Baghaei Hamaneh"), when the mention ends with
                # it rather than with an appositive or "of" title.
                keys.add(fold(_strip_possessive(doc[last.i : last.i + 1])))
            for key in keys:
                by_name.setdefault(key, item)
        covered = [False] * len(doc)
        for item in found:
            for i in range(item.start, item.end):
                covered[i] = True
        if not by_name:
            return []
        extra: list[Resolved] = []
        names = [(m.start, m.end, m.key) for m in matches if m.label in {PERSON, NER_PERSON}]
        # The model misses many bare surnames ("Hamaneh's remarks"): proper nouns count too.
        # Read the tags as arrays: making a Token object per word costs more than all the rest.
        tags = doc.to_array([POS, ENT_TYPE]) if len(doc) else None
        coref_types = {0, *(self.nlp.vocab.strings.add(t) for t in _COREF_ENT_TYPES if t)}
        for i in [] if tags is None else numpy.flatnonzero(tags[:, 0] == _PROPN_ID).tolist():
            if covered[i] or int(tags[i, 1]) not in coref_types:
                continue
            text = doc[i].text
            # "May" the month is a DATE; the model tags many foreign surnames ORG.
            if text[:1].isupper():
                names.append((i, i + 1, fold(text)))
        for start, end, key in sorted(set(names)):
            if not key or any(covered[start:end]):
                continue
            earlier = by_name.get(key) or by_name.get(key.split()[-1])
            if earlier is not None and earlier.start < start:
                extra.append(
                    Resolved(start, end, earlier.code, earlier.sector, earlier.name, "person")
                )
                for i in range(start, end):
                    covered[i] = True
        return extra


# ---------------------------------------------------------------------- helpers
def _capitalised(token: Token) -> bool:
    """A capitalised word of a name (not "The", not a sentence's first word)."""
    return (
        token.is_alpha
        and token.text[:1].isupper()
        and token.lower_ not in _LEADING_WORDS
        and not token.is_sent_start
    )


def _looks_proper(span: Span, label: str) -> bool:
    """Proper names must be written as such: "us" is not the US, "who" is not the WHO."""
    text = span.text
    if not any(ch.isupper() for ch in text):
        return False
    letters = [ch for ch in text if ch.isalpha()]
    if label in {STATE, IGO, GROUP} and len(letters) <= 3 and not text.isupper():
        return False
    # A one-word name must be tagged as a noun: "May" the month is not Theresa May.
    return not (label == PERSON and len(span) == 1 and span[0].pos_ not in {"PROPN", "NOUN", "X"})


def _is_dateline(span: Span, role: str) -> bool:
    """'MANILA (AP) -', 'LONDON Pope Francis...': a capital in capitals opens a dateline."""
    return role in METONYM_SECTORS and span.text.isupper() and len(span.text) > 3


def _entity_start(token: Token) -> int:
    doc = token.doc
    start = token.i
    while start > 0 and doc[start].ent_iob_ == "I":
        start -= 1
    return start


def _inside_place_name(span: Span, role: str) -> bool:
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
    return label in _PLACE_ENTS or label == "PERSON" or (metonym and label == "ORG")


def _strip_possessive(span: Span) -> str:
    text = span.text
    for ending in _POSSESSIVE_ENDINGS:
        if text.endswith(ending) and len(text) > len(ending):
            return text[: -len(ending)]
    return text


def _np_head(token: Token) -> Token:
    """Climb modifier arcs to the noun the phrase is about."""
    head = token
    for _ in range(8):  # parse depth of a noun phrase; guards against odd cycles
        if (
            head.dep_ in _NP_DEPS
            and head.head.i > head.i
            and head.head.pos_ in {"NOUN", "PROPN", "ADJ", "NUM"}
        ):
            head = head.head
        else:
            break
    return head


def _placed(token: Token) -> bool:
    """Whether a seat of government is named as a place ("at the Pentagon", "outside Downing
    Street"); in any other role ("a statement from the Kremlin") it is the government."""
    current = token
    if current.dep_ == "conj":
        current = current.head
    return current.dep_ == "pobj" and current.head.lower_ in _SPATIAL_PREPS


def _inside_unknown_name(token: Token, covered: set[int]) -> bool:
    """Whether an agent word is part of a longer organisation or person name the
    dictionaries do not know ("All Progressives Congress", "Human Rights Defenders"): an
    entity around it with capitalised words outside the agent phrase."""
    if token.ent_type_ not in {"ORG", "PERSON", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"}:
        return False
    start = _entity_start(token)
    end = token.i + 1
    doc = token.doc
    while end < len(doc) and doc[end].ent_iob_ == "I":
        end += 1
    return any(
        i not in covered and doc[i].is_alpha and doc[i].text[:1].isupper()
        for i in range(start, end)
        if doc[i].lower_ not in _LEADING_WORDS
    )


def _gazetteer_countries(name: str) -> dict[str, int]:
    # Imported on first use: the gazetteer is loaded only when an agent needs a place's country.
    from eventcoder.geo.gazetteer import countries_of_name

    return countries_of_name(name)


def _acts(token: Token) -> bool:
    """Whether a capital name stands for an acting government rather than a location."""
    current = token
    for _ in range(3):
        if current.dep_ in _ACTING_DEPS:
            return True
        if current.dep_ == "pobj" and current.head.lower_ in _ACTING_PREPS:
            return True
        if current.dep_ == "conj":
            current = current.head
            continue
        return False
    return False


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
        while start < item.end - 1 and doc[start].lower_ in _LEADING_WORDS:
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
#: Words an organisation name may hold between its head and the place it is named after
#: ("University of Lagos", "Bank of the South").
_ORG_LINK_WORDS = {"of", "the", "for", "and", "&"}
#: Longest head phrase looked up (tokens): "federation of trade unions".
_MAX_HEAD_TOKENS = 4
#: A place hint gives a country only when the place is this big (or a state), so that a
#: surname in "Smith Holdings" is not a hamlet somewhere.
_PLACE_HINT_MIN_POPULATION = 50_000


def _organisation_spans(doc: Doc, heads: dict[str, str]) -> list[tuple[int, int]]:
    """Token ranges that may name an organisation: ORG entities (without a leading "the" or a
    final possessive), and runs of capitalised words ending with a capitalised head word
    ("Accra Port Workers Union", where the model tagged only "Accra")."""
    spans: list[tuple[int, int]] = []
    for ent in doc.ents:
        if ent.label_ != "ORG":
            continue
        start = ent.start + (1 if ent[0].lower_ in _LEADING_WORDS and len(ent) > 1 else 0)
        end = ent.end - (1 if ent[-1].tag_ == "POS" and len(ent) > 1 else 0)
        spans.append((start, end))
    in_org = {i for start, end in spans for i in range(start, end)}
    for i in _positions(doc, LOWER, heads):
        token = doc[i]
        if token.i in in_org or not token.text[:1].isupper():
            continue
        if (
            token.i + 1 < len(doc)
            and doc[token.i + 1].text[:1].isupper()
            and doc[token.i + 1].is_alpha
        ):
            continue  # not the end of the capitalised run
        start = token.i
        while (
            start > 0
            and doc[start - 1].is_alpha
            and doc[start - 1].text[:1].isupper()
            and doc[start - 1].lower_ not in _LEADING_WORDS
            and doc[start - 1].ent_type_ not in {"PERSON", "DATE", "TIME"}
            and not doc[start - 1].is_sent_start
        ):
            start -= 1
        if start < token.i:
            spans.append((start, token.i + 1))
    return spans


def _org_head(doc: Doc, start: int, end: int, heads: dict[str, str]) -> tuple[int, int, str] | None:
    """The head phrase of an organisation name over tokens [start, end): the longest table
    phrase ending the name, else one opening it before "of" ("Ministry of Water")."""
    for size in range(min(_MAX_HEAD_TOKENS, end - start - 1), 0, -1):
        phrase = fold(doc[end - size : end].text)
        if phrase in heads:
            return end - size, end, phrase
    for size in range(min(_MAX_HEAD_TOKENS, end - start - 1), 0, -1):
        if start + size < end and doc[start + size].lower_ == "of":
            phrase = fold(doc[start : start + size].text)
            if phrase in heads:
                return start, start + size, phrase
    return None


def _place_hints(doc: Doc, start: int, end: int, head_start: int, head_end: int) -> tuple[str, ...]:
    """Where an organisation may be named after: the capitalised words opening its name, longest
    first ("Lagos State Traffic" -> "Lagos State Traffic", "Lagos State", "Lagos"), or those
    after "of" ("University of Nairobi" -> "Nairobi")."""
    runs: list[list[str]] = []
    if head_start > start:
        runs.append([t.text for t in doc[start:head_start]])
    else:
        after = [t for t in doc[head_end:end] if t.lower_ not in _ORG_LINK_WORDS]
        runs.append([t.text for t in after])
    hints: list[str] = []
    for words in runs:
        proper = []
        for word in words:
            if not (word[:1].isupper() and word.replace("-", "").isalpha()):
                break
            proper.append(word)
        hints.extend(" ".join(proper[:size]) for size in range(len(proper), 0, -1))
    return tuple(hints)


def _place_in_name(context: CountryContext, hints: tuple[str, ...]) -> tuple[str, str] | None:
    """The country of the place an organisation is named after ("New York" Police
    Department), as a ``phrase`` inference; None when its words name no notable place."""
    for hint in hints:
        countries = context.candidate_countries(hint)
        if not countries:
            continue
        code = max(countries, key=lambda c: countries[c])
        if fold(hint) in context.data.states or countries[code] >= _PLACE_HINT_MIN_POPULATION:
            return code, "phrase"
    return None


#: Acronyms: two to eight capitals ("NYPD", "MASSOB"), possibly with an ampersand.
_MIN_ACRONYM, _MAX_ACRONYM = 2, 8


def _acronym_mentions(doc: Doc, found: list[Resolved]) -> list[Resolved]:
    """Later uses of an acronym of an actor named in full: defined in the text ("the New York
    Police Department (NYPD)") or spelled exactly by the initials of the full name's words
    ("New York Police Department" -> NYPD, link words such as "of" skipped). The acronym gets
    the full name's code, sector and name."""
    covered = [False] * len(doc)
    for item in found:
        for i in range(item.start, item.end):
            covered[i] = True
    acronyms: dict[str, Resolved] = {}
    for item in sorted(found, key=lambda r: r.start):
        if item.end - item.start < 2 or not item.code or item.kind == "person":
            continue
        words = [t for t in doc[item.start : item.end] if t.lower_ not in _ORG_LINK_WORDS]
        initials = "".join(t.text[0] for t in words if t.text[:1].isupper())
        if len(initials) == len(words) and _MIN_ACRONYM <= len(initials) <= _MAX_ACRONYM:
            acronyms.setdefault(initials, item)
        end = item.end
        if end + 2 < len(doc) and doc[end].text == "(" and doc[end + 2].text == ")":
            defined = doc[end + 1].text
            if _is_acronym(defined):
                acronyms[defined] = item
                covered[end + 1] = True  # the definition itself is part of the full mention
    if not acronyms:
        return []
    extra: list[Resolved] = []
    for i in _positions(doc, ORTH, set(acronyms)):
        token = doc[i]
        item = acronyms[token.text]
        if covered[token.i] or token.i < item.end:
            continue
        rule = f"acronym of {item.name!r} named in full earlier in the article"
        extra.append(
            Resolved(
                token.i,
                token.i + 1,
                item.code,
                item.sector,
                item.name,
                item.kind,
                item.country_source,
                rule,
            )
        )
    return extra


def _is_acronym(text: str) -> bool:
    letters = text.replace("&", "")
    return letters.isalpha() and letters.isupper() and _MIN_ACRONYM <= len(text) <= _MAX_ACRONYM


# ---------------------------------------------------------------------- short forms
#: Head nouns by which news refers back to a named organisation ("the party", "the group").
SHORT_FORM_HEADS = {
    "party",
    "group",
    "movement",
    "organisation",
    "organization",
    "company",
    "militia",
    "union",
    "coalition",
    "alliance",
    "front",
}
#: Short forms that also refer back to an armed or political group named by the dictionary
#: without the head word ("Hamas ... the group said").
_GROUP_SHORT_FORMS = {"group", "movement", "militia", "organisation", "organization"}
#: How many sentences back a short form looks for the name it stands for.
_SHORT_FORM_SENTENCES = 2


def _short_form_mentions(doc: Doc, found: list[Resolved]) -> list[Resolved]:
    """'the party', 'the group', 'the company': a bare definite short form refers to the nearest
    organisation named before it, in its sentence or the two before, whose name has the same
    head word ("the Labour Party ... the party said") or, for "the group"/"the movement", to a
    named armed or political group ("Hamas ... the group said"). A salience rule by recency,
    like the events stage's pronoun rule; the mention's source says which name it stands for."""
    positions = _positions(doc, LOWER, SHORT_FORM_HEADS) if found else []
    if not positions:
        return []
    covered = [False] * len(doc)
    for item in found:
        for i in range(item.start, item.end):
            covered[i] = True
    sentence_starts = (
        [sent.start for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    )
    extra: list[Resolved] = []
    for i in positions:
        token = doc[i]
        word = token.lower_
        if covered[token.i] or token.i == 0:
            continue
        modifiers = [c for c in token.children if c.dep_ in {"amod", "compound", "poss", "nmod"}]
        if doc[token.i - 1].lower_ != "the" or modifiers:
            continue  # "the ruling party", "the Kurdish group" say more than a back reference
        sentence = bisect_right(sentence_starts, token.i) - 1
        window = sentence_starts[max(sentence - _SHORT_FORM_SENTENCES, 0)]
        candidates = [
            r
            for r in found
            if window <= r.start
            and r.end <= token.i - 1
            and r.code
            and (
                word in fold(doc[r.start : r.end].text).split()
                or (word in _GROUP_SHORT_FORMS and r.kind == "group")
            )
        ]
        if not candidates:
            continue
        named = max(candidates, key=lambda r: r.start)
        text = doc[named.start : named.end].text
        rule = f"short form: 'the {token.text}' stands for {text!r} named before it"
        extra.append(
            Resolved(
                token.i - 1,
                token.i + 1,
                named.code,
                named.sector,
                named.name,
                named.kind,
                named.country_source,
                rule,
            )
        )
    return extra


def _positions(doc: Doc, attr: int, words: set[str]) -> list[int]:
    """Indices of the tokens whose ``attr`` (LOWER or ORTH) is one of ``words``, read off the
    document's arrays: making a Token object per word costs more than the rules themselves."""
    if not len(doc) or not words:
        return []
    column = doc.to_array([attr]).reshape(-1)
    return numpy.flatnonzero(numpy.isin(column, _hashes(frozenset(words)))).tolist()


@lru_cache(maxsize=64)
def _hashes(words: frozenset[str]) -> numpy.ndarray:
    """The string hashes of ``words`` (spaCy's hash of a string is the same in every vocab)."""
    return numpy.array(sorted(hash_string(word) for word in words), dtype=numpy.uint64)
