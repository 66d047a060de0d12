"""Review endpoints and pages: the queue, accept / reject / correct, undo, login.

Every write goes through :class:`~eventcoder.serve.auth.Auth` (token, login cookie + CSRF,
read-only) and every read and write through ``eventcoder.store.review`` and the query layer,
the same code the CLI uses.
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, FastAPI, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from eventcoder.models import PLOVER_TYPES
from eventcoder.serve.auth import CSRF_FIELD, SESSION_COOKIE, SESSION_SECONDS, Auth
from eventcoder.serve.errors import ApiError, read_json_object, validate_body
from eventcoder.serve.params import event_filter
from eventcoder.store import query, review, review_gold, review_queue, review_values
from eventcoder.store.db import Store
from eventcoder.store.query import EventFilter

#: Query parameters of the queue beyond the EventFilter's.
QUEUE_PARAMS = {"status"}
QUEUE_PAGE = 20
#: Largest id or offset taken (DuckDB BIGINT; JSON-safe).
MAX_ID = 2**53


class ReviewRequest(BaseModel):
    """One review action on an event mention."""

    model_config = {"extra": "forbid"}

    action: str = Field(description="accept, reject or correct")
    field: str | None = Field(default=None, description="for correct: " + ", ".join(review.FIELDS))
    value: str | None = Field(default=None, max_length=2000, description="for correct")
    reason: str | None = Field(default=None, max_length=review.MAX_REASON)
    csrf_token: str | None = Field(default=None, description="pages' forms only")


def queue_filter(request: Request) -> tuple[EventFilter, str]:
    """The page's EventFilter (as every page parses it) and the queue's ``status``."""
    status = request.query_params.get("status") or "unreviewed"
    if status not in review_queue.QUEUE_STATUSES:
        raise ApiError(
            422, "invalid filter", f"status: one of {', '.join(review_queue.QUEUE_STATUSES)}"
        )
    rest = [(k, v) for k, v in request.query_params.multi_items() if k not in QUEUE_PARAMS]
    scope = {**request.scope, "query_string": urlencode(rest).encode()}
    return event_filter(Request(scope)), status


def load_queue(store: Store, filters: EventFilter, status: str) -> dict[str, Any]:
    total, page = review_queue.queue(
        store,
        query.event_where(filters),
        relation=review.relation(store, filters.view, with_rejected=True),
        status=status,
        limit=min(filters.limit, 1000),
        offset=filters.offset,
    )
    contested = {item["mention_id"]: item["contested"] for item in page}
    items = review_queue.mention_details(store, [item["mention_id"] for item in page])
    for item in items:
        item["contested"] = contested[item["id"]]
    return {"total": total, "limit": filters.limit, "offset": filters.offset, "items": items}


def choices() -> dict[str, Any]:
    """What the pickers offer: PLOVER types, modes per type, actor codes, sectors."""
    codes, sectors = review.actor_vocabulary()
    return {
        "event_types": list(PLOVER_TYPES),
        "modes": review_values.modes_by_type(),
        "actors": [{"code": code, "name": name} for code, name in sorted(codes.items())],
        "sectors": list(sectors),
        "fields": list(review.FIELDS),
    }


def install(app: FastAPI, templates: Jinja2Templates, store: Store, auth: Auth) -> None:
    api = APIRouter(prefix="/api/review", tags=["review"])

    def current_session(request: Request) -> Any:
        return auth.session(request)

    templates.env.globals["review_session"] = current_session
    templates.env.globals["auth_required"] = auth.token_required
    templates.env.globals["read_only"] = auth.read_only

    async def do_review(request: Request, mention_id: str) -> dict[str, Any]:
        payload = await _payload(request)
        body = validate_body(ReviewRequest, payload, "invalid review")
        writer = auth.writer(request, body.csrf_token)
        try:
            row = await run_in_threadpool(
                review.record,
                store,
                mention_id,
                reviewer=writer.reviewer,
                action=body.action,
                field=body.field if body.action == "correct" else None,
                value=body.value if body.action == "correct" else None,
                reason=body.reason,
            )
        except review.ReviewError as exc:
            raise ApiError(exc.status, "review refused", str(exc)) from exc
        (item,) = review_queue.mention_details(store, [mention_id]) or [None]
        return {"correction": row, "mention": item}

    @api.get("/queue", summary="Review queue")
    def api_queue(request: Request) -> dict[str, Any]:
        """Mentions to review (``status``: unreviewed, reviewed, accepted, corrected, rejected,
        all), contested claims first, then lowest confidence; filtered like /api/events."""
        filters, status = queue_filter(request)
        return load_queue(store, filters, status)

    @api.get("/choices", summary="Valid codes for corrections")
    def api_choices() -> dict[str, Any]:
        return choices()

    @api.get("/places", summary="Gazetteer places by name")
    def api_places(name: Annotated[str, Query(max_length=200)]) -> dict[str, Any]:
        if not name.strip() or len(name) > 200:
            raise ApiError(422, "invalid name", "give a place name (1-200 characters)")
        return {"places": review_values.find_places(name)}

    @api.get("/mentions/{mention_id}", summary="One mention with its review history")
    def api_mention(mention_id: str) -> dict[str, Any]:
        items = review_queue.mention_details(store, [mention_id])
        if not items:
            raise ApiError(404, "not found", f"no event mention with id {mention_id!r}")
        return items[0]

    @api.post("/mentions/{mention_id}", summary="Accept, reject or correct a mention")
    async def api_review(request: Request, mention_id: str) -> dict[str, Any]:
        """JSON ``{action, field?, value?, reason?}``; needs the token off loopback."""
        return await do_review(request, mention_id)

    @api.post("/corrections/{correction_id}/undo", summary="Undo a correction")
    async def api_undo(
        request: Request, correction_id: Annotated[int, Path(ge=1, le=MAX_ID)]
    ) -> dict[str, Any]:
        payload = await _payload(request)
        writer = auth.writer(request, str(payload.get(CSRF_FIELD) or "") or None)
        try:
            row = await run_in_threadpool(
                review.undo, store, correction_id, reviewer=writer.reviewer
            )
        except review.ReviewError as exc:
            raise ApiError(exc.status, "undo refused", str(exc)) from exc
        return {"correction": row}

    @api.get("/corrections", summary="Review history, newest first")
    def api_corrections(
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_ID)] = 0,
    ) -> dict[str, Any]:
        rows = (
            store.cursor()
            .execute(
                f"SELECT {', '.join(review.CORRECTION_COLUMNS)} FROM corrections "
                "ORDER BY id DESC LIMIT ? OFFSET ?",
                [max(1, min(limit, 1000)), max(0, offset)],
            )
            .fetchall()
        )
        return {"corrections": [review.correction_dict(row) for row in rows]}

    @api.get("/agreement", summary="Machine vs reviewed agreement by type")
    def api_agreement() -> dict[str, Any]:
        return {"by_type": review_gold.agreement(store)}

    app.include_router(api)

    # ------------------------------------------------------------------------------ pages
    @app.get("/review", include_in_schema=False)
    def review_page(request: Request) -> HTMLResponse:
        filters, status = queue_filter(request)
        if "limit" not in request.query_params:
            filters = filters.model_copy(update={"limit": QUEUE_PAGE})
        queue = load_queue(store, filters, status)
        session = auth.session(request)
        return templates.TemplateResponse(
            request,
            "review.html",
            {
                "filters": filters,
                "status": status,
                "statuses": review_queue.QUEUE_STATUSES,
                "queue": queue,
                "session": session,
                "choices": choices(),
                "fields": review.FIELDS,
            },
        )

    @app.get("/login", include_in_schema=False)
    def login_page(request: Request, next: str = "/review") -> HTMLResponse:
        return templates.TemplateResponse(
            request, "login.html", {"next": _local_path(next), "error": None}
        )

    @app.post("/login", include_in_schema=False)
    async def login_submit(request: Request) -> Response:
        form = await request.form(max_files=0, max_fields=5)
        next_path = _local_path(str(form.get("next") or "/review"))
        try:
            cookie, _session = auth.login(
                str(form.get("reviewer") or ""), str(form.get("token") or "") or None
            )
        except ApiError as exc:
            return templates.TemplateResponse(
                request,
                "login.html",
                {"next": next_path, "error": exc.detail},
                status_code=exc.status,
            )
        response = RedirectResponse(next_path, status_code=303)
        response.set_cookie(
            SESSION_COOKIE,
            cookie,
            max_age=SESSION_SECONDS,
            httponly=True,
            samesite="strict",
            secure=request.url.scheme == "https",
            path="/",
        )
        return response

    @app.post("/logout", include_in_schema=False)
    async def logout(request: Request) -> Response:
        # SameSite=Strict keeps the cookie off cross-site posts, and WebGuard refuses them:
        # a logout needs no CSRF token (the worst a forged one does is log the user out).
        auth.logout(request)
        response = RedirectResponse("/review", status_code=303)
        response.delete_cookie(SESSION_COOKIE, path="/")
        return response


def _local_path(path: str) -> str:
    """Only a path on this server (never ``//evil.example``) as a redirect target."""
    return path if path.startswith("/") and not path.startswith("//") else "/review"


async def _payload(request: Request) -> dict[str, Any]:
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/json":
        return await read_json_object(request, "invalid review", empty=True)
    if content_type in ("multipart/form-data", "application/x-www-form-urlencoded"):
        form = await request.form(max_files=0, max_fields=10)
        return {key: str(value) for key, value in form.items()}
    if not content_type and not await request.body():
        return {}
    raise ApiError(415, "unsupported media type", "send application/json or a form")
