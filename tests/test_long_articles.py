"""Long articles: split into pieces on paragraph boundaries, coded, offsets into the full text."""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from coded_checks import assert_offsets_slice_text
from eventcoder.models import CodedDocument, Document
from eventcoder.pipeline import Pipeline, split_text
from eventcoder.read import clean, read_file


# ----------------------------------------------------------------------------- split_text
def _check_cover(text: str, pieces: list[tuple[int, int]], limit: int) -> None:
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    for (_, end), (start, _) in itertools.pairwise(pieces):
        assert end == start
    assert all(0 < end - start <= limit for start, end in pieces)


def test_split_prefers_paragraph_boundaries() -> None:
    paragraphs = [f"Paragraph {n}. " + "Troops moved along the road. " * 3 for n in range(6)]
    text = "\n\n".join(paragraphs)
    pieces = split_text(text, 250)
    _check_cover(text, pieces, 250)
    assert len(pieces) > 1
    for start, _ in pieces[1:]:
        assert text[start:].startswith("Paragraph "), text[start : start + 30]
        assert text[start - 2 : start] == "\n\n"


def test_split_a_long_paragraph_at_sentence_ends_then_words() -> None:
    text = "Shelling hit the town again. " * 40
    pieces = split_text(text, 100)
    _check_cover(text, pieces, 100)
    assert all(text[start:].startswith("Shelling") for start, _ in pieces)
    no_sentences = "word " * 100
    pieces = split_text(no_sentences, 37)
    _check_cover(no_sentences, pieces, 37)
    assert all(no_sentences[start:].startswith("word") for start, _ in pieces)
    no_spaces = "x" * 95
    _check_cover(no_spaces, split_text(no_spaces, 30), 30)


def test_short_text_is_one_piece() -> None:
    assert split_text("Short.", 100) == [(0, 6)]
    assert split_text("", 100) == [(0, 0)]


# ------------------------------------------------------------------------ coding in pieces
@pytest.fixture(scope="module")
def fixture_document(fixture_path: Path) -> Document:
    (article,) = read_file(str(fixture_path), dt.date(2022, 9, 14))
    return clean(article)


@pytest.fixture
def small_limits(pipeline: Pipeline) -> Iterator[Pipeline]:
    """The session pipeline with a small piece size and spaCy length limit, restored after."""
    saved = pipeline.piece_chars, pipeline.nlp.max_length
    pipeline.piece_chars = 1500
    try:
        yield pipeline
    finally:
        pipeline.piece_chars, pipeline.nlp.max_length = saved


def test_pieces_keep_offsets_into_the_full_text(
    small_limits: Pipeline, fixture_document: Document, fixture_coded: CodedDocument
) -> None:
    assert len(split_text(fixture_document.text, 1500)) > 3
    coded = small_limits.code(fixture_document)
    assert coded.document == fixture_document
    assert_offsets_slice_text(coded)
    # the cuts fall between paragraphs, so the pieces find the events the whole text has
    whole = {(e.event_type, e.evidence.trigger.start) for e in fixture_coded.events}
    pieces = {(e.event_type, e.evidence.trigger.start) for e in coded.events}
    assert len(whole & pieces) >= 0.8 * len(whole), (whole - pieces, pieces - whole)
    assert {a.start for a in coded.actors} == {a.start for a in fixture_coded.actors}
    # sentence indexes count the sentences of the pieces before
    whole_sentence = {
        e.evidence.trigger.start: e.evidence.sentence_index for e in fixture_coded.events
    }
    for event in coded.events:
        if event.evidence.trigger.start in whole_sentence:
            assert event.evidence.sentence_index == whole_sentence[event.evidence.trigger.start]


def test_text_over_spacys_length_limit_is_coded_not_refused(
    small_limits: Pipeline, fixture_document: Document
) -> None:
    # spaCy refuses a text over nlp.max_length (E088); 8,000 stands in for its 1,000,000
    small_limits.piece_chars = 50_000
    small_limits.nlp.max_length = 8_000
    text = "\n\n".join([fixture_document.text] * 3)
    assert len(text) > 3 * 8_000
    long_document = fixture_document.model_copy(update={"text": text, "id": "long"})
    coded = small_limits.code(long_document)
    assert_offsets_slice_text(coded)
    assert coded.document.text == text
    # each copy of the article is coded: events in the last copy too
    assert max(e.evidence.start for e in coded.events) > 2 * len(fixture_document.text)
    assert [e.id for e in coded.events] == [f"long-e{n}" for n in range(1, len(coded.events) + 1)]
