"""Geocoding accuracy against gold toponyms (GeoWebNews / TR-News JSON Lines).

Each record's raw ``text`` is geocoded as it is (a ``Document`` made from the record, so the
gold offsets align) through the real pipeline. A gold toponym counts when it has coordinates;
a prediction matches it when their character spans overlap. Scores follow the field's usage
(Gritta et al. 2019; Mordecai3): accuracy@161 km, median error, and coverage.
"""

from __future__ import annotations

import json
import statistics
from collections import defaultdict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.errors import InputError
from eventcoder.models import Document, PlaceMention
from eventcoder.places.gazetteer import haversine_km

ACCURACY_KM = 161.0


@dataclass(frozen=True, slots=True)
class GoldToponym:
    text: str
    start: int
    end: int
    lat: float
    lon: float
    kind: str | None


@dataclass(frozen=True, slots=True)
class GoldArticle:
    id: str
    source: str
    text: str
    toponyms: tuple[GoldToponym, ...]


@dataclass
class Tally:
    """Running counts for one group of gold toponyms."""

    gold: int = 0
    covered: int = 0
    correct: int = 0
    errors_km: list[float] = field(default_factory=list)

    def add(self, error_km: float | None) -> None:
        self.gold += 1
        if error_km is None:
            return
        self.covered += 1
        self.errors_km.append(error_km)
        if error_km <= ACCURACY_KM:
            self.correct += 1

    def summary(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "covered": self.covered,
            "correct": self.correct,
            "accuracy_161km": self.correct / self.gold if self.gold else None,
            "accuracy_161km_covered": self.correct / self.covered if self.covered else None,
            "coverage": self.covered / self.gold if self.gold else None,
            "median_error_km": statistics.median(self.errors_km) if self.errors_km else None,
        }


def read_gold(path: Path, limit: int | None = None) -> list[GoldArticle]:
    """Read gold articles; a malformed line is an :class:`InputError` naming the line."""
    if not path.is_file():
        raise InputError(str(path), "no such file")
    articles: list[GoldArticle] = []
    with path.open(encoding="utf-8") as handle:
        for line_number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            source = f"{path}:{line_number}"
            try:
                record = json.loads(line)
                toponyms = tuple(
                    GoldToponym(
                        text=t["text"],
                        start=int(t["start"]),
                        end=int(t["end"]),
                        lat=float(t["lat"]),
                        lon=float(t["lon"]),
                        kind=t.get("type"),
                    )
                    for t in record.get("toponyms", [])
                    if t.get("lat") is not None and t.get("lon") is not None
                )
                articles.append(
                    GoldArticle(
                        id=str(record["id"]),
                        source=str(record.get("source") or "unknown"),
                        text=str(record["text"]),
                        toponyms=toponyms,
                    )
                )
            except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
                raise InputError(source, f"not a gold toponym record ({exc})") from exc
            if limit is not None and len(articles) >= limit:
                break
    if not articles:
        raise InputError(str(path), "no gold records")
    return articles


def _best_prediction(gold: GoldToponym, predictions: list[PlaceMention]) -> PlaceMention | None:
    overlapping = [p for p in predictions if p.start < gold.end and gold.start < p.end]
    if not overlapping:
        return None
    # The prediction sharing most characters with the gold span.
    return max(overlapping, key=lambda p: min(p.end, gold.end) - max(p.start, gold.start))


@dataclass
class PlacesEvaluation:
    overall: Tally = field(default_factory=Tally)
    by_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    articles: int = 0
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "articles": self.articles,
            "overall": self.overall.summary(),
            "by_source": {k: v.summary() for k, v in sorted(self.by_source.items())},
            "by_type": {k: v.summary() for k, v in sorted(self.by_kind.items())},
        }


def geocoded_articles(
    articles: list[GoldArticle], batch_size: int = 16
) -> Iterator[tuple[GoldArticle, list[PlaceMention]]]:
    """Each gold article with the places the real pipeline finds in its raw text."""
    from eventcoder.pipeline import Pipeline

    pipeline = Pipeline()
    documents = (Document(id=a.id, text=a.text, source=a.source) for a in articles)
    for article, coded in zip(articles, pipeline.code_many(documents, batch_size), strict=True):
        yield article, coded.places


def evaluate_places(
    path: Path,
    *,
    limit: int | None = None,
    on_article: Callable[[], None] | None = None,
    keep_errors: int = 0,
) -> PlacesEvaluation:
    """Score the pipeline's places against the gold toponyms of ``path``."""
    articles = read_gold(path, limit)
    result = PlacesEvaluation()
    for article, predictions in geocoded_articles(articles):
        result.articles += 1
        for gold in article.toponyms:
            prediction = _best_prediction(gold, predictions)
            error = (
                None
                if prediction is None
                else haversine_km(gold.lat, gold.lon, prediction.lat, prediction.lon)
            )
            for tally in (
                result.overall,
                result.by_source[article.source],
                result.by_kind[gold.kind or "untyped"],
            ):
                tally.add(error)
            if len(result.errors) < keep_errors and (error is None or error > ACCURACY_KM):
                result.errors.append(
                    {
                        "article": article.id,
                        "text": gold.text,
                        "type": gold.kind,
                        "gold": [gold.lat, gold.lon],
                        "predicted": None
                        if prediction is None
                        else [prediction.name, prediction.country, prediction.lat, prediction.lon],
                        "error_km": None if error is None else round(error),
                    }
                )
        if on_article is not None:
            on_article()
    return result
