"""The FastAPI app: a JSON API over the store's query layer, and the web pages.

``create_app(db_path)`` builds one app over one store file. Filtering is never done here:
every list goes through ``eventcoder.store.query`` (the same code as ``eventcoder events``)
and the charts through ``eventcoder.store.aggregates``, which take the same ``EventFilter``.
Every asset is served by the app itself (``/static``), so no page asks anything of the
internet.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from fastapi import APIRouter, FastAPI, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates

from eventcoder.config import Settings, get_settings
from eventcoder.models import PLOVER_TYPES, QUAD_CLASS
from eventcoder.paths import data_path
from eventcoder.serve import pages
from eventcoder.serve import review as review_pages
from eventcoder.serve.auth import Auth
from eventcoder.serve.coding import ArticleCoder
from eventcoder.serve.errors import ApiError, BodySizeLimit, install_error_handlers
from eventcoder.serve.params import FilterDep, event_view, filter_openapi, paging, reject_unknown
from eventcoder.serve.security import LOOPBACK_HOSTS, WebGuard
from eventcoder.serve.submission import (
    CodeRequest,
    read_code_submission,
    run_in_thread,
    store_coded,
)
from eventcoder.store import aggregates, query

if TYPE_CHECKING:
    from eventcoder.pipeline import Pipeline

HERE = Path(__file__).resolve().parent
GEO = data_path("geo", "countries.geojson")
QUAD_CLASSES: tuple[str, ...] = tuple(dict.fromkeys(QUAD_CLASS.values()))

SCHEMA_REF = "#/components/schemas/{model}"


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
    @api.get("/events", openapi_extra=filter_openapi(), summary="List events")
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
        reject_unknown(request, set())
        document = query.get_document(store, document_id)
        if document is None:
            raise ApiError(404, "not found", f"no document with id {document_id!r}")
        return document

    @api.get("/actors", openapi_extra=filter_openapi(), summary="List actors")
    def api_actors(filters: FilterDep) -> dict[str, Any]:
        """Actors of the filtered events, by number of events they take part in."""
        return {"actors": query.list_actors(store, filters, limit=filters.limit)}

    @api.get("/stats", openapi_extra=filter_openapi(), summary="Statistics")
    def api_stats(filters: FilterDep) -> dict[str, Any]:
        """Counts by type, quad class, actor dyad and month, for the filtered events."""
        return query.stats(store, filters)

    # ------------------------------------------------------------------------- aggregates
    @api.get("/timeline", openapi_extra=filter_openapi(), summary="Timeline")
    def api_timeline(filters: FilterDep) -> dict[str, Any]:
        """Events per day by PLOVER quad class."""
        return aggregates.timeline(store, filters)

    @api.get("/network", openapi_extra=filter_openapi(), summary="Actor network")
    def api_network(filters: FilterDep) -> dict[str, Any]:
        """Who acts on whom: actor nodes, directed edges weighted by event count."""
        return aggregates.network(store, filters)

    @api.get("/map", openapi_extra=filter_openapi(), summary="Map points")
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
        reject_unknown(request, set())
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
    pages.install(app, templates, store, coder)
    review_pages.install(app, templates, store, auth)
    return app
