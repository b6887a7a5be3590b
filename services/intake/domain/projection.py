"""What one decision changes in a case's projections (pure): the companions' inbox rows
(``intake_outcomes``) and the monitor's due notices (``intake_due_notices``).

Both are kept in the command's unit of work beside the journal, so before the command
they are the projection of the case as it was loaded; a command writes only the
outcomes it added or changed and the notices of the referrals it touched, not the whole
case again. Evolving a case keeps every outcome and referral it does not touch as the
same object, so "touched" is an identity test; a case folded afresh only makes the
change larger, never wrong. Opening or terminating a case rewrites all of its notices.
"""

from __future__ import annotations

from dataclasses import dataclass

from rujukan.referral_deadlines import ReferralDeadline
from services.intake.domain.model import Case, Outcome
from services.intake.domain.overdue import DueNotice, due_notices


@dataclass(frozen=True, slots=True)
class ProjectionChange:
    """The rows one decision changes; ``referrals`` None means every notice of the case."""

    case_id: str
    added: tuple[Outcome, ...]
    changed: tuple[Outcome, ...]
    removed: tuple[str, ...]
    referrals: tuple[str, ...] | None
    notices: tuple[DueNotice, ...]


def projection_change(
    before: Case | None, after: Case, rules: tuple[ReferralDeadline, ...]
) -> ProjectionChange:
    """The change from the projections of ``before`` to those of ``after``."""
    old = before.outcomes if before is not None else {}
    added = tuple(o for key, o in after.outcomes.items() if key not in old)
    changed = tuple(o for key, o in after.outcomes.items() if key in old and old[key] is not o)
    removed = tuple(key for key in old if key not in after.outcomes)
    if before is None or before.terminated != after.terminated:
        notices = tuple(due_notices(after, rules))
        return ProjectionChange(after.case_id, added, changed, removed, None, notices)
    touched = tuple(
        key
        for key in {**before.referrals, **after.referrals}
        if before.referrals.get(key) is not after.referrals.get(key)
    )
    notices = tuple(due_notices(after, rules, touched))
    return ProjectionChange(after.case_id, added, changed, removed, touched, notices)
