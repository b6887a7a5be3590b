"""What the education service's HTTP API answers: typed views over its tables.

Every view but :class:`IdentityList` is free of names: parties appear by role and local
id (SKW Pasal 33, 44(2)). :class:`ProcessView` is what a victim or reporter may learn of
the whole process and its outcome (SKW Pasal 66(1)a).
"""

from datetime import date, datetime
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rujukan.stamps import aware
from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    Handler,
    HandlingStep,
    NoticeRecipient,
    ObjectionOutcome,
    PartyRole,
    PupilSanction,
    SanctionTier,
    SatgasReason,
    SchoolDocument,
    SchoolNoticeKind,
    StaffSanction,
    StopReason,
)
from schemas.vocabulary import ServiceType
from services.education.domain import BatangReferral, PartyIdentity, ProcessStatus, SchoolReport

Moment = Annotated[datetime, AfterValidator(aware)]
"""A time this service answers: always with its offset, as ``date-time`` (RFC 3339)
in the OpenAPI document requires."""


class _View(BaseModel):
    """Filled from a dict or, by field name, from the attributes of a domain value or a
    typed row."""

    model_config = ConfigDict(frozen=True, from_attributes=True)


class OutcomeView(_View):
    """An answer or report a target sent about a referral of this service."""

    event_type: str
    agency_id: str
    status: str | None = None
    final: bool
    body: dict[str, Any] = Field(description="The event as received (no identity).")
    received_at: Moment


class ReferralView(_View):
    """A referral this service issued, and what its target answered."""

    referral_id: str
    case_id: str = Field(description="The intake hub's case (or the report's, without one).")
    party_id: str | None
    purpose: str = Field(description="btg_18_4c, police_report or recovery (SKW 65).")
    article: str
    stage: str
    service: ServiceType
    target_id: str
    hub_id: str | None
    identity_included: bool
    status: str
    issued_at: Moment
    steps: BatangReferral | None = Field(default=None, description="BTG 18(6) a–k.")
    outcomes: list[OutcomeView] = Field(default_factory=list)


class NoticeView(_View):
    notice_id: str
    kind: SchoolNoticeKind
    party_id: str | None
    article: str
    by_letter: bool
    services: list[ServiceType]
    issued_at: Moment


class UnroutableView(_View):
    """A referral owed at once that no institution online could take (BTG 18(4)c, 18(2)j):
    the district's matrix lists none that runs software; the school head refers by letter."""

    party_id: str | None
    purpose: str = Field(description="btg_18_4c or police_report.")
    service: ServiceType
    article: str
    about: list[PartyRole] = Field(description="The pupil's roles, as on the journal topic.")
    detected_at: Moment


class CopyView(_View):
    recipient: NoticeRecipient
    party_id: str | None = None


class CopiesView(_View):
    """A document of the handling sent to the recipients the regulation names: the stop
    of an examination (SKW 47(2)) or the decision (SKW 52(2)–(3))."""

    copies_id: str
    document: SchoolDocument
    article: str
    issued_on: date
    recipients: list[CopyView] = Field(description="One entry per person the document went to.")
    sent_at: Moment


class DeadlineView(_View):
    reference: str
    rule: str
    article: str
    unit: str
    kind: str
    party_id: str | None
    starts_on: date
    due_on: date
    status: str
    done_on: date | None
    handler: Handler
    missed_announced_at: Moment | None = None


class RecordView(_View):
    seq: int
    record_type: str
    article: str
    happened_on: date


class HubCaseView(_View):
    case_id: str
    party_id: str
    hub_id: str
    submitted_at: Moment


class ReportSummary(_View):
    reference: str
    handler: Handler
    satgas_reasons: list[SatgasReason]
    status: ProcessStatus
    received_on: date


class ReportDetail(_View):
    """One report for the TPPK, the Satgas and the Dinas: the whole handling, no names."""

    report: SchoolReport
    steps_reached: list[HandlingStep]
    hub_cases: list[HubCaseView]
    referrals: list[ReferralView]
    notices: list[NoticeView]
    deadlines: list[DeadlineView]
    records: list[RecordView]
    unroutable: list[UnroutableView] = Field(
        default_factory=list,
        description="Referrals owed at once that no institution online could take.",
    )
    copies: list[CopiesView] = Field(
        default_factory=list,
        description="The stops and the decision, sent to their recipients (SKW 47(2), 52).",
    )


class IdentityList(_View):
    """Who the parties are: personal data, shown to the handling team only."""

    reference: str
    identities: list[PartyIdentity]


class SanctionOutcome(_View):
    tier: SanctionTier | None
    pupil_sanction: PupilSanction | None
    staff_sanction: StaffSanction | None
    civil_service_law: bool


class DecisionOutcome(_View):
    finding: ConclusionFinding
    signed_by: DecisionAuthority
    on: date
    restore_good_name: bool
    sanctions: list[SanctionOutcome]


class ProcessView(_View):
    """What a victim or reporter may know of the whole process and its outcome (SKW
    Pasal 66(1)a): the steps, who handles and why, the outcome and the services referred
    for them — never another person's identity or party id."""

    reference: str
    handler: Handler
    satgas_reasons: list[SatgasReason]
    status: ProcessStatus
    steps_reached: list[HandlingStep]
    stops: list[StopReason]
    conclusion: ConclusionFinding | None
    decision: DecisionOutcome | None
    objection_outcome: ObjectionOutcome | None
    recovery_started_on: date | None
    referrals: list[ReferralView]
    deadlines: list[DeadlineView]
