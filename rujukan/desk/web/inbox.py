"""What the desk's pages show: the inbox in sections, and a referral's deadlines.

A referral is in exactly one section, overdue first: one still ``received`` past its
answer deadline, or accepted / in progress past the outcome date the hub set, is overdue
(how many working days late is counted on the district's calendar,
:mod:`rujukan.calendar`; the deadlines themselves were set in working days by the hub,
:mod:`rujukan.referral_deadlines`). An on-hold referral's clock is paused.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

from rujukan.calendar import WorkingDayCalendar
from rujukan.desk.views import ReferralSummary
from rujukan.referral_deadlines import district_timezone
from schemas.referral_status import ReferralStatus

S = ReferralStatus
Section = Literal["overdue", "new", "under_way", "on_hold", "closed"]
SECTIONS: tuple[Section, ...] = ("overdue", "new", "under_way", "on_hold", "closed")
UNDER_WAY = frozenset({S.ACCEPTED, S.IN_PROGRESS})


@dataclass(frozen=True)
class Lateness:
    """Which deadline passed, and by how many working days."""

    milestone: Literal["answer", "outcome"]
    due: date
    working_days: int


@dataclass(frozen=True)
class InboxLine:
    referral: ReferralSummary
    late: Lateness | None = None


@dataclass(frozen=True)
class Inbox:
    sections: dict[Section, list[InboxLine]] = field(default_factory=dict)

    def count(self, section: Section) -> int:
        return len(self.sections.get(section, []))


def _local_day(moment: datetime, district: str) -> date:
    return moment.astimezone(district_timezone(district)).date()


def lateness(referral: ReferralSummary, now: datetime) -> Lateness | None:
    """The deadline the referral missed, if any, counted in the district's working days."""
    calendar = WorkingDayCalendar.for_district(referral.district)
    today = _local_day(now, referral.district)
    if referral.status is S.RECEIVED and referral.answer_due_at is not None:
        if now > referral.answer_due_at:
            due = _local_day(referral.answer_due_at, referral.district)
            late = max(calendar.working_days_between(due, today), 1)
            return Lateness("answer", due, late)
        return None
    due_on = referral.outcome_due_on
    if referral.status in UNDER_WAY and due_on is not None and today > due_on:
        late = calendar.working_days_between(due_on, today)
        return Lateness("outcome", due_on, max(late, 1))
    return None


def section_of(referral: ReferralSummary, late: Lateness | None) -> Section:
    if late is not None:
        return "overdue"
    if referral.status is S.RECEIVED:
        return "new"
    if referral.status in UNDER_WAY:
        return "under_way"
    if referral.status is S.ON_HOLD:
        return "on_hold"
    return "closed"


def inbox(referrals: Sequence[ReferralSummary], now: datetime) -> Inbox:
    """The referrals in their sections, each section in the order given (newest first)."""
    sections: dict[Section, list[InboxLine]] = {name: [] for name in SECTIONS}
    for referral in referrals:
        late = lateness(referral, now)
        sections[section_of(referral, late)].append(InboxLine(referral, late))
    return Inbox(sections)
