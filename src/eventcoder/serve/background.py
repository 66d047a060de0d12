"""Run the app with uvicorn in a background thread: for browser tests and screenshots.

It binds 127.0.0.1 on a free port chosen by the OS and stops cleanly on exit, so nothing is
left listening after a test session or a screenshot run.
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from fastapi import FastAPI


def free_port(host: str = "127.0.0.1") -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(
    app: FastAPI, host: str = "127.0.0.1", startup_timeout: float = 30.0
) -> Iterator[str]:
    """Serve ``app`` on a free localhost port; yields its base URL (``http://127.0.0.1:PORT``)."""
    from eventcoder.config import get_settings
    from eventcoder.serve.protocol import header_timed_protocol

    port = free_port(host)
    settings = getattr(app.state, "settings", None) or get_settings()
    config = uvicorn.Config(
        app,
        host=host,
        port=port,
        log_level="warning",
        http=header_timed_protocol(settings.serve_body_seconds),
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name=f"eventcoder-serve-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + startup_timeout
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            server.should_exit = True
            raise RuntimeError(f"the web server did not start on {host}:{port}")
        time.sleep(0.05)
    try:
        yield f"http://{host}:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
