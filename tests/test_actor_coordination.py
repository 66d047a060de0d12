"""Coordinated names (actors/coordination.py) and generic region words (actors/context.py),
on sentences written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc, Span

from eventcoder.models import ActorMention, Document

PUBLISHED = dt.date(2010, 6, 1)


def _annotate(pipeline, text: str, merged: tuple[str, str] | None = None) -> Doc:
    """Run the pipeline through the actors stage. ``merged`` = (phrase, label) imitates the
    small model's error of tagging two coordinated names as one entity: the phrase becomes
    one entity just before the actors stage."""
    doc = pipeline.nlp.make_doc(text)
    doc._.document = Document(id="test", text=text, published=PUBLISHED)
    for name, component in pipeline.nlp.pipeline:
        if name == "eventcoder_actors" and merged is not None:
            phrase, label = merged
            start = text.index(phrase)
            span = doc.char_span(start, start + len(phrase))
            assert span is not None
            kept = [e for e in doc.ents if e.end <= span.start or e.start >= span.end]
            doc.ents = sorted(
                [*kept, Span(doc, span.start, span.end, label=label)], key=lambda e: e.start
            )
        doc = component(doc)
        if name == "eventcoder_actors":
            break
    return doc


def _coded(actors: list[ActorMention]) -> set[tuple[str, str | None]]:
    return {(a.text, a.code) for a in actors}


@pytest.mark.parametrize(
    ("text", "phrase", "label", "expected"),
    [
        # Two unknown full names: each a private person (CVL) of the inferred country.
        (
            "Police arrested John Okafor and Peter Adeyemi in Lagos on Friday.",
            "John Okafor and Peter Adeyemi",
            "PERSON",
            {("John Okafor", "NGA"), ("Peter Adeyemi", "NGA")},
        ),
        # Three names over commas and "and".
        (
            "Gunmen abducted Maria Fernandez, Ana Torres and Lucia Ramos near Culiacan.",
            "Maria Fernandez, Ana Torres and Lucia Ramos",
            "PERSON",
            {("Maria Fernandez", "MEX"), ("Ana Torres", "MEX"), ("Lucia Ramos", "MEX")},
        ),
        # Two states tagged one GPE: a state inside a longer place entity was dropped.
        (
            "Israel and Syria resumed indirect talks on Monday.",
            "Israel and Syria",
            "GPE",
            {("Israel", "ISR"), ("Syria", "SYR")},
        ),
        # Two capitals acting for their governments.
        (
            "Moscow and Kiev traded accusations over the gas dispute.",
            "Moscow and Kiev",
            "GPE",
            {("Moscow", "RUS"), ("Kiev", "UKR")},
        ),
    ],
)
def test_entity_merged_over_a_coordinator_is_split(pipeline, text, phrase, label, expected):
    doc = _annotate(pipeline, text, merged=(phrase, label))
    assert expected <= _coded(doc._.actors)
    # The conjuncts are entities of their own, with their own character offsets.
    for name, _code in expected:
        start = text.index(name)
        assert any(e.start_char == start and e.text == name for e in doc.ents)


def test_known_leaders_in_a_merged_entity_keep_state_and_role(pipeline):
    text = "Hamid Karzai and Nouri al-Maliki discussed border security on Sunday."
    doc = _annotate(pipeline, text, merged=("Hamid Karzai and Nouri al-Maliki", "PERSON"))
    codes = {a.text: (a.code, a.sector) for a in doc._.actors}
    assert codes["Hamid Karzai"] == ("AFG", "GOV")
    assert "Hamid Karzai and Nouri al-Maliki" not in codes


@pytest.mark.parametrize(
    ("text", "phrase", "label"),
    [
        ("Smith & Wesson sold more rifles this year.", "Smith & Wesson", "ORG"),
        ("Tom and Jerry fought in the yard.", "Tom and Jerry", "PERSON"),
        ("Bosnia and Herzegovina joined the talks.", "Bosnia and Herzegovina", "GPE"),
    ],
)
def test_names_with_a_coordinator_inside_stay_whole(pipeline, text, phrase, label):
    doc = _annotate(pipeline, text, merged=(phrase, label))
    assert phrase in {e.text for e in doc.ents}


def test_names_under_one_parsed_head_are_two_actors(pipeline):
    # The parse attaches "Barack Obama" to "Medvedev": once one USA actor over both names.
    doc = _annotate(pipeline, "Presidents Barack Obama and Dmitry Medvedev signed the treaty.")
    coded = _coded(doc._.actors)
    assert ("Dmitry Medvedev", "RUS") in coded
    assert ("Barack Obama", "USA") in coded
    assert not any(" and " in a.text for a in doc._.actors)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("North and South Korea agreed to hold talks on Monday.", {"PRK", "KOR"}),
        ("South and North Korea exchanged artillery fire on Thursday.", {"PRK", "KOR"}),
        ("Soldiers from North and South Korea met at the border.", {"PRK", "KOR"}),
        ("East and West Germany signed a treaty in 1972.", {"DDR", "DEU"}),
    ],
)
def test_elliptical_coordination_gives_both_states(pipeline, text, expected):
    codes = {a.code for a in _annotate(pipeline, text)._.actors}
    assert expected <= codes


@pytest.mark.parametrize(
    ("text", "sector"),
    [
        ("Soldiers from North and South Korea exchanged fire on Friday.", "MIL"),
        ("The leaders of North and South Korea met at the border.", "GOV"),
    ],
)
def test_agent_of_an_elliptical_pair_is_both_states(pipeline, text, sector):
    actors = _annotate(pipeline, text)._.actors
    assert {(a.code, a.sector) for a in actors} == {("PRK", sector), ("KOR", sector)}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Demonyms: "north korean" is the dictionary's; main coded "North" as a place
        # (France's Nord region) and gave the officials France.
        ("North and South Korean officials met at the border.", {("PRK", "GOV"), ("KOR", "GOV")}),
        ("South and North Korean troops exchanged fire.", {("PRK", "MIL"), ("KOR", "MIL")}),
    ],
)
def test_elliptical_demonyms_give_both_states(pipeline, text, expected):
    actors = _annotate(pipeline, text)._.actors
    assert {(a.code, a.sector) for a in actors} == expected


def test_hyphenated_pair_after_an_agent_shares_no_sector(pipeline):
    # "the Azerbaijan-Georgia border" is what the monitors watch, not whose they are.
    actors = _annotate(pipeline, "Monitors of the Azerbaijan-Georgia border left.")._.actors
    assert not any(a.code == "GEO" and a.sector for a in actors)


def test_elliptical_modifier_needs_a_dictionary_name(pipeline):
    # "North Sudan" is no entry: the bare "North" is no actor.
    actors = _annotate(pipeline, "North and South Sudan clashed over the oil fields.")._.actors
    assert {a.code for a in actors} == {"SSD"}


@pytest.mark.parametrize(
    "text",
    [
        "The navy sent an aircraft carrier to the Gulf on Wednesday.",
        "Police patrolled the Coast after the storm.",
        "Soldiers were deployed to the North last week.",
    ],
)
def test_generic_region_words_give_no_country(pipeline, text):
    # "Gulf" is a province of Papua New Guinea, "Central" a region of Uganda, "North" one of
    # Cameroon: no agent takes such a namesake's country.
    actors = _annotate(pipeline, text)._.actors
    assert all(a.code not in {"PNG", "TZA", "CMR", "FRA", "IND"} for a in actors)


def test_named_region_still_gives_its_country(pipeline):
    actors = _annotate(pipeline, "Police in the Gulf of Guinea port of Lagos arrested two men.")
    assert "NGA" in {a.code for a in actors._.actors}
