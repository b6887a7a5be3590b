"""Every error of every service becomes a problem (``rujukan.runtime.problems``), here, once.

Domain code raises the project's errors (``rujukan/errors.py``) and the shared modules'
own (the referral state machine, the matrix, the directory); FastAPI raises
``RequestValidationError`` and Starlette ``HTTPException``. Each maps to one status and
one problem type. The detail of a domain error is its message, written by the project
with ids only; anything else unexpected answers a bare 500 (``hardening.CrashBarrier``).
"""

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException
from starlette.routing import Match

from rujukan.directory import UnknownAgency
from rujukan.errors import DatabaseUnavailable, NotFound, RuleViolation, Unauthenticated
from rujukan.matrix import TargetNotInMatrix, UnknownStage
from rujukan.rules import AGENCY_DIRECTORY, REFERRAL_MATRIX, REFERRAL_STATE_MACHINE
from rujukan.runtime.db import UNAVAILABLE_ERRORS
from rujukan.runtime.problems import field_problems, problem
from schemas.referral_status import IllegalTransition

NO_BODY = frozenset({204, 304})
METHODS = ("DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT")


def add_problem_handlers(app: FastAPI) -> None:
    """Register the handlers that render every refusal as ``application/problem+json``."""
    app.add_exception_handler(RuleViolation, _rule_violation)  # type: ignore[arg-type]
    app.add_exception_handler(IllegalTransition, _illegal_transition)  # type: ignore[arg-type]
    app.add_exception_handler(TargetNotInMatrix, _not_in_matrix)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownStage, _unknown_stage)  # type: ignore[arg-type]
    app.add_exception_handler(UnknownAgency, _unknown_agency)  # type: ignore[arg-type]
    app.add_exception_handler(Unauthenticated, _unauthenticated)  # type: ignore[arg-type]
    app.add_exception_handler(NotFound, _not_found)  # type: ignore[arg-type]
    app.add_exception_handler(DatabaseUnavailable, _database_unavailable)  # type: ignore[arg-type]
    for error in UNAVAILABLE_ERRORS:  # a database error that means "try later"
        app.add_exception_handler(error, _database_error)
    app.add_exception_handler(RequestValidationError, _invalid)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, _http)  # type: ignore[arg-type]


async def _rule_violation(request: Request, exc: RuleViolation) -> JSONResponse:
    return problem(
        exc.status,
        detail=str(exc),
        instance=request.url.path,
        rule=exc.rule,
        article=exc.article,
    )


async def _illegal_transition(request: Request, exc: IllegalTransition) -> JSONResponse:
    return await _rule_violation(request, REFERRAL_STATE_MACHINE.error(str(exc)))


async def _not_in_matrix(request: Request, exc: TargetNotInMatrix) -> JSONResponse:
    return await _rule_violation(request, REFERRAL_MATRIX.error(str(exc), article=exc.source))


async def _unknown_stage(request: Request, exc: UnknownStage) -> JSONResponse:
    return await _rule_violation(request, REFERRAL_MATRIX.error(str(exc)))


async def _unknown_agency(request: Request, exc: UnknownAgency) -> JSONResponse:
    return await _rule_violation(request, AGENCY_DIRECTORY.error(str(exc)))


async def _unauthenticated(request: Request, exc: Unauthenticated) -> JSONResponse:
    return problem(
        401,
        detail=str(exc) or "credentials required",
        instance=request.url.path,
        rule="authenticated",
        headers={"WWW-Authenticate": "Bearer"},
    )


async def _not_found(request: Request, exc: NotFound) -> JSONResponse:
    return problem(404, detail=str(exc) or "not found", instance=request.url.path)


async def _database_unavailable(request: Request, exc: DatabaseUnavailable) -> JSONResponse:
    return problem(
        503,
        detail=str(exc),
        instance=request.url.path,
        rule="database_available",
        headers={"Retry-After": str(exc.retry_after_s)},
    )


async def _database_error(request: Request, _exc: Exception) -> JSONResponse:
    return await _database_unavailable(request, DatabaseUnavailable())


async def _invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
    return problem(
        422,
        detail="The request has malformed fields (see errors).",
        instance=request.url.path,
        errors=field_problems(exc.errors()),
    )


async def _http(request: Request, exc: HTTPException) -> Response:
    """Starlette's and FastAPI's own refusals (unknown path, method, unreadable body)."""
    if exc.status_code in NO_BODY:
        return Response(status_code=exc.status_code, headers=exc.headers)
    headers = dict(exc.headers or {})
    if exc.status_code == 405:
        headers["Allow"] = ", ".join(_allowed_methods(request))
    detail = exc.detail if isinstance(exc.detail, str) else None
    return problem(exc.status_code, detail=detail, instance=request.url.path, headers=headers)


def _allowed_methods(request: Request) -> list[str]:
    """Every method the path answers, not only those of the first route that matched it
    (Starlette's own ``Allow``): ``GET /capacity`` and ``POST /capacity`` are two routes."""
    routes = request.app.router.routes
    return [
        method
        for method in METHODS
        if any(
            route.matches({**request.scope, "method": method})[0] is Match.FULL for route in routes
        )
    ]
