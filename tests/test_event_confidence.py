"""Event confidence (events/confidence.py): it rises with the evidence, and the
event_min_confidence setting drops unlikely events but keeps contested claims."""

from __future__ import annotations

import pytest

from eventcoder.events.confidence import drop_unconfident
from eventcoder.models import Document, Event

# Sentences written for these tests.
BOTH_SIDES = "Russian troops shelled Ukrainian positions near Kharkiv on Monday."
NO_TARGET = "Russian troops opened fire on Monday."
NEGATED = "Russia did not attack Ukraine on Monday."
CONTESTED = (
    "While the Azerbaijani side claims that the reason for the clashes was that Armenian "
    "soldiers were prevented from laying mines on the border, the Armenian side claims that "
    "the first attack was made by Azerbaijan."
)


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str) -> list[Event]:
        return pipeline.code(Document(id="t", text=text)).events

    return run


def _assault(events: list[Event]) -> Event:
    found = [e for e in events if e.event_type == "ASSAULT"]
    assert len(found) == 1, [(e.event_type, e.evidence.trigger.text) for e in events]
    return found[0]


def test_confidence_rises_with_a_coded_target_and_falls_with_negation(code) -> None:
    both = _assault(code(BOTH_SIDES))
    assert both.confidence >= 0.8
    # The same deed with nobody it is done to: on the dev gold such events were rarely right.
    assert _assault(code(NO_TARGET)).confidence < both.confidence - 0.2
    negated = _assault(code(NEGATED))
    assert negated.modality.negated
    assert negated.confidence < both.confidence - 0.2


def test_drop_unconfident_keeps_sure_events_and_contested_claims(code) -> None:
    events = code(BOTH_SIDES + " " + NO_TARGET)
    kept = drop_unconfident(events, 0.6)
    assert [e.evidence.trigger.text for e in kept] == ["shelled"]
    assert drop_unconfident(events, 0.0) == events
    # Each side's claimed deed is unsure alone, but the two contradict each other: both stay.
    contested = code(CONTESTED)
    linked = {e.id for e in contested if e.contradicts}
    assert len(linked) == 2
    assert all(e.confidence < 0.6 for e in contested if e.id in linked)
    assert linked <= {e.id for e in drop_unconfident(contested, 0.6)}


@pytest.mark.parametrize(
    "text",
    [
        "Britain expelled two diplomats over the poisoning of a former spy.",
        "Police said the men were arrested in connection with the killing of a journalist.",
        "The minister denied any involvement in the bombing of the embassy.",
    ],
)
def test_an_unattributed_event_noun_that_is_a_topic_is_not_an_event(code, text: str) -> None:
    events = code(text)
    assert not [e for e in events if e.event_type == "ASSAULT"], [
        (e.event_type, e.evidence.trigger.text) for e in events
    ]


def test_an_event_noun_placing_a_deed_is_still_an_event(code) -> None:
    events = code("Two soldiers died in an attack on a checkpoint in Mali.")
    attacks = [e for e in events if e.event_type == "ASSAULT"]
    assert [e.evidence.trigger.text for e in attacks] == ["attack"]
    # Who died in it suffered it: the soldiers are never its doers.
    assert not [a for a in attacks[0].actor if a.text and "soldiers" in a.text]
    assert ("MLI", "MIL") in [(a.code, a.sector) for a in attacks[0].recipient]


def test_who_died_in_an_attack_is_its_target_and_its_named_attacker_its_source(code) -> None:
    events = code("Two Malian soldiers died in an ambush by jihadists near Gao.")
    ambush = next(e for e in events if e.event_type == "ASSAULT")
    assert "UAF" in [a.sector for a in ambush.actor]
    assert ("MLI", "MIL") in [(a.code, a.sector) for a in ambush.recipient]


def test_one_deed_named_by_a_verb_and_its_noun_is_one_event(code) -> None:
    events = code("Two soldiers were killed in an attack on a checkpoint in Mali.")
    assert len([e for e in events if e.event_type == "ASSAULT"]) == 1


def test_a_flagged_event_is_ordered_low_but_not_dropped(code) -> None:
    # Modality flags never drop an event: a threshold the negation alone pushes it under
    # keeps it, flagged, for the analyst to filter.
    events = code("Israel said on Tuesday that it will not attack Lebanon.")
    attack = _assault(events)
    assert attack.modality.negated
    assert attack in drop_unconfident(events, attack.confidence + 0.05)
    assert attack not in drop_unconfident(events, 0.99)


def test_private_peoples_soft_deeds_count_less_than_their_violence() -> None:
    """Between named private individuals alone, a shooting is news; a request or a meeting is
    usually a soft-news verb (PRIVATE_ONLY_FACTOR), unless a state or agent takes part."""
    from eventcoder.events.actor_index import Arguments
    from eventcoder.events.confidence import event_confidence
    from eventcoder.events.lexicon import Trigger
    from eventcoder.models import ActorMention

    def person(text: str) -> ActorMention:
        return ActorMention(
            text=text, start=0, end=len(text), code="USA", sector="CVL", kind="person"
        )

    police = ActorMention(text="police", start=0, end=6, code="USA", sector="COP")
    trigger = Trigger("VERB", "x", (), "REQUEST", None, (), frozenset())
    private = Arguments(source=[person("Ann Roe")], target=[person("Tom Lee")], source_path="parse")
    mixed = Arguments(source=[person("Ann Roe")], target=[police], source_path="parse")
    shooting = event_confidence(trigger, private, event_type="ASSAULT")
    request = event_confidence(trigger, private, event_type="REQUEST")
    assert request < shooting
    assert event_confidence(trigger, mixed, event_type="REQUEST") == shooting
