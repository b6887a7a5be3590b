"""The one referral state machine of the whole network.

Every agency and the hub apply the same moves, so a referral's status means the
same thing everywhere. Each move names the role allowed to make it; a move the
table does not list is rejected wherever it is attempted.

::

    issued ──target──▶ received ──target──▶ accepted ──target──▶ in_progress ──▶ completed | failed
       │                  │  └──target──▶ declined        │  ▲          │
       └──monitor──▶ expired ◀──monitor──┘                 ▼  │target     ▼
                                                         on_hold ◀──────┘
    cancelled ◀──referrer── any status that is not final

A declined or expired referral is final; the referrer may re-route it to another
institution of the same stage as a new referral that names it as its predecessor.
"""

from collections.abc import Mapping
from enum import StrEnum

from schemas.vocabulary import OutcomeStatus


class ReferralStatus(StrEnum):
    """Status of a referral (rujukan, KH Pasal 1 angka 16)."""

    ISSUED = "issued"
    RECEIVED = "received"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    IN_PROGRESS = "in_progress"
    ON_HOLD = "on_hold"
    COMPLETED = "completed"
    FAILED = "failed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Role(StrEnum):
    """Who moves a referral."""

    REFERRER = "referrer"
    """The agency that issued the referral (usually the intake hub)."""
    TARGET = "target"
    """The agency asked to deliver the service, or the companion recording an offline
    institution's answer on its behalf."""
    MONITOR = "monitor"
    """The referrer's deadline monitor: expires a referral nobody answered in time."""


S = ReferralStatus
_OPEN = (S.ISSUED, S.RECEIVED, S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD)

TRANSITIONS: Mapping[tuple[ReferralStatus, ReferralStatus], Role] = {
    (S.ISSUED, S.RECEIVED): Role.TARGET,
    (S.RECEIVED, S.ACCEPTED): Role.TARGET,
    (S.RECEIVED, S.DECLINED): Role.TARGET,
    (S.ACCEPTED, S.IN_PROGRESS): Role.TARGET,
    (S.ACCEPTED, S.ON_HOLD): Role.TARGET,
    (S.IN_PROGRESS, S.ON_HOLD): Role.TARGET,
    (S.ON_HOLD, S.IN_PROGRESS): Role.TARGET,
    (S.IN_PROGRESS, S.COMPLETED): Role.TARGET,
    (S.IN_PROGRESS, S.FAILED): Role.TARGET,
    (S.ISSUED, S.EXPIRED): Role.MONITOR,
    (S.RECEIVED, S.EXPIRED): Role.MONITOR,
    **{(status, S.CANCELLED): Role.REFERRER for status in _OPEN},
}

FINAL: frozenset[ReferralStatus] = frozenset(
    {S.DECLINED, S.COMPLETED, S.FAILED, S.CANCELLED, S.EXPIRED}
)
"""No move leaves these."""

REROUTABLE: frozenset[ReferralStatus] = frozenset({S.DECLINED, S.EXPIRED})
"""A referral in these may be re-routed to another institution of the same stage."""

REPORTABLE: frozenset[ReferralStatus] = frozenset({S.ACCEPTED, S.IN_PROGRESS, S.ON_HOLD})
"""A service is reported once the target accepted it, until its final report (LT Pasal
17(3)). An agency's desk has its staff resume a paused service before reporting on it."""

ANSWERED: frozenset[ReferralStatus] = frozenset(
    {S.ACCEPTED, S.DECLINED, S.IN_PROGRESS, S.ON_HOLD, S.COMPLETED, S.FAILED}
)
"""The target has answered: the answer deadline no longer applies."""


class IllegalTransition(ValueError):
    """A move the state machine does not allow."""

    def __init__(self, current: ReferralStatus, new: ReferralStatus, role: Role) -> None:
        self.current, self.new, self.role = current, new, role
        allowed = TRANSITIONS.get((current, new))
        if allowed is None:
            reason = f"a referral cannot move from {current} to {new}"
        else:
            reason = f"only the {allowed} may move a referral from {current} to {new}"
        super().__init__(f"{reason} (attempted by the {role})")


def transition(current: ReferralStatus, new: ReferralStatus, role: Role) -> ReferralStatus:
    """Return ``new`` if ``role`` may move a referral from ``current`` to it; else raise."""
    if TRANSITIONS.get((current, new)) is not role:
        raise IllegalTransition(current, new, role)
    return new


def allowed_moves(current: ReferralStatus, role: Role) -> frozenset[ReferralStatus]:
    """The statuses ``role`` may move a referral to from ``current``."""
    return frozenset(
        new for (old, new), who in TRANSITIONS.items() if old is current and who is role
    )


def path_to(current: ReferralStatus, goal: ReferralStatus, role: Role) -> list[ReferralStatus]:
    """The shortest chain of moves ``role`` may make from ``current`` to ``goal``.

    Used where one report implies intermediate steps, e.g. a final service report on
    an accepted referral passes through in_progress. Raises if no such chain exists.
    """
    frontier: list[list[ReferralStatus]] = [[current]]
    seen = {current}
    while frontier:
        path = frontier.pop(0)
        if path[-1] is goal:
            return path[1:]
        for nxt in sorted(allowed_moves(path[-1], role)):
            if nxt not in seen:
                seen.add(nxt)
                frontier.append([*path, nxt])
    raise IllegalTransition(current, goal, role)


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
