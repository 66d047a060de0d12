"""Span helpers every places module uses: a mention's core text, a mention as a record, and
whether a place name stands for its government where it is written."""

from __future__ import annotations

from spacy.tokens import Span, Token

from eventcoder.geo.gazetteer import Place
from eventcoder.models import PlaceMention
from eventcoder.places.words import GOVERNMENT_OWNED_NOUNS


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


def is_metonymic_agent(span: Span) -> bool:
    """A place name acting (subject of a verb) or owning a stance ("Yerevan's attitude") is
    its government.

    A place governed by a preposition ("in Armenia", "to Armenia") stays a place, and so does
    one owning things that are in it ("Alberta's liquor stores", "Canada's athlete of the
    year") or undergoing something ("Kabul was shelled").
    """
    root: Token = span.root
    possessive = root.dep_ == "poss" or (
        span.end < len(span.doc) and span.doc[span.end].tag_ == "POS"
    )
    if possessive:
        owned = root.head if root.dep_ == "poss" else None
        return owned is None or owned.lemma_.lower() in GOVERNMENT_OWNED_NOUNS
    if root.dep_ in ("nsubj", "agent") and root.head.pos_ in ("VERB", "AUX"):
        # "Kabul is the capital" is about the place, "Kabul said" is about its government.
        return root.head.lemma_ != "be"
    return False
