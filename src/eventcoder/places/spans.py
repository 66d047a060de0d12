"""Span helpers every places module uses: a mention's core text, a mention as a record, a
town. (Whether a place name stands for its government is the actors stage's decision.)"""

from __future__ import annotations

from spacy.tokens import Span

from eventcoder.geo.gazetteer import Place
from eventcoder.models import PlaceMention


def strip_span(span: Span) -> Span:
    """The span without a leading determiner or trailing possessive marker."""
    start, end = span.start, span.end
    while start < end and span.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    while end > start and span.doc[end - 1].tag_ == "POS":
        end -= 1
    return span.doc[start:end] if end > start else span


def place_mention(span: Span, place: Place) -> PlaceMention:
    return PlaceMention(
        text=span.text,
        start=span.start_char,
        end=span.end_char,
        name=place.name,
        country=place.country,
        admin1=place.admin1,
        lat=place.lat,
        lon=place.lon,
        geonameid=place.geonameid,
        feature_code=place.feature_code,
    )


def is_town(place: Place) -> bool:
    return place.feature_code.startswith("PPL") or place.feature_code == "ADM2"
