"""Query parameters of the API and the pages: EventFilter's fields and paging, read by hand.

Both the JSON API (``serve/app.py``) and the web pages (``serve/pages.py``, ``serve/review.py``)
take their filters here, so a filter means the same in a URL of either.
"""

from __future__ import annotations

import types
import typing
from functools import lru_cache
from typing import Annotated, Any

from fastapi import Depends, Request
from pydantic import BaseModel, Field, ValidationError

from eventcoder.serve.errors import ApiError
from eventcoder.store.query import EventFilter

#: Paging defaults and ceiling for list endpoints: a page must stay cheap to build.
MAX_PAGE = 1000
MAX_OFFSET = 2**53


def _is_list(annotation: Any) -> bool:
    if typing.get_origin(annotation) in (list, tuple, set):
        return True
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return any(_is_list(arg) for arg in typing.get_args(annotation))
    return False


@lru_cache(maxsize=1)
def _filter_fields() -> dict[str, bool]:
    """EventFilter's field names → whether the field takes several values (``?type=A&type=B``)."""
    return {name: _is_list(f.annotation) for name, f in EventFilter.model_fields.items()}


def reject_unknown(request: Request, allowed: set[str]) -> None:
    unknown = sorted(set(request.query_params) - allowed)
    if unknown:
        raise ApiError(
            400,
            "unknown query parameter",
            {"unknown": unknown, "allowed": sorted(allowed)},
        )


def _validation_detail(exc: ValidationError) -> list[dict[str, Any]]:
    return [
        {"loc": ["query", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
        for e in exc.errors()
    ]


def event_filter(request: Request) -> EventFilter:
    """The request's filters as the query layer's EventFilter; unknown names are a 400."""
    fields = _filter_fields()
    reject_unknown(request, set(fields))
    values: dict[str, Any] = {}
    for name, many in fields.items():
        # an empty form field means "no filter", as in the web pages' filter form
        given = [value for value in request.query_params.getlist(name) if value.strip()]
        if not given:
            continue
        if many:
            # accept both ?type=A&type=B and ?type=A,B
            values[name] = [v.strip() for item in given for v in item.split(",") if v.strip()]
        else:
            values[name] = given[-1]
    try:
        filters = EventFilter.model_validate(values)
    except ValidationError as exc:
        raise ApiError(422, "invalid filter", _validation_detail(exc)) from exc
    if filters.offset > MAX_OFFSET:
        # EventFilter leaves offset unbounded; DuckDB cannot take more than a BIGINT
        detail = [
            {
                "loc": ["query", "offset"],
                "msg": f"Input should be less than or equal to {MAX_OFFSET}",
                "type": "less_than_equal",
            }
        ]
        raise ApiError(422, "invalid filter", detail)
    return filters


FilterDep = Annotated[EventFilter, Depends(event_filter)]


def event_view(request: Request) -> Any:
    """``?view=reviewed|raw`` of a one-event request (the only parameter it takes)."""
    reject_unknown(request, {"view"})
    view = request.query_params.get("view") or "reviewed"
    if view not in ("reviewed", "raw"):
        raise ApiError(422, "invalid view", "view: reviewed or raw")
    return view


def paging(request: Request, allowed: set[str]) -> tuple[int, int]:
    """``limit``/``offset`` for endpoints that are not filtered by EventFilter."""
    reject_unknown(request, allowed | {"limit", "offset"})

    class Paging(BaseModel):
        limit: int = Field(default=100, ge=1, le=MAX_PAGE)
        offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    try:
        page = Paging.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise ApiError(422, "invalid paging", _validation_detail(exc)) from exc
    return page.limit, page.offset


def filter_openapi() -> dict[str, Any]:
    """Document EventFilter's fields as query parameters (the dependency reads them by hand)."""
    schema = EventFilter.model_json_schema()
    parameters = []
    for name, prop in schema.get("properties", {}).items():
        parameters.append(
            {
                "name": name,
                "in": "query",
                "required": False,
                "schema": prop,
                "description": prop.get("description", ""),
            }
        )
    return {"parameters": parameters}
