"""The HTTP edge of an agency process: a FastAPI app around an :class:`AgencyRuntime`.

Deny by default: every route declares the roles it admits or that it is public
(:mod:`rujukan.runtime.accounts.http`); `create_app` refuses an app with a route that
declares neither. Health and readiness are public; ``/status`` and ``/metrics`` are for
the agency's ``operator`` and ``monitoring`` accounts.

Routes stay thin: validate, call the use case, raise the domain's errors. Errors
become RFC 9457 problems here, once, for every service (``problem_handlers``): 409
for an illegal state transition, 422 naming the field or the rule, 404 for what is
unknown or not visible to the caller; the OpenAPI document lists each
(``api_docs``), and the hardening middlewares wrap every route (``hardening``). While the
database is unavailable a request answers 503 with ``Retry-After``, and so does a command
request beyond the process's ``max_commands_in_flight`` (:class:`CommandAdmission`).
"""

import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from fastapi import FastAPI, Request, Response
from fastapi.responses import JSONResponse, PlainTextResponse, RedirectResponse
from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, StatusCode
from prometheus_client import Histogram
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from rujukan.directory import AgencyDirectory
from rujukan.runtime import hardening
from rujukan.runtime import telemetry as tm
from rujukan.runtime.accounts.http import PUBLIC, SignInRequired, check_declared, requires
from rujukan.runtime.api_docs import document_problems
from rujukan.runtime.audit.middleware import AuditMiddleware
from rujukan.runtime.hardening import HttpMiddleware
from rujukan.runtime.metrics import CONTENT_TYPE
from rujukan.runtime.problem_handlers import add_problem_handlers
from rujukan.runtime.problems import problem
from rujukan.runtime.routing import ThreadedRoute
from rujukan.runtime.service import (
    AgencyRuntime,
    ServiceDefinition,
    UnitsOfWork,
    signed_unit_of_work,
)
from rujukan.runtime.settings import AgencySettings


def create_app(
    definition: ServiceDefinition,
    settings: AgencySettings,
    directory: AgencyDirectory | None = None,
    *,
    manage_runtime: bool = True,
    units: UnitsOfWork = signed_unit_of_work,
) -> FastAPI:
    """Build the app of one agency instance. With ``manage_runtime`` the app's
    lifespan starts and stops the runtime (the normal case under uvicorn); ``units``
    builds its units of work (a benchmark's own)."""
    runtime = AgencyRuntime(settings, definition, directory, units=units)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if manage_runtime:
            await runtime.start()
        try:
            yield
        finally:
            if manage_runtime:
                await runtime.stop()

    app = FastAPI(
        title=f"{definition.title} — {runtime.agency.name}",
        description=f"Agency `{runtime.agency.id}` ({runtime.agency.kind}) on the Rujukan network.",
        lifespan=lifespan,
        # one telemetry: the OpenTelemetry instrumentation below makes the request's span
        telemetry={"tracing": False, "metrics": False, "logs": False},
    )
    app.router.route_class = ThreadedRoute  # health, readiness, metrics as every route
    app.state.runtime = runtime
    _add_health_routes(app, runtime)
    _add_metrics(app, runtime)
    add_problem_handlers(app)
    app.add_exception_handler(SignInRequired, _sign_in)  # type: ignore[arg-type]
    for router in runtime.routers:
        app.include_router(router)
    check_declared(app)
    document_problems(app)
    app.add_middleware(AuditMiddleware, trail=runtime.audit)  # inside the hardening
    hardening.install(
        app, allowed_hosts=settings.allowed_hosts, max_body_bytes=settings.max_body_bytes
    )
    app.add_middleware(CommandAdmission, limit=settings.max_commands_in_flight)
    # outermost: a request refused as busy is timed and traced too
    app.add_middleware(RequestTelemetry, histogram=runtime.metrics.http_seconds)
    return app


class RequestTelemetry(HttpMiddleware):
    """Each request's seconds, by method, route template and status (the histogram of
    ``/metrics``), and its SERVER span: in the trace the caller's W3C ``traceparent``
    names, named by the method and the route's template (``POST
    /cases/{case_id}/referrals``), with the method, the template and the status (HTTP
    semantic conventions). The span is the current one while the route runs, so the unit
    of work stores its context with the outbox rows and the events the request causes
    stay in its trace (`rujukan.runtime.telemetry`). Health, readiness and metrics are
    timed, not traced.

    A plain ASGI middleware: Starlette's ``BaseHTTPMiddleware`` runs the rest of every
    request in a task of its own with a memory stream between, which cost the hub more
    CPU than its route. A span of its own, not the OpenTelemetry ASGI instrumentation:
    that one computed a dozen attributes and scanned the routes for every request, 0.2 to
    0.4 ms of the hub's CPU per request, more than looking up the caller's token."""

    def __init__(self, app: ASGIApp, histogram: Histogram) -> None:
        super().__init__(app)
        self.histogram = histogram

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        started = time.perf_counter()
        response = _Response(send)
        if scope["path"] in UNTRACED:
            try:
                await self.app(scope, receive, response.send)
            finally:
                self._observe(scope, response.status, started)
            return
        span = tm.tracer().start_span(
            scope["method"],
            context=tm.context_from(_trace_headers(scope)),
            kind=SpanKind.SERVER,
            attributes={tm.HTTP_METHOD: scope["method"]},
        )
        # an exception's text may carry a value from the request: the status says enough
        with trace.use_span(
            span, end_on_exit=True, record_exception=False, set_status_on_exception=False
        ):
            try:
                await self.app(scope, receive, response.send)
            finally:
                route = self._observe(scope, response.status, started)
                _describe(span, scope["method"], route, response.status)

    def _observe(self, scope: Scope, status: int, started: float) -> str | None:
        route: str | None = getattr(scope.get("route"), "path", None)  # the template
        self.histogram.labels(
            method=scope["method"], route=route or "unmatched", status=str(status)
        ).observe(time.perf_counter() - started)
        return route


class _Response:
    """The ``send`` of a request, noting the status it answers (500 until it starts)."""

    def __init__(self, send: Send) -> None:
        self._send = send
        self.status = 500

    async def send(self, message: Message) -> None:
        if message["type"] == "http.response.start":
            self.status = int(message["status"])
        await self._send(message)


def _describe(span: Span, method: str, route: str | None, status: int) -> None:
    if route is not None:
        span.update_name(f"{method} {route}")
        span.set_attribute(tm.HTTP_ROUTE, route)
    span.set_attribute(tm.HTTP_STATUS, status)
    if status >= 500:
        span.set_status(StatusCode.ERROR)


UNTRACED = frozenset({"/healthz", "/readyz", "/metrics"})
_TRACE_HEADERS = (b"traceparent", b"tracestate")


def _trace_headers(scope: Scope) -> dict[str, str]:
    return {
        name.decode("latin-1"): value.decode("latin-1")
        for name, value in scope["headers"]
        if name in _TRACE_HEADERS
    }


COMMAND_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
BUSY_RETRY_AFTER_S = 1


class CommandAdmission(HttpMiddleware):
    """At most ``limit`` command requests in flight in this process; the next one is
    answered at once with 503, ``Retry-After`` and the network's problem body (rule
    ``capacity_available``), before it reads its body or touches the database.

    Without it an overloaded agency accepts every connection and queues each request for
    a worker thread: the queue, and the memory it holds, grow without bound, and every
    request waits behind all the others. Refused at the door, a request has done nothing
    and may be sent again after ``Retry-After``. Reads (GET) are not counted: they change
    nothing, and an operator must still see the process's state.
    """

    def __init__(self, app: ASGIApp, limit: int) -> None:
        super().__init__(app)
        self.limit = limit
        self.in_flight = 0
        """Counted on the event loop's thread only, so no lock."""

    async def http(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in COMMAND_METHODS:
            await self.app(scope, receive, send)
            return
        if self.in_flight >= self.limit:
            busy = problem(
                503,
                detail=f"{self.limit} requests are being handled; try again shortly",
                instance=scope["path"],
                rule="capacity_available",
                headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
            )
            await busy(scope, receive, send)
            return
        self.in_flight += 1
        try:
            await self.app(scope, receive, send)
        finally:
            self.in_flight -= 1


_NOT_READY: dict[int | str, dict[str, Any]] = {
    503: {
        "description": "Not ready yet: the same status, with what is missing.",
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _add_health_routes(app: FastAPI, runtime: AgencyRuntime) -> None:
    @app.get("/healthz", tags=["operations"], summary="Liveness", dependencies=[PUBLIC])
    def healthz() -> dict[str, str]:
        return {"status": "alive", "agency_id": runtime.agency.id}

    @app.get(
        "/readyz",
        tags=["operations"],
        summary="Readiness",
        responses=_NOT_READY,
        dependencies=[PUBLIC],
    )
    def readyz() -> JSONResponse:
        body = _status(runtime)
        return JSONResponse(body, status_code=200 if runtime.ready else 503)

    @app.get(
        "/status",
        tags=["operations"],
        summary="Runtime status",
        dependencies=[METRICS_READER],
    )
    def status() -> dict[str, Any]:
        return _status(runtime)


METRICS_READER = requires("operator", "monitoring")
"""Who may read ``GET /metrics`` (and ``/status``): the agency's operators and its
monitoring account. The metrics carry counts and vocabularies, never an id or a child's
identity."""


async def _sign_in(_request: Request, exc: SignInRequired) -> RedirectResponse:
    """A page asked without a live session: the browser goes to the sign-in page."""
    return RedirectResponse(exc.location, status_code=303)


def _add_metrics(app: FastAPI, runtime: AgencyRuntime) -> None:
    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Metrics (Prometheus text format)",
        dependencies=[METRICS_READER],
        response_class=PlainTextResponse,
    )
    def metrics() -> Response:
        return Response(runtime.metrics.exposition(), media_type=CONTENT_TYPE)


def _status(runtime: AgencyRuntime) -> dict[str, Any]:
    state = runtime.state
    return {
        "agency_id": runtime.agency.id,
        "kind": runtime.agency.kind,
        "ready": runtime.ready,
        "migrated": state.migrated,
        "connected": state.connected,
        "database_reachable": state.database_reachable,
        "broker_reachable": state.broker_reachable,
        "incarnation": state.incarnation,
        "outbox_backlog": runtime.relay.backlog(),
        "published_total": runtime.relay.published_total,
        "republished": state.republished,
        "inbox_batches": runtime.inbox.batches if runtime.inbox else 0,
        "inbox_rejected": dict(runtime.processor.rejected),
        "last_error": state.last_error,
        "notifications": runtime.notifier.status(),
    }
