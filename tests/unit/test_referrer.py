"""The one referrer: what a ReferralIssued carries, whoever makes it (LT Pasal 17;
KH Lampiran I; the identity only when the service needs it, LT Pasal 5)."""

from __future__ import annotations

from rujukan.directory import load_directory
from rujukan.matrix import MatrixRow, check_referral_target, load_matrix
from rujukan.referrer import DUTY_MAX, referral_issued
from schemas.events.case import ChildIdentity
from schemas.vocabulary import Sex

CHILD = ChildIdentity(name="Anak", estimated_age=9, sex=Sex.FEMALE)


def row() -> MatrixRow:
    directory = load_directory()
    matrix = load_matrix("kapuas-hulu", directory)
    return check_referral_target(matrix, directory, "REHABILITASI_KESEHATAN", "kh-rsud")


def test_the_duty_stage_and_service_come_from_the_matrix_row() -> None:
    made = referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-1",
        district="kapuas-hulu",
        referrer_id="kh-hub",
        target_id="kh-rsud",
    )

    assert (made.stage, made.service) == ("REHABILITASI_KESEHATAN", row().service)
    assert made.duty == row().duty[:DUTY_MAX]
    assert made.child is None


def test_the_identity_travels_only_when_the_decision_says_so() -> None:
    kept = referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-1",
        district="kapuas-hulu",
        referrer_id="kh-hub",
        target_id="kh-rsud",
        identity=CHILD,
        with_identity=False,
    )
    sent = referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-1",
        district="kapuas-hulu",
        referrer_id="kh-hub",
        target_id="kh-rsud",
        identity=CHILD,
        with_identity=True,
    )

    assert kept.child is None
    assert sent.child == CHILD


def test_outcomes_go_to_the_named_hub_or_back_to_a_referrer_that_is_the_hub() -> None:
    from_hub = referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-1",
        district="kapuas-hulu",
        referrer_id="kh-hub",
        target_id="kh-rsud",
        hub_id="kh-hub",
    )
    onward = referral_issued(
        row(),
        case_id="c-1",
        referral_id="r-2",
        district="kapuas-hulu",
        referrer_id="kh-puskesmas-badau",
        target_id="kh-rsud",
        hub_id="kh-hub",
        parent_referral_id="r-1",
        note="  ",
    )

    assert (from_hub.hub_id, from_hub.outcome_hub) == (None, "kh-hub")
    assert (onward.hub_id, onward.outcome_hub, onward.note) == ("kh-hub", "kh-hub", None)
