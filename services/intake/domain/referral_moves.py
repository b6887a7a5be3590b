"""How an answer moves a referral through the network's one state machine
(:mod:`schemas.referral_status`).

`decide` and `evolve` share these functions, so a referral rebuilt from its journal
passes through exactly the statuses the decision checked.
"""

from __future__ import annotations

from schemas.referral_status import IllegalTransition, ReferralStatus, Role, path_to, transition
from schemas.vocabulary import OutcomeStatus

S = ReferralStatus

REPORTABLE: frozenset[ReferralStatus] = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD})
"""A service is reported only once the target accepted it (LT Pasal 17(3))."""


def report_goal(status: OutcomeStatus) -> ReferralStatus:
    """The status a final report closes a referral with: completed or partially
    completed → completed; not delivered → failed."""
    return S.FAILED if status is OutcomeStatus.NOT_DELIVERED else S.COMPLETED


def report_moves(
    current: ReferralStatus, status: OutcomeStatus, final: bool
) -> list[ReferralStatus]:
    """The moves a service report implies, each allowed to the target.

    A progress report on an accepted referral starts the service (in_progress); on a
    referral in progress or on hold it moves nothing. A final report walks the shortest
    path to completed or failed (an accepted referral passes through in_progress).
    Raises `IllegalTransition` for a report on a referral not accepted, or already final.
    """
    if not final:
        if current is S.ACCEPTED:
            return [transition(current, S.IN_PROGRESS, Role.TARGET)]
        if current in REPORTABLE:
            return []
        raise IllegalTransition(current, S.IN_PROGRESS, Role.TARGET)
    goal = report_goal(status)
    if current not in REPORTABLE:
        raise IllegalTransition(current, goal, Role.TARGET)
    return path_to(current, goal, Role.TARGET)
