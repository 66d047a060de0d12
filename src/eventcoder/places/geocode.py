"""Geocode place mentions through the gazetteer, and give each event the place it happened at.

Mentions are the spaCy GPE/LOC/FAC entities (and PERSON/ORG/NORP ones whose best reading is a
country, a big city or an alias-table place), all-caps datelines ("NEWARK, N.J. (AP) —"), and
the place an institution is named after ("Winnipeg Police Service"). Demonyms and places used
for their governments ("Ankara said", "Yerevan's attitude") are actors, not places.

Disambiguation scores every gazetteer candidate of a mention by
- a prior: log population, plus a bonus by feature (countries and continents are what a bare
  country or continent name means; capitals beat namesakes; seas beat towns named after them),
- the countries in context: countries named in the document, the actors' country codes and the
  places resolved in a first pass (so "Lachin" next to Azerbaijan stays in Azerbaijan),
- the admin hierarchy: "Paris, Texas" / "Paris, Ky." / "Paris, KY" / a state named elsewhere,
- proximity to the other towns of the story, and generic names ("Western", "Centre") only in
  a country the document is about.

:meth:`Geocoder.resolve_span` resolves any span of a document with the same ranking and context,
whatever its role: it is what the resolution (geocoding) accuracy measures.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span, Token

from eventcoder.geo.gazetteer import (
    Gazetteer,
    Place,
    haversine_km,
    load_gazetteer,
    normalise_name,
    without_arabic_article,
)
from eventcoder.models import (
    UNIDENTIFIED_PERPETRATOR,
    ActorMention,
    Event,
    EventActor,
    Explanation,
    Location,
    PlaceCandidate,
    PlaceExplanation,
    PlaceMention,
)

#: spaCy labels whose entities are candidate places.
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
#: Labels the small model sometimes gives rare places (Caucasus towns tagged PERSON).
WEAK_LABELS = frozenset({"PERSON", "ORG", "NORP"})
#: Prepositions that attach a location to an event.
LOCATIVE_PREPOSITIONS = frozenset(
    {
        "in",
        "at",
        "near",
        "on",
        "outside",
        "inside",
        "across",
        "into",
        "around",
        "from",
        "to",
        "toward",
        "towards",
        "within",
        "throughout",
        "off",
        "along",
        "over",
        "through",
    }
)
#: Prepositions of place proper (preferred over to/from when locating an event).
STRICT_LOCATIVES = frozenset({"in", "at", "near", "on", "outside", "inside", "around", "within"})
#: Subject / possessor roles: a place acting or owning is a metonym for its government.
AGENT_DEPS = frozenset({"nsubj", "nsubjpass", "agent", "poss"})

FEATURE_BONUS: dict[str, float] = {
    "PCLI": 4.0,
    "CONT": 3.0,
    # Small: a division's population is the sum of its towns', which already favours it over
    # a namesake city abroad (Portland parish, Jamaica over Portland, Oregon otherwise).
    "ADM1": 0.5,
    # A national capital beats the same-name state ("Washington"), which news qualifies
    # ("Washington state") when it means it.
    "PPLC": 3.5,
    "PPLA": 0.5,
    "PPL": 0.0,
    "ADM2": -0.5,
    # Seas and oceans: what a bare "Atlantic" means, over the towns named after them.
    "OCN": 3.0,
    "SEA": 3.0,
    "GULF": 2.0,
}
ALIAS_BONUS = 6.0
CONTEXT_COUNTRY_BONUS = 3.0
HIERARCHY_BONUS = 8.0
#: A candidate near a town the document names elsewhere ("Lafayette" in a New Orleans story):
#: the places of one story cluster (spatial minimality).
PROXIMITY_BONUS = 2.0
PROXIMITY_KM = 150.0
EXACT_NAME_BONUS = 2.0
ACRONYM_PENALTY = 6.0
#: A PERSON/ORG entity is taken as a place only when its best candidate scores this much
#: (a country, a big city, or an alias-table entry).
WEAK_LABEL_MIN_SCORE = 9.0

#: Head words of organisations named after the place they serve ("Winnipeg Police Service",
#: "Cook County Sheriff's Office"): the leading place name is where the organisation is.
PLACE_NAMED_ORG_WORDS = frozenset(
    {
        "police",
        "sheriff",
        "county",
        "city",
        "council",
        "fire",
        "university",
        "college",
        "hospital",
        "airport",
        "court",
        "district",
        "province",
        "state",
        "port",
        "harbour",
        "harbor",
        "municipality",
        "government",
        "department",
        "schools",
        "school",
        "board",
        "authority",
        "regional",
        "service",
        "services",
        "office",
        "club",
        "team",
        "center",
        "centre",
        "library",
        "museum",
        "station",
        "stadium",
        "zoo",
        "cathedral",
        "church",
        "mall",
        "polytechnic",
        "institute",
        "academy",
    }
)

#: What a place "owns" when the place stands for its government ("Yerevan's attitude",
#: "Russia's decision", "Turkey's army"); anything else a place owns is in it.
GOVERNMENT_OWNED_NOUNS = frozenset(
    {
        "attitude",
        "stance",
        "position",
        "policy",
        "decision",
        "approach",
        "response",
        "reaction",
        "demand",
        "refusal",
        "rejection",
        "support",
        "opposition",
        "claim",
        "move",
        "effort",
        "strategy",
        "intention",
        "plan",
        "proposal",
        "offer",
        "action",
        "aggression",
        "provocation",
        "threat",
        "insistence",
        "failure",
        "commitment",
        "reluctance",
        "interest",
        "ambition",
        "goal",
        "diplomacy",
        "leadership",
        "government",
        "administration",
        "military",
        "army",
        "force",
        "troop",
        "ministry",
        "minister",
        "president",
        "leader",
        "official",
        "envoy",
        "ambassador",
        "delegation",
        "representative",
        "ally",
        "partner",
        "agenda",
        "role",
        "behaviour",
        "behavior",
        "conduct",
        "warning",
        "statement",
        "announcement",
        "call",
        "request",
        "accusation",
        "allegation",
        "denial",
        "condemnation",
        "sanction",
        "retaliation",
        "attack",
        "invasion",
        "occupation",
        "annexation",
    }
)

#: Feature codes of places that cannot stand for a government.
UNGOVERNED_FEATURES = frozenset({"CONT", "OCN", "SEA", "GULF"})
#: Generic words following a division's name ("Kaduna State", "Donetsk Oblast").
DIVISION_WORDS = frozenset(
    {
        "state",
        "province",
        "region",
        "county",
        "district",
        "governorate",
        "oblast",
        "prefecture",
        "department",
        "territory",
        "municipality",
        "parish",
    }
)

#: Words that are place names somewhere (Western Province, Centre Region, Gulf Province) but in
#: news are mostly directions, the central government or part of a longer name: such a
#: mention only resolves to a place in a country the document is about.
GENERIC_PLACE_NAMES = frozenset(
    {
        "west",
        "western",
        "east",
        "eastern",
        "north",
        "northern",
        "south",
        "southern",
        "central",
        "centre",
        "center",
        "west coast",
        "east coast",
        "gulf",
        "valley",
        "coast",
        "capital",
        "supreme",
        "union",
        "federal",
        "national",
        "state",
        "city",
        "island",
        "islands",
        "highlands",
        "midlands",
        "interior",
        "mainland",
    }
)
#: An organisation's leading name is taken for a place only when the place is this large (or
#: a division or country), so "Supreme Court" does not put a story in Supreme, Louisiana.
ORG_PLACE_MIN_POPULATION = 50_000

#: A news dateline opening a line: "NEWARK, N.J. (AP) —", "ANKARA —", "LOS ANGELES (Reuters) -".
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z.'\-]+(?: [A-Z][A-Z.'\-]+){0,3})"
    r"(?:, (?P<qualifier>[A-Z][A-Za-z.]+(?: [A-Z][A-Za-z.]+){0,2}))?"
    r"(?: \([^)\n]{1,40}\))?\s*[—–-]{1,2}\s",
    re.MULTILINE,
)


@dataclass
class DocumentContext:
    """What a document says about where it is, shared by :meth:`Geocoder.geocode` and
    :meth:`Geocoder.resolve_span`: the countries it names or its actors belong to, the states
    and provinces it names, and the second-pass resolution of its place mentions."""

    countries: Counter[str]
    admin1_in_text: set[str]
    own_votes: dict[int, str] = field(default_factory=dict)
    resolved: list[tuple[Span, Place, float]] = field(default_factory=list)
    #: Towns resolved in the first pass, by the token where their mention starts.
    anchors: list[tuple[int, Place]] = field(default_factory=list)
    #: Every gazetteer candidate scored in the second pass, best first, by the (stripped)
    #: mention's character offsets: what an event's explanation shows for its place.
    candidates: dict[tuple[int, int], list[PlaceCandidate]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class SpanResolution:
    """A span resolved by :meth:`Geocoder.resolve_span` and how: ``name`` (a gazetteer name),
    ``demonym`` ("Turkish"), ``code`` ("BC"), ``part`` (a place name inside the span, as in
    "Winnipeg Police Service"), or ``document`` (no name matched: the document's main place)."""

    place: PlaceMention
    method: str


class Geocoder:
    """Finds place mentions in a parsed document and resolves them to gazetteer entries."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @classmethod
    def from_package_data(cls) -> Geocoder:
        return cls(load_gazetteer())

    # ---------------------------------------------------------------- mentions
    def _candidate_spans(self, doc: Doc, actors: list[ActorMention]) -> list[tuple[Span, bool]]:
        """Entities that may be places, each with whether its label is a place label."""
        metonym_spans = [(a.start, a.end) for a in actors if a.kind == "metonym"]
        spans: list[tuple[Span, bool]] = []
        for ent in doc.ents:
            strong = ent.label_ in PLACE_LABELS
            if not strong and ent.label_ not in WEAK_LABELS:
                continue
            if any(
                start < ent.end_char and ent.start_char < end for start, end in metonym_spans
            ) and not self._has_region_qualifier(doc, ent):
                # A name placed in its hierarchy ("Paris, Texas") is the place, whatever
                # capital it shares its name with.
                continue
            if _is_metonymic_agent(ent) and not self._never_a_government(ent):
                continue
            if self.gazetteer.demonym_places(_strip_span(ent).text):
                # "Canadian" is an actor's nationality, not Canadian, Texas.
                continue
            if ent.label_ == "ORG":
                embedded = self._place_in_org_name(ent)
                if embedded is not None:
                    spans.append((embedded, True))
                    continue
            spans.append((ent, strong))
        for dateline in self._dateline_spans(doc):
            spans = [
                (span, strong)
                for span, strong in spans
                if not (span.start < dateline.end and dateline.start < span.end)
            ]
            spans.append((dateline, True))
        return sorted(spans, key=lambda pair: pair[0].start)

    def _never_a_government(self, span: Span) -> bool:
        """Continents and seas have no government to stand for ("Europe faces a heatwave")."""
        candidates = self.gazetteer.lookup(_strip_span(span).text)
        return bool(candidates) and all(c.feature_code in UNGOVERNED_FEATURES for c in candidates)

    def _place_in_org_name(self, org: Span) -> Span | None:
        """The place an organisation is named after ("Winnipeg" in "Winnipeg Police Service")."""
        tokens = [t for t in _strip_span(org)]
        heads = [i for i, t in enumerate(tokens) if t.lower_ in PLACE_NAMED_ORG_WORDS]
        if not heads or heads[0] == 0:
            return None
        prefix = org.doc[tokens[0].i : tokens[heads[0]].i]
        if not all(t.is_title or t.is_upper for t in prefix if t.is_alpha):
            return None
        notable = [
            p
            for p in self.gazetteer.lookup(prefix.text)
            if p.population >= ORG_PLACE_MIN_POPULATION or p.is_region or p.from_alias_table
        ]
        if not notable or normalise_name(prefix.text) in GENERIC_PLACE_NAMES:
            return None
        return prefix

    def _dateline_spans(self, doc: Doc) -> list[Span]:
        """All-caps datelines opening a line, when their place is in the gazetteer."""
        spans: list[Span] = []
        for match in DATELINE.finditer(doc.text[:2000]):
            start, end = match.span("place")
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is None or not self.gazetteer.lookup(span.text):
                continue
            spans.append(span)
        return spans

    # --------------------------------------------------------------- resolving
    def geocode(self, doc: Doc, actors: list[ActorMention]) -> list[PlaceMention]:
        """The document's place mentions (not its demonyms or metonyms), each resolved."""
        return self.geocode_with_candidates(doc, actors)[0]

    def geocode_with_candidates(
        self, doc: Doc, actors: list[ActorMention]
    ) -> tuple[list[PlaceMention], dict[tuple[int, int], list[PlaceCandidate]]]:
        """:meth:`geocode`, plus the scored gazetteer candidates of each mention (by offsets)."""
        context = self.document_context(doc, actors)
        places = [
            _place_mention(_strip_span(span), place) for span, place, _score in context.resolved
        ]
        return places, context.candidates

    def document_context(self, doc: Doc, actors: list[ActorMention]) -> DocumentContext:
        """Find and resolve the document's place mentions, in two passes over its context."""
        mentions = [
            (span, strong, self._lookup_mention(_strip_span(span)))
            for span, strong in self._candidate_spans(doc, actors)
        ]
        mentions = [m for m in mentions if m[2]]
        context = self._context_countries(mentions, actors)
        admin1_in_text = {
            normalise_name(candidates[0].name)
            for _, _, candidates in mentions
            if len(candidates) == 1 and candidates[0].feature_code == "ADM1"
        }
        # First pass with document context; the places it resolves then vote for the second.
        resolved = self._resolve_all(doc, mentions, context, admin1_in_text)
        # Each mention's own first-pass vote is left out of its second look, or a wrong first
        # guess ("Paris" -> France in a Kentucky story) would confirm itself.
        own_votes = {span.start: p.country for span, p, _ in resolved if p.country}
        context2 = context + Counter(own_votes.values())
        # A state or province the text names ("Florida") pulls its towns ("Parkland") to it.
        admin1_in_text |= {
            normalise_name(p.name) for _, p, _ in resolved if p.feature_code == "ADM1"
        }
        anchors = [(span.start, p) for span, p, _ in resolved if _is_town(p)]
        scored: dict[tuple[int, int], list[PlaceCandidate]] = {}
        resolved = self._resolve_all(
            doc, mentions, context2, admin1_in_text, own_votes, anchors, scored
        )
        return DocumentContext(context2, admin1_in_text, own_votes, resolved, anchors, scored)

    def _lookup_mention(self, span: Span) -> list[Place]:
        """Gazetteer candidates of a mention; AP abbreviations ("Ky.") are alternates already.

        A GPE-tagged division code ("BC", "NSW") resolves to its division; generic names
        ("Western", "Centre") are kept for :meth:`_resolve_all` to check against context.
        """
        candidates = self.gazetteer.lookup(span.text)
        if not candidates and span.label_ == "GPE" and span.text.replace(".", "").isupper():
            candidates = self.gazetteer.admin1_by_code(span.text)
        if not candidates and len(span) > 1 and span[-1].lower_ in DIVISION_WORDS:
            # "Kaduna State", "Idlib Governorate", "Donetsk Oblast": the division itself.
            candidates = [
                p
                for p in self.gazetteer.lookup(span[:-1].text)
                if p.feature_code in ("ADM1", "ADM2")
            ]
        return candidates

    # ------------------------------------------------------------ resolve_span
    def resolve_span(
        self,
        doc: Doc,
        start: int,
        end: int,
        actors: list[ActorMention] | None = None,
        context: DocumentContext | None = None,
    ) -> SpanResolution | None:
        """Resolve the text at ``doc.text[start:end]`` as a place, whatever its role.

        Unlike :meth:`geocode`, this resolves demonyms and adjectives to their place
        ("Turkish" -> Turkey), metonyms to their place ("Ankara said" -> Ankara), division
        codes ("BC"), and place names inside longer names ("Winnipeg Police Service"), with
        the same candidate ranking and document context. When nothing in the span names a
        place, it falls back to the document's main place (``method="document"``).
        Pass ``context`` (from :meth:`document_context`) to resolve many spans of one doc.
        """
        if context is None:
            context = self.document_context(doc, actors if actors is not None else [])
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is None or not span.text.strip():
            return None
        span = _strip_span(span)
        # A span the document pass resolved keeps that resolution (one answer per mention).
        for resolved_span, place, _score in context.resolved:
            core = _strip_span(resolved_span)
            if (core.start_char, core.end_char) == (span.start_char, span.end_char):
                return SpanResolution(_place_mention(span, place), "name")
        for method, candidates, candidate_span in self._span_candidates(span, context):
            candidates = _in_context_if_generic(candidate_span, candidates, context.countries)
            if method == "code" and (context.countries or len(candidates) > 1):
                # "SA" is South Australia only in a story about Australia.
                candidates = [c for c in candidates if c.country in context.countries]
            if not candidates:
                continue
            own = context.own_votes.get(candidate_span.start)
            mention_context = context.countries - Counter([own]) if own else context.countries
            qualifier = self._qualifier_names(doc, candidate_span)
            best = max(
                candidates,
                key=lambda c: self._score(
                    c,
                    candidate_span,
                    mention_context,
                    context.admin1_in_text,
                    qualifier,
                    context.anchors,
                ),
            )
            return SpanResolution(_place_mention(span, best), method)
        focus = _paragraph_town(doc, span, context) or _document_focus(context)
        if focus is None and context.countries:
            # No place resolved at all: the country the document's actors belong to.
            focus = self.gazetteer.countries.get(context.countries.most_common(1)[0][0])
        if focus is None:
            return None
        return SpanResolution(_place_mention(span, focus), "document")

    def _span_candidates(
        self, span: Span, context: DocumentContext
    ) -> Iterable[tuple[str, list[Place], Span]]:
        """Candidate places for a span, most telling reading first."""
        # A demonym first: "Canadian" is the country, not Canadian, Texas.
        yield "demonym", self.gazetteer.demonym_places(span.text), span
        yield "name", self.gazetteer.lookup(span.text), span
        comma = next((t for t in span if t.text == ","), None)
        if comma is not None and comma.i > span.start:
            # "Washington, D.C.": the name before the comma, ranked with its qualifier.
            head = span.doc[span.start : comma.i]
            yield "name", self.gazetteer.lookup(head.text), head
        if span.text.replace(".", "").isupper():
            yield "code", self.gazetteer.admin1_by_code(span.text), span
        # A place name leading an institution's name ("Winnipeg Police Service", "Cornell
        # University"), or naming a division the document names ("Haymarket Village Center"
        # in a Virginia story); a street or building elsewhere goes to the document's place.
        tokens = list(span)
        for length in range(len(tokens) - 1, 0, -1):
            for first in range(0, len(tokens) - length + 1):
                part = span.doc[tokens[first].i : tokens[first].i + length]
                if not all(t.is_title or t.is_upper for t in part) or part[0].is_stop:
                    continue
                rest = [t for t in tokens if not (part.start <= t.i < part.end)]
                # "University of California", "Winnipeg Police Service": the rest names an
                # institution; "Latin America", "U.S. Virgin Islands" are other places.
                institution = any(t.lower_ in PLACE_NAMED_ORG_WORDS for t in rest) and all(
                    t.lower_ in PLACE_NAMED_ORG_WORDS or t.is_stop or t.is_punct for t in rest
                )
                candidates = [
                    p
                    for p in self.gazetteer.lookup(part.text)
                    if (institution and (p.is_region or p.country in context.countries))
                    or (
                        p.admin1
                        and not p.is_region
                        and normalise_name(p.admin1) in context.admin1_in_text
                    )
                ]
                if candidates:
                    yield "part", candidates, part
                    return

    def _context_countries(
        self, mentions: list[tuple[Span, bool, list[Place]]], actors: list[ActorMention]
    ) -> Counter[str]:
        context: Counter[str] = Counter()
        for _span, _strong, candidates in mentions:
            countries = [c for c in candidates if c.is_country]
            if countries and countries[0].country:
                context[countries[0].country] += 1
        for actor in actors:
            if len(actor.code) == 3 and actor.code in self.gazetteer.countries:
                context[actor.code] += 1
        return context

    def _resolve_all(
        self,
        doc: Doc,
        mentions: list[tuple[Span, bool, list[Place]]],
        context: Counter[str],
        admin1_in_text: set[str],
        own_votes: dict[int, str] | None = None,
        anchors: list[tuple[int, Place]] | None = None,
        scored: dict[tuple[int, int], list[PlaceCandidate]] | None = None,
    ) -> list[tuple[Span, Place, float]]:
        resolved: list[tuple[Span, Place, float]] = []
        for span, strong, all_candidates in mentions:
            candidates = _in_context_if_generic(span, all_candidates, context)
            if not candidates:
                continue
            qualifier = self._qualifier_names(doc, span)
            own = (own_votes or {}).get(span.start)
            mention_context = context - Counter([own]) if own else context
            ranked = [
                (c, self._score(c, span, mention_context, admin1_in_text, qualifier, anchors))
                for c in candidates
            ]
            best, score = max(ranked, key=lambda pair: pair[1])
            if not strong and score < WEAK_LABEL_MIN_SCORE and not best.from_alias_table:
                continue
            resolved.append((span, best, score))
            if scored is not None:
                core = _strip_span(span)
                scored[(core.start_char, core.end_char)] = _scored_candidates(ranked, best)
        return resolved

    def _score(
        self,
        place: Place,
        span: Span,
        context: Counter[str],
        admin1_in_text: set[str],
        qualifier: set[str],
        anchors: list[tuple[int, Place]] | None = None,
    ) -> float:
        score = math.log10(place.population + 10)
        if (
            anchors
            and not place.is_region
            and any(
                start != span.start
                and haversine_km(place.lat, place.lon, anchor.lat, anchor.lon) <= PROXIMITY_KM
                for start, anchor in anchors
            )
        ):
            score += PROXIMITY_BONUS
        score += FEATURE_BONUS.get(place.feature_code, 0.0)
        if place.from_alias_table:
            score += ALIAS_BONUS
        if place.country and context.get(place.country):
            score += CONTEXT_COUNTRY_BONUS + 0.2 * math.log(context[place.country])
        if qualifier:
            names = {normalise_name(place.admin1 or "")}
            country = self.gazetteer.countries.get(place.country or "")
            if country is not None:
                names.add(normalise_name(country.name))
                names.update(n for n in qualifier if place.country in self._country_codes(n))
            if names & qualifier:
                score += HIERARCHY_BONUS
        if place.admin1 and normalise_name(place.admin1) in admin1_in_text:
            score += CONTEXT_COUNTRY_BONUS
        mention = _strip_span(span).text
        place_key, mention_key = normalise_name(place.name), normalise_name(mention)
        if mention_key in {place_key, without_arabic_article(place_key)}:
            # "Qamishli" is Al Qamishli's exact name, written without its article.
            score += EXACT_NAME_BONUS
        if mention.isupper() and len(mention) <= 4 and not place.is_country:
            # "USA", "UAE": an acronym names a country, not the small town spelled alike.
            score -= ACRONYM_PENALTY
        return score

    def _qualifier_names(self, doc: Doc, span: Span) -> set[str]:
        """Names qualifying a mention in an admin hierarchy: "Paris, Texas", "Paris (France)",
        "Paris, Ky.", "Paris, KY" (abbreviations and codes become the division's name)."""
        index = span.end
        if index + 1 >= len(doc) or doc[index].text not in (",", "("):
            return set()
        following = doc[index + 1]
        ent = next((e for e in doc.ents if e.start == index + 1), None)
        if ent is not None:
            text = ent.text
        elif following.is_title or following.is_upper:
            # "Ky." and "KY" are often left untagged by the model.
            text = following.text
            if index + 2 < len(doc) and doc[index + 2].text == ".":
                text += "."
        else:
            return set()
        names = {normalise_name(text)}
        divisions = [p for p in self.gazetteer.lookup(text) if p.feature_code == "ADM1"]
        divisions += self.gazetteer.admin1_by_code(text) if text.isupper() else []
        names |= {normalise_name(p.name) for p in divisions}
        return names

    def _has_region_qualifier(self, doc: Doc, span: Span) -> bool:
        """Whether a state, province or country qualifies the mention ("Paris, Texas")."""
        return any(
            p.is_region or p.is_country
            for name in self._qualifier_names(doc, span)
            for p in self.gazetteer.lookup(name)
        )

    def _country_codes(self, name: str) -> set[str]:
        return {p.country for p in self.gazetteer.lookup(name) if p.is_country and p.country}


def _in_context_if_generic(
    span: Span, candidates: list[Place], countries: Counter[str]
) -> list[Place]:
    """Candidates of a generic name ("Western", "Centre") must lie in a context country."""
    if normalise_name(span.text) not in GENERIC_PLACE_NAMES:
        return candidates
    return [c for c in candidates if c.country in countries]


def _place_mention(span: Span, place: Place) -> PlaceMention:
    return PlaceMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        feature_code=place.feature_code,
    )


def _is_town(place: Place) -> bool:
    return place.feature_code.startswith("PPL") or place.feature_code == "ADM2"


def _paragraph_town(doc: Doc, span: Span, context: DocumentContext) -> Place | None:
    """The town named nearest to the span within its paragraph, in the document's main
    country: a street or building is in the town its paragraph is about."""
    text = doc.text
    start = text.rfind("\n", 0, span.start_char) + 1
    end = text.find("\n", span.end_char)
    end = len(text) if end < 0 else end
    main_country = context.countries.most_common(1)[0][0] if context.countries else None
    near = [
        (abs(s.start_char - span.start_char), place)
        for s, place, _score in context.resolved
        if start <= s.start_char < end
        and place.feature_code.startswith("PPL")
        and place.country == main_country
    ]
    return min(near, key=lambda pair: pair[0])[1] if near else None


def _document_focus(context: DocumentContext) -> Place | None:
    """The document's main place: its most-mentioned town, else its most-mentioned place.

    Streets, buildings and neighbourhoods the gazetteer lacks are almost always in the town
    the story is about.
    """
    if not context.resolved:
        return None
    weight: Counter[Place] = Counter()
    for _span, place, score in context.resolved:
        weight[place] += score
    # A town in the country the document is most about, named most confidently and often.
    main_country = context.countries.most_common(1)[0][0] if context.countries else None
    towns = [p for p in weight if p.feature_code.startswith("PPL") or p.feature_code == "ADM2"]
    pool = [p for p in towns if p.country == main_country] or towns or list(weight)
    return max(pool, key=lambda p: weight[p])


def _strip_span(span: Span) -> Span:
    """The span without a leading determiner or trailing possessive marker."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end] if end > start else span


def _is_metonymic_agent(span: Span) -> bool:
    """A place name acting (subject of a verb) or owning a stance ("Yerevan's attitude") is
    its government.

    A place governed by a preposition ("in Armenia", "to Armenia") stays a place, and so does
    one owning things that are in it ("Alberta's liquor stores", "Canada's athlete of the
    year") or undergoing something ("Kabul was shelled").
    """
    root: Token = span.root
    possessive = root.dep_ == "poss" or (
        span.end < len(span.doc) and span.doc[span.end].tag_ == "POS"
    )
    if possessive:
        owned = root.head if root.dep_ == "poss" else None
        return owned is None or owned.lemma_.lower() in GOVERNMENT_OWNED_NOUNS
    if root.dep_ in ("nsubj", "agent") and root.head.pos_ in ("VERB", "AUX"):
        # "Kabul is the capital" is about the place, "Kabul said" is about its government.
        return root.head.lemma_ != "be"
    return False


# ----------------------------------------------------------------- events
def _location(place: PlaceMention) -> Location:
    return Location(
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
    )


def _specificity(place: PlaceMention) -> int:
    """Higher for smaller places: a town says more about where something happened than a country."""
    code = place.feature_code or ""
    if code.startswith("PCL") or code == "CONT":
        return 0
    if code in ("ADM1", "RGN", "LOC"):
        return 1
    if code == "ADM2":
        return 2
    return 3


def _attached_preposition(doc: Doc, place: PlaceMention, trigger: Span | None) -> str | None:
    """The preposition linking the place to the trigger's clause, if any ("fighting in X")."""
    span = doc.char_span(place.start, place.end, alignment_mode="expand")
    if span is None:
        return None
    root = span.root
    # Walk up through conjunctions and appositions ("in Dashkesen, Kelbacer and Lachin").
    while root.dep_ in ("conj", "appos", "compound") and root.head is not root:
        root = root.head
    head = root.head
    if root.dep_ != "pobj" or head.lower_ not in LOCATIVE_PREPOSITIONS:
        return None
    if trigger is not None:
        ancestors = {t.i for t in head.ancestors} | {head.i}
        trigger_tokens = {t.i for t in trigger}
        # The preposition hangs off the trigger, or off a noun the trigger governs.
        if not (trigger_tokens & ancestors) and not any(
            t.i in {a.i for a in trigger.root.ancestors} for t in [head.head]
        ):
            return head.lower_ + "?"
    return head.lower_


def locate_events(
    doc: Doc,
    events: list[Event],
    places: list[PlaceMention],
    candidates: dict[tuple[int, int], list[PlaceCandidate]] | None = None,
) -> list[Event]:
    """Set each event's ``location``: the place of its sentence, else of the paragraph before
    it; the explanation says which rule chose it and the gazetteer ``candidates`` of the chosen
    mention (from :meth:`Geocoder.geocode_with_candidates`)."""
    if not events:
        return events
    text = doc.text
    located: list[Event] = []
    for event in events:
        place = _sentence_place(doc, event, places)
        rule = "sentence"
        if place is None:
            place = _governing_place(text, event, places)
            rule = "paragraph"
        recipients = _placed_recipients(event, places)
        actors = _placed_perpetrators(event, place)
        explained = _place_explanation(doc, event, place, rule, candidates or {})
        if explained is not None:
            explained = _placed_participants(explained, event, actors, recipients)
        located.append(
            event.model_copy(
                update={
                    "location": _location(place) if place else None,
                    "recipient": recipients,
                    "actor": actors,
                    "explanation": explained,
                }
            )
        )
    return located


def _placed_perpetrators(event: Event, place: PlaceMention | None) -> list[EventActor]:
    """An unidentified perpetrator is coded with the country where the event happened: a town
    or region of the sentence ("killed in Karak"), not a country named for another reason ("a
    woman visiting from Canada")."""
    if place is None or not place.country or (place.feature_code or "").startswith("PCL"):
        return event.actor
    return [
        a.model_copy(update={"code": place.country})
        if a.name == UNIDENTIFIED_PERPETRATOR and not a.text
        else a
        for a in event.actor
    ]


def _placed_recipients(event: Event, places: list[PlaceMention]) -> list[EventActor]:
    """A recipient the events stage kept as a named place without a code ("fired on
    Qamishli") takes the country of that place as geocoded in the event's sentence."""
    start, end = event.evidence.start, event.evidence.end
    by_text = {p.text: p for p in places if start <= p.start and p.end <= end and p.country}
    recipients: list[EventActor] = []
    for actor in event.recipient:
        place = by_text.get(actor.text) if actor.code is None else None
        if place is not None:
            actor = actor.model_copy(update={"code": place.country, "name": place.name})
        recipients.append(actor)
    return recipients


#: How many gazetteer candidates an explanation lists (the chosen one first).
EXPLAINED_CANDIDATES = 5


def _scored_candidates(ranked: list[tuple[Place, float]], best: Place) -> list[PlaceCandidate]:
    ordered = sorted(ranked, key=lambda pair: (pair[0] is not best, -pair[1]))
    return [
        PlaceCandidate(
            name=place.name,
            country=place.country,
            admin1=place.admin1,
            geonameid=place.geonameid,
            feature_code=place.feature_code,
            score=round(score, 2),
        )
        for place, score in ordered[:EXPLAINED_CANDIDATES]
    ]


def _place_explanation(
    doc: Doc,
    event: Event,
    place: PlaceMention | None,
    rule: str,
    candidates: dict[tuple[int, int], list[PlaceCandidate]],
) -> Explanation | None:
    if event.explanation is None:
        return None
    if place is None:
        part = PlaceExplanation(
            rule="none", reason="no place is named in the sentence or earlier in its paragraph"
        )
    else:
        trigger = doc.char_span(
            event.evidence.trigger.start, event.evidence.trigger.end, alignment_mode="expand"
        )
        preposition = _attached_preposition(doc, place, trigger) if rule == "sentence" else None
        if preposition is not None and not preposition.endswith("?"):
            rule = "attached"
            reason = f"'{preposition} {place.text}' is attached to the trigger in the parse"
        elif rule == "sentence":
            reason = "the most specific place named in the event's sentence, nearest the trigger"
        else:
            reason = "the nearest place named in an earlier sentence of the same paragraph"
        part = PlaceExplanation(
            rule=rule,  # type: ignore[arg-type]
            mention=place.text,
            reason=reason,
            candidates=candidates.get((place.start, place.end), []),
        )
    return event.explanation.model_copy(update={"place": part})


def _placed_participants(
    explanation: Explanation,
    event: Event,
    actors: list[EventActor],
    recipients: list[EventActor],
) -> Explanation:
    """The explanation's participants with the codes this stage gave (an unidentified
    perpetrator, a named place acted on), and the rule that gave them."""
    changed: dict[tuple[str, str], tuple[str | None, str]] = {}
    for role, before, after in (
        ("source", event.actor, actors),
        ("target", event.recipient, recipients),
    ):
        for old, new in zip(before, after, strict=True):
            if old.code != new.code:
                rule = (
                    "place: the country where the event happened"
                    if role == "source"
                    else f"place: the country of {new.text!r} as geocoded ({new.name})"
                )
                changed[(role, old.text)] = (new.code, rule)
    if not changed:
        return explanation
    participants = [
        p.model_copy(
            update={
                "code": changed[(p.role, p.text)][0],
                "country_rule": changed[(p.role, p.text)][1],
            }
        )
        if (p.role, p.text) in changed
        else p
        for p in explanation.participants
    ]
    return explanation.model_copy(update={"participants": participants})


def _participant_countries(event: Event) -> set[str]:
    return {a.code for a in (*event.actor, *event.recipient)}


def _sentence_place(doc: Doc, event: Event, places: list[PlaceMention]) -> PlaceMention | None:
    start, end = event.evidence.start, event.evidence.end
    in_sentence = [p for p in places if start <= p.start and p.end <= end]
    if not in_sentence:
        return None
    trigger_span = doc.char_span(
        event.evidence.trigger.start, event.evidence.trigger.end, alignment_mode="expand"
    )
    participants = _participant_countries(event)

    def rank(place: PlaceMention) -> tuple[int, int, int, int]:
        preposition = _attached_preposition(doc, place, trigger_span)
        attached = 0
        if preposition is not None and not preposition.endswith("?"):
            attached = 2 if preposition in STRICT_LOCATIVES else 1
        elif preposition is not None:
            attached = 1 if preposition.rstrip("?") in STRICT_LOCATIVES else 0
        # A participant's own country is where it is, not where the event happened, when
        # the sentence names something more specific.
        is_participant_country = int(_specificity(place) == 0 and place.country in participants)
        distance = abs(place.start - event.evidence.trigger.start)
        return (attached, -is_participant_country, _specificity(place), -distance)

    return max(in_sentence, key=rank)


def _paragraph_start(text: str, position: int) -> int:
    boundary = text.rfind("\n", 0, position)
    return boundary + 1 if boundary >= 0 else 0


def _governing_place(
    text: str, event: Event, places: Iterable[PlaceMention]
) -> PlaceMention | None:
    """The nearest place in the sentences before the event's, within its paragraph."""
    paragraph_start = _paragraph_start(text, event.evidence.start)
    before = [p for p in places if paragraph_start <= p.start and p.end <= event.evidence.start]
    if not before:
        return None
    return max(before, key=lambda p: (p.start, _specificity(p)))
