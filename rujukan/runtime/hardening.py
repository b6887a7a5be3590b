"""The HTTP edge's defences, as plain ASGI middlewares around every service's app.

From the outside in (``install``): security headers on every response, JSON included;
the trusted-host check (Starlette's ``TrustedHostMiddleware``, its refusal rendered as a
problem); the request-body limit (413); and the crash barrier, which answers an
unexpected exception with a bare 500 problem and logs it by type with its stack, never
its message (it may carry a value from the request).
"""

import logging

from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rujukan.runtime.problems import problem

log = logging.getLogger(__name__)

STRICT_CSP = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
"""For everything that does not set its own policy: JSON loads nothing, frames nothing."""

DOCS_CSP = (
    "default-src 'none'; script-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net; "
    "style-src 'self' 'unsafe-inline' https://cdn.jsdelivr.net https://fonts.googleapis.com; "
    "font-src https://fonts.gstatic.com; img-src 'self' data: https://fastapi.tiangolo.com "
    "https://cdn.redoc.ly; worker-src blob:; connect-src 'self'; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
)
"""For the interactive API docs (``/docs``, ``/redoc``), which load their viewer."""

DOCS_PATHS = frozenset({"/docs", "/redoc", "/docs/oauth2-redirect"})
HSTS = "max-age=31536000; includeSubDomains"
_HOST_PASSED = "rujukan.host_passed"


class HttpMiddleware:
    """A middleware of HTTP requests only: anything else (lifespan) passes straight to
    ``app``, so each defence says only what it does to a request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
        else:
            await self.http(scope, receive, send)

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class SecurityHeaders(HttpMiddleware):
    """Headers every response carries; HSTS only over TLS (never on plain loopback)."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                _harden(MutableHeaders(scope=message), scope)
            await send(message)

        await self.app(scope, receive, with_headers)


def _harden(headers: MutableHeaders, scope: Scope) -> None:
    headers["X-Content-Type-Options"] = "nosniff"
    headers["Referrer-Policy"] = "no-referrer"
    headers["X-Frame-Options"] = "DENY"
    if "content-security-policy" not in headers:
        docs = scope.get("path") in DOCS_PATHS
        headers["Content-Security-Policy"] = DOCS_CSP if docs else STRICT_CSP
    if "cache-control" not in headers:
        headers["Cache-Control"] = "no-store"
    if scope.get("scheme") == "https":
        headers["Strict-Transport-Security"] = HSTS


class TrustedHosts:
    """Starlette's host check; a request for another host answers a 400 problem."""

    def __init__(self, app: ASGIApp, allowed_hosts: list[str]) -> None:
        self.app = app
        self.check = TrustedHostMiddleware(self._passed, allowed_hosts, www_redirect=False)

    async def _passed(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[_HOST_PASSED] = True
        await self.app(scope, receive, send)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.check(scope, receive, send)
            return

        async def only_when_passed(message: Message) -> None:
            if scope.get(_HOST_PASSED):
                await send(message)

        await self.check(scope, receive, only_when_passed)
        if not scope.get(_HOST_PASSED):
            refused = problem(400, detail="This service does not answer for that host.")
            await refused(scope, receive, send)


class BodyLimit(HttpMiddleware):
    """Refuse a request body larger than ``max_bytes`` with 413, declared or streamed."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        super().__init__(app)
        self.max_bytes = max_bytes

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        declared = Headers(scope=scope).get("content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_bytes):
            status = 413 if declared.isdigit() else 400
            await problem(status, detail=self._detail(status), instance=scope["path"])(
                scope, receive, send
            )
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise HTTPException(413, self._detail(413))
            return message

        await self.app(scope, counted, send)

    def _detail(self, status: int) -> str:
        if status == 413:
            return f"The request body is larger than {self.max_bytes} bytes."
        return "The Content-Length header is not a number."


class CrashBarrier(HttpMiddleware):
    """An unexpected exception answers 500 with no detail; operators get its type and
    stack in the log (``logs.safe_exception``), and nothing reaches the server's own
    error page or log, which would print the exception's message."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = False

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, receive, watched)
        except Exception as exc:
            log.error(
                "%s on %s %s", type(exc).__name__, scope["method"], scope["path"], exc_info=True
            )
            if not started:
                await problem(500, instance=scope["path"])(scope, receive, send)


def install(app: FastAPI, *, allowed_hosts: list[str], max_body_bytes: int) -> None:
    """Wrap ``app`` in the middlewares (each added one wraps those added before)."""
    app.add_middleware(CrashBarrier)
    app.add_middleware(BodyLimit, max_bytes=max_body_bytes)
    app.add_middleware(TrustedHosts, allowed_hosts=allowed_hosts)
    app.add_middleware(SecurityHeaders)
