"""The one referrer: what a ReferralIssued carries, whoever makes it (LT Pasal 17;
KH Lampiran I; the identity only when the service needs it, LT Pasal 5)."""

from __future__ import annotations

from rujukan.directory import load_directory
from rujukan.matrix import MatrixRow, check_referral_target, load_matrix
from rujukan.referrer import DUTY_MAX, referral_issued
from schemas.events.case import ChildIdentity
from schemas.events.referral import ReferralIssued
from schemas.vocabulary import Sex

CHILD = ChildIdentity(name="Anak", estimated_age=9, sex=Sex.FEMALE)


def row() -> MatrixRow:
    directory = load_directory()
    matrix = load_matrix("kapuas-hulu", directory)
    return check_referral_target(matrix, directory, "REHABILITASI_KESEHATAN", "kh-rsud")


def issue(
    referrer_id: str = "kh-hub",
    hub_id: str | None = None,
    with_identity: bool = False,
    note: str | None = None,
) -> ReferralIssued:
    return referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-2",
        district="kapuas-hulu",
        referrer_id=referrer_id,
        target_id="kh-rsud",
        hub_id=hub_id,
        identity=CHILD,
        with_identity=with_identity,
        note=note,
    )


def test_the_duty_stage_and_service_come_from_the_matrix_row() -> None:
    made = issue()

    assert (made.stage, made.service) == ("REHABILITASI_KESEHATAN", row().service)
    assert made.duty == row().duty[:DUTY_MAX]


def test_the_identity_travels_only_when_the_decision_says_so() -> None:
    assert issue(with_identity=False).child is None
    assert issue(with_identity=True).child == CHILD


def test_outcomes_go_to_the_named_hub_or_back_to_a_referrer_that_is_the_hub() -> None:
    from_hub = issue(hub_id="kh-hub")
    onward = issue(referrer_id="kh-puskesmas-badau", hub_id="kh-hub", note="  ")

    assert (from_hub.hub_id, from_hub.outcome_hub) == (None, "kh-hub")
    assert (onward.hub_id, onward.outcome_hub, onward.note) == ("kh-hub", "kh-hub", None)
