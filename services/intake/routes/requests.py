"""What the hub's staff API accepts: one request model per command, each turning
itself into the domain's command with ``to_command()`` (ids the caller did not choose
are made here; who acts comes from the signed-in principal, passed in)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

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
from services.intake.domain import (
    AgreeInterventionPlan,
    AgreeServiceContract,
    AssignCompanion,
    CancelReferral,
    CompleteAssessment,
    ConferenceParticipant,
    EvaluateCase,
    IssueReferral,
    ReassignCompanion,
    ReceiveComplaint,
    RecordEmergencyHandling,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RerouteReferral,
    TerminateCase,
)
from services.intake.usecases import new_case_id, new_referral_id, new_report_id


class Request(BaseModel):
    model_config = ConfigDict(extra="forbid")

    def fields(self, *without: str) -> dict[str, Any]:
        """The request's values as they are (nested models stay models), but ``without``:
        a request and its command share their field names."""
        return {
            name: getattr(self, name) for name in type(self).model_fields if name not in without
        }


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

    def to_command(self) -> ReceiveComplaint:
        return ReceiveComplaint(
            case_id=self.case_id or new_case_id(),
            **self.fields("case_id"),
        )


class EmergencyRequest(Request):
    """Penanganan kedaruratan (LT Pasal 10), possibly before registration."""

    action: str = Field(min_length=1, max_length=500, description="What was done; no names.")
    handled_by: str = Field(min_length=1, max_length=64, description="Who handled it.")
    handler_role: CompanionRole = Field(description="Their role (LT Pasal 10).")

    def to_command(self) -> RecordEmergencyHandling:
        return RecordEmergencyHandling(**self.fields())


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

    def to_command(self) -> AssignCompanion | ReassignCompanion:
        """The assignment (a reassignment request's own replaces the companion)."""
        return AssignCompanion(**self.fields())


class ReassignmentRequest(CompanionRequest):
    """Replace the active companion; the history keeps the replaced one."""

    replaces_companion_id: str = Field(
        min_length=1, max_length=64, description="The active companion being replaced."
    )

    def to_command(self) -> ReassignCompanion:
        return ReassignCompanion(**self.fields())


class ContractRequest(Request):
    """Kontrak layanan (LT Pasal 14)."""

    agreed_by: ContractParty = Field(description="The child and/or the family.")

    def to_command(self) -> AgreeServiceContract:
        return AgreeServiceContract(agreed_by=self.agreed_by)


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

    def to_command(self) -> CompleteAssessment:
        return CompleteAssessment(
            **self.fields("recommended_services"),
            recommended_services=tuple(self.recommended_services),
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

    def to_command(self) -> AgreeInterventionPlan:
        return AgreeInterventionPlan(
            participants=tuple(self.participants), services=tuple(self.services)
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

    def to_command(self) -> IssueReferral:
        """The referral; whether the identity travels is decided by the use case
        (``include_identity`` or the service's default)."""
        return IssueReferral(
            referral_id=self.referral_id or new_referral_id(),
            **self.fields("referral_id", "include_identity"),
        )


class RerouteRequest(Request):
    """Send a declined or expired referral to another institution of the same stage."""

    target_id: str = Field(description="Another institution the matrix lists for the stage.")
    include_identity: bool | None = None
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    note: str | None = Field(default=None, max_length=500)

    def to_command(self, predecessor_id: str) -> RerouteReferral:
        return RerouteReferral(
            referral_id=new_referral_id(),
            predecessor_id=predecessor_id,
            **self.fields("include_identity"),
        )


class CancelRequest(Request):
    reason: str = Field(min_length=1, max_length=500, description="Why the hub withdraws it.")

    def to_command(self, referral_id: str) -> CancelReferral:
        return CancelReferral(referral_id=referral_id, reason=self.reason)


class OfflineAnswerRequest(Request):
    """The answer of an institution that runs no software, recorded by the companion."""

    decision: Literal["accepted", "declined"]
    reason: DeclineReason | None = Field(default=None, description="Required for a decline.")
    detail: str | None = Field(default=None, max_length=500, description="Required for 'other'.")
    note: str | None = Field(default=None, max_length=500)
    answered_at: datetime | None = Field(default=None, description="When it answered.")

    def to_command(self, referral_id: str) -> RecordOfflineAnswer:
        """The command recording the answer (staff API and companion app)."""
        return RecordOfflineAnswer(
            referral_id=referral_id,
            accepted=self.decision == "accepted",
            **self.fields("decision"),
        )


class OfflineReportRequest(Request):
    """The service report of an institution that runs no software (LT Pasal 17(3))."""

    report_id: str | None = Field(default=None, max_length=64, description="Default: a new id.")
    status: OutcomeStatus
    final: bool = Field(default=False, description="A final report closes the referral.")
    not_delivered_reason: NotDeliveredReason | None = None
    facts: list[ServiceFact] = Field(default_factory=list, max_length=50)
    document_ref: str | None = Field(default=None, max_length=120)
    reported_at: datetime | None = None

    def to_command(self, referral_id: str) -> RecordOfflineReport:
        """The command recording the report (staff API and companion app)."""
        return RecordOfflineReport(
            referral_id=referral_id,
            report_id=self.report_id or new_report_id(),
            **self.fields("report_id", "facts"),
            facts=tuple(self.facts),
        )


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

    def to_command(self, companion_id: str) -> EvaluateCase:
        """The evaluation by ``companion_id``, the signed-in account (never the body's)."""
        return EvaluateCase(companion_id=companion_id, **self.fields("companion_id"))


class TerminationRequest(Request):
    """Terminasi kasus with one of the reasons of LT Pasal 20(2)."""

    reason: TerminationReason
    referred_to: str | None = Field(
        default=None, max_length=500, description="Where, for referred_elsewhere (20(2)d)."
    )

    def to_command(self) -> TerminateCase:
        return TerminateCase(**self.fields())


class AcknowledgementRequest(Request):
    """An acknowledgement: the signed-in companion (or supervisor) the outcome was
    delivered to acknowledges it, whatever the body says."""

    companion_id: str | None = Field(
        default=None,
        max_length=64,
        description="Ignored: the signed-in account acknowledges (LT Pasal 17(3)).",
        deprecated=True,
    )
