"""The case as the intake hub knows it: immutable values rebuilt by folding its journal.

Nothing here decides anything; `decide` reads these values and `evolve` builds new ones.
A case is never changed in place: every step yields a new `Case`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from schemas.events.case import ChildIdentity, ConsentOf, PlannedService
from schemas.facts import ServiceFact
from schemas.referral_status import FINAL, ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
    DeclineReason,
    Escalation,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
    TerminationReason,
)
from services.intake.domain.phases import CasePhase
from services.intake.domain.records import AssessmentFindings, ConferenceParticipant


@dataclass(frozen=True, slots=True)
class Complaint:
    """The complaint form (LT Pasal 9): how and from whom it came. The identity of the
    child is kept on the case (`Case.child`), never here."""

    channel: ComplaintChannel
    complainant: ComplainantType
    received_at: datetime
    request_letter_ref: str | None = None
    suspected_category: CaseCategory | None = None
    submitted_by: str | None = None
    """The agency that submitted the complaint through the network, if any."""


@dataclass(frozen=True, slots=True)
class Companion:
    """The pendamping assigned with a surat tugas from their institution
    (LT Pasal 7(2)-(4), 12). ``released_at`` is set when a reassignment replaced them."""

    companion_id: str
    role: CompanionRole
    assignment_letter_ref: str
    assigned_at: datetime
    supervisor_id: str | None = None
    released_at: datetime | None = None

    @property
    def active(self) -> bool:
        """Still the case's companion (LT Pasal 7(3): exactly one at a time)."""
        return self.released_at is None


@dataclass(frozen=True, slots=True)
class EmergencyAction:
    """Penanganan kedaruratan (LT Pasal 10): what was done to keep the child safe."""

    action: str
    handled_at: datetime
    handled_by: str | None = None
    handler_role: CompanionRole | None = None


@dataclass(frozen=True, slots=True)
class ServiceContract:
    """Kontrak layanan (LT Pasal 14): who agreed, the child and/or the family."""

    agreed_by: ContractParty
    agreed_at: datetime


@dataclass(frozen=True, slots=True)
class Assessment:
    """The latest asesmen (LT Pasal 15); ``round`` counts reassessments (LT Pasal 19(3))."""

    recommended_services: tuple[ServiceType, ...]
    completed_at: datetime
    round: int
    findings: AssessmentFindings | None = None


@dataclass(frozen=True, slots=True)
class Plan:
    """The current rencana intervensi (LT Pasal 16), agreed by a case conference."""

    version: int
    services: tuple[PlannedService, ...]
    participants: tuple[str, ...]
    agreed_at: datetime
    conference: tuple[ConferenceParticipant, ...] = ()

    def line_for(self, stage: str, target_id: str) -> PlannedService | None:
        """The plan line asking this target for a service of this stage, if any."""
        for line in self.services:
            if line.stage == stage and line.target_id == target_id:
                return line
        return None


@dataclass(frozen=True, slots=True)
class StatusChange:
    """One step of a referral through the state machine of `schemas.referral_status`."""

    status: ReferralStatus
    at: datetime


@dataclass(frozen=True, slots=True)
class ServiceReport:
    """One laporan pelaksanaan pemberian layanan on a referral (LT Pasal 17(3)): a step
    or the final result, with the facts it carries (outcomes and document references
    only, :mod:`schemas.facts`)."""

    report_id: str
    agency_id: str
    status: OutcomeStatus
    final: bool
    reported_at: datetime
    facts: tuple[ServiceFact, ...] = ()
    not_delivered_reason: NotDeliveredReason | None = None
    document_ref: str | None = None


@dataclass(frozen=True, slots=True)
class Outcome:
    """Something the companion must see about a referral (LT Pasal 17(3)): an answer, a
    service report or an overdue notice; delivered to the current companion (or, for an
    escalated overdue notice, their supervisor) and acknowledged by them."""

    outcome_id: str
    referral_id: str
    outcome_type: str
    agency_id: str
    final: bool
    summary: str
    recorded_at: datetime
    escalation: Escalation = Escalation.COMPANION
    recipient_id: str | None = None
    delivered_at: datetime | None = None
    handed_over_from: str | None = None
    acknowledged_at: datetime | None = None
    acknowledged_by: str | None = None

    @property
    def acknowledged(self) -> bool:
        return self.acknowledged_at is not None


@dataclass(frozen=True, slots=True)
class Referral:
    """A rujukan (KH Pasal 1 angka 16) issued by the hub to an institution of a matrix
    stage, with its status and the history of its moves."""

    referral_id: str
    stage: str
    service: ServiceType
    target_id: str
    referrer_id: str
    status: ReferralStatus
    issued_at: datetime
    history: tuple[StatusChange, ...]
    predecessor_id: str | None = None
    parent_referral_id: str | None = None
    offline: bool = False
    emergency: bool = False
    identity_included: bool = False
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    answered_at: datetime | None = None
    final_outcome: OutcomeStatus | None = None
    report_ids: tuple[str, ...] = ()
    reports: tuple[ServiceReport, ...] = ()
    decline_reason: DeclineReason | None = None
    decline_detail: str | None = None
    cancel_reason: str | None = None
    hub_id: str | None = None
    """Set on an onward referral: the case's hub, named by the referring agency."""
    overdue_notices: tuple[tuple[str, Escalation], ...] = ()
    """(milestone, escalation) of every overdue notice sent about this referral."""
    handed_over_on: date | None = None
    """Set when its referrer handed the child to the companion, the service not received
    (BTG Pasal 18(6)k)."""

    @property
    def open(self) -> bool:
        """Not yet in a final status: the target still owes an answer or a result."""
        return self.status not in FINAL


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Evaluasi by the companion (LT Pasal 19)."""

    physically_and_mentally_well: bool
    more_services_needed: bool
    evaluated_at: datetime
    companion_id: str | None = None
    basis: str | None = None


@dataclass(frozen=True, slots=True)
class Termination:
    """Terminasi kasus (LT Pasal 20) with one of the reasons of 20(2)."""

    reason: TerminationReason
    terminated_at: datetime
    referred_to: str | None = None


@dataclass(frozen=True, slots=True)
class ReturnConsent:
    """A consent to be repatriated or reintegrated (BLU Pasal 1 angka 8): whose, whether a
    parent or guardian was present for a child's, the district's article, when it was
    given and, once withdrawn, when."""

    consent_of: ConsentOf
    parent_or_guardian_present: bool
    article: str
    recorded_at: datetime
    withdrawn_at: datetime | None = None

    @property
    def in_force(self) -> bool:
        return self.withdrawn_at is None


@dataclass(frozen=True, slots=True)
class Case:
    """One case of the intake hub, from complaint to termination (LT Pasal 7–20).

    ``referrals`` is keyed by referral id in issue order; it is never mutated (each step
    builds a new mapping).
    """

    case_id: str
    district: str
    complaint: Complaint
    phase: CasePhase
    child: ChildIdentity | None = None
    case_information: str | None = None
    case_number: str | None = None
    category: CaseCategory | None = None
    registered_at: datetime | None = None
    companion: Companion | None = None
    companion_history: tuple[Companion, ...] = ()
    emergency_actions: tuple[EmergencyAction, ...] = ()
    initial_contact_at: datetime | None = None
    contract: ServiceContract | None = None
    assessment: Assessment | None = None
    plan: Plan | None = None
    referrals: Mapping[str, Referral] = field(default_factory=dict)
    evaluations: tuple[Evaluation, ...] = ()
    termination: Termination | None = None
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    """Everything that must reach the companion, by outcome id, in recorded order."""
    consents_to_return: tuple[ReturnConsent, ...] = ()
    """Every consent to return recorded on the case, withdrawn ones included, oldest first
    (BLU Pasal 1 angka 8)."""

    @property
    def return_consents(self) -> frozenset[ConsentOf]:
        """Who consents now to be repatriated or reintegrated (BLU Pasal 1 angka 8)."""
        return frozenset(c.consent_of for c in self.consents_to_return if c.in_force)

    @property
    def terminated(self) -> bool:
        """Whether the case ended (LT Pasal 20): nothing is accepted after."""
        return self.phase is CasePhase.TERMINATED

    @property
    def plan_version(self) -> int:
        """The current plan's version, 0 before the first case conference."""
        return self.plan.version if self.plan is not None else 0

    def open_referrals(self) -> tuple[Referral, ...]:
        """Referrals not yet final, in issue order."""
        return tuple(r for r in self.referrals.values() if r.open)
