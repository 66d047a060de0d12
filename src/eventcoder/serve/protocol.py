"""uvicorn's HTTP/1.1 protocol with a time limit on a request's line and headers.

uvicorn (h11) times out an idle keep-alive connection, but not a connection whose request
line and headers never finish: a client trickling a header byte by byte would hold its
connection forever. Here each connection must complete a request's headers within
``seconds`` of opening (and of the previous response), or it is closed. The body's own
time limit is :class:`eventcoder.serve.errors.BodySizeLimit`'s.
"""

from __future__ import annotations

import asyncio
from typing import Any

from uvicorn.protocols.http.h11_impl import H11Protocol


class HeaderTimedH11Protocol(H11Protocol):
    """H11Protocol that closes a connection whose request headers take over ``seconds``."""

    seconds: float = 30.0

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._headers_timer: asyncio.TimerHandle | None = None
        self._cycle_when_armed: object = None

    def _arm(self) -> None:
        if self._headers_timer is not None:
            self._headers_timer.cancel()
        # a new request replaces self.cycle: if it is still the same at expiry, the headers
        # of the next request never completed
        self._cycle_when_armed = self.cycle
        self._headers_timer = self.loop.call_later(self.seconds, self._headers_expired)

    def _headers_expired(self) -> None:
        self._headers_timer = None
        if self.cycle is self._cycle_when_armed and not self.transport.is_closing():
            self.logger.info(
                "closing a connection whose request headers took over %gs", self.seconds
            )
            self.transport.close()

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        super().connection_made(transport)
        self._arm()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        if not self.transport.is_closing():
            self._arm()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._headers_timer is not None:
            self._headers_timer.cancel()
            self._headers_timer = None
        super().connection_lost(exc)


def header_timed_protocol(seconds: float) -> type[HeaderTimedH11Protocol]:
    """The protocol class to give uvicorn (``http=``), with its time limit set."""
    return type("HeaderTimedH11Protocol", (HeaderTimedH11Protocol,), {"seconds": seconds})
