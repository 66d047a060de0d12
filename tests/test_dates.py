"""The dates stage: DATE mentions resolved against the publication date, and events dated."""

from __future__ import annotations

import datetime as dt

import pytest

from eventcoder.dates.parse import parse_date_text
from eventcoder.dates.resolve import HISTORICAL_AFTER_DAYS, date_events, resolve_dates
from eventcoder.models import DateMention, Event, Evidence, Modality, Span

PUBLISHED = dt.date(2022, 9, 14)


def _by_text(mentions: list[DateMention], text: str) -> DateMention:
    found = [m for m in mentions if m.text == text]
    assert found, f"{text!r} not among {[m.text for m in mentions]}"
    return found[0]


# ------------------------------------------------------------------ fixture facts
def test_fixture_dates(fixture_coded) -> None:
    dates = fixture_coded.dates
    text = fixture_coded.document.text
    for mention in dates:
        assert text[mention.start : mention.end] == mention.text
    assert (_by_text(dates, "12 September").value, _by_text(dates, "12 September").precision) == (
        "2022-09-12",
        "day",
    )
    assert _by_text(dates, "13 September").value == "2022-09-13"
    summit = _by_text(dates, "September 15-16")
    assert (summit.value, summit.end_value, summit.precision) == ("2022-09-15", "2022-09-16", "day")
    assert _by_text(dates, "10 November 2020").value == "2020-11-10"
    assert _by_text(dates, "November 10, 2020").value == "2020-11-10"
    assert not any(m.value and m.value.startswith("2016") for m in dates)
    # "may also be questioned" is a verb, "44-day" a duration: neither is a date of its own.
    may = text.index("may also be questioned")
    assert not any(m.start <= may < m.end for m in dates)
    assert "44-day" not in {m.text for m in dates}
    war = _by_text(dates, "44-day Karabakh War")
    assert (war.value, war.end_value) == ("2020-09-27", "2020-11-10")


def test_fixture_without_publication_date_keeps_year_unknown(pipeline, fixture_coded) -> None:
    doc = pipeline.nlp(fixture_coded.document.text)
    dates = resolve_dates(doc, None)
    assert _by_text(dates, "12 September").value is None
    assert _by_text(dates, "12 September").precision == "day"
    assert _by_text(dates, "September 15-16").value is None
    assert _by_text(dates, "November 10, 2020").value == "2020-11-10"


def test_fixture_events_dated(fixture_coded) -> None:
    events = fixture_coded.events
    if not events:
        pytest.skip("the events stage found no events yet")
    clashes = [e for e in events if "Clashes started late at night" in e.evidence.sentence]
    for event in clashes:
        assert event.date in ("2022-09-12", "2022-09-13") and event.date_precision == "day"
    support = [e for e in events if "support it gave to Azerbaijan" in e.evidence.sentence]
    for event in support:
        assert event.date is not None and event.date.startswith("2020")
        assert event.modality.historical
    agreement = [
        e for e in events if "agreement reached on November 10, 2020" in e.evidence.sentence
    ]
    for event in agreement:
        assert event.date == "2020-11-10" and event.modality.historical


# ------------------------------------------------------------------ parsing rules
@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("on 12 September", PUBLISHED, ("2022-09-12", None, "day")),
        ("November 10, 2020", None, ("2020-11-10", None, "day")),
        ("10 November 2020", None, ("2020-11-10", None, "day")),
        ("September 15-16", PUBLISHED, ("2021-09-15", "2021-09-16", "day")),  # past tense default
        ("15-16 September 2022", None, ("2022-09-15", "2022-09-16", "day")),
        ("last week", PUBLISHED, ("2022-09-05", "2022-09-11", "day")),
        ("Monday", PUBLISHED, ("2022-09-12", None, "day")),
        ("yesterday", PUBLISHED, ("2022-09-13", None, "day")),
        ("November 2020", None, ("2020-11-01", "2020-11-30", "month")),
        ("2020", None, ("2020-01-01", "2020-12-31", "year")),
        ("the 1990s", None, ("1990-01-01", "1999-12-31", "year")),
        ("2014-2016", None, ("2014-01-01", "2016-12-31", "year")),
        ("between March 3 and April 5, 2021", None, ("2021-03-03", "2021-04-05", "day")),
        ("mid-September", PUBLISHED, ("2022-09-01", "2022-09-30", "month")),
        ("12 September", None, (None, None, "day")),
        ("Monday", None, (None, None, "day")),
        ("September", None, (None, None, "month")),
    ],
)
def test_parse_date_text(
    text: str, published: dt.date | None, expected: tuple[str | None, str | None, str]
) -> None:
    parsed = parse_date_text(text, published)
    assert parsed is not None
    assert (parsed.value, parsed.end_value, parsed.precision) == expected


def test_future_preference_moves_to_next_occurrence() -> None:
    parsed = parse_date_text("September 15-16", PUBLISHED, "future")
    assert parsed is not None and (parsed.value, parsed.end_value) == ("2022-09-15", "2022-09-16")


@pytest.mark.parametrize(
    "text", ["44-day", "two years", "2 years", "a week", "56 years old", "may"]
)
def test_durations_ages_and_verbs_are_not_dates(text: str) -> None:
    assert parse_date_text(text, PUBLISHED) is None


def test_future_tense_sentence(pipeline) -> None:
    doc = pipeline.nlp("The summit will take place in Samarkand on September 15-16.")
    (mention,) = resolve_dates(doc, PUBLISHED)
    assert (mention.value, mention.end_value) == ("2022-09-15", "2022-09-16")
    doc = pipeline.nlp("The summit took place in Samarkand on September 15-16.")
    (mention,) = resolve_dates(doc, PUBLISHED)
    assert mention.value == "2021-09-15"


def test_modal_may_is_not_a_date(pipeline) -> None:
    doc = pipeline.nlp("May God help them. The talks may resume in May 2023.")
    dates = resolve_dates(doc, PUBLISHED)
    assert [m.text for m in dates] == ["May 2023"]


# ------------------------------------------------------------------ dating events
def _event(doc, sentence_index: int, trigger: str, event_id: str = "e1") -> Event:
    sentence = list(doc.sents)[sentence_index]
    start = doc.text.index(trigger, sentence.start_char)
    return Event(
        id=event_id,
        event_type="ASSAULT",
        evidence=Evidence(
            sentence_index=sentence_index,
            sentence=sentence.text,
            start=sentence.start_char,
            end=sentence.end_char,
            trigger=Span(text=trigger, start=start, end=start + len(trigger)),
        ),
        confidence=0.8,
    )


def test_date_events_sentence_paragraph_and_fallback(pipeline) -> None:
    text = (
        "Troops shelled the village on 3 September. Rebels attacked a convoy the next morning.\n\n"
        "Both sides accused each other of violating the truce."
    )
    doc = pipeline.nlp(text)
    dates = resolve_dates(doc, PUBLISHED)
    events = [
        _event(doc, 0, "shelled", "a"),
        _event(doc, 1, "attacked", "b"),
        _event(doc, 2, "accused", "c"),
    ]
    dated = date_events(doc, events, dates, PUBLISHED)
    assert (dated[0].date, dated[0].date_precision) == ("2022-09-03", "day")
    # No date in its own sentence: the earlier sentence of the same paragraph dates it.
    assert dated[1].date == "2022-09-03"
    # A new paragraph without dates: the publication date, with precision none.
    assert (dated[2].date, dated[2].date_precision) == ("2022-09-14", "none")
    assert not any(e.modality.historical for e in dated)
    assert events[0].date is None  # inputs are not mutated


def test_date_events_prefers_date_attached_to_trigger(pipeline) -> None:
    text = "After the 10 November 2020 agreement, troops attacked the border post on 12 September."
    doc = pipeline.nlp(text)
    dates = resolve_dates(doc, PUBLISHED)
    (event,) = date_events(doc, [_event(doc, 0, "attacked")], dates, PUBLISHED)
    assert event.date == "2022-09-12"


def test_historical_flag(pipeline) -> None:
    text = "Turkey supported Azerbaijan during the Second Karabakh War."
    doc = pipeline.nlp(text)
    dates = resolve_dates(doc, PUBLISHED)
    (event,) = date_events(doc, [_event(doc, 0, "supported")], dates, PUBLISHED)
    assert event.date == "2020-09-27" and event.date_precision == "year"
    assert event.modality == Modality(historical=True)
    assert (PUBLISHED - dt.date(2020, 11, 10)).days > HISTORICAL_AFTER_DAYS
