"""Geocode place mentions through the gazetteer, and give each event the place it happened at.

Disambiguation scores every gazetteer candidate of a mention by
- a prior: log population, plus a bonus by feature (countries and continents are what a bare
  country or continent name means; capitals beat namesakes),
- the countries in context: countries named in the document, the actors' country codes and the
  places resolved without ambiguity (so "Lachin" next to Azerbaijan stays in Azerbaijan),
- the admin hierarchy: "Paris, Texas" / "Paris, France" / a state named elsewhere in the text.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from eventcoder.models import ActorMention, Event, Location, PlaceMention
from eventcoder.places.gazetteer import Gazetteer, Place, load_gazetteer, normalise_name

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
    "ADM1": 1.5,
    "PPLC": 2.5,
    "PPLA": 0.5,
    "PPL": 0.0,
    "ADM2": -0.5,
}
ALIAS_BONUS = 6.0
CONTEXT_COUNTRY_BONUS = 3.0
HIERARCHY_BONUS = 8.0
EXACT_NAME_BONUS = 2.0
ACRONYM_PENALTY = 6.0
#: A PERSON/ORG entity is taken as a place only when its best candidate scores this much
#: (a country, a big city, or an alias-table entry).
WEAK_LABEL_MIN_SCORE = 9.0


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
            if any(start < ent.end_char and ent.start_char < end for start, end in metonym_spans):
                continue
            if _is_metonymic_agent(ent):
                continue
            spans.append((ent, strong))
        return spans

    # --------------------------------------------------------------- resolving
    def geocode(self, doc: Doc, actors: list[ActorMention]) -> list[PlaceMention]:
        mentions = [
            (span, strong, self.gazetteer.lookup(_strip_span(span).text))
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
        resolved = self._resolve_all(doc, mentions, context2, admin1_in_text, own_votes)

        places: list[PlaceMention] = []
        for span, place, _score in resolved:
            core = _strip_span(span)
            places.append(
                PlaceMention(
                    text=core.text,
                    start=core.start_char,
                    end=core.end_char,
                    name=place.name,
                    country=place.country,
                    admin1=place.admin1,
                    lat=place.lat,
                    lon=place.lon,
                    geonameid=place.geonameid,
                    feature_code=place.feature_code,
                )
            )
        return places

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
    ) -> list[tuple[Span, Place, float]]:
        resolved: list[tuple[Span, Place, float]] = []
        for span, strong, candidates in mentions:
            qualifier = _qualifier_names(doc, span)
            own = (own_votes or {}).get(span.start)
            mention_context = context - Counter([own]) if own else context
            best, score = max(
                (
                    (c, self._score(c, span, mention_context, admin1_in_text, qualifier))
                    for c in candidates
                ),
                key=lambda pair: pair[1],
            )
            if not strong and score < WEAK_LABEL_MIN_SCORE and not best.from_alias_table:
                continue
            resolved.append((span, best, score))
        return resolved

    def _score(
        self,
        place: Place,
        span: Span,
        context: Counter[str],
        admin1_in_text: set[str],
        qualifier: set[str],
    ) -> float:
        score = math.log10(place.population + 10)
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
        if normalise_name(place.name) == normalise_name(mention):
            score += EXACT_NAME_BONUS
        if mention.isupper() and len(mention) <= 4 and not place.is_country:
            # "USA", "UAE": an acronym names a country, not the small town spelled alike.
            score -= ACRONYM_PENALTY
        return score

    def _country_codes(self, name: str) -> set[str]:
        return {p.country for p in self.gazetteer.lookup(name) if p.is_country and p.country}


def _strip_span(span: Span) -> Span:
    """The span without a leading determiner or trailing possessive marker."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end] if end > start else span


def _is_metonymic_agent(span: Span) -> bool:
    """A place name acting (subject of a verb) or owning ("Yerevan's attitude") is its government.

    A place governed by a preposition ("in Armenia", "to Armenia") stays a place.
    """
    root: Token = span.root
    if root.dep_ == "poss" or (span.end < len(span.doc) and span.doc[span.end].tag_ == "POS"):
        return True
    if root.dep_ in ("nsubj", "nsubjpass", "agent") and root.head.pos_ in ("VERB", "AUX"):
        # "Kabul is the capital" is about the place, "Kabul said" is about its government.
        return root.head.lemma_ != "be"
    return False


def _qualifier_names(doc: Doc, span: Span) -> set[str]:
    """Names qualifying a mention in an admin hierarchy: "Paris, Texas", "Paris (France)"."""
    names: set[str] = set()
    index = span.end
    if index + 1 < len(doc) and doc[index].text in (",", "("):
        following = [t for t in doc[index + 1 : index + 5] if t.ent_iob_ != "O"]
        if following and following[0].i == index + 1:
            ent = next((e for e in doc.ents if e.start == index + 1), None)
            if ent is not None:
                names.add(normalise_name(ent.text))
            else:
                names.add(normalise_name(doc[index + 1].text))
    return names


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


def locate_events(doc: Doc, events: list[Event], places: list[PlaceMention]) -> list[Event]:
    """Set each event's ``location``: the place of its sentence, else of the paragraph before it."""
    if not events or not places:
        return events
    text = doc.text
    located: list[Event] = []
    for event in events:
        place = _sentence_place(doc, event, places)
        if place is None:
            place = _governing_place(text, event, places)
        located.append(event.model_copy(update={"location": _location(place) if place else None}))
    return located


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
