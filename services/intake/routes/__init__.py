"""The intake hub's HTTP API for its staff (documented at ``/docs``), one router per
resource: ``cases`` (the lifecycle, LT Pasal 8–20), ``referrals`` (LT Pasal 17),
``companions`` (closing the loop, LT Pasal 17(3)) and ``matrix``; the request models,
each with its ``to_command()``, in ``requests``.

Thin: validate the request (422 naming the field), build the domain command, run the use
case in one unit of work, answer with a typed view of what that unit of work left.
`create_app` maps the domain's refusals: `RuleViolation` → 422 and `IllegalState` → 409,
each naming the rule and the article; `NotFound` → 404.
"""

from __future__ import annotations

from fastapi import APIRouter

from services.intake.access import case_guard
from services.intake.routes import cases, companions, consent, matrix, referrals
from services.intake.usecases import IntakeHub

__all__ = ["routers"]


def routers(hub: IntakeHub) -> list[APIRouter]:
    """The hub's routers, bound to its use cases; every route runs the case guard."""
    guard = case_guard(hub)
    return [
        resource.router(hub, guard) for resource in (cases, referrals, consent, companions, matrix)
    ]
