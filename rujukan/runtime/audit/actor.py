"""Who is acting, for the audit trail: the principal of the current HTTP request.

The audit middleware opens a :class:`RequestAudit` for every request and keeps it in a
context variable, which FastAPI carries into the threads that run sync routes and
dependencies. The actor is read from ``request.state.principal`` when a record is
written, after the authentication dependency set it: an object with ``account_id``,
``agency_id`` and ``roles``. A request without one is ``anonymous``; work outside any
request (inbox handlers, operator tools) is ``system``.
"""

from collections.abc import Mapping, MutableMapping
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from rujukan.runtime.db import AGENCY_LENGTH, REF_LENGTH

ROLES_LENGTH = 200
ANONYMOUS = "anonymous"
SYSTEM = "system"

IDS_FROM_PATH = {
    "case_id": "case_id",
    "referral_id": "referral_id",
    "reference": "report_ref",
    "report_ref": "report_ref",
}
"""Path parameters that name what a request is about, and the record's field for each."""


@dataclass(frozen=True, slots=True)
class Actor:
    actor_id: str
    roles: str
    """Sorted and comma-separated."""
    agency_id: str | None


@dataclass
class RequestAudit:
    """What the audit knows of one HTTP request."""

    scope: MutableMapping[str, Any]
    command: bool
    """Anything but GET and HEAD: recorded with its outcome."""
    recorded: bool = False
    """The command's own unit of work already recorded it, in its transaction."""

    def actor(self) -> Actor:
        state = self.scope.get("state")
        principal = state.get("principal") if isinstance(state, Mapping) else None
        if principal is None:
            return Actor(ANONYMOUS, "", None)
        roles = ",".join(sorted(str(r) for r in getattr(principal, "roles", ())))[:ROLES_LENGTH]
        return Actor(
            _bounded(str(principal.account_id), REF_LENGTH),
            roles,
            _bounded(str(principal.agency_id), AGENCY_LENGTH),
        )

    def action(self) -> str:
        """The method and the route's path template (never the path itself)."""
        route = self.scope.get("route")
        template = getattr(route, "path_format", None) or getattr(route, "path", None)
        where = f"{self.scope.get('root_path', '')}{template}" if template else "(no route)"
        return f"{self.scope.get('method', '?')} {where}"

    def subject(self) -> dict[str, str]:
        """The case, referral and report ids among the route's path parameters."""
        params = self.scope.get("path_params") or {}
        return {
            column: _bounded(str(params[name]), REF_LENGTH)
            for name, column in IDS_FROM_PATH.items()
            if name in params
        }


def _bounded(value: str, length: int) -> str:
    return value[:length]


current_request: ContextVar[RequestAudit | None] = ContextVar("rujukan_audit_request", default=None)


def current_actor() -> Actor:
    request = current_request.get()
    return Actor(SYSTEM, "", None) if request is None else request.actor()
