"""Event-level scoring of coded articles against hand-coded gold articles (the fixtures' format).

The gold format is ``../shared/fixtures/*.gold.json`` and ``../shared/eval/news_dev.gold.json``:
one article (a JSON object) or a list of them, each with ``input.file`` (the article id, or a
file next to the gold file), ``input.published`` and ``events`` (``level`` must / should /
historical, ``sentence_contains``, ``type``, ``alternative_types``, ``source`` and ``target``
as ``[{country, sector}]``, ``symmetric``).

The matching rule is the reference scorer's (``../shared/eval/score_events.py``), kept
identical so the headline figures agree with it to the last event:

- a coded event *matches* a gold event when its evidence sentence contains the first 60
  characters of ``sentence_contains`` (case- and whitespace-insensitive), its type is the gold
  type or an alternative, and it has at least one gold source country among its actors and at
  least one gold target country among its recipients (an empty gold side accepts anything);
  a ``symmetric`` gold event needs two of its parties (one if it lists only one) anywhere
  among the coded actors and recipients;
- **must recall** / **all recall**: the share of must / all gold events matched by some coded
  event of their article;
- **precision**: the share of coded events (in the gold articles) that match some gold event.

Beyond the reference scorer, and defined here because nothing else defines them:

- a gold event is *typed* when some coded event is on its sentence with an accepted type
  (whatever its actors). **Source accuracy** is, over typed gold events with a gold source,
  the share for which at least one of those sentence-and-type candidates has a gold source
  country among its actors; **target accuracy** the same for gold targets and recipients.
  For a symmetric gold event either coded side counts (its parties have no direction).
  These isolate actor coding from event detection: they ask "when the coder found the event,
  did it get who did it / to whom right?";
- **claim attribution**: over found gold events the gold marks as a claim
  (``attribution.claim``) by a party other than their source, the share with a matching coded
  event that is a claim by the gold claimant's country (a party's own accusation is left out:
  the dev gold marks "Britain accused Russia" as Britain's claim, the fixture gold and the
  coder as an event the article asserts); **asserted attribution**: over found gold events
  the article asserts, the share with a matching coded event that is not a claim;
- **misses**: every unmatched gold event falls in exactly one class, checked in this order:
  ``actors`` (some coded event on the sentence has an accepted type, the actors are wrong),
  ``type`` (coded events on the sentence, none of an accepted type), ``none`` (no coded
  event on the sentence at all);
- **per type**: recall over gold events of that gold type, precision over coded events of that
  coded type;
- **unmatched coded events**: every coded event that matches no gold event, with the nearest
  verdict against the gold events of its sentence (``actors``: a gold event of the same
  sentence and type has other actors; ``type``: gold events on the sentence, none of its
  type; ``none``: the gold lists nothing on its sentence), to classify false positives;
- **confidence bands**: precision of coded events grouped by their ``confidence``
  (``[0, 0.5)``, ``[0.5, 0.7)``, ``[0.7, 0.85)``, ``[0.85, 1]``), to show whether confidence
  tracks correctness.

Coded articles are plain dicts as ``eventcoder code --format jsonl`` writes them, so a stored
run can be scored without re-coding (``score_coded``), or the gold articles can be read and
coded here with the gold publication dates (``code_gold_articles``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from eventcoder.evaluate.gold import (
    add_stem_aliases,
    code_documents,
    default_articles_path,
    gold_documents,
    load_coded,
    load_gold,
)

#: Scoring (here) and its inputs (``evaluate/gold.py``), as the CLI and tests import them.
__all__ = [
    "EventScore",
    "add_stem_aliases",
    "code_documents",
    "default_articles_path",
    "gold_documents",
    "load_coded",
    "load_gold",
    "match",
    "score_coded",
]

MatchResult = Literal["ok", "actors", "type"] | None
MissKind = Literal["actors", "type", "none"]

LEVELS = ("must", "should", "historical")
#: Lower edges of the confidence bands; the last band is closed at 1.0.
CONFIDENCE_EDGES = (0.0, 0.5, 0.7, 0.85)
#: How many characters of ``sentence_contains`` the sentence must contain (reference scorer).
SENTENCE_PREFIX = 60


# ------------------------------------------------------------------ matching (reference rule)
def _norm(text: str | None) -> str:
    return re.sub(r"\s+", " ", text or "").strip().lower()


def _codes(actors: Iterable[Mapping[str, Any]] | None) -> set[str]:
    return {
        str(actor.get("code") or actor.get("country")).upper()
        for actor in actors or []
        if actor.get("code") or actor.get("country")
    }


def _sentence(event: Mapping[str, Any]) -> str:
    return _norm((event.get("evidence") or {}).get("sentence"))


def _accepted_types(gold_event: Mapping[str, Any]) -> set[str]:
    return {gold_event["type"], *gold_event.get("alternative_types", [])}


def _gold_sides(gold_event: Mapping[str, Any]) -> tuple[set[str], set[str]]:
    sources = {actor["country"] for actor in gold_event.get("source", [])}
    targets = {actor["country"] for actor in gold_event.get("target", [])}
    return sources, targets


def match(gold_event: Mapping[str, Any], event: Mapping[str, Any]) -> MatchResult:
    """``"ok"``, ``"actors"`` (sentence and type right), ``"type"`` (sentence right) or None."""
    if _norm(gold_event["sentence_contains"])[:SENTENCE_PREFIX] not in _sentence(event):
        return None
    if event.get("event_type") not in _accepted_types(gold_event):
        return "type"
    sources, targets = _gold_sides(gold_event)
    actors, recipients = _codes(event.get("actor")), _codes(event.get("recipient"))
    if gold_event.get("symmetric"):
        parties = sources | targets
        ok = len(parties & (actors | recipients)) >= min(2, len(parties))
    else:
        ok = (not sources or bool(sources & actors)) and (not targets or bool(targets & recipients))
    return "ok" if ok else "actors"


# ------------------------------------------------------------------------------ the score
@dataclass
class Tally:
    """``hit`` of ``total``, with the ratio (0 when there is nothing to count)."""

    hit: int = 0
    total: int = 0

    def add(self, hit: bool) -> None:
        self.hit += int(hit)
        self.total += 1

    @property
    def ratio(self) -> float:
        return self.hit / self.total if self.total else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {"hit": self.hit, "total": self.total, "ratio": round(self.ratio, 4)}

    def __str__(self) -> str:
        return f"{self.hit}/{self.total} = {self.ratio:.2f}"


@dataclass
class TypeScore:
    gold: Tally = field(default_factory=Tally)  # gold events of this type found
    must: Tally = field(default_factory=Tally)  # must gold events of this type found
    coded: Tally = field(default_factory=Tally)  # coded events of this type that match gold


@dataclass
class Miss:
    """A gold event no coded event matched, why, and what was coded on its sentence."""

    article: str
    gold_id: str
    level: str
    cause: MissKind
    gold: str  # "ASSAULT RUS -> UKR"
    sentence: str
    coded_on_sentence: list[str]  # "ASSAULT RUS/MIL -> (none) [shelled]"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class Unmatched:
    """A coded event no gold event matched, and how near the gold of its sentence came."""

    article: str
    event_id: str
    nearest: MissKind  # "actors", "type" or "none" (as for misses, seen from the coded side)
    coded: str  # "ASSAULT RUS/MIL -> UKR/- [shelled]"
    confidence: float
    sentence: str
    gold_on_sentence: list[str]  # "ASSAULT RUS -> UKR (must)"

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass
class ArticleScore:
    id: str
    gold_events: int
    coded_events: int
    matched_coded: int
    must: Tally
    in_coded: bool


@dataclass
class EventScore:
    must_recall: Tally = field(default_factory=Tally)
    all_recall: Tally = field(default_factory=Tally)
    precision: Tally = field(default_factory=Tally)
    recall_by_level: dict[str, Tally] = field(default_factory=dict)
    source_accuracy: Tally = field(default_factory=Tally)
    target_accuracy: Tally = field(default_factory=Tally)
    claim_attribution: Tally = field(default_factory=Tally)
    asserted_attribution: Tally = field(default_factory=Tally)
    misses: dict[str, dict[str, int]] = field(default_factory=dict)
    per_type: dict[str, TypeScore] = field(default_factory=dict)
    confidence_bands: list[tuple[str, Tally]] = field(default_factory=list)
    articles: list[ArticleScore] = field(default_factory=list)
    missed: list[Miss] = field(default_factory=list)
    unmatched: list[Unmatched] = field(default_factory=list)

    def summary_line(self) -> str:
        """The reference scorer's last line, character for character."""
        return (
            f"must recall {self.must_recall}, all recall {self.all_recall}, "
            f"precision {self.precision}"
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "must_recall": self.must_recall.as_dict(),
            "all_recall": self.all_recall.as_dict(),
            "precision": self.precision.as_dict(),
            "recall_by_level": {k: v.as_dict() for k, v in self.recall_by_level.items()},
            "source_accuracy": self.source_accuracy.as_dict(),
            "target_accuracy": self.target_accuracy.as_dict(),
            "claim_attribution": self.claim_attribution.as_dict(),
            "asserted_attribution": self.asserted_attribution.as_dict(),
            "misses": self.misses,
            "per_type": {
                name: {
                    "recall": row.gold.as_dict(),
                    "must_recall": row.must.as_dict(),
                    "precision": row.coded.as_dict(),
                }
                for name, row in self.per_type.items()
            },
            "confidence_bands": [
                {"band": band, **tally.as_dict()} for band, tally in self.confidence_bands
            ],
            "missed": [miss.as_dict() for miss in self.missed],
            "unmatched": [coded.as_dict() for coded in self.unmatched],
            "articles": [
                {
                    "id": a.id,
                    "gold_events": a.gold_events,
                    "coded_events": a.coded_events,
                    "matched_coded_events": a.matched_coded,
                    "must_found": a.must.as_dict(),
                    "in_coded": a.in_coded,
                }
                for a in self.articles
            ],
        }


def _band_labels() -> list[str]:
    labels = []
    for low, high in zip(CONFIDENCE_EDGES, (*CONFIDENCE_EDGES[1:], None), strict=True):
        labels.append(
            f"< {high}" if low == 0.0 else f">= {low}" if high is None else f"{low}-{high}"
        )
    return labels


def _band(confidence: float) -> int:
    return max(i for i, low in enumerate(CONFIDENCE_EDGES) if confidence >= low or i == 0)


def _actor_right(
    gold_event: Mapping[str, Any], candidates: list[Mapping[str, Any]], side: str
) -> bool:
    """Does some sentence-and-type candidate carry a gold country of ``side``?"""
    sources, targets = _gold_sides(gold_event)
    wanted = sources if side == "source" else targets
    for event in candidates:
        actors, recipients = _codes(event.get("actor")), _codes(event.get("recipient"))
        if gold_event.get("symmetric"):
            coded = actors | recipients
        else:
            coded = actors if side == "source" else recipients
        if wanted & coded:
            return True
    return False


def _describe_gold(gold_event: Mapping[str, Any]) -> str:
    sources, targets = _gold_sides(gold_event)
    types = "/".join(sorted(_accepted_types(gold_event), key=lambda t: t != gold_event["type"]))
    arrow = "<->" if gold_event.get("symmetric") else "->"
    return f"{types} {','.join(sorted(sources)) or '-'} {arrow} {','.join(sorted(targets)) or '-'}"


def _describe_coded(event: Mapping[str, Any]) -> str:
    def side(actors: Iterable[Mapping[str, Any]] | None) -> str:
        named = [
            f"{actor.get('code') or '?'}/{actor.get('sector') or '-'}" for actor in actors or []
        ]
        return ",".join(named) or "-"

    trigger = ((event.get("evidence") or {}).get("trigger") or {}).get("text", "")
    return (
        f"{event.get('event_type')} {side(event.get('actor'))} -> "
        f"{side(event.get('recipient'))} [{trigger}]"
    )


def _is_claim_by(event: Mapping[str, Any], country: str | None) -> bool:
    attribution = event.get("attribution") or {}
    claimant = attribution.get("claimant") or {}
    return bool(attribution.get("claim")) and (
        country is None or str(claimant.get("code") or "").upper() == country.upper()
    )


def _score_attribution(
    score: EventScore, gold_event: Mapping[str, Any], matched: list[Mapping[str, Any]]
) -> None:
    """A found gold claim needs a matching event claimed by the gold claimant's country; a found
    gold event the article asserts needs a matching event that is not a claim."""
    attribution = gold_event.get("attribution") or {}
    if attribution.get("claim"):
        country = (attribution.get("claimant") or {}).get("country")
        if country in _gold_sides(gold_event)[0]:
            return  # a party's own accusation: the gold files disagree on whether it is a claim
        score.claim_attribution.add(any(_is_claim_by(e, country) for e in matched))
    else:
        score.asserted_attribution.add(any(not _is_claim_by(e, None) for e in matched))


def _unmatched(
    doc_id: str, event: Mapping[str, Any], gold_events: list[Mapping[str, Any]]
) -> Unmatched:
    results = [(gold_event, match(gold_event, event)) for gold_event in gold_events]
    on_sentence = [(g, r) for g, r in results if r is not None]
    nearest: MissKind = (
        "actors"
        if any(r == "actors" for _, r in on_sentence)
        else "type"
        if on_sentence
        else "none"
    )
    return Unmatched(
        article=doc_id,
        event_id=str(event.get("id", "?")),
        nearest=nearest,
        coded=_describe_coded(event),
        confidence=float(event.get("confidence", 0.0)),
        sentence=(event.get("evidence") or {}).get("sentence") or "",
        gold_on_sentence=[f"{_describe_gold(g)} ({g['level']})" for g, _ in on_sentence],
    )


def score_coded(gold: list[dict[str, Any]], coded: Mapping[str, Mapping[str, Any]]) -> EventScore:
    """Score coded articles (``document.id`` → coded record dict) against gold articles."""
    score = EventScore(recall_by_level={level: Tally() for level in LEVELS})
    score.misses = {level: {"actors": 0, "type": 0, "none": 0} for level in (*LEVELS, "all")}
    bands = [Tally() for _ in CONFIDENCE_EDGES]
    # One entry per gold file, the last one winning, as in the reference scorer.
    by_file = {article["input"]["file"]: article for article in gold}
    for doc_id, article in by_file.items():
        record = coded.get(doc_id)
        events: list[Mapping[str, Any]] = list((record or {}).get("events", []))
        used: set[int] = set()
        article_must = Tally()
        for gold_event in article["events"]:
            level = gold_event["level"]
            results = [match(gold_event, event) for event in events]
            hits = [i for i, result in enumerate(results) if result == "ok"]
            used.update(hits)
            found = bool(hits)
            score.all_recall.add(found)
            score.recall_by_level.setdefault(level, Tally()).add(found)
            if level == "must":
                score.must_recall.add(found)
                article_must.add(found)
            row = score.per_type.setdefault(gold_event["type"], TypeScore())
            row.gold.add(found)
            if level == "must":
                row.must.add(found)
            candidates = [e for e, r in zip(events, results, strict=True) if r in {"ok", "actors"}]
            if candidates:
                sources, targets = _gold_sides(gold_event)
                if sources:
                    score.source_accuracy.add(_actor_right(gold_event, candidates, "source"))
                if targets:
                    score.target_accuracy.add(_actor_right(gold_event, candidates, "target"))
            if found:
                _score_attribution(score, gold_event, [events[i] for i in hits])
            if not found:
                kind: MissKind = "actors" if candidates else "type" if "type" in results else "none"
                score.misses.setdefault(level, {"actors": 0, "type": 0, "none": 0})[kind] += 1
                score.misses["all"][kind] += 1
                score.missed.append(
                    Miss(
                        article=doc_id,
                        gold_id=str(gold_event.get("id", "?")),
                        level=level,
                        cause=kind,
                        gold=_describe_gold(gold_event),
                        sentence=gold_event["sentence_contains"],
                        coded_on_sentence=[
                            _describe_coded(event)
                            for event, result in zip(events, results, strict=True)
                            if result is not None
                        ],
                    )
                )
        for i, event in enumerate(events):
            correct = i in used
            score.precision.add(correct)
            event_type = str(event.get("event_type"))
            score.per_type.setdefault(event_type, TypeScore()).coded.add(correct)
            bands[_band(float(event.get("confidence", 0.0)))].add(correct)
            if not correct:
                score.unmatched.append(_unmatched(doc_id, event, article["events"]))
        score.articles.append(
            ArticleScore(
                id=doc_id,
                gold_events=len(article["events"]),
                coded_events=len(events),
                matched_coded=len(used),
                must=article_must,
                in_coded=record is not None,
            )
        )
    score.per_type = dict(sorted(score.per_type.items()))
    score.confidence_bands = list(zip(_band_labels(), bands, strict=True))
    return score
