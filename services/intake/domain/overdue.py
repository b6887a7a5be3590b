"""When the hub's deadline monitor must send an overdue notice (pure).

For every open referral and every service standard it can still miss
(:func:`~services.intake.domain.loop.pending_milestones`), the due time comes from the
network's standards (:mod:`rujukan.referral_deadlines`), unless the referral was issued
with its own answer or outcome date. The first notice goes to the companion at the due
time, the second to the supervisor after the escalation interval. The hub stores these
notices with the case, so the monitor finds them again after a restart.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from rujukan.referral_deadlines import (
    Due,
    Milestone,
    ReferralDeadline,
    district_timezone,
    due,
)
from schemas.vocabulary import Escalation
from services.intake.domain.loop import ANSWER, OUTCOME, pending_milestones
from services.intake.domain.model import Case, Referral


@dataclass(frozen=True, slots=True)
class DueNotice:
    """An overdue notice the monitor must send at ``fire_at`` unless the case moves on."""

    case_id: str
    referral_id: str
    milestone: str
    escalation: Escalation
    due_at: datetime
    fire_at: datetime


def due_notices(
    case: Case, rules: tuple[ReferralDeadline, ...], only: Collection[str] | None = None
) -> list[DueNotice]:
    """The next overdue notice of every pending milestone of the case's referrals (of
    the referrals ``only`` names, when given)."""
    if case.terminated:
        return []
    notices = []
    referrals = case.referrals.values() if only is None else _some(case, only)
    for referral in referrals:
        for milestone in pending_milestones(referral):
            deadline = _deadline(case, referral, milestone, rules)
            if deadline is None:
                continue
            sent = {e for m, e in referral.overdue_notices if m == milestone}
            if Escalation.COMPANION not in sent:
                notices.append(_notice(case, referral, milestone, Escalation.COMPANION, deadline))
            elif Escalation.SUPERVISOR not in sent:
                notices.append(_notice(case, referral, milestone, Escalation.SUPERVISOR, deadline))
    return notices


def _some(case: Case, referral_ids: Collection[str]) -> list[Referral]:
    return [case.referrals[r] for r in referral_ids if r in case.referrals]


def _notice(
    case: Case, referral: Referral, milestone: str, escalation: Escalation, deadline: Due
) -> DueNotice:
    fire_at = deadline.due_at if escalation is Escalation.COMPANION else deadline.escalate_at
    return DueNotice(
        case.case_id, referral.referral_id, milestone, escalation, deadline.due_at, fire_at
    )


def _deadline(
    case: Case, referral: Referral, milestone: str, rules: tuple[ReferralDeadline, ...]
) -> Due | None:
    start = referral.issued_at if milestone == ANSWER else referral.answered_at
    if start is None:
        return None
    standard = due(referral.service, Milestone(milestone), start, case.district, rules)
    if standard is None:
        return None
    explicit = _explicit_due(case, referral, milestone)
    if explicit is None:
        return standard
    shift: timedelta = explicit - standard.due_at
    return Due(standard.milestone, explicit, standard.escalate_at + shift, standard.source)


def _explicit_due(case: Case, referral: Referral, milestone: str) -> datetime | None:
    """A due time the referral was issued with (the plan's due date for its outcome)."""
    if milestone == ANSWER:
        return referral.answer_due_at
    if milestone == OUTCOME and referral.outcome_due_on is not None:
        zone = district_timezone(case.district)
        return datetime.combine(referral.outcome_due_on, time(23, 59), tzinfo=zone)
    return None
