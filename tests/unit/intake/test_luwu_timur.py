"""A whole Luwu Timur case under LT Pasal 7–20, on the Luwu Timur matrix (LT Pasal 17(2)):
the same decisions as for Kapuas Hulu, other data — the matrix is data, not code."""

from __future__ import annotations

from datetime import date

from schemas.events.referral import ReferralIssued
from schemas.facts import SchoolingContinued, SchoolingOutcome
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import DeclineReason, ServiceType, TerminationReason
from services.intake.domain import (
    AcknowledgeOutcome,
    CasePhase,
    DeclineReferral,
    EvaluateCase,
    IssueReferral,
    MarkReferralReceived,
    RerouteReferral,
    TerminateCase,
    fold,
    monitoring,
    open_loops,
    referral_chain,
    rules,
    unacknowledged,
)
from tests.unit.intake.support import COMPANION, LT, line, plan, story

S = ReferralStatus


def test_a_luwu_timur_case_runs_from_complaint_to_termination_on_its_own_matrix() -> None:
    tale = story(LT, until=CasePhase.PLAN_AGREED)
    assert tale.current.district == LT

    issued = tale.do(
        IssueReferral(
            referral_id="r-lt-1",
            stage="LAYANAN_KESEHATAN",
            target_id="lt-rsud",
            include_identity=True,
        )
    ).events[0]
    assert isinstance(issued, ReferralIssued)
    assert issued.referrer_id == "lt-hub"
    assert issued.child is not None
    tale.serve("r-lt-1", "lt-rsud")

    schooling = SchoolingContinued(outcome=SchoolingOutcome.CONTINUING_SAME_SCHOOL)
    tale.do(IssueReferral(referral_id="r-lt-2", stage="LAYANAN_PENDIDIKAN", target_id="lt-disdik"))
    tale.serve("r-lt-2", "lt-disdik", facts=(schooling,))

    tale.do(
        IssueReferral(referral_id="r-lt-3", stage="LAYANAN_HUKUM", target_id="lt-bantuan-hukum")
    )
    assert tale.current.referrals["r-lt-3"].offline
    tale.do(MarkReferralReceived(referral_id="r-lt-3", agency_id="lt-bantuan-hukum"))
    tale.do(
        DeclineReferral(
            referral_id="r-lt-3", agency_id="lt-bantuan-hukum", reason=DeclineReason.NO_CAPACITY
        )
    )
    tale.do(RerouteReferral(referral_id="r-lt-4", predecessor_id="r-lt-3", target_id="lt-polres"))
    tale.serve("r-lt-4", "lt-polres")
    assert [r.target_id for r in referral_chain(tale.current, "r-lt-4")] == [
        "lt-bantuan-hukum",
        "lt-polres",
    ]

    lines = monitoring(tale.current, today=date(2026, 12, 31))
    assert [(ln.stage, ln.status) for ln in lines] == [
        ("LAYANAN_KESEHATAN", S.COMPLETED),
        ("LAYANAN_PENDIDIKAN", S.COMPLETED),
        ("LAYANAN_HUKUM", S.COMPLETED),
    ]
    assert open_loops(tale.current) == 4  # every referral is final, none acknowledged yet
    for outcome in unacknowledged(tale.current):
        assert outcome.recipient_id is not None
        tale.do(
            AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=outcome.recipient_id)
        )
    assert open_loops(tale.current) == 0

    tale.do(EvaluateCase(companion_id=COMPANION, physically_and_mentally_well=True))
    tale.do(TerminateCase(reason=TerminationReason.SERVICES_COMPLETED))
    assert tale.phase() is CasePhase.TERMINATED
    assert fold(tale.journal) == tale.current


def test_a_kapuas_hulu_stage_is_not_a_luwu_timur_stage() -> None:
    tale = story(LT, until=CasePhase.ASSESSED)
    kh_line = line("REHABILITASI_KESEHATAN", ServiceType.HEALTH, "lt-rsud", date(2026, 12, 1))
    error = tale.refused(plan((kh_line,)), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article is not None
    assert "LT Pasal 17(2)" in error.article


def test_a_luwu_timur_referral_to_an_agency_of_another_district_cites_pasal_17_2() -> None:
    tale = story(LT, until=CasePhase.PLAN_AGREED)
    error = tale.refused(
        IssueReferral(
            referral_id="r-lt-1", stage="LAYANAN_KESEHATAN", target_id="kh-rsud", emergency=True
        ),
        rules.TARGET_IN_DISTRICT_MATRIX,
    )
    assert error.article == "LT Pasal 17(2)a"
