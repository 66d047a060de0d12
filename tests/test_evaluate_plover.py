"""PLOVER scoring on hand-made predictions: per-type precision/recall and the confusion table."""

from __future__ import annotations

from rich.console import Console

from eventcoder.cli.evaluate_plover import confusion_table
from eventcoder.evaluate.plover import NO_EVENT, GoldRecord, Prediction, score


def _prediction(gold: str, coded: str | None) -> Prediction:
    record = GoldRecord(id=gold, text="...", event_type=gold, source=set(), target=set())
    return Prediction(record, coded)


def test_per_type_scores_and_confusion_count_every_record() -> None:
    predictions = [
        _prediction("ASSAULT", "ASSAULT"),
        _prediction("ASSAULT", "COERCE"),
        _prediction("ASSAULT", None),
        _prediction("REQUEST", "REQUEST"),
        _prediction("COERCE", "COERCE"),
    ]
    result = score(predictions)
    assert result.per_type["ASSAULT"] == {
        "precision": 1.0,
        "recall": 0.333,
        "f1": 0.5,
        "gold": 3,
        "predicted": 1,
    }
    assert result.per_type["COERCE"]["precision"] == 0.5
    assert result.confusion == {
        ("ASSAULT", "ASSAULT"): 1,
        ("ASSAULT", "COERCE"): 1,
        ("ASSAULT", NO_EVENT): 1,
        ("REQUEST", "REQUEST"): 1,
        ("COERCE", "COERCE"): 1,
    }
    assert {"gold": "ASSAULT", "coded": NO_EVENT, "records": 1} in result.as_dict()["confusion"]


def test_confusion_table_has_a_row_per_gold_type_and_a_no_event_column() -> None:
    result = score([_prediction("ASSAULT", "COERCE"), _prediction("REQUEST", None)])
    console = Console(width=200, record=True)
    console.print(confusion_table(result))
    text = console.export_text()
    lines = [line for line in text.splitlines() if line.startswith("│")]
    assert [line.split("│")[1].strip() for line in lines] == ["ASSAULT", "REQUEST"]
    header = next(line for line in text.splitlines() if "gold \\ coded" in line)
    assert header.split("┃")[2:4] == [" COER ", " - "]
