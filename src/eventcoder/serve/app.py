"""The FastAPI app: a JSON API over the store's query layer, and the web pages.

``create_app(db_path)`` builds one app over one store file. Filtering is never done here:
every list goes through ``eventcoder.store.query`` (the same code as ``eventcoder events``)
and the charts through ``eventcoder.store.aggregates``, which take the same ``EventFilter``.
Every asset is served by the app itself (``/static``), so no page asks anything of the
internet.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import types
import typing
from collections.abc import Iterable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field, ValidationError
from starlette.datastructures import UploadFile

from eventcoder.config import Settings, get_settings
from eventcoder.errors import InputError
from eventcoder.models import PLOVER_TYPES, QUAD_CLASS, CodedDocument
from eventcoder.serve import review as review_pages
from eventcoder.serve.auth import Auth
from eventcoder.serve.coding import ArticleCoder, InputFormat
from eventcoder.serve.errors import ApiError, BodySizeLimit, install_error_handlers
from eventcoder.serve.security import LOOPBACK_HOSTS, WebGuard
from eventcoder.store import aggregates, query
from eventcoder.store.db import Store, content_hash_of, document_id_for
from eventcoder.store.query import EventFilter

if TYPE_CHECKING:
    from eventcoder.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
GEO = HERE.parent / "data" / "geo" / "countries.geojson"
QUAD_CLASSES: tuple[str, ...] = tuple(dict.fromkeys(QUAD_CLASS.values()))

SCHEMA_REF = "#/components/schemas/{model}"

#: Paging defaults and ceiling for list endpoints: a page must stay cheap to build.
MAX_PAGE = 1000
MAX_OFFSET = 2**53


# ------------------------------------------------------------------------------------ filters
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


def _reject_unknown(request: Request, allowed: set[str]) -> None:
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
    _reject_unknown(request, set(fields))
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
    _reject_unknown(request, {"view"})
    view = request.query_params.get("view") or "reviewed"
    if view not in ("reviewed", "raw"):
        raise ApiError(422, "invalid view", "view: reviewed or raw")
    return view


def paging(request: Request, allowed: set[str]) -> tuple[int, int]:
    """``limit``/``offset`` for endpoints that are not filtered by EventFilter."""
    _reject_unknown(request, allowed | {"limit", "offset"})

    class Paging(BaseModel):
        limit: int = Field(default=100, ge=1, le=MAX_PAGE)
        offset: int = Field(default=0, ge=0, le=MAX_OFFSET)

    try:
        page = Paging.model_validate(dict(request.query_params))
    except ValidationError as exc:
        raise ApiError(422, "invalid paging", _validation_detail(exc)) from exc
    return page.limit, page.offset


def _filter_openapi() -> dict[str, Any]:
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


# ------------------------------------------------------------------------------- the app
class CodeRequest(BaseModel):
    """An article to code: its text (plain or HTML) and what the text cannot say."""

    model_config = {"extra": "forbid"}

    text: str | None = Field(default=None, description="The article as plain text.")
    html: str | None = Field(default=None, description="The article as an HTML page.")
    title: str | None = Field(default=None, max_length=1000)
    published: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    id: str | None = Field(default=None, max_length=200, pattern=r"^[\w.:-]+$")
    store: bool = Field(default=False, description="Also store the coded article.")


def create_app(
    db_path: str | Path | None = None,
    settings: Settings | None = None,
    *,
    read_only: bool = False,
    pipeline: Pipeline | None = None,
    allowed_hosts: Iterable[str] = LOOPBACK_HOSTS,
    auth: Auth | None = None,
) -> FastAPI:
    """The API and web pages over the store at ``db_path`` (default: ``Settings.db``).

    The store is opened once, read-write unless ``read_only`` (then POST /api/code cannot
    store, but another process may read the file at the same time). ``pipeline`` lets an
    embedding program share a Pipeline it already loaded; by default one is loaded on the
    first POST /api/code. ``allowed_hosts`` are the host names the server answers to (the
    Host header; ``"*"`` for any): by default this machine's loopback names. ``auth`` says
    who may write (``serve/auth.py``); by default writes need ``EVENTCODER_TOKEN`` when it is
    set, and no token otherwise (a loopback server).
    """
    settings = settings or get_settings()
    path = Path(db_path) if db_path is not None else settings.db
    store = query.open_store(path, read_only=read_only, settings=settings)
    coder = ArticleCoder(settings, pipeline)
    if auth is None:
        token = os.environ.get("EVENTCODER_TOKEN") or None
        auth, _ = Auth.create(token=token, token_required=token is not None, read_only=read_only)

    app = FastAPI(
        title="eventcoder",
        version="0.1.0",
        summary="PLOVER event data from conflict news: who did what to whom, where, when, "
        "and according to whom.",
        docs_url=None,  # Swagger UI from a CDN by default: served from /static below instead
        redoc_url=None,
    )
    app.state.store = store
    app.state.coder = coder
    app.state.db_path = path
    app.state.settings = settings
    app.state.auth = auth
    # room for multipart framing around an article of the maximum size
    app.add_middleware(
        BodySizeLimit,
        max_bytes=settings.max_input_bytes + 64 * 1024,
        body_seconds=settings.serve_body_seconds,
    )
    # outermost: a foreign Host or a cross-site write is refused before anything else runs
    app.add_middleware(WebGuard, allowed_hosts=tuple(allowed_hosts))
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    templates = Jinja2Templates(directory=HERE / "templates")
    templates.env.globals.update(
        plover_types=PLOVER_TYPES,
        quad_class=QUAD_CLASS,
        quad_classes=QUAD_CLASSES,
        db_name=path.name,
    )

    def html_error(request: Request, status: int, error: str, detail: Any) -> HTMLResponse:
        context = {"status": status, "error": error, "detail": detail}
        return templates.TemplateResponse(request, "error.html", context, status_code=status)

    install_error_handlers(app, html_error)

    api = APIRouter(prefix="/api", tags=["api"])

    # ----------------------------------------------------------------------------- events
    @api.get("/events", openapi_extra=_filter_openapi(), summary="List events")
    def api_events(filters: FilterDep) -> dict[str, Any]:
        """Events (deduplicated across articles), filtered, sorted and paged."""
        return {
            "total": query.count_events(store, filters),
            "limit": filters.limit,
            "offset": filters.offset,
            "events": query.list_events(store, filters),
        }

    @api.get("/events/{event_id}", summary="Get one event")
    def api_event(event_id: str, request: Request) -> dict[str, Any]:
        """One event with all its mentions, evidence, attribution and contradictions."""
        event = query.get_event(store, event_id, view=event_view(request))
        if event is None:
            raise ApiError(404, "not found", f"no event with id {event_id!r}")
        return event

    # -------------------------------------------------------------------------- documents
    @api.get("/documents", summary="List articles")
    def api_documents(request: Request) -> dict[str, Any]:
        """Stored articles, newest first."""
        limit, offset = paging(request, set())
        return {
            "total": query.count_documents(store),
            "limit": limit,
            "offset": offset,
            "documents": query.list_documents(store, limit=limit, offset=offset),
        }

    @api.get("/documents/{document_id}", summary="Get one article")
    def api_document(document_id: str, request: Request) -> dict[str, Any]:
        """One article with its full coded record (text, actors, places, dates, events)."""
        _reject_unknown(request, set())
        document = query.get_document(store, document_id)
        if document is None:
            raise ApiError(404, "not found", f"no document with id {document_id!r}")
        return document

    @api.get("/actors", openapi_extra=_filter_openapi(), summary="List actors")
    def api_actors(filters: FilterDep) -> dict[str, Any]:
        """Actors of the filtered events, by number of events they take part in."""
        return {"actors": query.list_actors(store, filters, limit=filters.limit)}

    @api.get("/stats", openapi_extra=_filter_openapi(), summary="Statistics")
    def api_stats(filters: FilterDep) -> dict[str, Any]:
        """Counts by type, quad class, actor dyad and month, for the filtered events."""
        return query.stats(store, filters)

    # ------------------------------------------------------------------------- aggregates
    @api.get("/timeline", openapi_extra=_filter_openapi(), summary="Timeline")
    def api_timeline(filters: FilterDep) -> dict[str, Any]:
        """Events per day by PLOVER quad class."""
        return aggregates.timeline(store, filters)

    @api.get("/network", openapi_extra=_filter_openapi(), summary="Actor network")
    def api_network(filters: FilterDep) -> dict[str, Any]:
        """Who acts on whom: actor nodes, directed edges weighted by event count."""
        return aggregates.network(store, filters)

    @api.get("/map", openapi_extra=_filter_openapi(), summary="Map points")
    def api_map(filters: FilterDep) -> dict[str, Any]:
        """Located events as a GeoJSON FeatureCollection of points."""
        return aggregates.event_points(store, filters)

    @api.get("/geo/countries.geojson", include_in_schema=False)
    def api_countries() -> FileResponse:
        return FileResponse(GEO, media_type="application/geo+json")

    # ------------------------------------------------------------------------------- code
    @api.post(
        "/code",
        summary="Code an article",
        openapi_extra={
            "requestBody": {
                "content": {
                    "application/json": {
                        "schema": CodeRequest.model_json_schema(
                            ref_template="#/components/schemas/{model}"
                        )
                    },
                    "multipart/form-data": {
                        "schema": {
                            "type": "object",
                            "properties": {
                                "text": {"type": "string"},
                                "file": {"type": "string", "format": "binary"},
                                "format": {"type": "string", "enum": ["text", "html"]},
                                "title": {"type": "string"},
                                "published": {"type": "string", "format": "date"},
                                "store": {"type": "boolean"},
                            },
                        }
                    },
                }
            }
        },
    )
    async def api_code(request: Request) -> JSONResponse:
        """Code one article (JSON ``{"text"|"html": ...}``, a form, or a file upload).

        Returns the JSON of ``eventcoder code --format json``; with ``store=true`` the coded
        article is also stored and ``stored`` tells whether it was new.
        """
        _reject_unknown(request, set())
        submission = await read_code_submission(request)
        coded = await coder.code_in_thread(
            submission.content,
            input_format=submission.input_format,
            source_name=submission.source_name,
            title=submission.title,
            published=submission.published,
            article_id=submission.article_id,
        )
        body = coded.model_dump(mode="json")
        if submission.store:
            # a write: the token off loopback (serve/auth.py); checked after the article,
            # so a bad article is a 400 whoever sends it
            auth.writer(request, submission.csrf_token, named=False)
            # outside the CodedDocument fields, so `eventcoder code` JSON stays a prefix of it
            body["stored"] = await run_in_thread(store_coded, store, coded)
        return JSONResponse(body)

    app.include_router(api)

    # ---------------------------------------------------------------------------- /docs
    @app.get("/docs", include_in_schema=False)
    def docs(request: Request) -> HTMLResponse:
        return templates.TemplateResponse(request, "docs.html", {})

    # ----------------------------------------------------------------------------- pages
    from eventcoder.serve import pages

    pages.install(app, templates, store, coder)
    review_pages.install(app, templates, store, auth)
    return app


# ---------------------------------------------------------------------------------- helpers
async def run_in_thread(function: Any, *args: Any, **kwargs: Any) -> Any:
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args, **kwargs)


def store_coded(store: Store, coded: CodedDocument) -> dict[str, Any]:
    """Store one coded article: its store id, and whether it was new (same content = skipped)."""
    if store.read_only:
        raise ApiError(409, "store is read-only", "the server was started with --read-only")
    result = store.add([coded])
    return {
        "document_id": document_id_for(content_hash_of(coded.document)),
        "new": result.added == 1,
    }


class CodeSubmission(BaseModel):
    content: str
    input_format: InputFormat
    source_name: str
    title: str | None = None
    published: dt.date | None = None
    article_id: str | None = None
    store: bool = False
    csrf_token: str | None = None


async def read_code_submission(request: Request) -> CodeSubmission:
    """An article from a JSON body, a form field or an uploaded file; 4xx when it is not one."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        try:
            payload = json.loads(await request.body())
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ApiError(400, "invalid JSON", str(exc)) from exc
        except RecursionError as exc:
            raise ApiError(400, "invalid JSON", "nested too deeply") from exc
        try:
            # JSON may spell a lone surrogate ("\ud800"), which no UTF-8 text can hold
            json.dumps(payload, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError as exc:
            raise ApiError(
                400, "invalid JSON", f"a string holds a lone surrogate ({exc.object[exc.start]!a})"
            ) from exc
        except RecursionError as exc:
            raise ApiError(400, "invalid JSON", "nested too deeply") from exc
        if not isinstance(payload, dict):
            raise ApiError(422, "invalid request", "the JSON body must be an object")
        try:
            req = CodeRequest.model_validate(payload)
        except ValidationError as exc:
            detail = [
                {"loc": ["body", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
                for e in exc.errors()
            ]
            raise ApiError(422, "invalid request", detail) from exc
        if (req.text is None) == (req.html is None):
            raise ApiError(422, "invalid request", "send exactly one of 'text' or 'html'")
        content, fmt = (req.text, "text") if req.text is not None else (req.html, "html")
        return CodeSubmission(
            content=content or "",
            input_format=fmt,
            source_name="request body",
            title=req.title,
            published=req.published,
            article_id=req.id,
            store=req.store,
        )
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        return await _form_submission(request)
    raise ApiError(
        415,
        "unsupported media type",
        "send application/json, multipart/form-data or application/x-www-form-urlencoded",
    )


async def _form_submission(request: Request) -> CodeSubmission:
    form = await request.form(max_files=1, max_fields=20)
    known = {"text", "file", "format", "title", "published", "store", "id", "csrf_token"}
    unknown = sorted(set(form.keys()) - known)
    if unknown:
        raise ApiError(400, "unknown form field", {"unknown": unknown, "allowed": sorted(known)})
    upload = form.get("file")
    text = form.get("text")
    fmt = str(form.get("format") or "").lower() or None
    if fmt not in (None, "text", "html"):
        raise ApiError(422, "invalid request", "format must be 'text' or 'html'")
    if isinstance(upload, UploadFile) and upload.filename:
        raw = await upload.read()
        source_name = upload.filename
        if b"\x00" in raw[:8192]:
            raise InputError(source_name, "binary file (NUL bytes), not a text article")
        try:
            content = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(source_name, f"not UTF-8 (byte offset {exc.start})") from exc
        if fmt is None:
            is_html = source_name.lower().endswith((".html", ".htm")) or (
                upload.content_type or ""
            ).startswith("text/html")
            fmt = "html" if is_html else "text"
    elif isinstance(text, str) and text.strip():
        content = text
        source_name = "pasted text"
        if fmt is None:
            fmt = "html" if content.lstrip()[:1] == "<" else "text"
    else:
        raise ApiError(422, "invalid request", "send the article as 'text' or as a 'file' upload")
    published_raw = str(form.get("published") or "").strip()
    try:
        published = dt.date.fromisoformat(published_raw) if published_raw else None
    except ValueError as exc:
        raise ApiError(
            422, "invalid request", f"published: not a YYYY-MM-DD date: {published_raw!r}"
        ) from exc
    title = str(form.get("title") or "").strip() or None
    store_flag = str(form.get("store") or "").lower() in {"1", "true", "on", "yes"}
    return CodeSubmission(
        content=content,
        input_format=fmt,  # type: ignore[arg-type]
        source_name=source_name,
        title=title,
        published=published,
        store=store_flag,
        csrf_token=str(form.get("csrf_token") or "") or None,
    )
