"""Who is calling: the principal a route acts for.

The authentication dependency (:mod:`rujukan.runtime.accounts.http`) stores it on
``request.state.principal`` before the route runs, so middlewares (the audit trail) read
the same caller the route acts for. Commands take their actor from it, never from a body.
"""

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Principal:
    """An authenticated account: its id, the agency instance or district it belongs to,
    its roles, and what some rules need (a TPPK's school, a companion's supervisor)."""

    account_id: str
    agency_id: str
    roles: frozenset[str]
    display_name: str = ""
    school_id: str | None = None
    supervisor_id: str | None = None

    def has(self, *roles: str) -> bool:
        """Whether the account holds any of ``roles``."""
        return not self.roles.isdisjoint(roles)
