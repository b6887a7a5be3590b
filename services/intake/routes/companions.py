"""Closing the loop (LT Pasal 17(3)): a companion's inbox of outcomes and their
acknowledgement."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from rujukan.errors import NotFound
from rujukan.runtime.problems import Problem
from rujukan.runtime.routing import api_router
from services.intake.access import HUB_WIDE, Staff
from services.intake.routes.common import REFUSALS, answered
from services.intake.routes.requests import AcknowledgementRequest
from services.intake.usecases import IntakeHub
from services.intake.views import CaseView, OutcomeView, view_of


def router(hub: IntakeHub, guard: Any) -> APIRouter:
    """The routes, each behind ``guard`` (the case guard)."""
    api = api_router(tags=["companions"], responses=REFUSALS, dependencies=[guard])

    @api.get(
        "/companions/{companion_id}/inbox",
        summary="A companion's (or supervisor's) outcomes across cases",
    )
    def inbox(
        companion_id: str,
        principal: Staff,
        include_acknowledged: bool = Query(default=False, alias="all"),
    ) -> list[OutcomeView]:
        """A companion reads their own inbox; the hub-wide roles anyone's."""
        if companion_id != principal.account_id and not principal.has(*HUB_WIDE):
            raise NotFound(f"no inbox {companion_id!r}")
        return [
            view_of(OutcomeView, item)
            for item in hub.inbox(companion_id, include_acknowledged=include_acknowledged)
        ]

    @api.post(
        "/cases/{case_id}/outcomes/{outcome_id}/acknowledgement",
        summary="The companion acknowledges an outcome",
        responses={409: {"model": Problem}, 422: {"model": Problem}},
    )
    def acknowledge(
        case_id: str, outcome_id: str, principal: Staff, body: AcknowledgementRequest | None = None
    ) -> CaseView:
        """The signed-in account acknowledges; a ``companion_id`` in the body is ignored."""
        return answered(hub.acknowledge(case_id, outcome_id, principal.account_id), hub.directory)

    return api
