"""Service outcomes and their delivery to the companion (LT Pasal 17(3)): the result
of every service reaches the case's companion, directly or by a service report."""

import uuid
from datetime import datetime

from pydantic import Field, model_validator

from schemas.base import (
    AgencyId,
    CaseEvent,
    DocumentRef,
    ReferralId,
    Sealable,
    event_type,
    example,
)
from schemas.facts import ServiceFact
from schemas.vocabulary import Escalation, NotDeliveredReason, OutcomeStatus


@event_type("service", "reported")
class ServiceReported(CaseEvent, Sealable):
    """Laporan pelaksanaan pemberian layanan: a step or the final result of a referred
    service, addressed to the case's hub (never broadcast). ``final`` closes the
    referral: completed or partially completed → completed; not delivered → failed."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        agency_id="kh-rsud",
        report_id="rep-0001",
        status="completed",
        final=False,
        facts=[
            {"kind": "visum_issued", "document_ref": "VER/12/XI/2026", "issued_on": "2026-11-24"}
        ],
        reported_at="2026-11-24T10:00:00Z",
    )

    referral_id: ReferralId
    agency_id: AgencyId
    report_id: str = Field(min_length=1, max_length=64)
    status: OutcomeStatus
    not_delivered_reason: NotDeliveredReason | None = None
    final: bool = False
    facts: list[ServiceFact] = Field(default_factory=list)
    document_ref: DocumentRef | None = None
    reported_at: datetime

    @model_validator(mode="after")
    def _reason_when_not_delivered(self) -> "ServiceReported":
        if self.status is OutcomeStatus.NOT_DELIVERED and self.not_delivered_reason is None:
            raise ValueError("not_delivered_reason is required when the status is not_delivered")
        return self


@event_type("outcome", "delivered_to_companion")
class OutcomeDeliveredToCompanion(CaseEvent):
    """The hub put an outcome in the companion's inbox (LT Pasal 17(3)); sent back to
    the reporting agency as its proof of delivery."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        outcome_event_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10",
        companion_id="comp-siti",
        delivered_at="2026-11-24T10:00:01Z",
    )

    referral_id: ReferralId
    outcome_event_id: uuid.UUID = Field(
        description=(
            "Identifies the delivered outcome: the ce_id of the agency's answer or report, "
            "or the id of the hub's overdue notice."
        )
    )
    companion_id: str = Field(description="Who received it: the companion, or their supervisor.")
    delivered_at: datetime
    agency_id: AgencyId | None = Field(default=None, description="The agency the outcome is from.")
    outcome_type: str | None = Field(
        default=None,
        description="The event type delivered.",
        examples=["id.rujukan.service.reported.v1"],
    )
    final: bool | None = Field(
        default=None, description="Whether the outcome closes the referral (a final report)."
    )
    recipient: Escalation | None = Field(
        default=None, description="companion, or supervisor for an escalated overdue notice."
    )
    handed_over_from: str | None = Field(
        default=None,
        description="The previous companion, when a reassignment handed the outcome over.",
    )


@event_type("outcome", "acknowledged")
class OutcomeAcknowledged(CaseEvent):
    """The companion read and acknowledged an outcome. A referral's loop is closed
    when its final outcome is acknowledged."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        outcome_event_id="5b0b7f4e-2a39-4a55-9d7f-0d3f1b3c9a10",
        companion_id="comp-siti",
        acknowledged_at="2026-11-24T11:00:00Z",
    )

    referral_id: ReferralId
    outcome_event_id: uuid.UUID
    companion_id: str
    acknowledged_at: datetime
    agency_id: AgencyId | None = Field(default=None, description="The agency that reported.")
