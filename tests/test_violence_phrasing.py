"""Classes of violent-event phrasing (docs/events.md: types and modes, places as targets):
crowds' violence as riots, storming and besieging, who died in an attack, and untagged towns
as the objects of attacks. Every sentence here is written for the test."""

from __future__ import annotations

import pytest

from eventcoder.models import Document, Event


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str) -> list[Event]:
        return pipeline.code(Document(id="t", text=text)).events

    return run


@pytest.mark.parametrize(
    "text",
    [
        "Protesters stormed the parliament building in Baghdad on Saturday.",
        "A mob attacked a police station in Lagos after the arrest of a local trader.",
        "Hundreds of demonstrators attacked government offices in Kabul.",
    ],
)
def test_a_crowds_violence_is_a_riot(code, text: str) -> None:
    events = [e for e in code(text) if e.evidence.trigger.text in {"stormed", "attacked"}]
    assert [(e.event_type, e.mode) for e in events] == [("PROTEST", "riot")]


def test_forces_firing_on_protesters_stay_an_assault(code) -> None:
    (event,) = code("Sudanese soldiers fired on protesters in Khartoum on Monday.")
    assert event.event_type == "ASSAULT"
    assert ("SDN", "CVL") in {(a.code, a.sector) for a in event.recipient}


@pytest.mark.parametrize(
    ("text", "event_type", "target"),
    [
        ("Iraqi police stormed a mosque in Basra and detained the imam.", "ASSAULT", "IRQ"),
        ("Syrian troops besieged the town of Douma for months.", "COERCE", "SYR"),
    ],
)
def test_storming_and_besieging_are_force_against_the_place(
    code, text: str, event_type: str, target: str
) -> None:
    events = [e for e in code(text) if e.evidence.trigger.text in {"stormed", "besieged"}]
    assert [e.event_type for e in events] == [event_type]
    assert target in {a.code for a in events[0].recipient}


def test_an_unnamed_force_storming_a_known_town_is_coded_by_the_town(code) -> None:
    # "Government troops" name no country; the town the gazetteer knows gives the target's
    (event,) = code("Government troops stormed Marawi after a five-month siege.")
    assert event.event_type == "ASSAULT"
    assert {a.code for a in event.recipient} == {"PHL"}


def test_an_event_whose_only_participant_is_an_unknown_name_is_dropped(code) -> None:
    # nothing the gazetteer knows, no coded actor: never an empty event
    assert code("Unknown gunmen stormed Qwertzuiop overnight.") == []


@pytest.mark.parametrize(
    "text",
    [
        "Three policemen died in an ambush near the border with Niger.",
        "Dozens of migrants drowned in the attack on their boat.",
    ],
)
def test_who_died_in_an_attack_is_never_its_doer(code, text: str) -> None:
    for event in code(text):
        assert not [a for a in event.actor if a.text and a.text.split()[-1] in text.split()[1]]
