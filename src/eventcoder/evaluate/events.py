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

import datetime as dt
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from eventcoder.errors import InputError
from eventcoder.models import Article, Document

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


# ------------------------------------------------------------------------------ inputs
def load_gold(path: Path) -> list[dict[str, Any]]:
    """Gold articles from a gold file: a list of articles, or one article (the fixtures)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError(str(path), "gold file not found") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(str(path), f"not a readable JSON gold file ({exc})") from None
    articles = [data] if isinstance(data, dict) else data
    if not isinstance(articles, list) or not articles:
        raise InputError(str(path), "expected a gold article or a non-empty list of them")
    for number, article in enumerate(articles):
        where = f"{path}[{number}]"
        if not isinstance(article, dict):
            raise InputError(where, "a gold article must be a JSON object")
        file = (article.get("input") or {}).get("file")
        if not isinstance(file, str) or not file:
            raise InputError(where, "gold article has no input.file (the article id)")
        events = article.get("events")
        if not isinstance(events, list):
            raise InputError(where, f"gold article {file} has no events list")
        for event in events:
            required = ("level", "sentence_contains", "type", "source")
            missing = [key for key in required if key not in event]
            if missing:
                raise InputError(
                    where, f"gold event {event.get('id', '?')} of {file} lacks {', '.join(missing)}"
                )
    return articles


def load_coded(path: Path) -> dict[str, dict[str, Any]]:
    """Coded records by ``document.id`` from ``eventcoder code --format jsonl`` output."""
    coded: dict[str, dict[str, Any]] = {}
    try:
        with path.open(encoding="utf-8") as lines:
            for number, line in enumerate(lines, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as exc:
                    raise InputError(f"{path}:{number}", f"not a JSON line ({exc.msg})") from None
                if not isinstance(record, dict) or not isinstance(record.get("events", []), list):
                    raise InputError(f"{path}:{number}", "not a coded article record")
                coded[str((record.get("document") or {}).get("id"))] = record
    except FileNotFoundError:
        raise InputError(str(path), "coded file not found") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(str(path), f"cannot read the coded file ({exc})") from None
    return coded


def add_stem_aliases(gold: list[dict[str, Any]], coded: dict[str, dict[str, Any]]) -> list[str]:
    """Let a gold ``input.file`` like ``article.txt`` find a record coded with id ``article``.

    ``eventcoder code article.txt`` names the document after the file stem; the gold names the
    file. Only ids missing from ``coded`` are aliased, so where the reference scorer finds an
    article this changes nothing. Returns the aliased gold ids.
    """
    aliased = []
    for article in gold:
        file = article["input"]["file"]
        stem = Path(file).stem
        if file not in coded and stem != file and stem in coded:
            coded[file] = coded[stem]
            aliased.append(file)
    return aliased


def default_articles_path(gold_path: Path) -> Path:
    """``…/eval/news_dev.gold.json`` → ``…/corpus/news_dev.jsonl`` (the shared data layout)."""
    return gold_path.resolve().parent.parent / "corpus" / "news_dev.jsonl"


def _published(article: Mapping[str, Any]) -> dt.date | None:
    value = (article.get("input") or {}).get("published")
    if not value:
        return None
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        raise InputError(
            f"gold article {article['input']['file']}",
            f"input.published {value!r} is not YYYY-MM-DD",
        ) from None


def gold_documents(
    gold: list[dict[str, Any]], gold_path: Path, articles_path: Path | None = None
) -> list[Document]:
    """The gold articles, read and cleaned, with the gold publication dates and gold ids.

    Each gold article is looked up by ``input.file``: without ``articles_path``, first as a
    file next to the gold file (the fixtures: ``article.txt`` beside ``article.gold.json``),
    then by id in :func:`default_articles_path`; with ``articles_path`` (JSON Lines), by id
    there. The gold ``input.published`` replaces the record's date (the dev records often
    have none).
    """
    from eventcoder.read import clean, read_file

    source = articles_path or default_articles_path(gold_path)
    records: dict[str, Article] | None = None
    documents = []
    for article in gold:
        file = article["input"]["file"]
        published = _published(article)
        beside = gold_path.resolve().parent / file
        if articles_path is None and beside.is_file():
            (found,) = read_file(str(beside), published)
        else:
            if records is None:
                if not source.is_file():
                    raise InputError(
                        str(source),
                        f"articles file not found (gold article {file} is not a file next to "
                        f"{gold_path.name}); pass ARTICLES, or --coded with coded output",
                    )
                records = {record.id: record for record in read_file(str(source))}
            if file not in records:
                raise InputError(str(source), f"no article with id {file!r} (named by the gold)")
            found = records[file]
        documents.append(clean(found.model_copy(update={"id": file, "published": published})))
    return documents


def code_documents(documents: list[Document]) -> dict[str, dict[str, Any]]:
    """Code documents with the full pipeline; records as ``code --format jsonl`` writes them."""
    from eventcoder.pipeline import Pipeline

    return {
        coded.document.id: coded.model_dump(mode="json")
        for coded in Pipeline().code_many(documents)
    }
