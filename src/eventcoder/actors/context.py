"""Country inference for agents whose words name no country ("police", "a teenager").

The agents layer (see docs/events.md, "Actors: agents layer and country inference") gives a
generic agent noun the country of its context, in this order, most to least certain; each
inferred mention records which step found it (``ActorMention.country_source``):

1. ``phrase``: a place inside or attached to the agent's own phrase: "Istanbul police",
   "residents of Douma", "protesters in Lagos". (States written in the phrase, "Turkish
   officials", "Armenia's forces", "the army of Mali", are resolved earlier by the resolver
   itself and carry no ``country_source``.)
2. ``sentence``: the nearest place the sentence locates something in ("Police arrested two
   men in Istanbul"). For institutions that speak for a state from afar (GOV, LEG, JUD, MIL),
   only a place in the agent's own clause counts: in "Officials said an airstrike in Idlib
   killed ..." Idlib is where the strike was, not whose officials spoke.
3. ``earlier``: the same agent noun named with its country in the four sentences before
   ("China's commerce ministry said ... The ministry said", "the Syrian army ... the army").
4. ``dateline``: the article's dateline ("KARAK, Jordan (AP) -"), when it names its country
   or the body names that country too: a bare hub dateline ("BEIRUT" over a Syria story) is
   where the reporter sits, not where the story is.
5. ``article``: the country most often named by the article's actors and places (ties go to
   the one named first).

Places are the document's GPE/LOC/FAC entities, resolved through the actor data's state
names and capitals, then the gazetteer's :func:`~eventcoder.geo.gazetteer.country_of_name`
(one dict look-up per entity, done once per document and only when an agent needs it).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from spacy.tokens import Doc, Span, Token

from eventcoder.actors.data import ActorData, fold
from eventcoder.paths import word_lists

#: The word lists of data/actors/words.toml.
_WORDS = word_lists("actors")

_PLACE_LABELS = {"GPE", "LOC", "FAC"}
# The small model tags some cities ORG or PERSON ("in Marseille"): such an entity counts as a
# place only after a locative preposition and when it names a city of some size, so that
# "in Congress" is not Congress, Arizona.
_WEAK_PLACE_LABELS = {"ORG", "PERSON", "NORP"}
_WEAK_PLACE_MIN_POPULATION = 50_000
# Only a place of some size may settle where the document's shared names are: a small town
# with a unique name is as often a namesake of something else (an airport, a street, a
# venue: "Heathrow" is a Florida town of 5,896 in the gazetteer) and must not pull "London"
# to Kentucky. States, regions and towns from this size vote.
_VOTER_MIN_POPULATION = 20_000
# A state's name locates something only as the object of these ("a city in Syria"); as a
# subject or object it is the state acting ("Syria said").
_LOCATIVE_PREPS = _WORDS.words("locative_preps")
# Prepositions that attach a place to an agent's own phrase ("residents of Douma").
_PHRASE_PREPS = _WORDS.words("phrase_preps")
# "the Gulf", "the North", "Central": a place written with generic words alone names no
# country (the gazetteer's Gulf Province is Papua New Guinea's); see words.toml.
_GENERIC_PLACE_WORDS = _WORDS.words("generic_place_words")
_PHRASE_MODIFIER_DEPS = {"compound", "nmod", "amod", "poss"}
# Institutions that speak for a state from afar: a place elsewhere in the sentence is no
# evidence of their country unless it is in their own clause.
_REMOTE_SECTORS = {"GOV", "LEG", "JUD", "MIL"}
_CLAUSE_POS = {"VERB", "AUX"}
# "BEIRUT (AP) -", "KARAK, Jordan (Reuters) -", "WASHINGTON-", "Hanoi (VNA) -",
# "Kuala Lumpur:", "(NEW YORK) -", "LONDON The Latest": a place opening the text.
_AGENCY = r"(?:\s*\([A-Za-z][A-Za-z .&-]{0,30}\))"
_DASH = r"\s*(?:[-\u2013\u2014:\ufffd]{1,2})"
_DATELINE = re.compile(
    r"^\W{0,3}\(?(?:"
    # All capitals: a dash, an agency or a capitalised word may follow.
    rf"(?P<caps>[A-Z][A-Z.'\u2019-]+(?: [A-Z][A-Z.'\u2019-]+){{0,2}})\)?"
    rf"(?:,\s*(?P<caps_region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}}))?"
    rf"(?:{_AGENCY}|{_DASH}|\s+(?=[A-Z\"\u201c]))"
    r"|"
    # Title case: only with an agency or a dash after it ("Hanoi (VNA) -", "Kuala Lumpur:").
    rf"(?P<title>[A-Z][a-z]+(?: [A-Z][a-z]+){{0,2}})"
    rf"(?:,\s*(?P<title_region>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){{0,2}}))?"
    rf"(?:{_AGENCY}{_DASH}?|{_DASH})\s"
    r")"
)
_DATELINE_SPAN_CHARS = 120


def opening_text(doc: Doc) -> str:
    """The first characters of a document, where a dateline would be (``Doc.text`` builds
    the whole text on every access)."""
    parts: list[str] = []
    length = 0
    for token in doc:
        parts.append(token.text_with_ws)
        length += len(parts[-1])
        if length >= _DATELINE_SPAN_CHARS:
            break
    return "".join(parts)[:_DATELINE_SPAN_CHARS]


def dateline_length(doc: Doc) -> int:
    """How many characters of the document a dateline takes (0 when it opens with none)."""
    match = _DATELINE.match(opening_text(doc))
    return match.end() if match else 0


@dataclass(frozen=True, slots=True)
class PlaceRef:
    """A place entity and the country it lies in."""

    start: int  # token indices
    end: int
    code: str
    locative: bool  # used as a location (not a state acting)


@dataclass(frozen=True, slots=True)
class Dateline:
    start: int  # token indices
    end: int
    code: str
    explicit: bool  # names its country ("KARAK, Jordan"), as datelines of smaller places do


def clause_of(token: Token) -> int:
    """The index of the verb heading the clause a token is in (the root if none)."""
    current = token
    for _ in range(12):  # parse depth guard
        if current.pos_ in _CLAUSE_POS or current.head.i == current.i:
            return current.i
        current = current.head
    return current.i


class CountryContext:
    """What a document says about where it is, computed lazily once per document."""

    def __init__(
        self,
        doc: Doc,
        data: ActorData,
        place_countries: Callable[[str], dict[str, int]],
        actors: list[tuple[int, int, str]],
        acting_spans: list[tuple[int, int]],
    ) -> None:
        """``place_countries``: a place name -> the countries with a place of that name and
        their populations; ``actors``: (start, end, code) token ranges of the actors already
        resolved; ``acting_spans``: token ranges of capitals and seats resolved as actors,
        which are not places."""
        self.doc = doc
        self.data = data
        self.place_countries = place_countries
        self.actors = actors
        self.actor_codes = [(start, code) for start, _end, code in actors]
        self.acting_spans = acting_spans

    # ------------------------------------------------------------------ evidence
    def candidate_countries(self, text: str) -> dict[str, int]:
        """Countries a place name may lie in, with their populations of that name: a state's
        name or seat gives its state alone; capitals and other names go to the gazetteer
        (there is a Paris in Kentucky)."""
        key = fold(re.sub(r"^(?:the)\s+|['\u2019]s?$", "", text.strip(), flags=re.IGNORECASE))
        state = self.data.states.get(key)
        if state is not None and state.role not in {"skip", "capital"}:
            return {state.code: 1}
        if key and all(word in _GENERIC_PLACE_WORDS for word in key.split()):
            # "sent a carrier to the Gulf": a generic region, not Gulf Province (PNG).
            return {}
        found = {c: n for c, n in self.place_countries(text).items() if c in self.data.countries}
        if state is not None and state.role == "capital" and state.code not in found:
            found[state.code] = 1  # a capital the gazetteer spells otherwise
        return found

    def country_of_place_name(self, text: str) -> str | None:
        """The most populous candidate (for datelines, read before any context)."""
        return next(iter(self.candidate_countries(text)), None)

    @cached_property
    def places(self) -> list[PlaceRef]:
        """The document's places, each with its country. A name several countries share
        ("Paris") goes to the one the document's unambiguous places name most ("Officials in
        Kentucky ... In Paris"), else the most populous."""
        candidates: list[tuple[Span, dict[str, int]]] = []
        for ent in self.doc.ents:
            weak = ent.label_ in _WEAK_PLACE_LABELS
            if ent.label_ not in _PLACE_LABELS and not (weak and _after_locative(ent.root)):
                continue
            if any(s < ent.end and ent.start < e for s, e in self.acting_spans):
                continue  # "Moscow warned", "the Kremlin said": an actor, not a place
            countries = self.candidate_countries(ent.text)
            if weak and max(countries.values(), default=0) < _WEAK_PLACE_MIN_POPULATION:
                continue
            if ent.label_ == "FAC" and not any(
                n == 1 or n >= _VOTER_MIN_POPULATION for n in countries.values()
            ):
                # "at Heathrow airport": a facility named like a small town (Heathrow,
                # Florida) is the facility, which the gazetteer does not have.
                continue
            if countries:
                candidates.append((ent, countries))
        # Geography settles geography: only the document's unambiguous places vote, not its
        # actors ("the FBI ... aides in Paris" is still Paris, France), and only places of
        # some size or states (whose population is not counted: 1).
        evidence: Counter[str] = Counter(
            next(iter(c)) for _ent, c in candidates if _settles_names(c)
        )
        found: list[PlaceRef] = []
        for ent, countries in candidates:
            code = max(countries, key=lambda c: (evidence[c], countries[c]))
            found.append(PlaceRef(ent.start, ent.end, code, _is_locative(ent, self.data)))
        return found

    @cached_property
    def sentence_bounds(self) -> list[tuple[int, int]]:
        # Token.sent re-checks the whole document's annotation on every call: read the
        # sentences once.
        return [(sent.start, sent.end) for sent in self.doc.sents]

    def sentence_of(self, i: int) -> range:
        starts = [start for start, _end in self.sentence_bounds]
        start, end = self.sentence_bounds[max(bisect_right(starts, i) - 1, 0)]
        return range(start, end)

    @cached_property
    def place_at(self) -> dict[int, str]:
        dateline = self.dateline
        return {
            i: place.code
            for place in self.places
            if dateline is None or place.start >= dateline.end
            for i in range(place.start, place.end)
        }

    @cached_property
    def dateline(self) -> Dateline | None:
        doc = self.doc
        match = _DATELINE.match(opening_text(doc))
        if match is None:
            return None
        for place_group, region_group in (("caps", "caps_region"), ("title", "title_region")):
            if match.group(place_group) is None:
                continue
            code = None
            if match.group(region_group):
                code = self.country_of_place_name(match.group(region_group))
            explicit = code is not None
            code = code or self.country_of_place_name(match.group(place_group))
            if code is None:
                return None
            span = doc.char_span(0, match.end(), alignment_mode="expand")
            end = span.end if span is not None else 0
            return Dateline(0, end, code, explicit)
        return None

    @cached_property
    def counts(self) -> Counter[str]:
        """Countries named in the body (the dateline left out) by actors and by places that
        are not also an actor's words (a state's name counts once)."""
        dateline_end = self.dateline.end if self.dateline else 0
        counts: Counter[str] = Counter(
            code for position, code in self.actor_codes if position >= dateline_end
        )
        counts.update(
            p.code
            for p in self.places
            if p.start >= dateline_end
            and not any(s < p.end and p.start < e for s, e, _code in self.actors)
        )
        return counts

    @cached_property
    def dominant(self) -> str | None:
        if not self.counts:
            return None
        first: dict[str, int] = {}
        dateline_end = self.dateline.end if self.dateline else 0
        for position, code in [
            *self.actor_codes,
            *((p.start, p.code) for p in self.places),
        ]:
            if position >= dateline_end and (code not in first or position < first[code]):
                first[code] = position
        return max(self.counts, key=lambda code: (self.counts[code], -first.get(code, 0)))

    # ------------------------------------------------------------------ inference
    def infer(
        self,
        head: Token,
        sector: str | None,
        span: tuple[int, int],
        *,
        earlier: str | None = None,
        own_clause: bool = False,
    ) -> tuple[str, str] | None:
        """(country, how it was found) for an agent phrase headed by ``head`` over token
        range ``span``; None when the document names no country at all. ``earlier``: the
        country of the same agent noun named with its country shortly before ("China's
        commerce ministry ... the ministry"), which comes after the agent's own sentence and
        before the dateline. ``own_clause``: only a place in the agent's own clause counts at
        the sentence step, as for institutions (a named person quoted about a place elsewhere
        is not from there)."""
        code = self._from_phrase(head, span)
        if code:
            return code, "phrase"
        code = self._from_sentence(head, sector, span, own_clause=own_clause)
        if code:
            return code, "sentence"
        if earlier:
            return earlier, "earlier"
        dateline = self.dateline
        if dateline is not None and (dateline.explicit or self.counts.get(dateline.code)):
            return dateline.code, "dateline"
        if self.dominant:
            return self.dominant, "article"
        return None

    def _from_phrase(self, head: Token, span: tuple[int, int]) -> str | None:
        place_at = self.place_at
        for i in range(*span):
            if i in place_at:
                return place_at[i]  # "Istanbul police", "Karak police station guards"
        for child in head.children:
            if child.dep_ in _PHRASE_MODIFIER_DEPS and child.i in place_at:
                return place_at[child.i]  # "Istanbul's police"
            if child.dep_ == "prep" and child.lower_ in _PHRASE_PREPS:
                for pobj in child.children:
                    if pobj.dep_ == "pobj" and pobj.i in place_at:
                        return place_at[pobj.i]  # "residents of Douma"
            if child.dep_ == "acl":
                # "a woman visiting from Canada", "tourists arriving from Russia": origin.
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ == "from":
                        for pobj in prep.children:
                            if pobj.dep_ == "pobj" and pobj.i in place_at:
                                return place_at[pobj.i]
        return None

    def _from_sentence(
        self, head: Token, sector: str | None, span: tuple[int, int], *, own_clause: bool = False
    ) -> str | None:
        sentence = self.sentence_of(head.i)
        dateline_end = self.dateline.end if self.dateline else 0
        clause = clause_of(head) if own_clause or sector in _REMOTE_SECTORS else None
        best: tuple[int, str] | None = None
        for place in self.places:
            if place.start not in sentence or not place.locative:
                continue
            if place.start < dateline_end:
                continue
            if clause is not None and clause_of(self.doc[place.start : place.end].root) != clause:
                continue
            distance = min(abs(place.start - span[1]), abs(span[0] - place.end))
            if best is None or distance < best[0]:
                best = (distance, place.code)
        return best[1] if best else None


def _settles_names(countries: dict[str, int]) -> bool:
    """Whether a place votes for the country of the document's shared names: it lies in one
    country only and is a state or capital (:meth:`CountryContext.candidate_countries` gives
    those population 1) or a place of ``_VOTER_MIN_POPULATION`` or more."""
    if len(countries) != 1:
        return False
    population = next(iter(countries.values()))
    return population == 1 or population >= _VOTER_MIN_POPULATION


def _after_locative(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _LOCATIVE_PREPS


def _is_locative(ent: Span, data: ActorData) -> bool:
    """Whether a place entity locates something: towns and regions always; a state's own
    name ("Syria") only after a locative preposition or as a modifier ("the Syria border")."""
    key = fold(re.sub(r"^(?:the)\s+", "", ent.text, flags=re.IGNORECASE))
    if key not in data.states:
        return True
    current = ent.root
    if current.dep_ == "conj":
        current = current.head
    if current.dep_ in {"compound", "nmod"}:
        # "on the Syria border" locates; "sent to the Mexico border" is a destination.
        current = current.head
    return current.dep_ == "pobj" and current.head.lower_ in _LOCATIVE_PREPS
