"""One JSON error shape for every failure the API reports: ``{"error": ..., "detail": ...}``.

Clients (and the browser pages) branch on the status code and show ``error``; ``detail`` says
which input was wrong. Nothing a client sends may surface as a 500 or a stack trace.
"""

from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Callable, Mapping
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.errors import CodingTimeLimit, EventcoderError, InputError
from eventcoder.serve.coding import CoderBusy

log = logging.getLogger("eventcoder.serve")


class ApiError(Exception):
    """An error with a status code, a short message and what exactly was wrong."""

    def __init__(
        self, status: int, error: str, detail: Any = None, headers: Mapping[str, str] | None = None
    ) -> None:
        super().__init__(error)
        self.status = status
        self.error = error
        self.detail = detail
        self.headers = dict(headers or {})


class SafeJSONResponse(JSONResponse):
    """JSON in ASCII: a lone surrogate or other text a client sent is escaped, never a 500."""

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


Body = TypeVar("Body", bound=BaseModel)


async def read_json_object(request: Request, error: str, *, empty: bool = False) -> dict[str, Any]:
    """The request's JSON body as an object; 400/422 ``ApiError`` when it is not one.

    ``empty=True`` reads an empty body as ``{}``. Every write endpoint reads JSON here, so each
    refuses malformed, too deeply nested and lone-surrogate bodies the same way.
    """
    body = await request.body()
    try:
        payload = json.loads(body or b"{}") if empty else json.loads(body)
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
        raise ApiError(422, error, "the JSON body must be an object")
    return payload


def validate_body(model: type[Body], payload: dict[str, Any], error: str) -> Body:
    """``payload`` as ``model``; a 422 ``ApiError`` naming each wrong field when it is not."""
    try:
        return model.model_validate(payload)
    except ValidationError as exc:
        detail = [
            {"loc": ["body", *map(str, e["loc"])], "msg": e["msg"], "type": e["type"]}
            for e in exc.errors()
        ]
        raise ApiError(422, error, detail) from exc


def error_response(
    status: int, error: str, detail: Any = None, headers: Mapping[str, str] | None = None
) -> JSONResponse:
    return SafeJSONResponse(
        {"error": error, "detail": detail}, status_code=status, headers=dict(headers or {})
    )


def _json_safe_validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    # pydantic puts the raw exception object in ctx for some errors; it is not JSON
    return [
        {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
        for e in exc.errors()
    ]


HtmlErrorPage = Callable[[Request, int, str, Any], Response]


def install_error_handlers(app: FastAPI, html_page: HtmlErrorPage | None = None) -> None:
    """JSON errors for the API; for a browser asking for a page, ``html_page`` renders one."""

    def respond(
        request: Request,
        status: int,
        error: str,
        detail: Any,
        headers: Mapping[str, str] | None = None,
    ) -> Response:
        wants_html = "text/html" in request.headers.get("accept", "")
        if html_page is not None and wants_html and not request.url.path.startswith("/api/"):
            page = html_page(request, status, error, detail)
            page.headers.update(headers or {})
            return page
        return error_response(status, error, detail, headers)

    @app.exception_handler(ApiError)
    async def _api_error(request: Request, exc: ApiError) -> Response:
        return respond(request, exc.status, exc.error, exc.detail, exc.headers)

    @app.exception_handler(CoderBusy)
    async def _busy(request: Request, exc: CoderBusy) -> Response:
        headers = {"Retry-After": str(exc.retry_after)}
        return respond(request, 503, "server busy", exc.reason, headers)

    @app.exception_handler(CodingTimeLimit)
    async def _too_long(request: Request, exc: CodingTimeLimit) -> Response:
        detail = f"{exc}; code it with `eventcoder code` instead, which has no time limit"
        return respond(request, 413, "article too long to code here", detail)

    @app.exception_handler(ClientDisconnect)
    async def _gone(request: Request, exc: ClientDisconnect) -> Response:
        # Nobody is left to answer: one line in the log, no traceback.
        log.info("client disconnected during %s %s", request.method, request.url.path)
        return Response(status_code=400)

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        return respond(request, 422, "invalid request", _json_safe_validation_errors(exc))

    @app.exception_handler(StarletteHTTPException)
    async def _http(request: Request, exc: StarletteHTTPException) -> Response:
        messages = {
            404: "not found",
            405: "method not allowed",
            408: "request timeout",
            413: "request too large",
        }
        error = messages.get(exc.status_code, "request failed")
        return respond(request, exc.status_code, error, exc.detail)

    @app.exception_handler(InputError)
    async def _input(request: Request, exc: InputError) -> Response:
        return respond(request, 400, "bad input", str(exc))

    @app.exception_handler(EventcoderError)
    async def _eventcoder(request: Request, exc: EventcoderError) -> Response:
        return respond(request, 400, "bad request", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        # A bug, not the client's fault: log it, answer in the same shape.
        log.exception("unhandled error on %s %s", request.method, request.url.path)
        return respond(request, 500, "internal error", type(exc).__name__)


class BodySizeLimit:
    """Reject request bodies over ``max_bytes`` with 413 before the app buffers them.

    Checks Content-Length up front and also counts streamed (chunked) bodies, so a client
    that lies about or omits the length cannot make the server read more than the limit.
    A client that stops sending in the middle of a body gets a 408 after ``body_seconds``
    instead of holding a connection open forever.
    """

    def __init__(self, app: ASGIApp, max_bytes: int, body_seconds: float = 30.0) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.body_seconds = body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None:
            try:
                too_large = int(length) > self.max_bytes
            except ValueError:
                await self._reject(scope, receive, send, 400, "invalid Content-Length header")
                return
            if too_large:
                await self._reject(scope, receive, send, 413, self._detail())
                return

        received = 0
        response_started = False
        body_done = False

        async def limited_receive() -> Message:
            nonlocal received, body_done
            if body_done:
                # after the body, receive() only waits for a disconnect: no time limit
                return await receive()
            try:
                message = await asyncio.wait_for(receive(), timeout=self.body_seconds)
            except TimeoutError:
                raise _BodyTimeout(self.body_seconds) from None
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    raise _BodyTooLarge(self._detail())
                body_done = not message.get("more_body", False)
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, tracking_send)
        except _BodyTooLarge:
            if not response_started:
                await error_response(413, "request too large", self._detail())(scope, receive, send)
        except _BodyTimeout as exc:
            if not response_started:
                await error_response(408, "request timeout", exc.detail)(scope, receive, send)

    def _detail(self) -> str:
        return f"request body is over the limit of {self.max_bytes:,} bytes"

    async def _reject(
        self, scope: Scope, receive: Receive, send: Send, status: int, detail: str
    ) -> None:
        error = "request too large" if status == 413 else "bad request"
        await error_response(status, error, detail)(scope, receive, send)


class _BodyTooLarge(StarletteHTTPException):
    # An HTTPException so that FastAPI's body parsing re-raises it as is (it turns other
    # exceptions into a generic 400) and the 413 handler above answers.
    def __init__(self, detail: str) -> None:
        super().__init__(status_code=413, detail=detail)


class _BodyTimeout(StarletteHTTPException):
    def __init__(self, seconds: float) -> None:
        super().__init__(
            status_code=408, detail=f"the request body stalled for more than {seconds:g} s"
        )
