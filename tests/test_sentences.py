"""Sentence boundaries: line breaks of the cleaned text end sentences (nlp/sentences.py)."""

from __future__ import annotations

import spacy

from eventcoder.models import Article
from eventcoder.nlp.sentences import LINE_BREAK_SENTENCES, mark_line_break_sentences
from eventcoder.read import clean


def _sentences(pipeline, text: str) -> list[str]:
    return [sent.text.strip() for sent in pipeline.nlp(text).sents]


def test_the_component_runs_before_the_parser(pipeline) -> None:
    names = pipeline.nlp.pipe_names
    assert names.index(LINE_BREAK_SENTENCES) < names.index("parser")


def test_a_heading_never_merges_with_the_paragraph_after_it(pipeline) -> None:
    text = (
        "Ceasefire talks stall in Geneva\n"
        "Armenian and Azerbaijani troops traded fire on Tuesday. Both sides blamed each other."
    )
    assert _sentences(pipeline, text) == [
        "Ceasefire talks stall in Geneva",
        "Armenian and Azerbaijani troops traded fire on Tuesday.",
        "Both sides blamed each other.",
    ]


def test_a_one_line_subheading_between_paragraphs_is_its_own_sentence(pipeline) -> None:
    text = (
        "The minister arrived in Baku on Monday.\n\n"
        "New sanctions on the way\n"
        "The European Union said it would freeze the assets of three banks."
    )
    sentences = _sentences(pipeline, text)
    assert sentences == [
        "The minister arrived in Baku on Monday.",
        "New sanctions on the way",
        "The European Union said it would freeze the assets of three banks.",
    ]
    # The blank line closes the sentence before it; it never becomes an empty sentence.
    assert all(sentences)


def test_each_list_item_is_one_sentence_with_its_marker(pipeline) -> None:
    text = (
        "Key points\n"
        "- troops moved to the border\n"
        "• talks were suspended. Iran protested loudly\n"
        "1. Turkey closed its airspace\n"
        "(b) Iraq recalled its ambassador\n"
        "The UN called for calm."
    )
    assert _sentences(pipeline, text) == [
        "Key points",
        "- troops moved to the border",
        "• talks were suspended.",
        "Iran protested loudly",
        "1. Turkey closed its airspace",
        "(b) Iraq recalled its ambassador",
        "The UN called for calm.",
    ]


def test_sentences_inside_a_paragraph_are_still_the_parsers(pipeline) -> None:
    # Without line breaks the component sets nothing: the parser decides every boundary.
    doc = pipeline.nlp.make_doc("Police arrested two men. The court freed them on Friday.")
    mark_line_break_sentences(doc)
    assert all(token.is_sent_start is None for token in doc[1:])
    assert len(_sentences(pipeline, doc.text)) == 2


def test_the_component_works_in_a_blank_pipeline_with_a_sentencizer() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe(LINE_BREAK_SENTENCES)
    nlp.add_pipe("sentencizer")
    sentences = [s.text.strip() for s in nlp("Breaking news\nRebels seized the town.").sents]
    assert sentences == ["Breaking news", "Rebels seized the town."]


def test_an_event_under_a_subheading_keeps_to_its_own_sentence(pipeline) -> None:
    article = Article(
        id="subheading",
        title="Border clashes",
        text=(
            "Russian forces shelled the Ukrainian city of Kharkiv on Monday, officials said.\n\n"
            "Kyiv responds\n"
            "Ukraine accused Russia of targeting civilians."
        ),
    )
    document = clean(article)
    assert "\nKyiv responds\n" in document.text  # cleaning keeps the subheading's line breaks
    coded = pipeline.code(document)
    accusations = [e for e in coded.events if e.evidence.trigger.text == "accused"]
    assert accusations, [e.event_type for e in coded.events]
    for event in accusations:
        assert event.evidence.sentence.strip() == "Ukraine accused Russia of targeting civilians."
    assert all("Kyiv responds" not in e.evidence.sentence for e in coded.events)
