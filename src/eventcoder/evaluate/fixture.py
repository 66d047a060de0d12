"""Score a coded document against a hand-made gold file (the fixture's ``.gold.json``).

The gold file's ``scoring`` block defines the bar; this module implements it literally:

- a gold event is *found* when some coded event's evidence sentence contains the gold
  ``sentence_contains``, its type is the gold type or one of ``alternative_types``, and its
  source and target country sets equal the gold ones (sets, so order never matters; a gold
  event with an empty target list accepts any target);
- coded events on sentences no gold event lists are *unmatched* (the precision bar);
- on the sentences of events with ``claims``, some coded event must be a claim whose claimant
  has the listed code; on events with ``contradicts``, an event claimed by each party must list
  the other in ``contradicts``;
- sector agreement: for found events, the share of gold actors with a sector whose coded actor
  (same code) has the same sector.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from eventcoder.models import CodedDocument, Event


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"')).strip()


@dataclass
class GoldResult:
    id: str
    level: str
    type: str
    found: bool
    matched_event: str | None = None
    candidates: list[str] = field(default_factory=list)
    date_ok: bool | None = None
    note: str = ""


@dataclass
class FixtureScore:
    results: list[GoldResult]
    unmatched_events: list[str]
    unmatched_on_gold_sentences: list[str]
    claims: dict[str, bool]
    contradictions: dict[str, bool]
    sector_agreement: tuple[int, int]
    total_events: int

    def level(self, level: str) -> list[GoldResult]:
        return [r for r in self.results if r.level == level]

    @property
    def must_found(self) -> int:
        return sum(r.found for r in self.level("must"))

    @property
    def passes(self) -> bool:
        return (
            all(r.found for r in self.level("must"))
            and len(self.unmatched_events) <= 8
            and all(self.claims.values())
            and all(self.contradictions.values())
        )

    def as_dict(self) -> dict[str, Any]:
        agree, total = self.sector_agreement
        return {
            "must_found": f"{self.must_found}/{len(self.level('must'))}",
            "should_found": f"{sum(r.found for r in self.level('should'))}/"
            f"{len(self.level('should'))}",
            "historical_found": f"{sum(r.found for r in self.level('historical'))}/"
            f"{len(self.level('historical'))}",
            "unmatched_events": len(self.unmatched_events),
            "unmatched_on_gold_sentences": len(self.unmatched_on_gold_sentences),
            "claims": self.claims,
            "contradictions": self.contradictions,
            "sector_agreement": f"{agree}/{total}",
            "total_events": self.total_events,
            "passes": self.passes,
        }


def _codes(actors: list[Any]) -> set[str]:
    # An unresolved agent (code None) matches no gold country.
    return {a.code for a in actors if a.code}


def _gold_codes(actors: list[dict[str, Any]]) -> set[str]:
    return {a["country"] for a in actors}


def _on_sentence(event: Event, needle: str) -> bool:
    return _norm(needle) in _norm(event.evidence.sentence)


def _matches(event: Event, gold: dict[str, Any]) -> bool:
    types = {gold["type"], *gold.get("alternative_types", [])}
    if event.event_type not in types:
        return False
    if _codes(event.actor) != _gold_codes(gold["source"]):
        return False
    gold_target = _gold_codes(gold["target"])
    return not gold_target or _codes(event.recipient) == gold_target


def _sector_hits(event: Event, gold: dict[str, Any]) -> int:
    hits = 0
    for role, coded in (("source", event.actor), ("target", event.recipient)):
        for actor in gold[role]:
            hits += any(
                a.code == actor["country"] and a.sector == actor.get("sector") for a in coded
            )
    return hits


def _date_ok(event: Event, gold: dict[str, Any]) -> bool | None:
    if "date_before" in gold:
        return event.date is not None and event.date < gold["date_before"]
    if "date" in gold:
        return event.date == gold["date"]
    return None


def score_fixture(coded: CodedDocument, gold: dict[str, Any]) -> FixtureScore:
    events = coded.events
    results: list[GoldResult] = []
    agree = total = 0
    matched_ids: set[str] = set()
    for item in gold["events"]:
        on_sentence = [e for e in events if _on_sentence(e, item["sentence_contains"])]
        # One coded event matches at most one gold event; among candidates prefer the one whose
        # sectors agree (two phone calls in one sentence are two events).
        candidates = [e for e in on_sentence if _matches(e, item) and e.id not in matched_ids]
        match = max(candidates, key=lambda e: _sector_hits(e, item), default=None)
        result = GoldResult(
            id=item["id"],
            level=item["level"],
            type=item["type"],
            found=match is not None,
            matched_event=match.id if match else None,
            candidates=[
                f"{e.event_type} {sorted(_codes(e.actor))}->{sorted(_codes(e.recipient))}"
                for e in on_sentence
            ],
        )
        if match is not None:
            matched_ids.add(match.id)
            result.date_ok = _date_ok(match, item)
            for role, coded_actors in (("source", match.actor), ("target", match.recipient)):
                for actor in item[role]:
                    if actor.get("sector"):
                        total += 1
                        agree += any(
                            a.code == actor["country"] and a.sector == actor["sector"]
                            for a in coded_actors
                        )
        results.append(result)

    needles = [item["sentence_contains"] for item in gold["events"]]
    unmatched = [e.id for e in events if not any(_on_sentence(e, n) for n in needles)]
    on_gold_unmatched = [e.id for e in events if e.id not in matched_ids and e.id not in unmatched]

    claims: dict[str, bool] = {}
    contradictions: dict[str, bool] = {}
    by_id = {e.id: e for e in events}
    for item in gold["events"]:
        on_sentence = [e for e in events if _on_sentence(e, item["sentence_contains"])]
        for claim in item.get("claims", []):
            claims[item["id"]] = any(
                e.attribution.claim
                and e.attribution.claimant is not None
                and e.attribution.claimant.code == claim["claimant"]
                for e in on_sentence
            )
        if item.get("contradicts"):
            claimants = {c["claimant"] for c in item.get("claims", [])}
            ok = False
            for event in on_sentence:
                claimant = event.attribution.claimant
                if not event.attribution.claim or claimant is None:
                    continue
                if claimant.code not in claimants:
                    continue
                for other_id in event.contradicts:
                    other = by_id.get(other_id)
                    if (
                        other is not None
                        and other.attribution.claimant is not None
                        and other.attribution.claimant.code != claimant.code
                        and event.id in other.contradicts
                    ):
                        ok = True
            contradictions[item["id"]] = ok
    return FixtureScore(
        results=results,
        unmatched_events=unmatched,
        unmatched_on_gold_sentences=on_gold_unmatched,
        claims=claims,
        contradictions=contradictions,
        sector_agreement=(agree, total),
        total_events=len(events),
    )


def format_score(score: FixtureScore, coded: CodedDocument) -> str:
    """The full score as plain text (what ``bench/score_fixture.py`` prints)."""
    by_id = {e.id: e for e in coded.events}
    lines: list[str] = []
    for result in score.results:
        mark = "FOUND " if result.found else "missed"
        date = "" if result.date_ok is None else f" date_ok={result.date_ok}"
        lines.append(f"{mark} {result.id} [{result.level}] {result.type}{date}")
        if not result.found:
            lines.append(f"         coded on its sentence: {result.candidates or 'nothing'}")
    lines.append("")
    lines.append(
        f"unmatched events (sentences the gold does not list): "
        f"{len(score.unmatched_events)} (bar: <= 8)"
    )
    for event_id in score.unmatched_events:
        e = by_id[event_id]
        lines.append(
            f"    {e.event_type} {sorted(_codes(e.actor))}->{sorted(_codes(e.recipient))} "
            f"'{e.evidence.trigger.text}': {e.evidence.sentence[:90]}"
        )
    lines.append(
        f"events on gold sentences matching no gold event: {len(score.unmatched_on_gold_sentences)}"
    )
    for key, value in score.as_dict().items():
        lines.append(f"{key}: {value}")
    return "\n".join(lines)
