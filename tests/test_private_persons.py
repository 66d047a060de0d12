"""Named private persons (actors/private_persons.py): a full name no dictionary, title or
organisation explains is a citizen (CVL) of the country the agents layer infers; the guards
keep journalists' credits, ranks, inverted attributions and places the model tagged PERSON out.

The sentences are written for these tests."""

from __future__ import annotations

import datetime as dt

import pytest
from spacy.tokens import Doc

from eventcoder.actors.data import load_actor_data
from eventcoder.actors.private_persons import PRIVATE_PERSON_RULE
from eventcoder.actors.resolve import ActorResolver
from eventcoder.models import ActorMention, Document

PUBLISHED = dt.date(2024, 5, 1)


def annotate(pipeline, text: str) -> Doc:
    """The pipeline up to and including the actors stage."""
    doc = pipeline.nlp.make_doc(text)
    doc._.document = Document(id="test", text=text, published=PUBLISHED)
    for name, component in pipeline.nlp.pipeline:
        doc = component(doc)
        if name == "eventcoder_actors":
            break
    return doc


def mentions(pipeline, text: str) -> list[ActorMention]:
    return annotate(pipeline, text)._.actors


def named(actors: list[ActorMention], text: str) -> list[ActorMention]:
    return [a for a in actors if a.text == text]


def test_a_named_victim_is_a_citizen_of_the_place(pipeline) -> None:
    actors = mentions(pipeline, "Daniel Okafor was arrested in Lagos on Monday.")
    (person,) = named(actors, "Daniel Okafor")
    assert (person.code, person.sector, person.kind) == ("NGA", "CVL", "person")
    assert person.country_source == "sentence"
    assert person.source and person.source.startswith(PRIVATE_PERSON_RULE)


def test_a_bare_surname_later_keeps_the_first_mentions_country(pipeline) -> None:
    """'Okafor' in a sentence about London is still the Nigerian arrested in Lagos."""
    text = (
        "Daniel Okafor was arrested in Lagos on Monday. "
        "On Friday, Okafor was flown to London for questioning."
    )
    actors = mentions(pipeline, text)
    (surname,) = named(actors, "Okafor")
    assert (surname.code, surname.sector, surname.name) == ("NGA", "CVL", "Daniel Okafor")


def test_a_given_name_later_is_the_same_person(pipeline) -> None:
    text = (
        "Anna Petrova had called her brother in Moscow before the arrest, Russian media "
        "reported. Anna told reporters she was afraid."
    )
    actors = mentions(pipeline, text)
    (full,) = named(actors, "Anna Petrova")
    (given,) = named(actors, "Anna")
    assert full.code == given.code == "RUS"
    assert given.sector == "CVL" and given.name == "Anna Petrova"


def test_the_victim_of_an_event_is_coded(pipeline) -> None:
    """The events stage codes the named person as the target of the arrest."""
    text = "Daniel Okafor was arrested in Lagos on Monday."
    document = Document(id="t", text=text, published=PUBLISHED)
    coded = next(pipeline.code_many([document]))
    targets = [(r.code, r.sector) for e in coded.events for r in e.recipient]
    assert ("NGA", "CVL") in targets


def test_journalists_credits_are_not_actors(pipeline) -> None:
    text = (
        "Gunmen killed two soldiers in Kabul on Sunday, officials said.\n\n"
        "(Reporting by Thomas Harris; Editing by Helen Moore)"
    )
    actors = mentions(pipeline, text)
    assert not [a for a in actors if a.text in {"Thomas Harris", "Helen Moore"}]


def test_a_rank_before_the_name_is_no_private_citizen(pipeline) -> None:
    """'Sergeant Matt Tonroe': a soldier, whatever the model left outside the name; the later
    'Matt Tonroe' is the same soldier, still no private citizen."""
    text = (
        "Sergeant Matt Tonroe was killed by a roadside bomb in Syria. "
        "Matt Tonroe had served for ten years."
    )
    actors = mentions(pipeline, text)
    assert not [a for a in actors if a.sector == "CVL" and "Tonroe" in a.text]


def test_an_inverted_attribution_is_no_name(pipeline) -> None:
    actors = mentions(pipeline, "Said Allen, the evening in Denver becomes memorable.")
    assert not [a for a in actors if "Allen" in a.text]


def test_no_country_in_the_document_leaves_the_person_uncoded(pipeline) -> None:
    actors = mentions(pipeline, "Daniel Okafor was arrested on Monday after a long chase.")
    assert not [a for a in actors if "Okafor" in a.text]


@pytest.fixture(scope="module")
def resolver_knowing_a_town(pipeline) -> ActorResolver:
    """A resolver whose gazetteer knows 'Daniel Okafor' as a sizeable town (as it knows
    'Kafr Nabl' or 'Khan Yunis', which the model may tag PERSON)."""
    return ActorResolver(
        load_actor_data(), pipeline.nlp, notable_place=lambda name: name == "Daniel Okafor"
    )


def test_a_town_the_model_tagged_person_is_no_person(pipeline, resolver_knowing_a_town) -> None:
    doc = annotate(pipeline, "Daniel Okafor was arrested in Lagos on Monday.")
    actors = resolver_knowing_a_town.resolve(doc, PUBLISHED)
    assert not [a for a in actors if "Okafor" in a.text]


def test_a_name_ending_with_a_place_word_is_no_person(pipeline) -> None:
    """'Elm Street', 'Hotel Royal': a name whose head word is a place's or an institution's."""
    from eventcoder.actors.private_persons import PLACE_HEAD_WORDS

    assert {"road", "street", "racecourse", "hotel", "award"} <= PLACE_HEAD_WORDS


def test_a_given_name_opening_another_full_name_is_not_its_namesake(pipeline) -> None:
    """'Li' of 'Li Wenzu' is not Li Keqiang, whose given-name key 'Li' would otherwise be."""
    text = (
        "Premier Li Keqiang visited Tianjin on Monday. Li Wenzu, whose husband is detained, "
        "marched from Beijing."
    )
    actors = mentions(pipeline, text)
    (wenzu,) = named(actors, "Li Wenzu")
    assert (wenzu.code, wenzu.sector, wenzu.name) == ("CHN", "CVL", "Li Wenzu")
