"""intake: the journal names its entries by wire type, not by class name

A public event's entry is stored under its CloudEvents type and read back through the
catalogue of event types (so an older version is upcast as on the wire); an internal
record's under its record type. Every stored entry is renamed; nothing else changes.

Revision ID: 4d5099035459
Revises: 5ef1a9e4943f
Create Date: 2026-12-07 01:00:00.000000
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "4d5099035459"
down_revision: str | Sequence[str] | None = "5ef1a9e4943f"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

KINDS = {
    "ComplaintReceived": "id.rujukan.complaint.received.v1",
    "EmergencyHandled": "id.rujukan.case.emergency_handled.v1",
    "CaseRegistered": "id.rujukan.case.registered.v1",
    "CompanionAssigned": "id.rujukan.companion.assigned.v1",
    "InitialContactMade": "id.rujukan.case.initial_contact_made.v1",
    "ServiceContractAgreed": "id.rujukan.case.service_contract_agreed.v1",
    "AssessmentCompleted": "id.rujukan.case.assessment_completed.v1",
    "InterventionPlanAgreed": "id.rujukan.case.intervention_plan_agreed.v1",
    "ReferralIssued": "id.rujukan.referral.issued.v1",
    "ReferralReceived": "id.rujukan.referral.received.v1",
    "ReferralAccepted": "id.rujukan.referral.accepted.v1",
    "ReferralDeclined": "id.rujukan.referral.declined.v1",
    "ReferralOnHold": "id.rujukan.referral.on_hold.v1",
    "ReferralResumed": "id.rujukan.referral.resumed.v1",
    "ReferralCancelled": "id.rujukan.referral.cancelled.v1",
    "ReferralExpired": "id.rujukan.referral.expired.v1",
    "ServiceReported": "id.rujukan.service.reported.v1",
    "ReferralOverdue": "id.rujukan.referral.overdue.v1",
    "SchoolReferralHandedOver": "id.rujukan.school.referral_handed_over.v1",
    "OutcomeDeliveredToCompanion": "id.rujukan.outcome.delivered_to_companion.v1",
    "OutcomeAcknowledged": "id.rujukan.outcome.acknowledged.v1",
    "CaseEvaluated": "id.rujukan.case.evaluated.v1",
    "CaseTerminated": "id.rujukan.case.terminated.v1",
    "ChildIdentityRecorded": "intake.record.child_identity.v1",
    "EmergencyHandlerRecorded": "intake.record.emergency_handler.v1",
    "SupervisorRecorded": "intake.record.supervisor.v1",
    "AssessmentFindingsRecorded": "intake.record.assessment_findings.v1",
    "CaseConferenceRecorded": "intake.record.case_conference.v1",
    "ReferralRoutingRecorded": "intake.record.referral_routing.v1",
    "EvaluationRecorded": "intake.record.evaluation.v1",
    "OutcomeRecorded": "intake.record.outcome.v1",
}
"""The class names entries were stored under → their stored type from now on (as the
classes stood at this revision)."""


def _rename(renames: dict[str, str]) -> None:
    journal = sa.table("intake_journal", sa.column("kind", sa.String))
    for old, new in renames.items():
        op.execute(journal.update().where(journal.c.kind == old).values(kind=new))


def upgrade() -> None:
    _rename(KINDS)


def downgrade() -> None:
    _rename({new: old for old, new in KINDS.items()})
