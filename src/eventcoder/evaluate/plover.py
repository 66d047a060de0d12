"""Score event coding on the PLOVER Gold Standard Records (``plover_gsr_dev.json``).

Each gold record is one news sentence with one gold event. The sentence is coded alone, with
no publication date. The coder may find several events in a sentence; the one scored is its
*main* event: the event whose trigger is highest in the dependency tree (the main predicate),
then the most confident. Every record holds an event by construction, so these records measure
typing, not detection: the sentence is coded with the ``event_min_confidence`` setting off
(0), and an unsure event still gets its type scored. Scores:

- per-type precision, recall and F1 of that event's type (no event counts as a miss), and the
  macro-F1 over the types present in the gold or the predictions;
- a confusion table: gold type × coded type (``-`` when the sentence got no event);
- source (target) actor accuracy: over gold records with a source (target), the share whose
  main event has an actor (recipient) with the gold code. Gold ``IGO``/``NGO`` match any
  coded international or non-governmental organisation (a code that is not a 3-letter state).

Gold labels are PLOVER 0.5b1; they are mapped as the data's README says: DEMAND→REQUEST,
DISAPPROVE and INVESTIGATE→ACCUSE, FIGHT→ASSAULT, and actor code JAP→JPN.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from eventcoder.errors import InputError
from eventcoder.models import Document, Event

OLD_LABELS = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}
OLD_CODES = {"JAP": "JPN"}
#: The coded "type" of a gold sentence on which the coder found no event.
NO_EVENT = "-"
GENERIC_ORG_CODES = {"IGO", "NGO", "IMG"}


@dataclass
class GoldRecord:
    id: str
    text: str
    event_type: str
    source: set[str]
    target: set[str]


@dataclass
class Prediction:
    gold: GoldRecord
    event_type: str | None
    source: set[str] = field(default_factory=set)
    target: set[str] = field(default_factory=set)


@dataclass
class PloverScore:
    per_type: dict[str, dict[str, float]]
    macro_f1: float
    accuracy: float
    source_accuracy: float
    target_accuracy: float
    n_records: int
    n_with_source: int
    n_with_target: int
    predictions: list[Prediction]
    #: (gold type, coded type or NO_EVENT) → number of records.
    confusion: dict[tuple[str, str], int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.n_records,
            "type_accuracy": round(self.accuracy, 3),
            "macro_f1": round(self.macro_f1, 3),
            "source_accuracy": round(self.source_accuracy, 3),
            "target_accuracy": round(self.target_accuracy, 3),
            "records_with_source": self.n_with_source,
            "records_with_target": self.n_with_target,
            "per_type": self.per_type,
            "confusion": [
                {"gold": gold, "coded": coded, "records": n}
                for (gold, coded), n in sorted(self.confusion.items())
            ],
        }


def load_gold(path: Path) -> list[GoldRecord]:
    if not path.exists():
        raise InputError(str(path), "file not found")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a PLOVER gold JSON array ({exc})") from exc
    if not isinstance(data, list):
        raise InputError(str(path), "not a PLOVER gold JSON array")
    records: list[GoldRecord] = []
    for item in data:
        if not isinstance(item, dict) or item.get("event") in (None, "DOCUMENT"):
            continue
        if "text" not in item:
            raise InputError(str(path), f"record {item.get('id')} has no 'text'")
        records.append(
            GoldRecord(
                id=str(item.get("id", len(records))),
                text=item["text"],
                event_type=OLD_LABELS.get(item["event"], item["event"]),
                source={OLD_CODES.get(a["code"], a["code"]) for a in item.get("source") or []},
                target={OLD_CODES.get(a["code"], a["code"]) for a in item.get("target") or []},
            )
        )
    if not records:
        raise InputError(str(path), "no gold events in the file")
    return records


def code_matches(gold_code: str, coded: set[str]) -> bool:
    if gold_code in GENERIC_ORG_CODES:
        # Coded NGO/IMG (the actors stage's generic codes) match as written too.
        return gold_code in coded or any(len(code) != 3 for code in coded)
    return gold_code in coded


def main_event(events: list[Event], depths: dict[str, int]) -> Event | None:
    if not events:
        return None
    return min(events, key=lambda e: (depths.get(e.id, 99), -e.confidence, e.evidence.start))


def predict(records: list[GoldRecord], pipeline: Any) -> list[Prediction]:
    """Code each gold sentence alone with ``pipeline`` (an :class:`eventcoder.Pipeline`)."""
    predictions: list[Prediction] = []
    documents = (Document(id=record.id, text=record.text) for record in records)
    for record, (doc, coded) in zip(records, pipeline.pipe(documents, batch_size=32), strict=True):
        depths: dict[str, int] = {}
        for event in coded.events:
            span = doc.char_span(
                event.evidence.trigger.start, event.evidence.trigger.end, alignment_mode="expand"
            )
            if span is not None and len(span):
                depths[event.id] = sum(1 for _ in span[-1].ancestors)
                # An accusation derived from "X said Y attacked" is inferred from the report;
                # the sentence's own event is the reported one.
                cues = {e.attribution.cue for e in coded.events if e.attribution.claim}
                if event.event_type == "ACCUSE" and span[-1].lemma_.lower() in cues:
                    depths[event.id] += 100
        chosen = main_event(coded.events, depths)
        if chosen is None:
            predictions.append(Prediction(record, None))
        else:
            predictions.append(
                Prediction(
                    record,
                    chosen.event_type,
                    {a.code for a in chosen.actor},
                    {a.code for a in chosen.recipient},
                )
            )
    return predictions


def score(predictions: list[Prediction]) -> PloverScore:
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for p in predictions:
        if p.event_type == p.gold.event_type:
            tp[p.gold.event_type] += 1
        else:
            fn[p.gold.event_type] += 1
            if p.event_type is not None:
                fp[p.event_type] += 1
    types = sorted(set(tp) | set(fp) | set(fn))
    per_type: dict[str, dict[str, float]] = {}
    for event_type in types:
        precision = (
            tp[event_type] / (tp[event_type] + fp[event_type])
            if (tp[event_type] + fp[event_type])
            else 0.0
        )
        recall = (
            tp[event_type] / (tp[event_type] + fn[event_type])
            if (tp[event_type] + fn[event_type])
            else 0.0
        )
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        per_type[event_type] = {
            "precision": round(precision, 3),
            "recall": round(recall, 3),
            "f1": round(f1, 3),
            "gold": tp[event_type] + fn[event_type],
            "predicted": tp[event_type] + fp[event_type],
        }
    macro = sum(v["f1"] for v in per_type.values()) / len(per_type) if per_type else 0.0
    with_source = [p for p in predictions if p.gold.source]
    with_target = [p for p in predictions if p.gold.target]
    source_ok = sum(any(code_matches(c, p.source) for c in p.gold.source) for p in with_source)
    target_ok = sum(any(code_matches(c, p.target) for c in p.gold.target) for p in with_target)
    return PloverScore(
        per_type=per_type,
        macro_f1=macro,
        accuracy=sum(tp.values()) / len(predictions) if predictions else 0.0,
        source_accuracy=source_ok / len(with_source) if with_source else 0.0,
        target_accuracy=target_ok / len(with_target) if with_target else 0.0,
        n_records=len(predictions),
        n_with_source=len(with_source),
        n_with_target=len(with_target),
        predictions=predictions,
        confusion=dict(Counter((p.gold.event_type, p.event_type or NO_EVENT) for p in predictions)),
    )


def evaluate_plover(path: Path, pipeline: Any | None = None) -> PloverScore:
    records = load_gold(path)
    if pipeline is None:
        from eventcoder.pipeline import Pipeline

        pipeline = Pipeline()
        if "eventcoder_attribution" in pipeline.nlp.pipe_names:
            # Typing, not detection (see the module doc): keep every event.
            pipeline.nlp.get_pipe("eventcoder_attribution").min_confidence = 0.0
    return score(predict(records, pipeline))
