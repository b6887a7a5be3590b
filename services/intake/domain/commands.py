"""Commands: what a companion, the hub or a target agency asks of a case.

Commands are plain frozen values with no validation of their own: every rule is checked
by `decide`, so a refused command always ends in `RuleViolation` or `IllegalState` with
the rule and the article, never in a construction error. Times come from the caller's
``now``; an answer from an agency may carry the agency's own time.

Commands act on the case the caller loaded; only `ReceiveComplaint` names a case id,
because it opens the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from schemas import vocabulary as v
from schemas.events.case import ChildIdentity, ConsentOf, PlannedService
from schemas.facts import ServiceFact
from services.intake.domain.records import ConferenceParticipant

# --- initial process and identification (LT Pasal 8–14) --------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class ReceiveComplaint:
    """Penerimaan pengaduan on the complaint form (LT Pasal 8a, 9). An agency's report
    comes with a request letter and case information (9(2))."""

    case_id: str
    channel: v.ComplaintChannel
    complainant: v.ComplainantType
    child: ChildIdentity
    request_letter_ref: str | None = None
    case_information: str | None = None
    suspected_category: v.CaseCategory | None = None
    submitted_by: str | None = None
    """The agency whose ComplaintSubmitted this is (the envelope's source)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordEmergencyHandling:
    """Penanganan kedaruratan (LT Pasal 10), by a social worker, social welfare worker
    or other companion, possibly before registration."""

    action: str
    handled_by: str
    handler_role: v.CompanionRole


@dataclass(frozen=True, slots=True, kw_only=True)
class RegisterCase:
    """Registrasi (LT Pasal 11): the case number (given by the caller's numbering) and
    the category (LT Pasal 4(1), plus trafficking)."""

    case_number: str
    category: v.CaseCategory


@dataclass(frozen=True, slots=True, kw_only=True)
class AssignCompanion:
    """Penugasan of the case's one companion with an assignment letter
    (LT Pasal 7(3)-(4), 12)."""

    companion_id: str
    role: v.CompanionRole
    assignment_letter_ref: str | None
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class ReassignCompanion:
    """Replace the active companion by another (LT Pasal 7(3): still one at a time);
    names the companion being replaced so a stale request is refused."""

    companion_id: str
    role: v.CompanionRole
    assignment_letter_ref: str | None
    replaces_companion_id: str
    supervisor_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MakeInitialContact:
    """Kontak awal by the companion (LT Pasal 13)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreeServiceContract:
    """Kontrak layanan with the child and/or the family (LT Pasal 14)."""

    agreed_by: v.ContractParty


# --- assessment and plan (LT Pasal 15–16) ----------------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class CompleteAssessment:
    """Asesmen (LT Pasal 15): data on the four conditions and the legal status (15(2)),
    the analysis (15(3)) and the conclusion with recommended services (15(4))."""

    physical_condition: str
    psychological_condition: str
    social_condition: str
    spiritual_condition: str
    legal_status: str
    analysis: str
    conclusion: str
    recommended_services: tuple[v.ServiceType, ...]


@dataclass(frozen=True, slots=True, kw_only=True)
class AgreeInterventionPlan:
    """Rencana intervensi by case conference (LT Pasal 16): who met, and each planned
    service with its matrix stage, target and due date."""

    participants: tuple[ConferenceParticipant, ...]
    services: tuple[PlannedService, ...]


# --- referrals (LT Pasal 10, 17; KH Lampiran I) ----------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class _ForTheCompanion:
    """A command whose result reaches the companion as an outcome (LT Pasal 17(3))."""

    outcome_id: str | None = None
    """How the companion acknowledges this outcome: the inbound event's ce_id, or an id
    the caller chose; derived from the content when absent."""


@dataclass(frozen=True, slots=True, kw_only=True)
class _ServiceReport(_ForTheCompanion):
    """Laporan pelaksanaan pemberian layanan on a referral (LT Pasal 17(3))."""

    referral_id: str
    report_id: str
    status: v.OutcomeStatus
    final: bool = False
    not_delivered_reason: v.NotDeliveredReason | None = None
    facts: tuple[ServiceFact, ...] = ()
    document_ref: str | None = None
    reported_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class IssueReferral:
    """Refer the child to an institution of a matrix stage (LT Pasal 17). An emergency
    referral (LT Pasal 10) needs no plan. ``include_identity`` is the caller's choice
    from the service (health and identification cannot work without it)."""

    referral_id: str
    stage: str
    target_id: str
    emergency: bool = False
    include_identity: bool = False
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    parent_referral_id: str | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RerouteReferral:
    """Send a declined or expired referral to another institution of the same stage, as
    a new referral naming its predecessor."""

    referral_id: str
    predecessor_id: str
    target_id: str
    include_identity: bool = False
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class MarkReferralReceived:
    """The target's system stored the referral."""

    referral_id: str
    agency_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class AcceptReferral(_ForTheCompanion):
    """The target accepts to deliver the service."""

    referral_id: str
    agency_id: str
    accepted_at: datetime | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class DeclineReferral(_ForTheCompanion):
    """The target declines, with a reason from the closed list."""

    referral_id: str
    agency_id: str
    reason: v.DeclineReason
    detail: str | None = None
    declined_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class PutReferralOnHold:
    """The target pauses the service."""

    referral_id: str
    agency_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ResumeReferral:
    """The target resumes a paused service."""

    referral_id: str
    agency_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ReportService(_ServiceReport):
    """Laporan pelaksanaan pemberian layanan to the companion (LT Pasal 17(3)); for an
    institution that runs no software the companion records it on its behalf."""

    agency_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOfflineAnswer(_ForTheCompanion):
    """The companion records the answer of an institution that runs no software (an
    offline referral, sent by letter): received and accepted, or received and declined
    with a reason. It counts exactly like an electronic answer."""

    referral_id: str
    accepted: bool
    reason: v.DeclineReason | None = None
    detail: str | None = None
    note: str | None = None
    answered_at: datetime | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOfflineReport(_ServiceReport):
    """The companion records the service report of an institution that runs no software
    (LT Pasal 17(3): the result reaches the companion directly)."""


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOnwardReferral:
    """An agency holding one of the case's referrals sent the child on (a puskesmas to
    the RSUD) and copied the hub: the onward referral joins the case's chain. The hub
    records it; it neither issues nor re-publishes it."""

    referral_id: str
    parent_referral_id: str | None
    referrer_id: str
    hub_id: str | None
    stage: str
    target_id: str
    identity_included: bool = False
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    note: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordHandOver:
    """The agency that made one of the case's referrals hands the child to the case's
    companion because the child did not receive the service: a Batang school head closing
    the referral under BTG Pasal 18(6)k ("menghubungi Pekerja Sosial dari pemerintah
    setempat untuk tindak lanjutnya"). The hub records it; it never re-publishes it."""

    referral_id: str
    agency_id: str
    school_report_id: str
    """The referrer's own case: the school report the referral was made for."""
    handed_over_on: date
    article: str
    outcome_id: str | None = None
    """How the companion acknowledges it: the inbound event's ce_id."""


@dataclass(frozen=True, slots=True, kw_only=True)
class CancelReferral:
    """The hub, as referrer, withdraws a referral (e.g. the plan changed)."""

    referral_id: str
    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class ExpireReferral:
    """The hub's deadline monitor expires a referral nobody answered in time."""

    referral_id: str


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordOverdue:
    """The hub's deadline monitor: a referral missed a service standard
    (``rujukan/data/referral_deadlines.csv``). The notice goes to the companion, and after
    the second interval to the companion's supervisor; an answer still missing then
    expires the referral, which may be re-routed."""

    referral_id: str
    milestone: str
    """answer, first_report or outcome."""
    escalation: v.Escalation
    due_at: datetime
    outcome_id: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class AcknowledgeOutcome:
    """The companion (or the supervisor an overdue notice was escalated to) has seen an
    outcome; a referral's loop closes when its final outcome is acknowledged."""

    outcome_id: str
    companion_id: str


# --- evaluation and termination (LT Pasal 19–20) ----------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class EvaluateCase:
    """Evaluasi by the companion (LT Pasal 19)."""

    companion_id: str
    physically_and_mentally_well: bool
    more_services_needed: bool = False
    basis: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class TerminateCase:
    """Terminasi kasus for one of the reasons of LT Pasal 20(2)."""

    reason: v.TerminationReason
    referred_to: str | None = None


# --- the consent to return (BLU Pasal 1 angka 8) -----------------------------------------


@dataclass(frozen=True, slots=True, kw_only=True)
class RecordReturnConsent:
    """The victim or witness wants and agrees to be repatriated or reintegrated (BLU
    Pasal 1 angka 8); for a child, the child's own consent, with whether a parent or
    guardian was present."""

    consent_of: ConsentOf
    parent_or_guardian_present: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class WithdrawReturnConsent:
    """The victim or witness no longer agrees: the open return referrals are cancelled."""

    consent_of: ConsentOf


Command = (
    ReceiveComplaint
    | RecordEmergencyHandling
    | RegisterCase
    | AssignCompanion
    | ReassignCompanion
    | MakeInitialContact
    | AgreeServiceContract
    | CompleteAssessment
    | AgreeInterventionPlan
    | IssueReferral
    | RerouteReferral
    | MarkReferralReceived
    | AcceptReferral
    | DeclineReferral
    | PutReferralOnHold
    | ResumeReferral
    | ReportService
    | RecordOfflineAnswer
    | RecordOfflineReport
    | RecordOnwardReferral
    | RecordHandOver
    | CancelReferral
    | ExpireReferral
    | RecordOverdue
    | AcknowledgeOutcome
    | EvaluateCase
    | TerminateCase
    | RecordReturnConsent
    | WithdrawReturnConsent
)
"""Every command `decide` takes."""
