"""Resolve DATE mentions against the publication date. (Being built: see issue 2.)"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from eventcoder.models import DateMention, Event


def resolve_dates(doc: Doc, published: dt.date | None) -> list[DateMention]:
    return []


def date_events(
    doc: Doc, events: list[Event], dates: list[DateMention], published: dt.date | None
) -> list[Event]:
    return events
