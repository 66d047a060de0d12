"""Server-rendered pages. Lists come from the store's query layer, like the API; the charts
(timeline, map, network) are drawn in the browser from the API with the page's own filters."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates

from eventcoder.errors import CodingTimeLimit, EventcoderError, InputError
from eventcoder.models import CodedDocument
from eventcoder.serve.annotate import render_annotated_text
from eventcoder.serve.coding import ArticleCoder, CoderBusy
from eventcoder.serve.errors import ApiError
from eventcoder.serve.params import event_filter, event_view, paging
from eventcoder.serve.submission import read_code_submission, store_coded
from eventcoder.store import query

#: Columns of the events table a user can sort by (names of the query layer's sort keys).
SORTABLE = ("date", "event_type", "num_articles", "num_mentions", "confidence")


def install(app: FastAPI, templates: Jinja2Templates, store: Any, coder: ArticleCoder) -> None:
    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        return templates.TemplateResponse(request, name, context, status_code=status)

    def filter_query(request: Request, **changes: Any) -> str:
        """The current query string with some parameters changed (None removes one)."""
        params = {k: v for k, v in request.query_params.multi_items()}
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = str(value)
        return urlencode(params)

    templates.env.globals["filter_query"] = filter_query

    @app.get("/", include_in_schema=False)
    def home() -> RedirectResponse:
        return RedirectResponse("/events", status_code=307)

    @app.get("/events", include_in_schema=False)
    def events_page(request: Request) -> HTMLResponse:
        filters = event_filter(request)
        rows = query.list_events(store, filters)
        total = query.count_events(store, filters)
        overview = query.stats(store, query.EventFilter())
        return page(
            request,
            "events.html",
            events=rows,
            total=total,
            filters=filters,
            overview=overview,
            sortable=SORTABLE,
        )

    @app.get("/events/{event_id}", include_in_schema=False)
    def event_page(request: Request, event_id: str) -> HTMLResponse:
        view = event_view(request)
        event = query.get_event(store, event_id, view=view)
        if event is None and view == "reviewed":
            # every mention rejected: show the machine's event, marked rejected
            event = query.get_event(store, event_id, view="raw")
        if event is None:
            raise ApiError(404, "not found", f"no event with id {event_id!r}")
        return page(request, "event.html", event=event)

    @app.get("/timeline", include_in_schema=False)
    def timeline_page(request: Request) -> HTMLResponse:
        filters = event_filter(request)
        return page(request, "timeline.html", filters=filters)

    @app.get("/map", include_in_schema=False)
    def map_page(request: Request) -> HTMLResponse:
        filters = event_filter(request)
        return page(request, "map.html", filters=filters)

    @app.get("/network", include_in_schema=False)
    def network_page(request: Request) -> HTMLResponse:
        filters = event_filter(request)
        return page(request, "network.html", filters=filters)

    @app.get("/documents", include_in_schema=False)
    def documents_page(request: Request) -> HTMLResponse:
        limit, offset = paging(request, set())
        documents = query.list_documents(store, limit=limit, offset=offset)
        return page(request, "documents.html", documents=documents, limit=limit, offset=offset)

    @app.get("/documents/{document_id}", include_in_schema=False)
    def document_page(request: Request, document_id: str) -> HTMLResponse:
        record = query.get_document(store, document_id)
        if record is None:
            raise ApiError(404, "not found", f"no document with id {document_id!r}")
        coded = CodedDocument.model_validate(record["coded"])
        return page(
            request,
            "document.html",
            record=record,
            **article_context(coded, record.get("event_ids") or {}),
        )

    @app.get("/code", include_in_schema=False)
    def code_form(request: Request) -> HTMLResponse:
        return page(request, "code.html", pipeline_loaded=coder.loaded)

    @app.post("/code", include_in_schema=False)
    async def code_submit(request: Request) -> Response:
        from starlette.concurrency import run_in_threadpool

        pasted = ""  # shown again in the form, so the user can edit and resubmit
        try:
            submission = await read_code_submission(request)
            if submission.source_name == "pasted text":
                pasted = submission.content
            if submission.store:  # a write: the token off loopback (serve/auth.py)
                app.state.auth.writer(request, submission.csrf_token, named=False)
            coded = await coder.code_in_thread(
                submission.content,
                input_format=submission.input_format,
                source_name=submission.source_name,
                title=submission.title,
                published=submission.published,
            )
            stored = (
                await run_in_threadpool(store_coded, store, coded) if submission.store else None
            )
        except (ApiError, EventcoderError, CoderBusy) as exc:
            message = exc.detail if isinstance(exc, ApiError) else str(exc)
            status = exc.status if isinstance(exc, ApiError) else 400
            if isinstance(exc, CodingTimeLimit):
                status = 413
            elif isinstance(exc, CoderBusy):
                status = 503
            if isinstance(exc, InputError):
                message = str(exc)
            return page(
                request,
                "code.html",
                status=status,
                error=message,
                pipeline_loaded=coder.loaded,
                pasted=pasted,
            )
        return page(
            request,
            "code.html",
            pipeline_loaded=True,
            stored=stored,
            pasted=pasted,
            **article_context(coded, None),
        )


def article_context(coded: CodedDocument, cluster_of: dict[str, str] | None) -> dict[str, Any]:
    """What the article view needs: highlighted text, events with claims and contradictions.

    ``cluster_of`` (from the store) maps each coded event to its stored, deduplicated event,
    so the view can link to /events/{id}; a freshly coded, unstored article has none.
    """
    cluster_of = cluster_of or {}
    by_id = {event.id: event for event in coded.events}
    contradicted_by: dict[str, list[str]] = {event.id: [] for event in coded.events}
    for event in coded.events:
        for other in event.contradicts:
            if other in contradicted_by and event.id not in contradicted_by[other]:
                contradicted_by[other].append(event.id)
    return {
        "coded": coded,
        "annotated": render_annotated_text(coded),
        "annotated_title": render_annotated_text(coded, "title") if coded.document.title else None,
        "cluster_of": cluster_of,
        "events_by_id": by_id,
        "contradicted_by": contradicted_by,
        "today": dt.date.today(),
    }
