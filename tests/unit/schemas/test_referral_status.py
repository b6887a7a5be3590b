"""The network's one referral state machine: every allowed move, every forbidden one."""

import itertools

import pytest

from schemas.referral_status import (
    FINAL,
    REPORTABLE,
    TRANSITIONS,
    IllegalTransition,
    ReferralStatus,
    Role,
    allowed_moves,
    path_to,
    report_moves,
    transition,
)
from schemas.vocabulary import OutcomeStatus

S = ReferralStatus
ALL_MOVES = list(itertools.product(ReferralStatus, ReferralStatus, Role))

EXPECTED_ALLOWED = {
    (S.ISSUED, S.RECEIVED, Role.TARGET),
    (S.RECEIVED, S.ACCEPTED, Role.TARGET),
    (S.RECEIVED, S.DECLINED, Role.TARGET),
    (S.ACCEPTED, S.IN_PROGRESS, Role.TARGET),
    (S.ACCEPTED, S.ON_HOLD, Role.TARGET),
    (S.IN_PROGRESS, S.ON_HOLD, Role.TARGET),
    (S.ON_HOLD, S.IN_PROGRESS, Role.TARGET),
    (S.IN_PROGRESS, S.COMPLETED, Role.TARGET),
    (S.IN_PROGRESS, S.FAILED, Role.TARGET),
    (S.ISSUED, S.EXPIRED, Role.MONITOR),
    (S.RECEIVED, S.EXPIRED, Role.MONITOR),
    (S.ISSUED, S.CANCELLED, Role.REFERRER),
    (S.RECEIVED, S.CANCELLED, Role.REFERRER),
    (S.ACCEPTED, S.CANCELLED, Role.REFERRER),
    (S.IN_PROGRESS, S.CANCELLED, Role.REFERRER),
    (S.ON_HOLD, S.CANCELLED, Role.REFERRER),
}


@pytest.mark.parametrize(("current", "new", "role"), sorted(EXPECTED_ALLOWED))
def test_allowed_move_is_made_by_its_role(current, new, role):
    assert transition(current, new, role) is new


@pytest.mark.parametrize(
    ("current", "new", "role"), [m for m in ALL_MOVES if m not in EXPECTED_ALLOWED]
)
def test_every_other_move_is_rejected(current, new, role):
    with pytest.raises(IllegalTransition) as refused:
        transition(current, new, role)
    assert str(current) in str(refused.value)
    assert str(role) in str(refused.value)


def test_the_table_is_exactly_the_documented_moves():
    assert {(a, b, r) for (a, b), r in TRANSITIONS.items()} == EXPECTED_ALLOWED


def test_no_move_leaves_a_final_status():
    for status in FINAL:
        for role in Role:
            assert allowed_moves(status, role) == frozenset()


def test_a_target_cannot_cancel_and_a_referrer_cannot_accept():
    with pytest.raises(IllegalTransition, match="only the referrer"):
        transition(S.ACCEPTED, S.CANCELLED, Role.TARGET)
    with pytest.raises(IllegalTransition, match="only the target"):
        transition(S.RECEIVED, S.ACCEPTED, Role.REFERRER)


def test_a_final_report_on_an_accepted_referral_passes_through_in_progress():
    assert path_to(S.ACCEPTED, S.COMPLETED, Role.TARGET) == [S.IN_PROGRESS, S.COMPLETED]


def test_no_path_from_a_declined_referral():
    with pytest.raises(IllegalTransition):
        path_to(S.DECLINED, S.ACCEPTED, Role.TARGET)


@pytest.mark.parametrize(
    ("current", "status", "final", "moves"),
    [
        (S.ACCEPTED, OutcomeStatus.COMPLETED, False, [S.IN_PROGRESS]),
        (S.ON_HOLD, OutcomeStatus.COMPLETED, False, []),
        (S.ACCEPTED, OutcomeStatus.PARTIALLY_COMPLETED, True, [S.IN_PROGRESS, S.COMPLETED]),
        (S.IN_PROGRESS, OutcomeStatus.NOT_DELIVERED, True, [S.FAILED]),
        (S.ON_HOLD, OutcomeStatus.COMPLETED, True, [S.IN_PROGRESS, S.COMPLETED]),
    ],
)
def test_a_final_report_closes_completed_or_failed_and_a_first_one_starts_the_service(
    current: ReferralStatus, status: OutcomeStatus, final: bool, moves: list[ReferralStatus]
) -> None:
    assert report_moves(current, status, final) == moves


@pytest.mark.parametrize("current", sorted(set(ReferralStatus) - REPORTABLE))
def test_only_an_accepted_referral_takes_reports_until_its_final_one(
    current: ReferralStatus,
) -> None:
    with pytest.raises(IllegalTransition):
        report_moves(current, OutcomeStatus.COMPLETED, final=False)
