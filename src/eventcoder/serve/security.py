"""Web hygiene for a server that runs on the user's own machine.

A server on 127.0.0.1 is reachable from every page the user's browser opens, so:

- ``Host`` must name this server (DNS rebinding: a hostile name that resolves to 127.0.0.1
  makes the browser treat the server as that site's own origin);
- a request that changes anything (any method but GET/HEAD/OPTIONS) must come from this
  server's own pages or from a non-browser client: a browser says where a request comes from
  in ``Sec-Fetch-Site`` and ``Origin``, and a cross-site form post to /api/code with
  ``store=true`` is refused with 403 before the body is read;
- every response says ``X-Content-Type-Options: nosniff``, ``X-Frame-Options: DENY`` and a
  Content-Security-Policy that lets pages load scripts, styles, images and data from this
  server only (no inline script, no other site, no framing).
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eventcoder.serve.errors import error_response

#: Names of this machine that a local server answers to by default.
LOOPBACK_HOSTS: tuple[str, ...] = ("127.0.0.1", "localhost", "::1")

#: Methods that only read: everything else is a write and needs a same-origin request.
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        # leaflet and swagger-ui draw some icons from data: URLs
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)

SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"referrer-policy", b"same-origin"),
)


def host_name(host_header: str) -> str:
    """``example.org:8000`` → ``example.org``; ``[::1]:8000`` → ``::1``; lower case."""
    host = host_header.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


class WebGuard:
    """ASGI middleware: Host allow-list, same-origin writes and security headers.

    ``allowed_hosts`` are host names (no port); ``"*"`` among them turns the Host check off
    (a server bound to every interface, whose names the user did not list).
    """

    def __init__(self, app: ASGIApp, allowed_hosts: Iterable[str] = LOOPBACK_HOSTS) -> None:
        self.app = app
        self.allowed_hosts = {host_name(host) for host in allowed_hosts}
        self.any_host = "*" in self.allowed_hosts

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", [])}
                extra = [(n, v) for n, v in SECURITY_HEADERS if n not in present]
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        headers = {
            name.decode("latin-1").lower(): value.decode("latin-1")
            for name, value in scope.get("headers") or []
        }
        host = headers.get("host", "")
        if not self.any_host and host_name(host) not in self.allowed_hosts:
            detail = f"this server does not answer to the host name {host!r}"
            await error_response(400, "unknown host", detail)(scope, receive, send_with_headers)
            return
        if scope["method"] not in SAFE_METHODS:
            refusal = cross_site_refusal(headers, scope.get("scheme", "http"), host)
            if refusal is not None:
                await error_response(403, "cross-site request refused", refusal)(
                    scope, receive, send_with_headers
                )
                return
        await self.app(scope, receive, send_with_headers)


def cross_site_refusal(headers: dict[str, str], scheme: str, host: str) -> str | None:
    """Why a write must be refused, or None when it comes from this server or no browser.

    A browser sends ``Sec-Fetch-Site`` (modern ones) and ``Origin`` (on every POST); a
    client such as curl or a script sends neither, and is not a cross-site page.
    """
    fetch_site = headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site not in ("same-origin", "none"):
        return f"a write from another site (Sec-Fetch-Site: {fetch_site})"
    origin = headers.get("origin")
    if origin is None:
        return None
    if origin == "null":
        return "a write from an opaque origin (Origin: null)"
    parts = urlsplit(origin)
    if parts.scheme != scheme or parts.netloc.lower() != host.strip().lower():
        return f"a write from another origin ({origin})"
    return None
