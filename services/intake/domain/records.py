"""Internal records: facts the hub keeps about a case that never leave the hub.

The public events of :mod:`schemas.events` travel to other agencies, so they carry the
case id and administrative facts only (LT Pasal 5e kerahasiaan). The hub also needs the
child's identity (to send it to a service that needs it), the assessment's findings,
who sat in the case conference and who handled an emergency. Those facts are recorded
here, in the hub's own journal next to the public events, and are folded into the case
by the same `evolve`.

Each record follows the public event it completes in a decision's journal.
"""

from __future__ import annotations

from typing import ClassVar

from pydantic import BaseModel, ConfigDict, Field

from schemas.events.case import ChildIdentity
from schemas.vocabulary import CompanionRole, Escalation


class InternalRecord(BaseModel):
    """Base of the hub's internal records: frozen, strict about unknown fields."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    record_type: ClassVar[str]
    """How the journal names the record: stable, whatever the class is called."""

    case_id: str


class ChildIdentityRecorded(InternalRecord):
    """The complaint form's identity of the child and the case information an agency's
    request letter came with (LT Pasal 9(1)-(2)). Not in ComplaintReceived: the identity
    stays in the hub and leaves only inside a referral that needs it."""

    record_type: ClassVar[str] = "intake.record.child_identity.v1"

    child: ChildIdentity
    case_information: str | None = None


class EmergencyHandlerRecorded(InternalRecord):
    """Who handled the emergency just recorded: a social worker, social welfare worker
    or other companion (LT Pasal 10)."""

    record_type: ClassVar[str] = "intake.record.emergency_handler.v1"

    handled_by: str = Field(min_length=1)
    role: CompanionRole


class SupervisorRecorded(InternalRecord):
    """The supervisor of the companion just assigned (for escalation of overdue
    referrals); not part of the public assignment event."""

    record_type: ClassVar[str] = "intake.record.supervisor.v1"

    companion_id: str
    supervisor_id: str = Field(min_length=1)


class AssessmentFindings(BaseModel):
    """What the assessment found (LT Pasal 15(2)-(4)): the four conditions and the legal
    status, the analysis of problems and needs, and the conclusion. Sensitive: it stays in
    the hub; only the recommended services are public."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    physical_condition: str
    psychological_condition: str
    social_condition: str
    spiritual_condition: str
    legal_status: str
    analysis: str
    conclusion: str


class AssessmentFindingsRecorded(InternalRecord):
    """The findings of the assessment just completed (LT Pasal 15)."""

    record_type: ClassVar[str] = "intake.record.assessment_findings.v1"

    findings: AssessmentFindings


class ConferenceParticipant(BaseModel):
    """A person at a case conference (LT Pasal 16(2)a: a meeting with other parties and
    professions). ``agency_id`` names their institution when it is on the network."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    name: str = Field(min_length=1, max_length=200)
    profession: str = Field(min_length=1, max_length=200)
    agency_id: str | None = None


class CaseConferenceRecorded(InternalRecord):
    """Who took part in the case conference that agreed the plan just recorded
    (LT Pasal 16); the public event lists only the participating agencies."""

    record_type: ClassVar[str] = "intake.record.case_conference.v1"

    plan_version: int
    participants: tuple[ConferenceParticipant, ...]


class ReferralRoutingRecorded(InternalRecord):
    """How the referral just issued travels: as an emergency referral (LT Pasal 10), by
    letter to an institution that runs no software, with or without the identity."""

    record_type: ClassVar[str] = "intake.record.referral_routing.v1"

    referral_id: str
    emergency: bool
    offline: bool
    identity_included: bool


class EvaluationRecorded(InternalRecord):
    """Which companion made the evaluation just recorded, and on what basis
    (LT Pasal 19(1))."""

    record_type: ClassVar[str] = "intake.record.evaluation.v1"

    companion_id: str
    basis: str | None = None


class OutcomeRecorded(InternalRecord):
    """An answer, a service report or an overdue notice that must reach the case's
    companion (LT Pasal 17(3)), under the id the companion acknowledges it by. Follows
    the event it records; its delivery is the public OutcomeDeliveredToCompanion."""

    record_type: ClassVar[str] = "intake.record.outcome.v1"

    outcome_id: str
    referral_id: str
    outcome_type: str
    agency_id: str
    final: bool
    summary: str
    escalation: Escalation = Escalation.COMPANION
