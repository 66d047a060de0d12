"""Geocode place mentions through the gazetteer (event locations: ``places/locate.py``).

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

The stage in files: ``mentions.py`` (finding mentions, the two passes), ``ranking.py`` (scoring
candidates), this module (the :class:`Geocoder` and span resolution), ``locate.py`` (each
event's place), ``words.py`` (the names of the word lists of ``data/places/words.toml``),
``spans.py`` (span helpers).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from eventcoder.geo.gazetteer import Gazetteer, Place, load_gazetteer, normalise_name
from eventcoder.models import ActorMention, Event, PlaceCandidate, PlaceMention
from eventcoder.places.mentions import MentionFinder
from eventcoder.places.ranking import DocumentContext, in_context_if_generic
from eventcoder.places.spans import place_mention, strip_span
from eventcoder.places.words import PLACE_NAMED_ORG_WORDS

#: An untagged name an event is done to is a place only if the gazetteer's reading of it is
#: at least a town of this size (or a capital, a first-level division, or in a country the
#: document is about): "Aleppo", not one of the hamlets that share a person's name.
UNTAGGED_RECIPIENT_MIN_POPULATION = 20_000


@dataclass(frozen=True, slots=True)
class SpanResolution:
    """A span resolved by :meth:`Geocoder.resolve_span` and how: ``name`` (a gazetteer name),
    ``demonym`` ("Turkish"), ``code`` ("BC"), ``part`` (a place name inside the span, as in
    "Winnipeg Police Service"), or ``document`` (no name matched: the document's main place)."""

    place: PlaceMention
    method: str


class Geocoder(MentionFinder):
    """Finds place mentions in a parsed document and resolves them to gazetteer entries."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    @classmethod
    def from_package_data(cls) -> Geocoder:
        return cls(load_gazetteer())

    def geocode(self, doc: Doc, actors: list[ActorMention]) -> list[PlaceMention]:
        """The document's place mentions (not its demonyms or metonyms), each resolved."""
        return self.geocode_with_candidates(doc, actors)[0]

    def geocode_with_candidates(
        self, doc: Doc, actors: list[ActorMention], context: DocumentContext | None = None
    ) -> tuple[list[PlaceMention], dict[tuple[int, int], list[PlaceCandidate]]]:
        """:meth:`geocode`, plus the scored gazetteer candidates of each mention (by offsets).
        Pass ``context`` (from :meth:`document_context`) when the caller needs it too."""
        if context is None:
            context = self.document_context(doc, actors)
        places = [
            place_mention(strip_span(span), place) for span, place, _score in context.resolved
        ]
        return places, context.candidates

    def recipient_places(
        self,
        doc: Doc,
        events: list[Event],
        places: list[PlaceMention],
        context: DocumentContext,
    ) -> list[PlaceMention]:
        """Places the events stage kept as uncoded recipients ("troops shelled Aleppo") that
        the model did not tag, so no mention stands for them: each is looked up by its words
        in its event's sentence and kept when the gazetteer knows it as a real town or
        region, not a namesake hamlet: at least ``UNTAGGED_RECIPIENT_MIN_POPULATION`` people,
        a first-level division or capital, or a place in a country the document is about.
        ``context`` is the document's (:meth:`document_context`)."""
        known = {p.text for p in places}
        wanted: list[tuple[int, int]] = []
        for event in events:
            sentence = doc.text[event.evidence.start : event.evidence.end]
            for actor in event.recipient:
                if actor.code is not None or not actor.text or actor.text in known:
                    continue
                at = sentence.find(actor.text)
                if at >= 0:
                    start = event.evidence.start + at
                    wanted.append((start, start + len(actor.text)))
        found: list[PlaceMention] = []
        for start, end in wanted:
            resolution = self.resolve_span(doc, start, end, context=context)
            if resolution is None or resolution.method != "name":
                continue
            mention = resolution.place
            entry = next(
                (
                    c
                    for c in self.gazetteer.lookup(mention.text)
                    if c.geonameid == mention.geonameid
                ),
                None,
            )
            if entry is not None and (
                entry.population >= UNTAGGED_RECIPIENT_MIN_POPULATION
                or entry.feature_code in {"ADM1", "PPLC", "PPLA"}
                or entry.country in context.countries
            ):
                found.append(mention)
        return found

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
        span = strip_span(span)
        # A span the document pass resolved keeps that resolution (one answer per mention).
        for resolved_span, place, _score in context.resolved:
            core = strip_span(resolved_span)
            if (core.start_char, core.end_char) == (span.start_char, span.end_char):
                return SpanResolution(place_mention(span, place), "name")
        for method, candidates, candidate_span in self._span_candidates(span, context):
            candidates = in_context_if_generic(candidate_span, candidates, context.countries)
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
            return SpanResolution(place_mention(span, best), method)
        focus = _paragraph_town(doc, span, context) or _document_focus(context)
        if focus is None and context.countries:
            # No place resolved at all: the country the document's actors belong to.
            focus = self.gazetteer.countries.get(context.countries.most_common(1)[0][0])
        if focus is None:
            return None
        return SpanResolution(place_mention(span, focus), "document")

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
