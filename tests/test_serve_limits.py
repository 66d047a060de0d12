"""The server under load and misbehaving clients, over real HTTP (uvicorn in a thread).

A long article must not block the server, a full coder answers 503 with Retry-After at once,
an article that takes too long is a 413, a stalled body a 408, and a client that hangs up
costs one log line.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from eventcoder.config import Settings
from eventcoder.serve import create_app
from eventcoder.serve.background import serve_in_thread

SHORT = "Azerbaijani troops attacked Armenian positions near Jermuk, the ministry said."


def _server(tmp_path: Path, pipeline: Any, **settings: Any) -> Iterator[tuple[str, Any]]:
    app = create_app(tmp_path / "store.duckdb", Settings(**settings), pipeline=pipeline)
    with serve_in_thread(app) as base:
        yield base, app


@pytest.fixture
def busy_server(tmp_path: Path, pipeline: Any) -> Iterator[tuple[str, Any]]:
    # one article at a time, none waiting, one second of coding each
    yield from _server(tmp_path, pipeline, serve_queue=0, serve_time_limit=1.0)


def _wait_until(condition: Any, what: str, seconds: float = 120.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting: {what}"
        time.sleep(0.01)


def test_a_long_article_neither_blocks_the_server_nor_runs_unbounded(
    busy_server: tuple[str, Any], fixture_path: Path
) -> None:
    base, app = busy_server
    # about 300,000 characters: six 50,000-character pieces, each several seconds of coding
    article = "\n\n".join([fixture_path.read_text(encoding="utf-8")] * 30)
    answers: dict[str, httpx.Response] = {}

    def post_long() -> None:
        answers["long"] = httpx.post(f"{base}/api/code", json={"text": article}, timeout=600)

    worker = threading.Thread(target=post_long)
    worker.start()
    try:
        _wait_until(lambda: app.state.coder.active == 1, "the long article to be admitted")
        # the store still answers while the article is coded
        stats = httpx.get(f"{base}/api/stats", timeout=60)
        assert stats.status_code == 200
        # the coder is full: a second article is told to come back, at once
        busy = httpx.post(f"{base}/api/code", json={"text": SHORT}, timeout=60)
        assert busy.status_code == 503, busy.text
        assert int(busy.headers["retry-after"]) >= 1
        assert busy.json()["error"] == "server busy"
    finally:
        worker.join(timeout=600)
    long = answers["long"]
    assert long.status_code == 413, long.text
    assert "time limit" in long.json()["detail"]
    # and the coder is free again
    _wait_until(lambda: app.state.coder.active == 0, "the coder to be free")
    again = httpx.post(f"{base}/api/code", json={"text": SHORT}, timeout=600)
    assert again.status_code == 200, again.text


def _raw_request(base: str, head: bytes, body: bytes) -> socket.socket:
    host, port = base.removeprefix("http://").split(":")
    connection = socket.create_connection((host, int(port)), timeout=60)
    connection.sendall(head + b"\r\n\r\n" + body)
    return connection


HEAD = (
    b"POST /api/code HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
    b"Content-Length: 1000"
)


def _read_response(connection: socket.socket) -> bytes:
    """The whole HTTP response: headers and body may arrive in separate packets, so read
    until Content-Length bytes of body are in (or the server closes the connection)."""
    answer = b""
    while b"\r\n\r\n" not in answer and (chunk := connection.recv(4096)):
        answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    length = next(
        (int(line.split(b":", 1)[1]) for line in head.split(b"\r\n")
         if line.lower().startswith(b"content-length:")),
        0,
    )  # fmt: skip
    while len(body) < length and (chunk := connection.recv(4096)):
        body += chunk
    return head + b"\r\n\r\n" + body


def test_a_stalled_body_is_a_408(tmp_path: Path, pipeline: Any) -> None:
    for base, _ in _server(tmp_path, pipeline, serve_body_seconds=0.5):
        connection = _raw_request(base, HEAD, b'{"text": "only the start')
        with connection:
            answer = _read_response(connection)
        assert answer.startswith(b"HTTP/1.1 408"), answer[:200]
        assert b'"error":"request timeout"' in answer


def test_a_client_hanging_up_logs_one_line(
    tmp_path: Path, pipeline: Any, caplog: pytest.LogCaptureFixture
) -> None:
    uvicorn_errors = logging.getLogger("uvicorn.error")
    uvicorn_errors.addHandler(caplog.handler)
    caplog.set_level(logging.INFO, logger="eventcoder.serve")
    try:
        for base, _ in _server(tmp_path, pipeline):
            _raw_request(base, HEAD, b'{"text": "half a bo').close()
            _wait_until(
                lambda: any("disconnected" in r.getMessage() for r in caplog.records),
                "the disconnect to be logged",
                seconds=30,
            )
            # the server is fine afterwards
            assert httpx.get(f"{base}/api/stats", timeout=60).status_code == 200
    finally:
        uvicorn_errors.removeHandler(caplog.handler)
    gone = [r for r in caplog.records if "disconnected" in r.getMessage()]
    assert len(gone) == 1
    assert gone[0].getMessage() == "client disconnected during POST /api/code"
    assert not [r for r in caplog.records if r.exc_info], [r.getMessage() for r in caplog.records]


def test_trickled_request_headers_are_cut_off(tmp_path: Path, pipeline: Any) -> None:
    for base, _ in _server(tmp_path, pipeline, serve_body_seconds=0.5):
        host, port = base.removeprefix("http://").split(":")
        with socket.create_connection((host, int(port)), timeout=60) as connection:
            connection.sendall(b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            # the headers never end: the server closes the connection
            assert connection.recv(4096) == b""
        # a client that finishes its headers in time is served, on the same kind of connection
        connection = _raw_request(base, b"GET /api/stats HTTP/1.1\r\nHost: 127.0.0.1", b"")
        with connection:
            assert connection.recv(4096).startswith(b"HTTP/1.1 200")
