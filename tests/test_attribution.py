"""Attribution on small articles: claims, claimants, derived accusations, contradictions."""

from __future__ import annotations

import pytest

from eventcoder.events.quotes import quotation_spans
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


# ------------------------------------------------------------ quoted speech across sentences
def _claimants(events: list[Event], trigger: str) -> list[str | None]:
    """The claimant code of each event whose trigger is ``trigger``."""
    return [
        e.attribution.claimant.code if e.attribution.claimant else None
        for e in events
        if e.evidence.trigger.text == trigger
    ]


def test_quotation_spans_pair_marks_and_end_open_quotes_at_the_line() -> None:
    text = 'He said "no" and “yes”.\n“Still open\n«fin» x'
    spans = quotation_spans(text)
    assert [(text[s:e], closed) for s, e, closed in spans] == [
        ('"no"', True),
        ("“yes”", True),
        ("“Still open", False),
        ("«fin»", True),
    ]
    assert quotation_spans("It's the army's 5th brigade.") == []  # apostrophes are not quotes


def test_a_quotation_after_he_said_keeps_its_speaker(code) -> None:
    events = code(
        "Armenian Prime Minister Nikol Pashinyan spoke to reporters on Tuesday. "
        '"Azerbaijan has attacked our sovereign territory," he said. '
        '"Azerbaijani troops shelled the town of Jermuk overnight."'
    )
    assert _claimants(events, "attacked") == ["ARM"]
    shelling = [e for e in events if e.evidence.trigger.text == "shelled"]
    assert shelling and all(e.attribution.claim for e in shelling)
    assert _claimants(events, "shelled") == ["ARM"]
    assert shelling[0].attribution.cue == "say"
    assert _codes(shelling[0].actor) == {"AZE"}


def test_one_quotation_spanning_two_sentences_is_one_speakers(code) -> None:
    events = code(
        "Ukraine's President Volodymyr Zelensky said: "
        '"Russia shelled Kharkiv again. Russian troops attacked civilians in Bakhmut."'
    )
    assert _claimants(events, "shelled") == ["UKR"]
    assert _claimants(events, "attacked") == ["UKR"]


def test_a_quotation_in_the_next_paragraph_continues_the_speaker(code) -> None:
    events = code(
        "“Russian missiles hit a school in Kharkiv,” Ukraine’s foreign minister wrote.\n\n"
        "“Russian troops also shelled a hospital in Kherson.”"
    )
    shelled = [e for e in events if e.evidence.trigger.text == "shelled"]
    assert shelled and shelled[0].attribution.claimant is not None
    assert shelled[0].attribution.claimant.code == "UKR"
    assert shelled[0].attribution.cue == "write"
    # The derived accusation stays on the sentence of its cue, not on the continued quotation.
    accusations = [e for e in events if e.event_type == "ACCUSE"]
    assert all("Kherson" not in e.evidence.sentence for e in accusations)


def test_a_quotation_left_open_takes_the_speaker_of_the_next_paragraph(code) -> None:
    events = code(
        "“Israeli jets bombed a refugee camp in Gaza.\n"
        "“Israeli tanks shelled the hospital,” Egypt’s foreign ministry said."
    )
    assert _claimants(events, "bombed") == ["EGY"]
    assert _claimants(events, "shelled") == ["EGY"]


def test_an_unquoted_sentence_after_a_quotation_is_the_articles_own(code) -> None:
    events = code(
        '"Azerbaijani forces attacked our positions," Armenia\'s defence ministry said. '
        "Azerbaijani troops shelled three villages overnight."
    )
    assert _claimants(events, "attacked") == ["ARM"]
    shelled = [e for e in events if e.evidence.trigger.text == "shelled"]
    assert shelled and not any(e.attribution.claim for e in shelled)
