"""Who may reach what through the hub's staff API: the one place of the rule.

Every route admits the hub's accounts (`HUB_STAFF`) and declares more where a step
belongs to one role. The intake officers and supervisors reach every case; an account
that is only a companion reaches a case only while it is the case's **current**
companion (LT Pasal 7(3)): any other case answers 404, exactly as an unknown one, so the
answer does not tell that it exists (the companion web app's rule, `web/access.py`).

The child's identity goes only to the case's current companion and to the supervisor
named at the companion's assignment (LT Pasal 5 kerahasiaan, 7(3), 12): not to the
intake officer, who recorded it with the complaint and has no further need of it.

The check runs before the command, on the case as stored; a reassignment committed in
between is the one race it leaves (the command's own rules still run on the locked case).
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import Depends, Request
from starlette.concurrency import run_in_threadpool

from rujukan.errors import NotFound
from rujukan.runtime.accounts import Principal
from rujukan.runtime.accounts.http import requires
from services.intake.domain import Case
from services.intake.usecases import IntakeHub

HUB_STAFF = ("intake_officer", "companion", "supervisor")
HUB_WIDE = ("intake_officer", "supervisor")
"""The roles that reach every case of the hub."""

STAFF = requires(*HUB_STAFF)
Staff = Annotated[Principal, STAFF]
OFFICER = requires("intake_officer")
HUB_WIDE_ONLY = requires(*HUB_WIDE)
CASE_OFFICERS = requires("intake_officer", "supervisor")


def is_current_companion(case: Case | None, companion_id: str) -> bool:
    """Whether ``companion_id`` is the case's companion now."""
    return (
        case is not None
        and case.companion is not None
        and (case.companion.companion_id == companion_id)
    )


def not_found(case_id: str) -> NotFound:
    """The one answer for a case that is unknown or not this companion's."""
    return NotFound(f"no case {case_id!r}")


def reaches(principal: Principal, case: Case | None) -> bool:
    """Whether the caller reaches the case at all."""
    return principal.has(*HUB_WIDE) or is_current_companion(case, principal.account_id)


def may_read_identity(principal: Principal, case: Case) -> bool:
    """The case's current companion, or the supervisor named at their assignment."""
    if principal.has("companion") and is_current_companion(case, principal.account_id):
        return True
    supervisor = case.companion.supervisor_id if case.companion else None
    return principal.has("supervisor") and supervisor == principal.account_id


def case_guard(hub: IntakeHub) -> Any:
    """The dependency every route of the staff API runs: authenticated as hub staff and,
    for a route on one case, reaching that case (404 otherwise)."""

    def check(principal: Principal, case_id: str) -> None:
        try:
            case = hub.read(case_id)
        except NotFound:
            raise not_found(case_id) from None
        if not reaches(principal, case):
            raise not_found(case_id)

    async def guard(request: Request, principal: Staff) -> None:
        # async: a hub-wide caller, who reaches every case, costs no worker thread here;
        # only a companion's case is read, in one
        case_id = request.path_params.get("case_id")
        if case_id is not None and not principal.has(*HUB_WIDE):
            await run_in_threadpool(check, principal, case_id)

    return Depends(guard)
