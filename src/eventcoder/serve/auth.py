"""Who may write: tokens for API clients, a login cookie and CSRF tokens for the pages.

Reading is open to whoever reaches the server (the Host allow-list and the same-origin rule of
``security.py`` still apply). Every *write* (a review, ``POST /api/code`` with ``store=true``)
goes through :meth:`Auth.writer`:

- a server started ``--read-only`` refuses every write (409);
- an API client sends ``Authorization: Bearer <token>`` and names itself in ``X-Reviewer``;
- a page user logs in at ``/login`` with the token and a reviewer name, and gets a session
  cookie (``HttpOnly``, ``SameSite=Strict``, ``Secure`` over https); every cookie-authenticated
  write must also carry the session's CSRF token (``X-CSRF-Token`` header or ``csrf_token``
  form field), which the pages embed and a cross-site page cannot read;
- when the server listens on loopback only and no token is configured (``token_required``
  false), writes need no token: local use stays as simple as before. A reviewer name is still
  required (``X-Reviewer``, or the name given at ``/login``).

The token comes from ``EVENTCODER_TOKEN`` or is generated (``secrets.token_urlsafe``) when the
server starts and printed once; the server keeps only its SHA-256 digest in memory and compares
digests with ``hmac.compare_digest``. Sessions live in memory: a restart logs everyone out.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import threading
import time
from dataclasses import dataclass, field

from fastapi import Request

from eventcoder.serve.errors import ApiError
from eventcoder.store.review import ReviewError, check_reviewer

SESSION_COOKIE = "eventcoder_session"
CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
REVIEWER_HEADER = "x-reviewer"
#: How long a login lasts (seconds): a working day.
SESSION_SECONDS = 12 * 3600


def digest(secret: str) -> bytes:
    return hashlib.sha256(secret.encode("utf-8")).digest()


@dataclass
class Session:
    reviewer: str
    csrf: str
    expires: float


@dataclass
class Writer:
    """Who is writing, and how they proved it (``token``, ``session`` or ``local``)."""

    reviewer: str
    via: str


@dataclass
class Auth:
    """The server's write policy (see the module docstring)."""

    token_required: bool = False
    read_only: bool = False
    token_digest: bytes | None = None
    sessions: dict[bytes, Session] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    @classmethod
    def create(
        cls, *, token: str | None, token_required: bool, read_only: bool = False
    ) -> tuple[Auth, str | None]:
        """The policy, and the token to print when one had to be generated (else None)."""
        generated = None
        if token_required and not token:
            token = generated = secrets.token_urlsafe(32)
        auth = cls(
            token_required=token_required,
            read_only=read_only,
            token_digest=digest(token) if token else None,
        )
        return auth, generated

    # --------------------------------------------------------------------- checks
    def token_ok(self, token: str) -> bool:
        if self.token_digest is None:
            return False
        return hmac.compare_digest(digest(token), self.token_digest)

    def session(self, request: Request) -> Session | None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if not cookie:
            return None
        with self.lock:
            found = self.sessions.get(digest(cookie))
            if found is not None and found.expires < time.time():
                self.sessions.pop(digest(cookie), None)
                return None
        return found

    def login(self, reviewer: str, token: str | None) -> tuple[str, Session]:
        """A new session (cookie value, session) for a reviewer; 401 on a wrong token."""
        try:
            reviewer = check_reviewer(reviewer)
        except ReviewError as exc:
            raise ApiError(422, "invalid login", str(exc)) from exc
        needs_token = self.token_digest is not None or self.token_required
        if needs_token and (not token or not self.token_ok(token)):
            raise ApiError(401, "wrong token", "the token does not match this server's")
        cookie = secrets.token_urlsafe(32)
        session = Session(reviewer, secrets.token_urlsafe(32), time.time() + SESSION_SECONDS)
        with self.lock:
            now = time.time()
            for key in [k for k, s in self.sessions.items() if s.expires < now]:
                del self.sessions[key]
            self.sessions[digest(cookie)] = session
        return cookie, session

    def logout(self, request: Request) -> None:
        cookie = request.cookies.get(SESSION_COOKIE)
        if cookie:
            with self.lock:
                self.sessions.pop(digest(cookie), None)

    def writer(
        self, request: Request, form_csrf: str | None = None, *, named: bool = True
    ) -> Writer:
        """Who may make this write; raises the refusal (401/403/409/422) otherwise.

        ``named``: the write is a review and needs a reviewer name (storing an article
        does not).
        """
        if self.read_only:
            raise ApiError(409, "store is read-only", "the server was started with --read-only")
        authorization = request.headers.get("authorization", "")
        scheme, _, credentials = authorization.partition(" ")
        if authorization:
            if scheme.lower() != "bearer" or not self.token_ok(credentials.strip()):
                raise ApiError(
                    401,
                    "wrong token",
                    "send Authorization: Bearer <token> with this server's token",
                    headers={"WWW-Authenticate": "Bearer"},
                )
            return Writer(self._named(request.headers.get(REVIEWER_HEADER), named), "token")
        session = self.session(request)
        if session is not None:
            sent = request.headers.get(CSRF_HEADER) or form_csrf or ""
            if not hmac.compare_digest(sent.encode(), session.csrf.encode()):
                raise ApiError(
                    403, "missing CSRF token", "reload the page: the form's CSRF token is stale"
                )
            return Writer(session.reviewer, "session")
        if self.token_required:
            raise ApiError(
                401,
                "login required",
                "this server takes writes only with its token: send Authorization: Bearer "
                "<token>, or log in at /login",
                headers={"WWW-Authenticate": "Bearer"},
            )
        return Writer(self._named(request.headers.get(REVIEWER_HEADER), named), "local")

    @staticmethod
    def _named(reviewer: str | None, required: bool) -> str:
        if not required and not reviewer:
            return ""
        try:
            return check_reviewer(reviewer)
        except ReviewError as exc:
            raise ApiError(
                422, "reviewer required", f"name the reviewer in the X-Reviewer header: {exc}"
            ) from exc
