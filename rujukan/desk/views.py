"""What the desk's HTTP API returns: typed read models for the staff."""

import uuid
from datetime import date, datetime

from pydantic import BaseModel, ConfigDict, Field

from schemas.events import ChildIdentity
from schemas.facts import ServiceFact
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    DeclineReason,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
)


class _View(BaseModel):
    model_config = ConfigDict(frozen=True)


class ReferralSummary(_View):
    """One line of the queue."""

    referral_id: str
    case_id: str
    status: ReferralStatus
    stage: str
    service: ServiceType
    district: str
    referrer_id: str
    hub_id: str = Field(description="The case's hub: where answers and reports go.")
    received_at: datetime
    updated_at: datetime
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    parent_referral_id: str | None = Field(
        default=None, description="Set when another agency referred the child on to us."
    )


class Queue(_View):
    referrals: list[ReferralSummary]
    counts: dict[str, int] = Field(description="How many referrals this agency holds, by status.")


class Delivery(_View):
    """The hub's proof that an outcome reached the companion (LT Pasal 17(3))."""

    companion_id: str
    delivered_at: datetime | None = None
    acknowledged_at: datetime | None = None


class ReportView(_View):
    report_id: str
    seq: int
    status: OutcomeStatus
    final: bool
    facts: list[ServiceFact]
    not_delivered_reason: NotDeliveredReason | None = None
    document_ref: str | None = None
    reported_at: datetime
    warnings: list[str] = Field(
        default_factory=list, description="What the rules flagged without refusing the report."
    )
    event_id: uuid.UUID = Field(description="The ce_id of the ServiceReported sent to the hub.")
    reached_companion: Delivery | None = Field(
        default=None, description="Set when the hub confirmed delivery to the companion."
    )


class SentEvent(_View):
    """An event the desk sent about the referral."""

    event_id: uuid.UUID
    event_type: str
    topic: str
    sent_at: datetime
    reached_companion: Delivery | None = None


class OnwardView(_View):
    """An onward referral this agency issued from the referral."""

    onward_referral_id: str
    target_id: str
    stage: str
    service: ServiceType
    issued_at: datetime


class ReferralDetail(ReferralSummary):
    duty: str | None = None
    category: CaseCategory | None = None
    note: str | None = None
    predecessor_id: str | None = None
    decline_reason: DeclineReason | None = None
    decline_detail: str | None = None
    hold_reason: str | None = None
    closed_reason: str | None = None
    child: ChildIdentity | None = Field(
        default=None,
        description=(
            "The child's identity when the referral needs it: personal data, shown to this "
            "agency's staff only and never sent on."
        ),
    )
    reports: list[ReportView] = Field(default_factory=list)
    onward: list[OnwardView] = Field(default_factory=list)
    sent: list[SentEvent] = Field(
        default_factory=list, description="Every event sent to the hub about it, in order."
    )


class OnwardResult(_View):
    onward: OnwardView
    origin: ReferralDetail


class CapacityView(_View):
    service: ServiceType
    available: int
    capacity: int | None = None
    as_of: datetime
    sent_to: list[str] = Field(description="The intake hubs the notice went to.")
