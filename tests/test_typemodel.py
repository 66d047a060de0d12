"""The learned event-type model: loads, ranks PLOVER types sensibly, decides with the lexicon,
and its training script runs (cross-validation included) on a small sample."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import SHARED, _need
from eventcoder.events.typemodel import TypeModel, load_type_model, trigger_features
from eventcoder.models import PLOVER_TYPES, Document

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model() -> TypeModel:
    return load_type_model()


@pytest.fixture(scope="module")
def parse(pipeline):
    nlp = pipeline.nlp

    def run(text: str, trigger: str):
        doc = nlp.make_doc(text)
        doc._.document = Document(id="t", text=text)
        doc = nlp(doc)
        return next(t for t in doc if t.text == trigger)

    return run


def test_shipped_model_loads_with_all_types_and_thresholds(model: TypeModel) -> None:
    assert set(model.types) == set(PLOVER_TYPES)
    assert model.weights.shape == (len(model.vocabulary), 16)
    rules = model.thresholds
    assert 0 < rules.veto_max < rules.switch_min <= 1
    assert 0 < rules.switch_margin < 1 and 0 < rules.confirm_min <= 1


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    from eventcoder.errors import EventcoderError

    with pytest.raises(EventcoderError, match=r"train_event_types\.py"):
        TypeModel.load(tmp_path)


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        (
            "Russian artillery shelled the village overnight, killing four civilians.",
            "shelled",
            "ASSAULT",
        ),
        ("The United Nations called on both sides to lay down their weapons.", "called", "REQUEST"),
        ("The warring parties agreed to a ceasefire starting at midnight.", "agreed", "AGREE"),
        ("Police arrested dozens of opposition supporters after the rally.", "arrested", "COERCE"),
        (
            "Thousands of farmers marched through the capital against the new tax.",
            "marched",
            "PROTEST",
        ),
        ("The European Union imposed new sanctions on three Iranian banks.", "imposed", "SANCTION"),
        (
            "The minister accused the rebels of using civilians as human shields.",
            "accused",
            "ACCUSE",
        ),
        ("The president met his French counterpart in Paris to discuss the war.", "met", "CONSULT"),
    ],
)
def test_ranks_the_type_a_reader_would_give(parse, model, text, trigger, expected) -> None:
    # No lexicon hint: the model alone reads the type from the trigger and its sentence.
    scores = model.scores(parse(text, trigger))
    assert next(iter(scores)) == expected, list(scores.items())[:3]
    assert abs(sum(scores.values()) - 1.0) < 1e-4


def test_features_describe_the_trigger_in_its_sentence(parse) -> None:
    token = parse("Troops will not withdraw from the border region.", "withdraw")
    features = trigger_features(token, "RETREAT")
    assert {"t=withdraw", "lex=RETREAT", "m=will", "m=not", "p=from:region"} <= set(features)
    assert "s=border" in features


def test_decide_keeps_a_lexicon_type_the_model_agrees_with(parse, model) -> None:
    token = parse("Rebels attacked an army convoy near the town on Sunday.", "attacked")
    decision = model.decide(token, "ASSAULT")
    assert decision.event_type == "ASSAULT"
    assert decision.probability >= model.thresholds.switch_min


def test_decide_overrides_a_lexicon_type_the_context_contradicts(parse, model) -> None:
    # Suppose the lexicon had typed "imposed" as ASSAULT: the sentence is plainly a sanction.
    token = parse("Washington imposed sanctions on Russian oil exports.", "imposed")
    decision = model.decide(token, "ASSAULT")
    assert decision.event_type == "SANCTION"


def test_a_generic_layer_trigger_is_retyped_more_readily(parse, model) -> None:
    # "crack" is ASSAULT in CAMEO's verb dictionary; cracking down on activists is COERCE.
    text = "Turkish authorities have cracked down on Kurdish opposition activists since the coup."
    token = parse(text, "cracked")
    rules = model.thresholds
    assert rules.generic_switch_min < rules.switch_min
    assert rules.generic_switch_margin < rules.switch_margin
    assert model.decide(token, "ASSAULT").event_type == "ASSAULT"  # a core entry would stand
    generic = model.decide(token, "ASSAULT", generic=True)
    assert generic.event_type == "COERCE"
    assert generic.probability_of("COERCE") == generic.probability
    assert 0 < generic.probability_of("ASSAULT") < generic.probability


def test_coder_uses_the_model(pipeline) -> None:
    coder = pipeline.nlp.get_pipe("eventcoder_events").coder
    assert coder.type_model is load_type_model()


def test_signing_a_deal_is_coded_as_an_agreement(pipeline) -> None:
    # The silver labels often call a signed deal SUPPORT (see the data card's limits); the
    # model is not confident enough to overrule the lexicon's AGREE for "deal".
    text = "Armenia and Georgia signed a deal on gas transit on Tuesday."
    events = pipeline.code(Document(id="t", text=text)).events
    assert "AGREE" in {e.event_type for e in events}, [
        (e.event_type, e.evidence.trigger.text) for e in events
    ]


def test_training_script_cross_validates_on_a_sample(tmp_path: Path) -> None:
    # scikit-learn is in the test extra: a missing one is a failure, not a skip.
    data = _need(SHARED / "train" / "ngec_quotes.jsonl")
    out = tmp_path / "model"
    result = subprocess.run(
        [
            sys.executable,
            str(REPO / "scripts" / "train_event_types.py"),
            "--limit",
            "400",
            "--cv",
            "2",
            "--out",
            str(out),
            "--data",
            str(data),
        ],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "CV macro-F1" in result.stdout
    trained = TypeModel.load(out)
    meta = json.loads((out / "model.json").read_text(encoding="utf-8"))
    assert 0.0 < meta["training"]["cv"]["macro_f1"] <= 1.0
    assert meta["training"]["quotes"] == 400
    assert trained.weights.shape[1] == len(meta["types"])
