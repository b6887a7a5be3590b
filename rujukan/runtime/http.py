"""The HTTP edge of an agency process: a FastAPI app around an :class:`AgencyRuntime`.

Routes stay thin: validate, call the use case, map errors. Domain errors become
specific responses here, once, for every service: 409 for an illegal state
transition, 422 naming the field or the rule, 404 for what is unknown or not
visible to the caller, 503 with ``Retry-After`` while the database is unavailable
(a database error that means "try later" becomes :class:`DatabaseUnavailable`).
"""

import time
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from typing import Any

from fastapi import Depends, FastAPI, Request, Response
from fastapi.responses import JSONResponse
from opentelemetry.instrumentation.fastapi import FastAPIInstrumentor

from rujukan.directory import AgencyDirectory, UnknownAgency
from rujukan.errors import DatabaseUnavailable, NotFound, RuleViolation, Unauthenticated
from rujukan.matrix import TargetNotInMatrix, UnknownStage
from rujukan.runtime.audit.middleware import AuditMiddleware
from rujukan.runtime.db import UNAVAILABLE_ERRORS
from rujukan.runtime.metrics import CONTENT_TYPE
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from rujukan.runtime.settings import AgencySettings
from schemas.referral_status import IllegalTransition


def create_app(
    definition: ServiceDefinition,
    settings: AgencySettings,
    directory: AgencyDirectory | None = None,
    *,
    manage_runtime: bool = True,
) -> FastAPI:
    """Build the app of one agency instance. With ``manage_runtime`` the app's
    lifespan starts and stops the runtime (the normal case under uvicorn)."""
    runtime = AgencyRuntime(settings, definition, directory)

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
    )
    app.state.runtime = runtime
    _add_health_routes(app, runtime)
    _add_metrics(app, runtime)
    _add_error_handlers(app)
    for router in runtime.routers:
        app.include_router(router)
    app.add_middleware(AuditMiddleware, trail=runtime.audit)
    FastAPIInstrumentor.instrument_app(app, excluded_urls="healthz,readyz,metrics")
    return app


def runtime_of(request: Request) -> AgencyRuntime:
    """The runtime behind a request (a FastAPI dependency)."""
    runtime: AgencyRuntime = request.app.state.runtime
    return runtime


def _add_health_routes(app: FastAPI, runtime: AgencyRuntime) -> None:
    @app.get("/healthz", tags=["operations"], summary="Liveness")
    def healthz() -> dict[str, str]:
        return {"status": "alive", "agency_id": runtime.agency.id}

    @app.get("/readyz", tags=["operations"], summary="Readiness")
    def readyz() -> JSONResponse:
        body = _status(runtime)
        return JSONResponse(body, status_code=200 if runtime.ready else 503)

    @app.get("/status", tags=["operations"], summary="Runtime status")
    def status() -> dict[str, Any]:
        return _status(runtime)


def metrics_reader() -> None:
    """Who may read ``GET /metrics``.

    ACCESS POINT: open for now; once staff accounts and roles exist, this dependency
    must require the ``monitoring`` role (and nothing else needs to change: the route
    declares only this dependency). The metrics carry counts and vocabularies, never
    an id or a child's identity."""


def _add_metrics(app: FastAPI, runtime: AgencyRuntime) -> None:
    http_seconds = runtime.metrics.http_seconds

    @app.middleware("http")
    async def observe_latency(
        request: Request, call_next: Callable[[Request], Awaitable[Response]]
    ) -> Response:
        started = time.perf_counter()
        response = await call_next(request)
        route = getattr(request.scope.get("route"), "path", "unmatched")  # the template
        http_seconds.labels(
            method=request.method, route=route, status=str(response.status_code)
        ).observe(time.perf_counter() - started)
        return response

    @app.get(
        "/metrics",
        tags=["operations"],
        summary="Metrics (Prometheus text format)",
        dependencies=[Depends(metrics_reader)],
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
        "last_error": state.last_error,
    }


def _add_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(RuleViolation)
    async def rule_violation(_request: Request, exc: RuleViolation) -> JSONResponse:
        return JSONResponse(exc.to_dict(), status_code=exc.status)

    @app.exception_handler(IllegalTransition)
    async def illegal_transition(_request: Request, exc: IllegalTransition) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "rule": "referral-state-machine", "article": None},
            status_code=409,
        )

    @app.exception_handler(TargetNotInMatrix)
    async def not_in_matrix(_request: Request, exc: TargetNotInMatrix) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "rule": "referral-matrix", "article": exc.source},
            status_code=422,
        )

    @app.exception_handler(UnknownStage)
    async def unknown_stage(_request: Request, exc: UnknownStage) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "rule": "referral-matrix", "article": None}, status_code=422
        )

    @app.exception_handler(UnknownAgency)
    async def unknown_agency(_request: Request, exc: UnknownAgency) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "rule": "agency-directory", "article": None}, status_code=422
        )

    @app.exception_handler(Unauthenticated)
    async def unauthenticated(_request: Request, exc: Unauthenticated) -> JSONResponse:
        return JSONResponse(
            {
                "detail": str(exc) or "credentials required",
                "rule": "authenticated",
                "article": None,
            },
            status_code=401,
            headers={"WWW-Authenticate": "Bearer"},
        )

    @app.exception_handler(DatabaseUnavailable)
    async def database_unavailable(_request: Request, exc: DatabaseUnavailable) -> JSONResponse:
        return JSONResponse(
            {"detail": str(exc), "rule": "database-available", "article": None},
            status_code=503,
            headers={"Retry-After": str(exc.retry_after_s)},
        )

    async def database_error(request: Request, _exc: Exception) -> JSONResponse:
        return await database_unavailable(request, DatabaseUnavailable())

    for error in UNAVAILABLE_ERRORS:
        app.add_exception_handler(error, database_error)

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, exc: NotFound) -> JSONResponse:
        return JSONResponse({"detail": str(exc) or "not found"}, status_code=404)
