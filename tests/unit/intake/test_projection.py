"""One fold per command, and projections written by what changed: the case a decision
already folded is the case `apply` gives, and a command changes only the inbox rows and
due notices of what it touched (LT Pasal 17(3): every outcome still reaches the
companion's inbox; every pending milestone keeps its notice)."""

from __future__ import annotations

from rujukan.referral_deadlines import load_referral_deadlines
from services.intake.domain import (
    AcceptReferral,
    CasePhase,
    IssueReferral,
    MarkReferralReceived,
    apply,
    decide,
    fold,
)
from services.intake.domain.overdue import due_notices
from services.intake.domain.projection import projection_change
from tests.unit.intake.support import Story, complaint, story

RULES = load_referral_deadlines()
RSUD, HEALTH = "kh-rsud", "REHABILITASI_KESEHATAN"
SOCIAL = "kh-merangat"


def two_referrals() -> Story:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id=RSUD))
    tale.do(IssueReferral(referral_id="r-2", stage="REHABILITASI_SOSIAL", target_id=SOCIAL))
    tale.do(MarkReferralReceived(referral_id="r-1", agency_id=RSUD))
    return tale


def test_applying_a_decision_gives_the_case_its_decider_folded() -> None:
    tale = two_referrals()
    before = tale.current
    decision = decide(
        before, AcceptReferral(referral_id="r-1", agency_id=RSUD), tale.now, tale.network
    )

    after = apply(before, decision)

    assert decision.folded is not None
    assert after is decision.folded[1]
    assert after == fold(decision.journal, before)


def test_a_decision_applied_to_another_case_is_folded_again() -> None:
    tale = two_referrals()
    decision = decide(
        tale.current,
        MarkReferralReceived(referral_id="r-2", agency_id=SOCIAL),
        tale.now,
        tale.network,
    )
    other = fold(tale.journal)  # equal, not the same object

    assert apply(other, decision) is not decision.folded[1]  # type: ignore[index]
    assert apply(other, decision) == decision.folded[1]  # type: ignore[index]


def test_an_answer_changes_the_notices_of_its_referral_only() -> None:
    tale = two_referrals()
    before = tale.current
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))

    change = projection_change(before, tale.current, RULES)

    assert change.referrals == ("r-1",)
    assert {n.referral_id for n in change.notices} == {"r-1"}
    assert {n.milestone for n in change.notices} == {"first_report", "outcome"}
    assert [o.outcome_type for o in change.added] == ["id.rujukan.referral.accepted.v1"]
    assert (change.changed, change.removed) == ((), ())


def test_a_final_report_leaves_its_referral_without_notices_and_adds_its_outcome() -> None:
    tale = two_referrals()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    before = tale.current
    tale.complete("r-1", RSUD, report_id="rep-1")

    change = projection_change(before, tale.current, RULES)

    assert change.referrals == ("r-1",)
    assert change.notices == ()
    assert len(change.added) == 1
    assert {n.referral_id for n in due_notices(tale.current, RULES)} == {"r-2"}


def test_an_opened_case_writes_all_of_its_notices() -> None:
    decision = decide(None, complaint("c-kh-0009"), story().now, story().network)
    change = projection_change(None, apply(None, decision), RULES)
    assert change.referrals is None
