"""Event detection on classes of phrasing real news is full of: reported accusations,
evaluative speech acts, refusals in quotes, meetings named by nouns. Sentences written for
these tests."""

from __future__ import annotations

import pytest

from eventcoder.models import Document, Event


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str) -> list[Event]:
        return pipeline.code(Document(id="t", text=text)).events

    return run


def _of_type(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.event_type == event_type]


def _only(events: list[Event], event_type: str) -> Event:
    matching = _of_type(events, event_type)
    assert len(matching) == 1, [(e.event_type, e.evidence.trigger.text) for e in events]
    return matching[0]


def _codes(actors) -> set[str | None]:
    return {a.code for a in actors}


def _sectors(actors) -> set[str | None]:
    return {a.sector for a in actors}


# ------------------------------------------------------------ same-country parties
def test_officials_blame_a_group_of_their_own_country(code) -> None:
    events = code("Officials in Ankara said the bombing bore the hallmarks of the PKK.")
    event = _only(events, "ACCUSE")
    assert _sectors(event.actor) == {"GOV"}
    assert _codes(event.recipient) == {"TUR"}
    assert _sectors(event.recipient) == {"REB"}


def test_politician_demands_of_his_own_country(code) -> None:
    text = "Mexican opposition leader Lopez Obrador said Mexico should cut cooperation."
    event = _only(code(text), "REQUEST")
    assert _sectors(event.actor) == {"OPP"}
    assert _codes(event.recipient) == {"MEX"}


def test_a_state_does_not_demand_of_itself(code) -> None:
    events = code("The Russian government said Russia should respond firmly.")
    assert not [e for e in _of_type(events, "REQUEST") if _codes(e.recipient) == {"RUS"}]
