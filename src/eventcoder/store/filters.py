"""What a caller asks of the store's events: :class:`EventFilter` (type, actors, country, dates,
view, paging, sort) and the SQL it becomes.

The CLI's and the server's filter options are generated from ``EventFilter``'s fields, so a
filter means the same everywhere. Values are always bound parameters, never interpolated; sort
columns come from an allow-list.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from eventcoder.models import PLOVER_TYPES

#: Sort keys a caller may ask for -> the SQL expression they sort by.
EVENT_SORT_COLUMNS: dict[str, str] = {
    "date": "e.date",
    "type": "e.event_type",
    "event_type": "e.event_type",
    "num_articles": "e.num_articles",
    "num_sources": "e.num_sources",
    "num_mentions": "e.num_mentions",
    "confidence": "e.confidence",
    "country": "e.country",
    "id": "e.id",
}


QuadClass = Literal[
    "verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict"
]


class EventFilter(BaseModel):
    """Which events to return. Every field is optional; unset fields do not filter."""

    model_config = ConfigDict(extra="forbid")

    type: str | None = Field(default=None, description="PLOVER event type, e.g. ASSAULT.")
    quad_class: QuadClass | None = Field(
        default=None, description=f"PLOVER quad class: {', '.join(QuadClass.__args__)}."
    )
    actor: str | None = Field(
        default=None, description="Source actor code (ISO3 or IGO), e.g. AZE.", max_length=16
    )
    recipient: str | None = Field(
        default=None, description="Target actor code (ISO3 or IGO).", max_length=16
    )
    country: str | None = Field(
        default=None, description="ISO3 of the event's location.", max_length=3
    )
    since: dt.date | None = Field(default=None, description="Events on or after this date.")
    until: dt.date | None = Field(default=None, description="Events on or before this date.")
    claims_only: bool = Field(
        default=False, description="Only events reported as someone's claim in some article."
    )
    document_id: str | None = Field(
        default=None, description="Only events mentioned in this stored document.", max_length=64
    )
    limit: int = Field(default=100, ge=1, le=100_000, description="How many events to return.")
    # Bounded so a huge value is a validation error, not a DuckDB integer overflow.
    offset: int = Field(default=0, ge=0, le=10**12, description="How many to skip (paging).")
    sort: str = Field(default="date", description=f"Sort by: {', '.join(EVENT_SORT_COLUMNS)}.")
    order: Literal["asc", "desc"] = Field(default="desc", description="asc or desc.")
    view: Literal["reviewed", "raw"] = Field(
        default="reviewed",
        description="reviewed: analysts' corrections applied, rejected events left out; "
        "raw: the machine's codes. Both mark each event's review_status.",
    )

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        value = value.strip().upper()
        if value not in PLOVER_TYPES:
            raise ValueError(f"unknown PLOVER type {value!r}; one of {', '.join(PLOVER_TYPES)}")
        return value

    @field_validator("actor", "recipient", "country")
    @classmethod
    def _code(cls, value: str | None) -> str | None:
        if value is None or value.strip() == "":
            return None
        return value.strip().upper()

    @field_validator("sort")
    @classmethod
    def _known_sort(cls, value: str) -> str:
        if value not in EVENT_SORT_COLUMNS:
            raise ValueError(f"cannot sort by {value!r}; one of {', '.join(EVENT_SORT_COLUMNS)}")
        return value


def event_where(event_filter: EventFilter, alias: str = "e") -> tuple[str, list[Any]]:
    """SQL WHERE clause (without ``WHERE``) and its parameters for ``events AS alias``.

    For other modules that aggregate events (timeline, map, network) with the same filters.
    """
    f = event_filter
    clauses: list[str] = ["TRUE"]
    params: list[Any] = []
    if f.type:
        clauses.append(f"{alias}.event_type = ?")
        params.append(f.type)
    if f.quad_class:
        clauses.append(f"{alias}.quad_class = ?")
        params.append(f.quad_class)
    if f.actor:
        clauses.append(f"list_contains({alias}.source_codes, ?)")
        params.append(f.actor)
    if f.recipient:
        clauses.append(f"list_contains({alias}.target_codes, ?)")
        params.append(f.recipient)
    if f.country:
        clauses.append(f"{alias}.country = ?")
        params.append(f.country)
    if f.since:
        # An event spanning several days matches when any of its days is in range.
        clauses.append(f"coalesce({alias}.date_end, {alias}.date) >= ?")
        params.append(f.since)
    if f.until:
        clauses.append(f"{alias}.date <= ?")
        params.append(f.until)
    if f.claims_only:
        clauses.append(f"{alias}.num_claims > 0")
    if f.document_id:
        clauses.append(
            f"EXISTS (SELECT 1 FROM mentions fm WHERE fm.event_id = {alias}.id "
            "AND fm.document_id = ?)"
        )
        params.append(f.document_id)
    return " AND ".join(clauses), params


def order_by(event_filter: EventFilter) -> str:
    column = EVENT_SORT_COLUMNS[event_filter.sort]
    direction = "ASC" if event_filter.order == "asc" else "DESC"
    # NULLS LAST and the id tie-break keep paging stable.
    return f"{column} {direction} NULLS LAST, e.id ASC"
