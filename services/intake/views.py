"""What the hub's HTTP API answers: typed response models built from the domain's values.

None of these carries the child's identity except `IdentityView`, which only
``GET /cases/{id}/identity`` returns.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field

from rujukan.directory import AgencyDirectory
from schemas import vocabulary as v
from schemas.events.case import ChildIdentity, ConsentOf, PlannedService
from schemas.facts import ServiceFact
from schemas.referral_status import ReferralStatus
from services.intake.domain import (
    AssessmentFindings,
    Case,
    CasePhase,
    ConferenceParticipant,
    PlanLine,
    Referral,
    loop_closed,
    onward_referrals,
    open_loops,
    referral_chain,
)
from services.intake.repository import RefusedInbound


class View(BaseModel):
    model_config = ConfigDict(frozen=True)


V = TypeVar("V", bound=View)


def view_of(cls: type[V], source: object, **computed: Any) -> V:
    """``cls`` filled from the attributes of ``source`` it names, and from ``computed``
    for what the view adds or renders differently: the domain's values and the views
    share their field names, so a view is not copied field by field."""
    values = {
        name: getattr(source, name)
        for name in cls.model_fields
        if name not in computed and hasattr(source, name)
    }
    return cls.model_validate(values | computed)


class ComplaintView(View):
    channel: v.ComplaintChannel
    complainant: v.ComplainantType
    received_at: datetime
    request_letter_ref: str | None
    suspected_category: v.CaseCategory | None


class EmergencyView(View):
    action: str
    handled_at: datetime
    handled_by: str | None
    handler_role: v.CompanionRole | None


class CompanionView(View):
    companion_id: str
    role: v.CompanionRole
    assignment_letter_ref: str = Field(description="The surat tugas (LT Pasal 7(4)).")
    assigned_at: datetime
    released_at: datetime | None = Field(description="Set when a reassignment replaced them.")
    supervisor_id: str | None
    active: bool


class ContractView(View):
    agreed_by: v.ContractParty
    agreed_at: datetime


class AssessmentView(View):
    round: int = Field(description="1 for the first assessment, more after LT Pasal 19(3).")
    completed_at: datetime
    recommended_services: list[v.ServiceType]
    findings: AssessmentFindings | None


class PlanView(View):
    version: int
    agreed_at: datetime
    participants: list[str] = Field(description="The agencies at the case conference.")
    conference: list[ConferenceParticipant]
    services: list[PlannedService]


class StatusChangeView(View):
    status: ReferralStatus
    at: datetime


class ReportView(View):
    report_id: str
    agency_id: str
    status: v.OutcomeStatus
    final: bool
    reported_at: datetime
    facts: list[ServiceFact]
    not_delivered_reason: v.NotDeliveredReason | None
    document_ref: str | None


class ReferralView(View):
    referral_id: str
    stage: str
    service: v.ServiceType
    target_id: str
    target_name: str
    referrer_id: str
    status: ReferralStatus
    open: bool
    issued_at: datetime
    offline: bool = Field(description="Sent by letter; answers and reports recorded by hand.")
    emergency: bool
    identity_included: bool = Field(description="Whether the child's identity was sent.")
    predecessor_id: str | None = Field(description="The declined or expired attempt it re-routes.")
    parent_referral_id: str | None = Field(description="For an onward referral: its origin.")
    answer_due_at: datetime | None
    outcome_due_on: date | None
    answered_at: datetime | None
    final_outcome: v.OutcomeStatus | None
    decline_reason: v.DeclineReason | None
    decline_detail: str | None
    cancel_reason: str | None
    history: list[StatusChangeView]
    reports: list[ReportView]
    chain: list[str] = Field(description="The ids of its chain of attempts, first to latest.")
    onward: list[str] = Field(description="Onward referrals its target made.")
    handed_over_on: date | None = Field(
        default=None,
        description="When its referrer handed the child to the companion, the service not "
        "received (BTG Pasal 18(6)k); the hand-over is among the case's outcomes.",
    )


class EvaluationView(View):
    physically_and_mentally_well: bool
    more_services_needed: bool
    evaluated_at: datetime
    companion_id: str | None
    basis: str | None


class TerminationView(View):
    reason: v.TerminationReason
    terminated_at: datetime
    referred_to: str | None


class ReturnConsentView(View):
    """A consent to be repatriated or reintegrated (BLU Pasal 1 angka 8), as the companion
    recorded it; ``withdrawn_at`` once the person no longer agrees."""

    consent_of: ConsentOf
    parent_or_guardian_present: bool
    article: str
    recorded_at: datetime
    withdrawn_at: datetime | None
    in_force: bool


class RefusedInboundView(View):
    """An answer or report from an agency that the case's state refused."""

    case_id: str
    event_id: str
    event_type: str
    source: str
    referral_id: str | None
    rule: str
    article: str | None
    detail: str
    received_at: datetime


class OutcomeView(View):
    """Something a companion must see about a referral (LT Pasal 17(3))."""

    outcome_id: str = Field(description="What the companion acknowledges it by.")
    case_id: str
    referral_id: str
    outcome_type: str = Field(examples=["id.rujukan.service.reported.v1"])
    agency_id: str
    final: bool = Field(description="Whether it closes the referral (a final report, a decline).")
    summary: str
    escalation: v.Escalation
    recipient_id: str | None = Field(description="The companion (or supervisor) it went to.")
    recorded_at: datetime
    delivered_at: datetime | None
    handed_over_from: str | None = Field(description="The companion it was handed over from.")
    acknowledged_at: datetime | None


class LoopView(View):
    """Where one referral's loop stands: closed when cancelled, or final with its final
    outcome acknowledged by the companion."""

    referral_id: str
    target_id: str
    status: ReferralStatus
    closed: bool
    unacknowledged: int


class CaseView(View):
    """A case as the hub knows it, without the child's identity."""

    case_id: str
    case_number: str | None
    district: str
    category: v.CaseCategory | None
    phase: CasePhase
    complaint: ComplaintView
    emergency_actions: list[EmergencyView]
    registered_at: datetime | None
    companion: CompanionView | None
    companion_history: list[CompanionView] = Field(description="Replaced companions, oldest first.")
    initial_contact_at: datetime | None
    contract: ContractView | None
    assessment: AssessmentView | None
    plan: PlanView | None
    referrals: list[ReferralView]
    evaluations: list[EvaluationView]
    termination: TerminationView | None
    return_consents: list[ReturnConsentView] = Field(
        description="Every consent to return of the victim or witness, withdrawn ones "
        "included, oldest first; a repatriation or reintegration referral waits for one "
        "in force where the district adopts BLU Pasal 1 angka 8 (empty elsewhere)."
    )
    open_loops: int = Field(
        description="Referrals whose loop is not closed: still open, or final but not yet "
        "acknowledged by the companion (LT Pasal 17(3))."
    )
    loops: list[LoopView]
    outcomes: list[OutcomeView]
    refused_inbound: list[RefusedInboundView]


class CaseSummaryView(View):
    """One line of the case list (the cases projection)."""

    case_id: str
    case_number: str | None
    district: str
    category: str | None
    phase: str
    companion_id: str | None
    open_loops: int
    opened_at: datetime
    updated_at: datetime


class ComplaintOpened(View):
    case_id: str = Field(description="The new case's opaque id.")
    phase: CasePhase
    received_at: datetime


class ReferralOut(View):
    """The referral just issued, and how it travelled."""

    case_id: str
    referral: ReferralView
    identity_sent: bool = Field(description="Whether the child's identity went with it.")
    published_to: str | None = Field(
        description="The target's inbox topic; None for a referral sent by letter."
    )


class ChainView(View):
    case_id: str
    referral_id: str
    attempts: list[ReferralView] = Field(description="The original referral and its re-routes.")
    onward: list[ReferralView] = Field(description="Onward referrals made by any attempt's target.")


class PlanLineView(View):
    stage: str
    service: v.ServiceType
    planned_target_id: str
    due_on: date
    referral_id: str | None
    target_id: str | None
    status: ReferralStatus | None
    attempts: int
    outcome: v.OutcomeStatus | None
    due_passed: bool
    delivered: bool
    overdue: bool
    reports: list[ReportView]


class MonitoringView(View):
    """Pemantauan (LT Pasal 18): every planned service against its delivery."""

    case_id: str
    plan_version: int
    today: date
    lines: list[PlanLineView]
    unplanned: list[ReferralView] = Field(
        description="Referrals outside the current plan (emergency or onward)."
    )


class IdentityView(View):
    """The child's identity (personal data, LT Pasal 5): only from this endpoint."""

    case_id: str
    child: ChildIdentity
    case_information: str | None


class StageView(View):
    stage: str
    services: list[v.ServiceType]
    sources: list[str]
    institutions: list[str]


class CapacityView(View):
    service: v.ServiceType
    available: int
    capacity: int | None
    as_of: datetime


class TargetView(View):
    agency_id: str
    name: str
    kind: v.AgencyKind
    online: bool = Field(description="Runs software: the referral goes to its inbox.")
    service: v.ServiceType
    duty: str
    source: str
    identity_by_default: bool = Field(description="Whether the identity travels by default.")
    capacity: CapacityView | None = Field(description="Its latest capacity notice, if any.")


# --- builders ---------------------------------------------------------------------------


def case_view(
    case: Case, refused: Sequence[RefusedInbound], directory: AgencyDirectory
) -> CaseView:
    return view_of(
        CaseView,
        case,
        complaint=view_of(ComplaintView, case.complaint),
        emergency_actions=[view_of(EmergencyView, a) for a in case.emergency_actions],
        companion=view_of(CompanionView, case.companion) if case.companion else None,
        companion_history=[view_of(CompanionView, c) for c in case.companion_history],
        contract=view_of(ContractView, case.contract) if case.contract else None,
        assessment=view_of(AssessmentView, case.assessment) if case.assessment else None,
        plan=view_of(PlanView, case.plan) if case.plan else None,
        referrals=[referral_view(case, r, directory) for r in case.referrals.values()],
        evaluations=[view_of(EvaluationView, e) for e in case.evaluations],
        termination=view_of(TerminationView, case.termination) if case.termination else None,
        return_consents=[view_of(ReturnConsentView, c) for c in case.consents_to_return],
        open_loops=open_loops(case),
        loops=loop_views(case),
        outcomes=[view_of(OutcomeView, o, case_id=case.case_id) for o in case.outcomes.values()],
        refused_inbound=[view_of(RefusedInboundView, r) for r in refused],
    )


def loop_views(case: Case) -> list[LoopView]:
    return [
        LoopView(
            referral_id=r.referral_id,
            target_id=r.target_id,
            status=r.status,
            closed=loop_closed(case, r),
            unacknowledged=sum(
                1
                for o in case.outcomes.values()
                if o.referral_id == r.referral_id and not o.acknowledged
            ),
        )
        for r in case.referrals.values()
    ]


def referral_view(case: Case, referral: Referral, directory: AgencyDirectory) -> ReferralView:
    target = directory.get(referral.target_id) if referral.target_id in directory else None
    return view_of(
        ReferralView,
        referral,
        target_name=target.name if target else referral.target_id,
        history=[view_of(StatusChangeView, c) for c in referral.history],
        reports=[view_of(ReportView, r) for r in referral.reports],
        chain=[r.referral_id for r in referral_chain(case, referral.referral_id)],
        onward=[r.referral_id for r in onward_referrals(case, referral.referral_id)],
    )


def chain_view(case: Case, referral_id: str, directory: AgencyDirectory) -> ChainView:
    attempts = referral_chain(case, referral_id)
    onward = [o for attempt in attempts for o in onward_referrals(case, attempt.referral_id)]
    return ChainView(
        case_id=case.case_id,
        referral_id=referral_id,
        attempts=[referral_view(case, r, directory) for r in attempts],
        onward=[referral_view(case, r, directory) for r in onward],
    )


def monitoring_view(
    case: Case, lines: Sequence[PlanLine], today: date, directory: AgencyDirectory
) -> MonitoringView:
    planned_chains: set[str] = set()
    for line in lines:
        if line.referral_id is not None:
            planned_chains.update(r.referral_id for r in referral_chain(case, line.referral_id))
    return MonitoringView(
        case_id=case.case_id,
        plan_version=case.plan_version,
        today=today,
        lines=[
            view_of(
                PlanLineView,
                line,
                reports=[view_of(ReportView, r) for r in case.referrals[line.referral_id].reports]
                if line.referral_id
                else [],
            )
            for line in lines
        ],
        unplanned=[
            referral_view(case, r, directory)
            for r in case.referrals.values()
            if r.referral_id not in planned_chains
        ],
    )
