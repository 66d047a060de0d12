"""Each stage alone, over a Doc built from a short text: only spaCy's own components have run,
and the stage gets by hand exactly what it reads from the stages before it (``doc._``), so a
stage is tested without the others. Also: the pipeline's shared entry points (``pipe``) and
the order of its components as spaCy checks it (``analyze_pipes``)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from spacy.tokens import Doc

from eventcoder.models import ActorMention, Document
from eventcoder.pipeline import STAGE_COMPONENTS, Pipeline

PUBLISHED = dt.date(2024, 3, 5)


@pytest.fixture(scope="module")
def parse(pipeline: Pipeline) -> Iterator:
    """A function: text -> a Doc through spaCy's components only (no eventcoder stage)."""

    def run(text: str) -> Doc:
        with pipeline.nlp.select_pipes(disable=list(STAGE_COMPONENTS)):
            doc = pipeline.nlp(text)
        doc._.document = Document(id="t", text=text, published=PUBLISHED)
        return doc

    yield run


def stage(pipeline: Pipeline, name: str):
    return pipeline.nlp.get_pipe(name)


def test_no_stage_ran_on_the_parsed_doc(parse) -> None:
    doc = parse("Russian forces shelled Kharkiv on Monday.")
    assert doc._.actors is None and doc._.events is None and doc._.places is None
    assert "Kharkiv" in {ent.text for ent in doc.ents}  # spaCy's NER and our ruler did run


def test_actors_stage_alone(pipeline: Pipeline, parse) -> None:
    doc = stage(pipeline, "eventcoder_actors")(parse("The Ukrainian army said Russia attacked."))
    codes = {(a.text, a.code) for a in doc._.actors}
    assert ("Russia", "RUS") in codes
    assert any(a.code == "UKR" and a.sector == "MIL" for a in doc._.actors)


def test_events_stage_alone_reads_only_the_actors_it_is_given(pipeline: Pipeline, parse) -> None:
    text = "Russia attacked Ukraine on Monday."
    doc = parse(text)
    doc._.actors = [
        ActorMention(text="Russia", start=0, end=6, code="RUS", name="Russia"),
        ActorMention(text="Ukraine", start=16, end=23, code="UKR", name="Ukraine"),
    ]
    doc = stage(pipeline, "eventcoder_events")(doc)
    (event,) = doc._.events
    assert event.event_type == "ASSAULT"
    assert [a.code for a in event.actor] == ["RUS"]
    assert [a.code for a in event.recipient] == ["UKR"]
    # the same sentence with no actors handed over: no event names Russia as its doer
    bare = parse(text)
    bare._.actors = []
    events = stage(pipeline, "eventcoder_events")(bare)._.events
    assert all(a.code != "RUS" for e in events for a in e.actor)


def test_places_stage_alone(pipeline: Pipeline, parse) -> None:
    doc = parse("Shelling hit the town of Tovuz, officials in Baku said.")
    doc._.actors, doc._.events = [], []
    doc = stage(pipeline, "eventcoder_places")(doc)
    assert {(p.text, p.country) for p in doc._.places} >= {("Tovuz", "AZE")}


def test_actors_stage_decides_which_place_names_are_their_government(
    pipeline: Pipeline, parse
) -> None:
    # "Is this place name its government?" is decided once, by the actors stage, for every
    # name: acting or owning a stance it is; located, owned by or undergoing, it is not.
    actors = stage(pipeline, "eventcoder_actors")
    for text, name, government in (
        ("Toronto said the bridge would reopen.", "Toronto", True),
        ("Farmers criticised Canada's decision on tariffs.", "Canada", True),
        ("Protesters gathered in Toronto on Monday.", "Toronto", False),
        ("Tourists visited Alberta's liquor stores.", "Alberta", False),
    ):
        doc = actors(parse(text))
        start = text.index(name)
        assert ((start, start + len(name)) in doc._.governments) is government, text


def test_places_stage_reads_the_governments_the_actors_stage_decided(
    pipeline: Pipeline, parse
) -> None:
    text = "Toronto said the bridge would reopen."
    doc = parse(text)
    doc._.actors, doc._.events, doc._.governments = [], [], []
    assert "Toronto" in {p.text for p in stage(pipeline, "eventcoder_places")(doc)._.places}
    doc = parse(text)
    doc._.actors, doc._.events, doc._.governments = [], [], [(0, len("Toronto"))]
    assert "Toronto" not in {p.text for p in stage(pipeline, "eventcoder_places")(doc)._.places}


def test_dates_stage_alone(pipeline: Pipeline, parse) -> None:
    doc = parse("The talks ended on Monday; fighting had resumed in February.")
    doc._.events = []
    doc = stage(pipeline, "eventcoder_dates")(doc)
    resolved = {d.text: d.value for d in doc._.dates}
    assert resolved["Monday"] == "2024-03-04"  # the Monday before publication (a Tuesday)
    assert resolved["February"] == "2024-02-01"  # the February before publication


def test_pipe_yields_each_doc_with_its_record(pipeline: Pipeline) -> None:
    documents = [
        Document(id="a", text="Russia attacked Ukraine on Monday.", published=PUBLISHED),
        Document(id="b", text="Police arrested protesters in Minsk.", published=PUBLISHED),
    ]
    piped = list(pipeline.pipe(documents, batch_size=1))
    assert [doc._.document.id for doc, _ in piped] == ["a", "b"]
    for (doc, record), document in zip(piped, documents, strict=True):
        assert doc.text == document.text and record.document == document
        assert record == pipeline.code(document)  # the same record code() gives


def test_pipe_refuses_a_document_longer_than_one_doc(pipeline: Pipeline) -> None:
    from eventcoder.errors import InputError

    piece_chars = pipeline.piece_chars
    pipeline.piece_chars = 20
    try:
        with pytest.raises(InputError) as refused:
            list(pipeline.pipe([Document(id="long", text="Russia attacked Ukraine again.")]))
    finally:
        pipeline.piece_chars = piece_chars
    assert refused.value.source == "long" and "code_many" in refused.value.problem


def test_spacy_checks_the_stage_order_from_what_each_component_declares(
    pipeline: Pipeline,
) -> None:
    """Every component declares the Doc attributes it writes and reads (``assigns`` and
    ``requires`` of its factory): in the real pipeline each read is written before it, and a
    pipeline with a stage before the one it reads from is reported by spaCy."""
    analysis = pipeline.nlp.analyze_pipes(pretty=False)
    assert analysis["problems"] == {name: [] for name in pipeline.nlp.pipe_names}
    summary = analysis["summary"]
    assert "doc._.actors" in summary["eventcoder_actors"]["assigns"]
    assert "doc._.actors" in summary["eventcoder_events"]["requires"]
    assert "doc._.governments" in summary["eventcoder_actors"]["assigns"]
    assert "doc._.governments" in summary["eventcoder_places"]["requires"]

    import spacy

    misordered = spacy.blank("en")
    misordered.add_pipe("eventcoder_events")  # reads doc._.actors, which nothing wrote yet
    problems = misordered.analyze_pipes(pretty=False)["problems"]
    assert "doc._.actors" in problems["eventcoder_events"]
