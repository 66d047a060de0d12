"""Ranking a mention's gazetteer candidates: a population prior, feature bonuses, the countries
of the document, the admin hierarchy ("Paris, Texas"), proximity to the story's other towns.

:class:`PlaceRanker` holds the scoring; :class:`~eventcoder.places.mentions.MentionFinder` and
:class:`~eventcoder.places.geocode.Geocoder` build on it.
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass, field

from spacy.tokens import Doc, Span

from eventcoder.geo.gazetteer import (
    Gazetteer,
    Place,
    haversine_km,
    normalise_name,
    without_arabic_article,
)
from eventcoder.models import ActorMention, PlaceCandidate
from eventcoder.places.spans import strip_span
from eventcoder.places.words import GENERIC_PLACE_NAMES

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
#: Facilities (airports, stadiums, bases: spaCy's FAC) are named after places, and the
#: gazetteer has towns, not facilities: a small town abroad that shares a facility's name is
#: not what it means ("searched a plane at Heathrow airport" in a story about Britain is not
#: Heathrow, Florida, 5,896 people). Such a namesake, smaller than this and outside the
#: country the document names most, leaves the facility unresolved.
FACILITY_NAMESAKE_MAX_POPULATION = 20_000


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


class PlaceRanker:
    """Scores gazetteer candidates of place mentions in their document's context."""

    gazetteer: Gazetteer

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
            candidates = in_context_if_generic(span, all_candidates, context)
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
            if span.label_ == "FAC" and _foreign_namesake(best, context):
                continue
            resolved.append((span, best, score))
            if scored is not None:
                core = strip_span(span)
                scored[(core.start_char, core.end_char)] = scored_candidates(ranked, best)
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
        mention = strip_span(span).text
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


def in_context_if_generic(
    span: Span, candidates: list[Place], countries: Counter[str]
) -> list[Place]:
    """Candidates of a generic name ("Western", "Centre") must lie in a context country."""
    if normalise_name(span.text) not in GENERIC_PLACE_NAMES:
        return candidates
    return [c for c in candidates if c.country in countries]


#: How many gazetteer candidates an explanation lists (the chosen one first).
EXPLAINED_CANDIDATES = 5


def scored_candidates(ranked: list[tuple[Place, float]], best: Place) -> list[PlaceCandidate]:
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


def _foreign_namesake(place: Place, context: Counter[str]) -> bool:
    """Whether a facility's best candidate is a small town outside the country the document
    names most: a namesake, not the facility (``FACILITY_NAMESAKE_MAX_POPULATION``)."""
    if place.from_alias_table or place.is_region or place.is_country or not context:
        return False
    main_country = context.most_common(1)[0][0]
    return place.population < FACILITY_NAMESAKE_MAX_POPULATION and place.country != main_country
