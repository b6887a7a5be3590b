"""The case's lifecycle, from the complaint to the termination (LT Pasal 8–16, 19–20),
and the reads of cases."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query

from rujukan.runtime.routing import api_router
from services.intake.access import (
    CASE_OFFICERS,
    HUB_WIDE,
    HUB_WIDE_ONLY,
    OFFICER,
    Staff,
    may_read_identity,
    not_found,
)
from services.intake.domain import CasePhase, MakeInitialContact, monitoring
from services.intake.routes.common import REFUSALS, answered, read_view
from services.intake.routes.requests import (
    AssessmentRequest,
    CompanionRequest,
    ComplaintRequest,
    ContractRequest,
    EmergencyRequest,
    EvaluationRequest,
    PlanRequest,
    ReassignmentRequest,
    RegistrationRequest,
    TerminationRequest,
)
from services.intake.usecases import IntakeHub, just
from services.intake.views import (
    CaseSummaryView,
    CaseView,
    ComplaintOpened,
    IdentityView,
    MonitoringView,
    RefusedInboundView,
    monitoring_view,
    view_of,
)


def router(hub: IntakeHub, guard: Any) -> APIRouter:
    """The routes, each behind ``guard`` (the case guard)."""
    api = api_router(tags=["cases"], responses=REFUSALS, dependencies=[guard])
    directory = hub.directory

    @api.post("/complaints", status_code=201, summary="Receive a complaint", dependencies=[OFFICER])
    def receive_complaint(body: ComplaintRequest) -> ComplaintOpened:
        command = body.to_command()
        case = hub.act(command.case_id, just(command), with_refused=False).case
        return ComplaintOpened(
            case_id=case.case_id, phase=case.phase, received_at=case.complaint.received_at
        )

    @api.post("/cases/{case_id}/emergency", summary="Record emergency handling")
    def emergency(case_id: str, body: EmergencyRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post(
        "/cases/{case_id}/registration", summary="Register the case", dependencies=[CASE_OFFICERS]
    )
    def register(case_id: str, body: RegistrationRequest) -> CaseView:
        return answered(hub.register(case_id, body.category), directory)

    @api.post(
        "/cases/{case_id}/companion", summary="Assign the companion", dependencies=[CASE_OFFICERS]
    )
    def assign(case_id: str, body: CompanionRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post(
        "/cases/{case_id}/companion/reassignment",
        summary="Reassign the companion",
        dependencies=[CASE_OFFICERS],
    )
    def reassign(case_id: str, body: ReassignmentRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post("/cases/{case_id}/initial-contact", summary="Record initial contact")
    def initial_contact(case_id: str) -> CaseView:
        return answered(hub.act(case_id, just(MakeInitialContact())), directory)

    @api.post("/cases/{case_id}/service-contract", summary="Agree the contract")
    def service_contract(case_id: str, body: ContractRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post("/cases/{case_id}/assessment", summary="Record the assessment")
    def assessment(case_id: str, body: AssessmentRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post("/cases/{case_id}/plan", summary="Agree the intervention plan")
    def plan(case_id: str, body: PlanRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.post("/cases/{case_id}/evaluation", summary="Evaluate the case")
    def evaluate(case_id: str, body: EvaluationRequest, principal: Staff) -> CaseView:
        command = body.to_command(companion_id=principal.account_id)
        return answered(hub.act(case_id, just(command)), directory)

    @api.post("/cases/{case_id}/termination", summary="Terminate the case")
    def terminate(case_id: str, body: TerminationRequest) -> CaseView:
        return answered(hub.act(case_id, just(body.to_command())), directory)

    @api.get("/cases", summary="List cases, most recently updated first")
    def list_cases(
        principal: Staff,
        phase: CasePhase | None = None,
        limit: int = Query(default=100, ge=1, le=1000),
    ) -> list[CaseSummaryView]:
        """Every case for the hub-wide roles; a companion's own cases for a companion."""
        mine = None if principal.has(*HUB_WIDE) else principal.account_id
        with hub.reading() as repository:
            rows = repository.cases(
                phase=phase.value if phase else None, companion_id=mine, limit=limit
            )
        return [view_of(CaseSummaryView, row) for row in rows]

    @api.get("/cases/{case_id}", summary="A case (without the identity)")
    def get_case(case_id: str) -> CaseView:
        return read_view(hub, case_id)

    @api.get(
        "/cases/{case_id}/identity", summary="The child's identity (personal data, LT Pasal 5)"
    )
    def identity(case_id: str, principal: Staff) -> IdentityView:
        """Only for the case's companion and their supervisor (404 for anyone else)."""
        if not may_read_identity(principal, hub.read(case_id)):
            raise not_found(case_id)
        child, information = hub.identity(case_id)
        return IdentityView(case_id=case_id, child=child, case_information=information)

    @api.get(
        "/cases/{case_id}/monitoring", summary="Monitoring: plan against delivery (LT Pasal 18)"
    )
    def monitor(case_id: str) -> MonitoringView:
        case = hub.read(case_id)
        today = hub.today()
        return monitoring_view(case, monitoring(case, today), today, directory)

    @api.get(
        "/refused-inbound",
        summary="Inbound events the case state refused (also those for no known case)",
        dependencies=[HUB_WIDE_ONLY],
    )
    def refused_inbound(limit: int = Query(default=200, ge=1, le=1000)) -> list[RefusedInboundView]:
        with hub.reading() as repository:
            return [view_of(RefusedInboundView, r) for r in repository.refused(limit=limit)]

    return api
