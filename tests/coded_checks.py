"""Checks every coded record must pass, shared by the long-article and hostile-input tests."""

from __future__ import annotations

from eventcoder.models import CodedDocument


def assert_offsets_slice_text(coded: CodedDocument) -> None:
    """Every offset of the coded record slices the text it names out of Document.text (out of
    Document.title for the evidence of a headline event), each trigger lies inside its
    sentence, event ids are unique and contradictions point at them."""
    text = coded.document.text
    for mention in [*coded.actors, *coded.places, *coded.dates]:
        assert text[mention.start : mention.end] == mention.text, mention
    ids = [event.id for event in coded.events]
    assert len(ids) == len(set(ids))
    for event in coded.events:
        evidence = event.evidence
        text = coded.document.text if evidence.section == "body" else coded.document.title or ""
        assert text[evidence.start : evidence.end] == evidence.sentence
        trigger = evidence.trigger
        assert text[trigger.start : trigger.end] == trigger.text
        assert evidence.start <= trigger.start < trigger.end <= evidence.end
        assert set(event.contradicts) <= set(ids)
