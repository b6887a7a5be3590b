"""Errors that the HTTP edge turns into specific responses.

Domain code raises these with the rule it enforces and the article the rule comes
from, so the caller learns *why*: ``409`` for a move the state does not allow,
``422`` for input that breaks a rule, ``404`` for something unknown or not visible,
``403`` for a move the caller's role does not allow, ``401`` without valid credentials,
``503`` while the agency's database is unavailable.
"""


class RuleViolation(Exception):
    """A request breaks a domain rule. ``status`` is 409 (state), 422 (input) or 403
    (the caller's role)."""

    status = 422

    def __init__(self, message: str, *, rule: str, article: str | None = None) -> None:
        super().__init__(message)
        self.rule = rule
        self.article = article


class IllegalState(RuleViolation):
    """The move is not allowed in the current state (HTTP 409)."""

    status = 409


class Forbidden(RuleViolation):
    """The caller may see the thing but not make this move (HTTP 403)."""

    status = 403


class Unauthenticated(Exception):
    """No valid credentials came with the request (HTTP 401)."""


class NotFound(Exception):
    """Unknown, or not visible to the caller (HTTP 404)."""


def safe_reason(error: BaseException) -> str:
    """What a dead letter or a log may say of an error: its type, and for a domain
    refusal the rule and article it names. Never ``str(error)``: a message may carry a
    value from the event (a name in a failed INSERT, an input pydantic quotes)."""
    name = type(error).__name__
    if isinstance(error, RuleViolation):
        article = f", {error.article}" if error.article else ""
        return f"{name}: rule {error.rule}{article}"
    return name


class DatabaseUnavailable(Exception):
    """The agency's database does not answer now (HTTP 503 with ``Retry-After``): the
    request did nothing and may be sent again once the database is back."""

    retry_after_s = 5

    def __init__(self, message: str = "the database is unavailable; try again shortly") -> None:
        super().__init__(message)
