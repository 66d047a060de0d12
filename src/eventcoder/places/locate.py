"""Where each event happened: the place of its sentence (attached to the trigger, else the
most specific, nearest), else the nearest place earlier in its paragraph; and the codes that
follow from it (an unidentified perpetrator's country, a place acted on as a recipient).
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span

from eventcoder.models import (
    UNIDENTIFIED_PERPETRATOR,
    Event,
    EventActor,
    Explanation,
    Location,
    PlaceCandidate,
    PlaceExplanation,
    PlaceMention,
    without_events,
)
from eventcoder.places.words import LOCATIVE_PREPOSITIONS, STRICT_LOCATIVES


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
    recipient_places: list[PlaceMention] | None = None,
) -> list[Event]:
    """Set each event's ``location``: the place of its sentence, else of the paragraph before
    it; the explanation says which rule chose it and the gazetteer ``candidates`` of the chosen
    mention (from :meth:`Geocoder.geocode_with_candidates`). ``recipient_places`` are places
    only a recipient stands for (:meth:`Geocoder.recipient_places`)."""
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
        recipients = _placed_recipients(event, places + (recipient_places or []), place)
        actors = _placed_perpetrators(event, place, _attached(doc, event, place))
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


def without_empty_events(events: list[Event]) -> list[Event]:
    """The events stage keeps an event whose only coded participant would be a named place
    acted on ("government troops stormed Marawi"); when no country could be given to it,
    the event has no participant with a code and is dropped (never an empty event). Its id
    is not reused and no other event's ``contradicts`` names it any more."""
    dropped = {
        e.id for e in events if not any(a.code for a in [*e.actor, *e.recipient, *e.mediator])
    }
    return without_events(events, dropped)


def _attached(doc: Doc, event: Event, place: PlaceMention | None) -> bool:
    """Whether the place hangs on the trigger by a locative preposition ("killed in Jordan")."""
    if place is None:
        return False
    trigger = doc.char_span(
        event.evidence.trigger.start, event.evidence.trigger.end, alignment_mode="expand"
    )
    preposition = _attached_preposition(doc, place, trigger)
    return preposition is not None and preposition in STRICT_LOCATIVES


def _placed_perpetrators(
    event: Event, place: PlaceMention | None, attached: bool = False
) -> list[EventActor]:
    """An unidentified perpetrator is coded with the country where the event happened: a town
    or region of the sentence ("killed in Karak"), or a country the event is said to happen in
    ("tourist killed in Jordan": attached to the trigger by a locative preposition), not a
    country named for another reason ("a woman visiting from Canada")."""
    if place is None or not place.country:
        return event.actor
    if (place.feature_code or "").startswith("PCL") and not attached:
        return event.actor
    return [
        a.model_copy(update={"code": place.country})
        if a.name == UNIDENTIFIED_PERPETRATOR and not a.text
        else a
        for a in event.actor
    ]


def _placed_recipients(
    event: Event, places: list[PlaceMention], where: PlaceMention | None = None
) -> list[EventActor]:
    """A recipient the events stage kept as a named place without a code ("fired on
    Qamishli") takes the country of that place as geocoded in the event's sentence, else of
    the same name geocoded elsewhere in the article (the model tags "Douma" in one sentence
    and not in "Douma is surrounded by government forces"), else, for a venue the gazetteer
    does not know ("struck at the Stade de France"), the country of the place the event
    happened in (``where``)."""
    start, end = event.evidence.start, event.evidence.end
    anywhere = {p.text: p for p in places if p.country}
    by_text = {p.text: p for p in places if start <= p.start and p.end <= end and p.country}
    recipients: list[EventActor] = []
    for actor in event.recipient:
        place = by_text.get(actor.text, anywhere.get(actor.text)) if actor.code is None else None
        if place is not None:
            actor = actor.model_copy(update={"code": place.country, "name": place.name})
        elif actor.code is None and where is not None and where.country:
            actor = actor.model_copy(update={"code": where.country})
        recipients.append(actor)
    return recipients


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
