"""The OpenAPI document tells every status an operation can answer, each a problem.

Routes declare what is particular to them (``responses={404: {"description": ...}}``);
this adds, once for every operation of every service, the statuses the runtime itself
may answer (an untrusted host or unreadable body 400, credentials 401 and 403, 404,
409, validation 422, a body too large 413, an unexpected failure 500, the database
unavailable or the agency busy 503), and gives every 4xx and 5xx the
``application/problem+json`` body of :class:`Problem`. A client or a fuzzer reading the
document therefore meets no status and no error body it does not describe.
"""

import json
from typing import Any

from fastapi import FastAPI

from rujukan.runtime.problems import PROBLEM_JSON, Problem

EVERY_OPERATION: dict[int, str] = {
    400: "The Host header names no host of this service, or the body cannot be read.",
    401: "No valid credentials came with the request.",
    403: "The caller may not do this.",
    404: "Unknown, or not visible to the caller.",
    409: "The current state does not allow this.",
    422: "Malformed fields (each named), or a domain rule with its article.",
    500: "An unexpected failure; nothing was changed.",
    503: (
        "The agency's database does not answer now, or it handles as many commands as it "
        "may at once; nothing was changed (Retry-After)."
    ),
}
"""What the runtime may answer to any operation, whatever the route declares."""

WITH_A_BODY: dict[int, str] = {413: "The request body is larger than this service accepts."}
"""What it may answer besides to an operation that takes a body."""

_PROBLEM_REF = {"$ref": "#/components/schemas/Problem"}
_REPLACED_SCHEMAS = ("HTTPValidationError", "ValidationError")


def document_problems(app: FastAPI) -> None:
    """Make ``app.openapi()`` document every error status of every operation as a problem."""
    build = app.openapi
    done = False

    def openapi() -> dict[str, Any]:
        nonlocal done
        schema = build()
        if not done:
            _add_problems(schema)
            done = True
        return schema

    app.openapi = openapi  # type: ignore[method-assign]


def _add_problems(schema: dict[str, Any]) -> None:
    components = schema.setdefault("components", {}).setdefault("schemas", {})
    problem = Problem.model_json_schema(ref_template="#/components/schemas/{model}")
    components.update(problem.pop("$defs", {}))
    components["Problem"] = problem
    for item in schema.get("paths", {}).values():
        for operation in item.values():
            _document(operation)
    for name in _REPLACED_SCHEMAS:
        if f'"#/components/schemas/{name}"' not in json.dumps(schema):
            components.pop(name, None)


def _document(operation: dict[str, Any]) -> None:
    responses: dict[str, Any] = operation.setdefault("responses", {})
    defaults = EVERY_OPERATION | (WITH_A_BODY if "requestBody" in operation else {})
    for code, description in defaults.items():
        responses.setdefault(str(code), {"description": description})
    for status, response in responses.items():
        if status.isdigit() and int(status) >= 400 and _is_problem(response):
            response["content"] = {PROBLEM_JSON: {"schema": dict(_PROBLEM_REF)}}


def _is_problem(response: dict[str, Any]) -> bool:
    """Whether a declared error response is a problem: undescribed, or with the problem or
    FastAPI's validation body. A route may declare another body (readiness's 503)."""
    content = response.get("content")
    if not content:
        return True
    refs = {str(media.get("schema", {}).get("$ref", "")) for media in content.values()}
    return refs <= {"#/components/schemas/Problem", "#/components/schemas/HTTPValidationError"}
