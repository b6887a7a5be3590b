"""RFC 9457 problem details: the one shape of every 4xx and 5xx answer of every service.

A client reads ``status`` and ``title`` for the kind of refusal and, where a domain
rule refused, ``rule`` (the machine-readable name clients switch on) and ``article``
(where the rule comes from); a malformed request lists each field in ``errors``. The
body never carries a stack trace, an exception's text or a value from the request
(pydantic's ``input``): a child's name in a refused body must not come back in the
answer, nor reach a log through it.
"""

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

PROBLEM_JSON = "application/problem+json"

RULE_TYPE = "urn:rujukan:rule:"
"""``type`` of a refusal by a named rule: the prefix and the rule's name."""

VALIDATION_TYPE = "urn:rujukan:problem:validation"
"""``type`` of a request whose fields are malformed (``errors`` names each)."""


class FieldProblem(BaseModel):
    """One malformed field of a request: where it is and what is wrong, never its value."""

    model_config = ConfigDict(frozen=True)

    loc: list[str | int] = Field(
        description="Where: body, query, path or header, then the field's path."
    )
    field: str = Field(description="The field's path, dotted, without its location.")
    message: str = Field(description="What is wrong with it.")
    type: str = Field(description="The kind of error, e.g. missing, string_too_long.")


class Problem(BaseModel):
    """Why a request was refused or failed (RFC 9457 problem details)."""

    model_config = ConfigDict(frozen=True)

    type: str = Field(
        default="about:blank",
        description="The problem type: a rule (urn:rujukan:rule:NAME), malformed fields "
        "(urn:rujukan:problem:validation), or about:blank for a plain HTTP status.",
    )
    title: str = Field(description="The HTTP status's phrase.")
    status: int = Field(ge=100, le=599, description="The HTTP status code.")
    detail: str | None = Field(default=None, description="What was refused and why.")
    instance: str | None = Field(default=None, description="The request's path.")
    rule: str | None = Field(default=None, description="The name of the rule that refused it.")
    article: str | None = Field(
        default=None, description="Where the rule comes from, e.g. LT Pasal 7(3)."
    )
    errors: list[FieldProblem] | None = Field(
        default=None, description="Each malformed field (validation problems only)."
    )


def refusals(descriptions: Mapping[int, str]) -> dict[int | str, dict[str, Any]]:
    """The ``responses`` a route or router declares: each status it may refuse with, as a
    problem, with what that refusal means there (the runtime documents the rest)."""
    return {
        status: {"model": Problem, "description": description}
        for status, description in descriptions.items()
    }


def problem(
    status: int,
    *,
    detail: str | None = None,
    instance: str | None = None,
    rule: str | None = None,
    article: str | None = None,
    errors: list[FieldProblem] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    """The response for one problem; ``type`` follows from the rule or the errors."""
    kind = RULE_TYPE + rule if rule else VALIDATION_TYPE if errors is not None else "about:blank"
    body = Problem(
        type=kind,
        title=_title(status),
        status=status,
        detail=detail,
        instance=instance,
        rule=rule,
        article=article,
        errors=errors,
    )
    return JSONResponse(
        body.model_dump(mode="json", exclude_none=True),
        status_code=status,
        headers=headers,
        media_type=PROBLEM_JSON,
    )


def field_problems(errors: Any) -> list[FieldProblem]:
    """pydantic's or FastAPI's errors without their ``input`` and ``ctx`` (values)."""
    return [
        FieldProblem(
            loc=[part if isinstance(part, int) else str(part) for part in error["loc"]],
            field=".".join(str(part) for part in error["loc"][1:]) or str(error["loc"][0]),
            message=str(error["msg"]),
            type=str(error["type"]),
        )
        for error in errors
    ]


def _title(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"
