"""The intake hub's HTTP API for its staff (documented at ``/docs``).

Thin: validate the request (422 naming the field), build the domain command, run the use
case in one unit of work, answer with a typed view. `create_app` maps the domain's
refusals: `RuleViolation` → 422 and `IllegalState` → 409, each naming the rule and the
article; `NotFound` → 404.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal

from fastapi import APIRouter, Query
from pydantic import BaseModel, ConfigDict, Field

from rujukan.errors import NotFound
from rujukan.matrix import DistrictMatrix, UnknownDistrict
from rujukan.runtime.problems import Problem, refusals
from schemas.events.case import ChildIdentity, PlannedService
from schemas.facts import ServiceFact
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
    DeclineReason,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
    TerminationReason,
)
from services.intake.access import (
    CASE_OFFICERS,
    HUB_WIDE,
    HUB_WIDE_ONLY,
    OFFICER,
    Staff,
    case_guard,
    may_read_identity,
    not_found,
)
from services.intake.domain import (
    AgreeInterventionPlan,
    AgreeServiceContract,
    AssignCompanion,
    CancelReferral,
    CasePhase,
    CompleteAssessment,
    ConferenceParticipant,
    EvaluateCase,
    IssueReferral,
    MakeInitialContact,
    ReassignCompanion,
    ReceiveComplaint,
    RecordEmergencyHandling,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RerouteReferral,
    TerminateCase,
    monitoring,
)
from services.intake.usecases import (
    IntakeHub,
    Outcome,
    just,
    new_case_id,
    new_referral_id,
    new_report_id,
)
from services.intake.views import (
    CaseSummaryView,
    CaseView,
    ChainView,
    ComplaintOpened,
    IdentityView,
    MonitoringView,
    OutcomeView,
    ReferralOut,
    RefusedInboundView,
    StageView,
    TargetView,
    capacity_view,
    case_view,
    chain_view,
    inbox_view,
    monitoring_view,
    referral_view,
    refused_view,
    summary_view,
)

REFUSALS = refusals(
    {
        404: "No such case or referral.",
        409: "The case's state forbids it (rule, article).",
        422: "Invalid input: a field, or a rule with its article.",
    }
)


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ComplaintRequest(Request):
    """Penerimaan pengaduan on the complaint form (LT Pasal 8a, 9)."""

    channel: ComplaintChannel = Field(
        description="How the complaint reached the Dinas (hotline 129: LT Pasal 22)."
    )
    complainant: ComplainantType = Field(description="Who complained (LT Pasal 9(1)).")
    child: ChildIdentity = Field(
        description=(
            "The child's identity. Stored only in the hub and sent only with a referral "
            "that needs it (LT Pasal 5). Under 18 on the complaint date (LT Pasal 1 angka 5)."
        )
    )
    request_letter_ref: str | None = Field(
        default=None,
        max_length=120,
        description="The request letter to the Kepala Dinas: required for an agency's report "
        "or a letter from an agency (LT Pasal 9(2)).",
    )
    case_information: str | None = Field(
        default=None,
        max_length=4000,
        description="The case information an agency's report comes with (LT Pasal 9(2)).",
    )
    suspected_category: CaseCategory | None = Field(
        default=None, description="The category as first understood (LT Pasal 4(1))."
    )
    case_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$",
        description="An id the caller chose, so that a retried request cannot open a second "
        "case (a repeat answers 409); default: a new opaque id.",
    )


class EmergencyRequest(Request):
    """Penanganan kedaruratan (LT Pasal 10), possibly before registration."""

    action: str = Field(min_length=1, max_length=500, description="What was done; no names.")
    handled_by: str = Field(min_length=1, max_length=64, description="Who handled it.")
    handler_role: CompanionRole = Field(description="Their role (LT Pasal 10).")


class RegistrationRequest(Request):
    """Registrasi (LT Pasal 11): the hub gives the case number."""

    category: CaseCategory = Field(description="LT Pasal 4(1), plus trafficking (KH, BLU).")


class CompanionRequest(Request):
    """Penugasan of the case's one companion (LT Pasal 7(3)-(4), 12)."""

    companion_id: str = Field(min_length=1, max_length=64, description="The companion's id.")
    role: CompanionRole = Field(description="LT Pasal 7(2): social worker, welfare worker...")
    assignment_letter_ref: str = Field(
        min_length=1, max_length=120, description="The surat tugas number (LT Pasal 7(4))."
    )
    supervisor_id: str | None = Field(
        default=None, max_length=64, description="Who overdue referrals escalate to."
    )


class ReassignmentRequest(CompanionRequest):
    """Replace the active companion; the history keeps the replaced one."""

    replaces_companion_id: str = Field(
        min_length=1, max_length=64, description="The active companion being replaced."
    )


class ContractRequest(Request):
    """Kontrak layanan (LT Pasal 14)."""

    agreed_by: ContractParty = Field(description="The child and/or the family.")


class AssessmentRequest(Request):
    """Asesmen (LT Pasal 15): the four conditions and legal status, analysis, conclusion."""

    physical_condition: str = Field(min_length=1, max_length=4000, description="LT Pasal 15(2)a")
    psychological_condition: str = Field(min_length=1, max_length=4000)
    social_condition: str = Field(min_length=1, max_length=4000)
    spiritual_condition: str = Field(min_length=1, max_length=4000)
    legal_status: str = Field(min_length=1, max_length=4000, description="LT Pasal 15(2)e")
    analysis: str = Field(min_length=1, max_length=4000, description="LT Pasal 15(3)")
    conclusion: str = Field(min_length=1, max_length=4000, description="LT Pasal 15(4)")
    recommended_services: list[ServiceType] = Field(
        min_length=1, max_length=30, description="Services the conclusion recommends for the plan."
    )


class PlanRequest(Request):
    """Rencana intervensi agreed by case conference (LT Pasal 16)."""

    participants: list[ConferenceParticipant] = Field(
        max_length=50, description="Who met: at least two parties or professions (LT Pasal 16(2)a)."
    )
    services: list[PlannedService] = Field(
        max_length=50,
        description="Each planned service: a matrix stage, a target listed for it, a due date.",
    )


class ReferralRequest(Request):
    """A referral to an institution of a matrix stage (LT Pasal 17; KH Lampiran I)."""

    stage: str = Field(description="A stage of the district's matrix (GET /matrix/.../stages).")
    target_id: str = Field(description="An institution the matrix lists for the stage.")
    emergency: bool = Field(
        default=False, description="An emergency referral needs no plan (LT Pasal 10)."
    )
    include_identity: bool | None = Field(
        default=None,
        description="Send the child's identity; default: whether the service needs it.",
    )
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = Field(default=None, description="Default: the plan's date.")
    note: str | None = Field(default=None, max_length=500, description="No names.")
    referral_id: str | None = Field(
        default=None,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._:-]{2,63}$",
        description="An id the caller chose, so that a retried request cannot issue the "
        "referral twice (a repeat answers 409); default: a new id.",
    )


class RerouteRequest(Request):
    """Send a declined or expired referral to another institution of the same stage."""

    target_id: str = Field(description="Another institution the matrix lists for the stage.")
    include_identity: bool | None = None
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    note: str | None = Field(default=None, max_length=500)


class CancelRequest(Request):
    reason: str = Field(min_length=1, max_length=500, description="Why the hub withdraws it.")


class OfflineAnswerRequest(Request):
    """The answer of an institution that runs no software, recorded by the companion."""

    decision: Literal["accepted", "declined"]
    reason: DeclineReason | None = Field(default=None, description="Required for a decline.")
    detail: str | None = Field(default=None, max_length=500, description="Required for 'other'.")
    note: str | None = Field(default=None, max_length=500)
    answered_at: datetime | None = Field(default=None, description="When it answered.")


class OfflineReportRequest(Request):
    """The service report of an institution that runs no software (LT Pasal 17(3))."""

    report_id: str | None = Field(default=None, max_length=64, description="Default: a new id.")
    status: OutcomeStatus
    final: bool = Field(default=False, description="A final report closes the referral.")
    not_delivered_reason: NotDeliveredReason | None = None
    facts: list[ServiceFact] = Field(default_factory=list, max_length=50)
    document_ref: str | None = Field(default=None, max_length=120)
    reported_at: datetime | None = None


class EvaluationRequest(Request):
    """Evaluasi by the companion (LT Pasal 19): the signed-in account evaluates."""

    companion_id: str | None = Field(
        default=None,
        max_length=64,
        description="Ignored: the signed-in companion evaluates (LT Pasal 19(1)).",
        deprecated=True,
    )
    physically_and_mentally_well: bool
    more_services_needed: bool = Field(
        default=False, description="Only when not yet well: assess and plan again (19(3))."
    )
    basis: str | None = Field(default=None, max_length=2000)


class TerminationRequest(Request):
    """Terminasi kasus with one of the reasons of LT Pasal 20(2)."""

    reason: TerminationReason
    referred_to: str | None = Field(
        default=None, max_length=500, description="Where, for referred_elsewhere (20(2)d)."
    )


class AcknowledgementRequest(Request):
    """An acknowledgement: the signed-in companion (or supervisor) the outcome was
    delivered to acknowledges it, whatever the body says."""

    companion_id: str | None = Field(
        default=None,
        max_length=64,
        description="Ignored: the signed-in account acknowledges (LT Pasal 17(3)).",
        deprecated=True,
    )


def offline_answer_command(referral_id: str, body: OfflineAnswerRequest) -> RecordOfflineAnswer:
    """The command recording an offline institution's answer (staff API and companion app)."""
    return RecordOfflineAnswer(
        referral_id=referral_id,
        accepted=body.decision == "accepted",
        reason=body.reason,
        detail=body.detail,
        note=body.note,
        answered_at=body.answered_at,
    )


def offline_report_command(referral_id: str, body: OfflineReportRequest) -> RecordOfflineReport:
    """The command recording an offline institution's report (staff API and companion app)."""
    return RecordOfflineReport(
        referral_id=referral_id,
        report_id=body.report_id or new_report_id(),
        status=body.status,
        final=body.final,
        not_delivered_reason=body.not_delivered_reason,
        facts=tuple(body.facts),
        document_ref=body.document_ref,
        reported_at=body.reported_at,
    )


def router(hub: IntakeHub) -> APIRouter:
    """The hub's routes, bound to its use cases."""
    api = APIRouter(responses=REFUSALS, dependencies=[case_guard(hub)])
    directory = hub.directory

    def view(case_id: str) -> CaseView:
        case = hub.read(case_id)
        with hub.reading() as repository:
            refused = repository.refused(case_id)
        return case_view(case, refused, directory)

    def answered(outcome: Outcome) -> CaseView:
        return view(outcome.case.case_id)

    # --- complaint to contract (LT Pasal 8–14) ---------------------------------------

    @api.post(
        "/complaints",
        status_code=201,
        tags=["cases"],
        summary="Receive a complaint",
        dependencies=[OFFICER],
    )
    def receive_complaint(body: ComplaintRequest) -> ComplaintOpened:
        command = ReceiveComplaint(
            case_id=body.case_id or new_case_id(),
            channel=body.channel,
            complainant=body.complainant,
            child=body.child,
            request_letter_ref=body.request_letter_ref,
            case_information=body.case_information,
            suspected_category=body.suspected_category,
        )
        case = hub.act(command.case_id, just(command)).case
        return ComplaintOpened(
            case_id=case.case_id, phase=case.phase, received_at=case.complaint.received_at
        )

    @api.post("/cases/{case_id}/emergency", tags=["cases"], summary="Record emergency handling")
    def emergency(case_id: str, body: EmergencyRequest) -> CaseView:
        command = RecordEmergencyHandling(
            action=body.action, handled_by=body.handled_by, handler_role=body.handler_role
        )
        return answered(hub.act(case_id, just(command)))

    @api.post(
        "/cases/{case_id}/registration",
        tags=["cases"],
        summary="Register the case",
        dependencies=[CASE_OFFICERS],
    )
    def register(case_id: str, body: RegistrationRequest) -> CaseView:
        return answered(hub.register(case_id, body.category))

    @api.post(
        "/cases/{case_id}/companion",
        tags=["cases"],
        summary="Assign the companion",
        dependencies=[CASE_OFFICERS],
    )
    def assign(case_id: str, body: CompanionRequest) -> CaseView:
        command = AssignCompanion(
            companion_id=body.companion_id,
            role=body.role,
            assignment_letter_ref=body.assignment_letter_ref,
            supervisor_id=body.supervisor_id,
        )
        return answered(hub.act(case_id, just(command)))

    @api.post(
        "/cases/{case_id}/companion/reassignment",
        tags=["cases"],
        summary="Reassign the companion",
        dependencies=[CASE_OFFICERS],
    )
    def reassign(case_id: str, body: ReassignmentRequest) -> CaseView:
        command = ReassignCompanion(
            companion_id=body.companion_id,
            role=body.role,
            assignment_letter_ref=body.assignment_letter_ref,
            replaces_companion_id=body.replaces_companion_id,
            supervisor_id=body.supervisor_id,
        )
        return answered(hub.act(case_id, just(command)))

    @api.post("/cases/{case_id}/initial-contact", tags=["cases"], summary="Record initial contact")
    def initial_contact(case_id: str) -> CaseView:
        return answered(hub.act(case_id, just(MakeInitialContact())))

    @api.post("/cases/{case_id}/service-contract", tags=["cases"], summary="Agree the contract")
    def service_contract(case_id: str, body: ContractRequest) -> CaseView:
        return answered(hub.act(case_id, just(AgreeServiceContract(agreed_by=body.agreed_by))))

    # --- assessment and plan (LT Pasal 15–16) ----------------------------------------

    @api.post("/cases/{case_id}/assessment", tags=["cases"], summary="Record the assessment")
    def assessment(case_id: str, body: AssessmentRequest) -> CaseView:
        command = CompleteAssessment(
            physical_condition=body.physical_condition,
            psychological_condition=body.psychological_condition,
            social_condition=body.social_condition,
            spiritual_condition=body.spiritual_condition,
            legal_status=body.legal_status,
            analysis=body.analysis,
            conclusion=body.conclusion,
            recommended_services=tuple(body.recommended_services),
        )
        return answered(hub.act(case_id, just(command)))

    @api.post("/cases/{case_id}/plan", tags=["cases"], summary="Agree the intervention plan")
    def plan(case_id: str, body: PlanRequest) -> CaseView:
        command = AgreeInterventionPlan(
            participants=tuple(body.participants), services=tuple(body.services)
        )
        return answered(hub.act(case_id, just(command)))

    # --- referrals (LT Pasal 17; KH Lampiran I) --------------------------------------

    def referred(outcome: Outcome, referral_id: str) -> ReferralOut:
        referral = outcome.case.referrals[referral_id]
        return ReferralOut(
            case_id=outcome.case.case_id,
            referral=referral_view(outcome.case, referral, directory),
            identity_sent=referral.identity_included,
            published_to=outcome.topics.get(referral_id),
        )

    @api.post("/cases/{case_id}/referrals", tags=["referrals"], summary="Issue a referral")
    def issue(case_id: str, body: ReferralRequest) -> ReferralOut:
        command = IssueReferral(
            referral_id=body.referral_id or new_referral_id(),
            stage=body.stage,
            target_id=body.target_id,
            emergency=body.emergency,
            answer_due_at=body.answer_due_at,
            outcome_due_on=body.outcome_due_on,
            note=body.note,
        )
        outcome = hub.issue_referral(case_id, command, body.include_identity)
        return referred(outcome, command.referral_id)

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/reroute",
        tags=["referrals"],
        summary="Re-route a declined or expired referral within its stage",
    )
    def reroute(case_id: str, referral_id: str, body: RerouteRequest) -> ReferralOut:
        command = RerouteReferral(
            referral_id=new_referral_id(),
            predecessor_id=referral_id,
            target_id=body.target_id,
            answer_due_at=body.answer_due_at,
            outcome_due_on=body.outcome_due_on,
            note=body.note,
        )
        outcome = hub.reroute_referral(case_id, command, body.include_identity)
        return referred(outcome, command.referral_id)

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/cancel",
        tags=["referrals"],
        summary="Cancel an open referral (its target is told)",
    )
    def cancel(case_id: str, referral_id: str, body: CancelRequest) -> CaseView:
        command = CancelReferral(referral_id=referral_id, reason=body.reason)
        return answered(hub.act(case_id, just(command)))

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/offline-answer",
        tags=["referrals"],
        summary="Record an offline institution's answer",
    )
    def offline_answer(case_id: str, referral_id: str, body: OfflineAnswerRequest) -> CaseView:
        command = offline_answer_command(referral_id, body)
        return answered(hub.act(case_id, just(command)))

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/offline-report",
        tags=["referrals"],
        summary="Record an offline institution's service report",
    )
    def offline_report(case_id: str, referral_id: str, body: OfflineReportRequest) -> CaseView:
        command = offline_report_command(referral_id, body)
        return answered(hub.act(case_id, just(command)))

    # --- evaluation and termination (LT Pasal 19–20) ---------------------------------

    @api.post("/cases/{case_id}/evaluation", tags=["cases"], summary="Evaluate the case")
    def evaluate(case_id: str, body: EvaluationRequest, principal: Staff) -> CaseView:
        command = EvaluateCase(
            companion_id=principal.account_id,
            physically_and_mentally_well=body.physically_and_mentally_well,
            more_services_needed=body.more_services_needed,
            basis=body.basis,
        )
        return answered(hub.act(case_id, just(command)))

    @api.post("/cases/{case_id}/termination", tags=["cases"], summary="Terminate the case")
    def terminate(case_id: str, body: TerminationRequest) -> CaseView:
        command = TerminateCase(reason=body.reason, referred_to=body.referred_to)
        return answered(hub.act(case_id, just(command)))

    # --- closing the loop (LT Pasal 17(3)) --------------------------------------------

    @api.get(
        "/companions/{companion_id}/inbox",
        tags=["companions"],
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
            inbox_view(item)
            for item in hub.inbox(companion_id, include_acknowledged=include_acknowledged)
        ]

    @api.post(
        "/cases/{case_id}/outcomes/{outcome_id}/acknowledgement",
        tags=["companions"],
        summary="The companion acknowledges an outcome",
        responses={409: {"model": Problem}, 422: {"model": Problem}},
    )
    def acknowledge(
        case_id: str, outcome_id: str, principal: Staff, body: AcknowledgementRequest | None = None
    ) -> CaseView:
        """The signed-in account acknowledges; a ``companion_id`` in the body is ignored."""
        return answered(hub.acknowledge(case_id, outcome_id, principal.account_id))

    # --- reads -----------------------------------------------------------------------

    @api.get("/cases", tags=["cases"], summary="List cases, most recently updated first")
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
        return [summary_view(row) for row in rows]

    @api.get("/cases/{case_id}", tags=["cases"], summary="A case (without the identity)")
    def get_case(case_id: str) -> CaseView:
        return view(case_id)

    @api.get(
        "/cases/{case_id}/identity",
        tags=["cases"],
        summary="The child's identity (personal data, LT Pasal 5)",
    )
    def identity(case_id: str, principal: Staff) -> IdentityView:
        """Only for the case's companion and their supervisor (404 for anyone else)."""
        if not may_read_identity(principal, hub.read(case_id)):
            raise not_found(case_id)
        child, information = hub.identity(case_id)
        return IdentityView(case_id=case_id, child=child, case_information=information)

    @api.get(
        "/cases/{case_id}/monitoring",
        tags=["cases"],
        summary="Monitoring: plan against delivery (LT Pasal 18)",
    )
    def monitor(case_id: str) -> MonitoringView:
        case = hub.read(case_id)
        today = hub.today()
        return monitoring_view(case, monitoring(case, today), today, directory)

    @api.get(
        "/cases/{case_id}/referrals/{referral_id}/chain",
        tags=["referrals"],
        summary="A referral's chain of attempts and onward referrals",
    )
    def chain(case_id: str, referral_id: str) -> ChainView:
        return chain_view(hub.read(case_id), referral_id, directory)

    @api.get(
        "/refused-inbound",
        tags=["cases"],
        summary="Inbound events the case state refused (also those for no known case)",
        dependencies=[HUB_WIDE_ONLY],
    )
    def refused_inbound(limit: int = Query(default=200, ge=1, le=1000)) -> list[RefusedInboundView]:
        with hub.reading() as repository:
            return [refused_view(r) for r in repository.refused(limit=limit)]

    # --- the matrix (KH Lampiran I, LT Pasal 17(2)) ---------------------------------

    def matrix_of(district: str) -> DistrictMatrix:
        try:
            return hub.matrix(district)
        except UnknownDistrict as exc:
            raise NotFound(str(exc)) from exc

    @api.get("/matrix/{district}/stages", tags=["matrix"], summary="The stages of a matrix")
    def stages(district: str) -> list[StageView]:
        matrix = matrix_of(district)
        return [
            StageView(
                stage=stage,
                services=list(dict.fromkeys(r.service for r in matrix.rows_for(stage))),
                sources=list(dict.fromkeys(r.source for r in matrix.rows_for(stage))),
                institutions=[a.id for a in matrix.targets_for(stage, directory)],
            )
            for stage in matrix.stages()
        ]

    @api.get(
        "/matrix/{district}/targets",
        tags=["matrix"],
        summary="Who a referral at this stage may go to, online or offline, with capacity",
    )
    def targets(
        district: str, stage: str = Query(description="A stage of the district's matrix.")
    ) -> list[TargetView]:
        matrix = matrix_of(district)
        agencies = matrix.targets_for(stage, directory)
        with hub.reading() as repository:
            capacity = repository.latest_capacity([a.id for a in agencies])
        views = []
        for agency in agencies:
            row = matrix.row_listing(stage, agency)
            assert row is not None
            notice = capacity.get((agency.id, row.service.value))
            views.append(
                TargetView(
                    agency_id=agency.id,
                    name=agency.name,
                    kind=agency.kind,
                    online=agency.runs_software and agency.id != hub.network.hub_id,
                    service=row.service,
                    duty=row.duty,
                    source=row.source,
                    identity_by_default=hub.identity_needs.needed(row.service),
                    capacity=capacity_view(notice) if notice else None,
                )
            )
        return views

    return api
