"""Referral events (rujukan, KH Pasal 1 angka 16): the hub asks an agency for a
service of a matrix stage; the agency answers on the same case key."""

from datetime import date, datetime

from pydantic import Field, model_validator

from schemas.base import (
    AgencyId,
    CaseEvent,
    FreeText,
    ReferralId,
    Sealable,
    event_type,
    example,
)
from schemas.events.case import ChildIdentity
from schemas.vocabulary import CaseCategory, DeclineReason, Escalation, OverdueKind, ServiceType


@event_type("referral", "issued")
class ReferralIssued(CaseEvent, Sealable):
    """A referral to the target agency's inbox. It carries only what the service
    needs: the child's identity only when the service cannot be given without it.

    An agency that refers on (a puskesmas to the RSUD) names the case's hub in
    ``hub_id`` and sends the hub a copy, so the chain stays visible to the hub and the
    companion."""

    @property
    def outcome_hub(self) -> str:
        """Where answers and service reports about this referral go."""
        return self.hub_id or self.referrer_id

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        district="kapuas-hulu",
        stage="REHABILITASI_KESEHATAN",
        service="health",
        referrer_id="kh-hub",
        target_id="kh-rsud",
        duty="Pemeriksaan medis, visum, pengobatan",
        category="trafficking",
        answer_due_at="2026-11-24T17:00:00Z",
        outcome_due_on="2026-11-30",
    )

    referral_id: ReferralId
    district: str
    stage: str = Field(description="The stage of the district's referral matrix.")
    service: ServiceType
    referrer_id: AgencyId
    target_id: AgencyId
    hub_id: AgencyId | None = Field(
        default=None,
        description=(
            "The case's intake hub, where answers and outcomes go (LT Pasal 17(3)); "
            "absent means the referrer is the hub. Set on onward referrals."
        ),
    )
    duty: str | None = Field(default=None, max_length=300, description="From the matrix row.")
    category: CaseCategory | None = None
    answer_due_at: datetime | None = None
    outcome_due_on: date | None = None
    predecessor_id: ReferralId | None = Field(
        default=None, description="The declined or expired referral this one re-routes."
    )
    parent_referral_id: ReferralId | None = Field(
        default=None, description="For an onward referral (e.g. puskesmas to RSUD): its origin."
    )
    child: ChildIdentity | None = Field(
        default=None, description="Only when the service needs the identity."
    )
    note: FreeText | None = None


class _ReferralAnswer(CaseEvent):
    referral_id: ReferralId
    agency_id: AgencyId = Field(description="The agency answering (the target).")


@event_type("referral", "received")
class ReferralReceived(_ReferralAnswer):
    """The target's system stored the referral (status issued → received)."""

    model_config = example(
        case_id="c-7f3a9c1e20b4", referral_id="r-1b2c3d4e5f60", agency_id="kh-rsud"
    )


@event_type("referral", "accepted")
class ReferralAccepted(_ReferralAnswer, Sealable):
    """The target accepts to deliver the service."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        agency_id="kh-rsud",
        accepted_at="2026-11-23T15:00:00Z",
    )

    accepted_at: datetime
    note: FreeText | None = None


@event_type("referral", "declined")
class ReferralDeclined(_ReferralAnswer, Sealable):
    """The target declines with a reason from a closed list; 'other' needs a text."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        agency_id="kh-dinsos",
        reason="no_capacity",
        declined_at="2026-11-23T15:00:00Z",
    )

    reason: DeclineReason
    detail: FreeText | None = None
    declined_at: datetime

    @model_validator(mode="after")
    def _other_needs_detail(self) -> "ReferralDeclined":
        if self.reason is DeclineReason.OTHER and not self.detail:
            raise ValueError("detail is required when the reason is 'other'")
        return self


@event_type("referral", "on_hold")
class ReferralOnHold(_ReferralAnswer, Sealable):
    """The target paused the service (e.g. the child is in hospital elsewhere)."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        agency_id="kh-dinsos",
        reason="Child admitted to hospital",
    )

    reason: FreeText


@event_type("referral", "resumed")
class ReferralResumed(_ReferralAnswer):
    """The target resumed a paused service."""

    model_config = example(
        case_id="c-7f3a9c1e20b4", referral_id="r-1b2c3d4e5f60", agency_id="kh-dinsos"
    )


@event_type("referral", "cancelled")
class ReferralCancelled(CaseEvent, Sealable):
    """The referrer withdrew the referral, e.g. when the case terminates
    (LT Pasal 20(2) b–d) or the plan changes."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        referrer_id="kh-hub",
        reason="Case terminated: child_died",
    )

    referral_id: ReferralId
    referrer_id: AgencyId
    reason: FreeText


@event_type("referral", "expired")
class ReferralExpired(CaseEvent):
    """Nobody answered in time; the referrer may re-route it within the stage."""

    model_config = example(
        case_id="c-7f3a9c1e20b4", referral_id="r-1b2c3d4e5f60", referrer_id="kh-hub"
    )

    referral_id: ReferralId
    referrer_id: AgencyId


@event_type("referral", "overdue")
class ReferralOverdue(CaseEvent):
    """A referral missed its answer or outcome deadline: first to the companion,
    after a second interval to the companion's supervisor."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        referral_id="r-1b2c3d4e5f60",
        target_id="kh-rsud",
        kind="answer",
        escalation="companion",
        due_at="2026-11-24T17:00:00Z",
    )

    referral_id: ReferralId
    target_id: AgencyId
    kind: OverdueKind
    escalation: Escalation
    due_at: datetime
    milestone: str | None = Field(
        default=None,
        description="Which service standard was missed: answer, first_report or outcome.",
        examples=["answer"],
    )
