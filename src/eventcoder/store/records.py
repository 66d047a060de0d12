"""What the query layer returns, typed: one stored (deduplicated) event as the CLI, the API and
the exports read it. The rows are JSON-ready dicts (dates as ISO strings)."""

from __future__ import annotations

# pydantic validates a TypedDict only from typing_extensions before Python 3.12 (a pydantic
# dependency, so always installed).
from typing import Any

from typing_extensions import TypedDict


class StoredEvent(TypedDict):
    """A row of ``list_events``: one deduplicated event (a cluster of event mentions)."""

    id: str
    event_type: str
    quad_class: str | None
    mode: str | None
    source_codes: list[str]
    target_codes: list[str]
    negated: bool
    future: bool
    hypothetical: bool
    date: str | None  #: ISO date; a span's first day
    date_end: str | None  #: a span's last day
    date_precision: str
    location_name: str | None
    country: str | None  #: ISO3 of the location
    admin1: str | None
    lat: float | None
    lon: float | None
    geonameid: int | None
    num_mentions: int
    num_articles: int
    num_sources: int
    num_claims: int
    confidence: float
    first_document_id: str
    first_published: str | None
    review_status: str  #: unreviewed, accepted, corrected or rejected


#: The columns of a stored event, in ``StoredEvent``'s order (the CSV column order too).
EVENT_COLUMNS: tuple[str, ...] = tuple(StoredEvent.__annotations__)


def mention_location(row: dict[str, Any]) -> dict[str, Any] | None:
    """The location of one stored mention row as the API shows it (None when it has no place)."""
    if row["lat"] is None:
        return None
    return {
        "name": row["location_name"],
        "country": row["country"],
        "admin1": row["admin1"],
        "lat": row["lat"],
        "lon": row["lon"],
        "geonameid": row["geonameid"],
    }
