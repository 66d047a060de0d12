"""The fixture article scored against its hand-made gold file (the acceptance bar of issue 3)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.evaluate.fixture import score_fixture


def test_every_must_event_is_found(fixture_coded, fixture_gold) -> None:
    score = score_fixture(fixture_coded, fixture_gold)
    missed = [(r.id, r.type, r.candidates) for r in score.level("must") if not r.found]
    assert not missed, missed
    assert score.must_found == 12


def test_few_events_on_sentences_the_gold_does_not_list(fixture_coded, fixture_gold) -> None:
    score = score_fixture(fixture_coded, fixture_gold)
    assert len(score.unmatched_events) <= 8, score.unmatched_events


def test_parties_claims_carry_their_claimants(fixture_coded, fixture_gold) -> None:
    score = score_fixture(fixture_coded, fixture_gold)
    assert score.claims == {"E02": True, "E05": True, "E06": True}


def test_opposed_claims_contradict_each_other(fixture_coded, fixture_gold) -> None:
    score = score_fixture(fixture_coded, fixture_gold)
    assert score.contradictions == {"E05": True, "E06": True}
    by_id = {e.id: e for e in fixture_coded.events}
    for event in fixture_coded.events:
        for other in event.contradicts:
            assert event.id in by_id[other].contradicts  # linked both ways


def test_events_carry_evidence_inside_the_document(fixture_coded) -> None:
    text = fixture_coded.document.text
    ids = [e.id for e in fixture_coded.events]
    assert len(ids) == len(set(ids))
    for event in fixture_coded.events:
        evidence = event.evidence
        assert text[evidence.start : evidence.end] == evidence.sentence
        assert text[evidence.trigger.start : evidence.trigger.end] == evidence.trigger.text
        assert evidence.start <= evidence.trigger.start < evidence.trigger.end <= evidence.end
        assert 0.0 < event.confidence <= 1.0


def test_abstract_conflict_talk_is_not_coded(fixture_coded) -> None:
    # Opinion prose: "will damage the belief in peace", "coincided with such a period".
    for needle in ("damage the belief in peace", "coincided with such a period"):
        assert not [e for e in fixture_coded.events if needle in e.evidence.sentence], needle


def test_output_matches_the_published_json_schema(fixture_coded) -> None:
    jsonschema = pytest.importorskip("jsonschema")
    schema_path = Path(__file__).resolve().parents[1] / "docs/schema/coded-document.schema.json"
    schema = json.loads(schema_path.read_text(encoding="utf-8"))
    jsonschema.validate(fixture_coded.model_dump(mode="json"), schema)
