"""Attribution on small articles: claims, claimants, derived accusations, contradictions."""

from __future__ import annotations

import pytest

from eventcoder.models import Document, Event


@pytest.fixture(scope="module")
def code(pipeline):
    def run(text: str) -> list[Event]:
        return pipeline.code(Document(id="a", text=text)).events

    return run


def _codes(actors) -> set[str]:
    return {a.code for a in actors}


def test_reported_attack_is_a_claim_by_the_speaker(code) -> None:
    events = code("Ukraine said that Russia attacked the city of Kharkiv.")
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert assault.attribution.claim
    assert assault.attribution.claimant is not None
    assert assault.attribution.claimant.code == "UKR"
    assert assault.attribution.cue == "say"
    assert _codes(assault.actor) == {"RUS"}


def test_claim_that_blames_another_party_is_also_an_accusation(code) -> None:
    events = code("Ukraine said that Russia attacked the city of Kharkiv.")
    accuse = next(e for e in events if e.event_type == "ACCUSE")
    assert not accuse.attribution.claim  # the accusation is asserted by the article
    assert _codes(accuse.actor) == {"UKR"}
    assert _codes(accuse.recipient) == {"RUS"}
    assert accuse.evidence.trigger.text == "said"


def test_accusing_x_of_attacking(code) -> None:
    events = code("Armenia accused Azerbaijan of attacking its border villages.")
    accuse = next(e for e in events if e.event_type == "ACCUSE")
    assert _codes(accuse.actor) == {"ARM"} and _codes(accuse.recipient) == {"AZE"}
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert _codes(assault.actor) == {"AZE"}
    assert assault.attribution.claim and assault.attribution.cue == "accuse"
    assert assault.attribution.claimant is not None
    assert assault.attribution.claimant.code == "ARM"


def test_according_to(code) -> None:
    events = code("According to Israel, Hamas fighters attacked an army post near Gaza.")
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert assault.attribution.claim
    assert assault.attribution.claimant is not None
    assert assault.attribution.claimant.code == "ISR"


def test_asserted_event_is_not_a_claim(code) -> None:
    events = code("Russia attacked the city of Kharkiv on Monday.")
    assert events and not any(e.attribution.claim for e in events)


def test_speakers_own_statement_is_not_a_claim(code) -> None:
    events = code("Iran stated that it does not accept a change in the borders.")
    reject = next(e for e in events if e.event_type == "REJECT")
    assert not reject.attribution.claim


def test_opposed_claims_contradict_both_ways(code) -> None:
    text = (
        "India claims that Pakistani troops attacked first, while Pakistan claims that "
        "Indian soldiers attacked first."
    )
    events = code(text)
    claims = {e.attribution.claimant.code: e for e in events if e.attribution.claimant}
    assert set(claims) == {"IND", "PAK"}
    india, pakistan = claims["IND"], claims["PAK"]
    assert pakistan.id in india.contradicts
    assert india.id in pakistan.contradicts


def test_claims_that_agree_do_not_contradict(code) -> None:
    text = (
        "India said that Chinese troops attacked a post. "
        "Pakistan said that Chinese troops attacked a post."
    )
    events = code(text)
    claimants = {e.attribution.claimant.code for e in events if e.attribution.claimant}
    assert claimants == {"IND", "PAK"}
    assert not any(e.contradicts for e in events)


def test_blamed_for_an_attack(code) -> None:
    events = code("Britain blamed Russia for the attack on Salisbury.")
    accuse = next(e for e in events if e.event_type == "ACCUSE")
    assert _codes(accuse.actor) == {"GBR"} and _codes(accuse.recipient) == {"RUS"}
    assault = next(e for e in events if e.event_type == "ASSAULT")
    assert _codes(assault.actor) == {"RUS"}
    assert assault.attribution.claim
    assert assault.attribution.claimant is not None
    assert assault.attribution.claimant.code == "GBR"
