"""Articles sent to be coded: the API's JSON body, the page's form or upload, and storing one.

The JSON API (``POST /api/code``) and the web page's form (``/code``) read a submission here
and store a coded article the same way.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from fastapi import Request
from pydantic import BaseModel, Field
from starlette.datastructures import UploadFile

from eventcoder.errors import InputError
from eventcoder.models import CodedDocument
from eventcoder.serve.coding import InputFormat
from eventcoder.serve.errors import ApiError, read_json_object, validate_body
from eventcoder.store.db import Store, content_hash_of, document_id_for


class CodeRequest(BaseModel):
    """An article to code: its text (plain or HTML) and what the text cannot say."""

    model_config = {"extra": "forbid"}

    text: str | None = Field(default=None, description="The article as plain text.")
    html: str | None = Field(default=None, description="The article as an HTML page.")
    title: str | None = Field(default=None, max_length=1000)
    published: dt.date | None = Field(default=None, description="Publication date, YYYY-MM-DD.")
    id: str | None = Field(default=None, max_length=200, pattern=r"^[\w.:-]+$")
    store: bool = Field(default=False, description="Also store the coded article.")


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
        payload = await read_json_object(request, "invalid request")
        req = validate_body(CodeRequest, payload, "invalid request")
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
