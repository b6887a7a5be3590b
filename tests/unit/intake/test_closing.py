"""Specification of monitoring (LT Pasal 18), evaluation (LT Pasal 19) and termination
(LT Pasal 20)."""

from __future__ import annotations

from datetime import date

from schemas.events.case import CaseTerminated
from schemas.events.referral import ReferralCancelled
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import CompanionRole, DeclineReason, OutcomeStatus, TerminationReason
from services.intake.domain import (
    AcknowledgeOutcome,
    CasePhase,
    DeclineReferral,
    EvaluateCase,
    ExpireReferral,
    IssueReferral,
    MarkReferralReceived,
    RecordEmergencyHandling,
    RerouteReferral,
    TerminateCase,
    monitoring,
    open_loops,
    rules,
)
from tests.unit.intake.support import COMPANION, KH_PLAN, Story, assessment, plan, story

S = ReferralStatus


def referred(target: str = "kh-rsud", stage: str = "REHABILITASI_KESEHATAN") -> Story:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-0001", stage=stage, target_id=target))
    return tale


def evaluate(well: bool, more: bool = False, by: str = COMPANION) -> EvaluateCase:
    return EvaluateCase(
        companion_id=by, physically_and_mentally_well=well, more_services_needed=more
    )


# --- monitoring (LT Pasal 18) ---------------------------------------------------------


def test_monitoring_compares_every_planned_service_with_its_latest_referral() -> None:
    tale = referred()
    tale.serve("r-0001", "kh-rsud")
    tale.do(
        IssueReferral(referral_id="r-0002", stage="REHABILITASI_SOSIAL", target_id="kh-merangat")
    )
    tale.do(ExpireReferral(referral_id="r-0002"))
    tale.do(RerouteReferral(referral_id="r-0003", predecessor_id="r-0002", target_id="kh-gow"))

    health, social, legal = monitoring(tale.current, today=date(2026, 12, 5))

    assert (health.status, health.delivered, health.overdue) == (S.COMPLETED, True, False)
    assert health.due_passed
    assert health.outcome is OutcomeStatus.COMPLETED
    assert (social.referral_id, social.target_id, social.attempts) == ("r-0003", "kh-gow", 2)
    assert social.status is S.ISSUED
    assert not social.due_passed
    assert (legal.referral_id, legal.status, legal.attempts) == (None, None, 0)
    assert legal.planned_target_id == "kh-bagian-hukum"
    assert [line.stage for line in (health, social, legal)] == [p.stage for p in KH_PLAN]


def test_monitoring_flags_a_planned_service_overdue_once_its_date_passed() -> None:
    tale = referred()
    health, *_ = monitoring(tale.current, today=date(2026, 12, 2))
    assert health.overdue
    health, *_ = monitoring(tale.current, today=date(2026, 12, 1))
    assert not health.overdue


def test_monitoring_before_a_plan_is_empty() -> None:
    assert monitoring(story(until=CasePhase.ASSESSED).current, today=date(2026, 12, 1)) == []


def test_a_loop_stays_open_until_the_final_outcome_is_acknowledged() -> None:
    tale = referred()
    assert open_loops(tale.current) == 1
    tale.serve("r-0001", "kh-rsud")
    assert open_loops(tale.current) == 1  # final, but the companion has not seen it yet
    (final,) = [o for o in tale.current.outcomes.values() if o.final]
    tale.do(AcknowledgeOutcome(outcome_id=final.outcome_id, companion_id=COMPANION))
    assert open_loops(tale.current) == 0


# --- evaluation (LT Pasal 19) ---------------------------------------------------------


def test_a_well_child_goes_to_termination_preparation_citing_pasal_19_2_b() -> None:
    tale = referred()
    tale.do(evaluate(well=True))
    assert tale.phase() is CasePhase.TERMINATION_PREPARED
    (evaluation,) = tale.current.evaluations
    assert evaluation.companion_id == COMPANION


def test_a_child_not_yet_well_goes_back_to_a_case_conference_citing_pasal_19_2_a() -> None:
    tale = referred()
    tale.do(evaluate(well=False))
    assert tale.phase() is CasePhase.CASE_CONFERENCE_NEEDED
    tale.do(plan())
    assert tale.phase() is CasePhase.PLAN_AGREED
    assert tale.current.plan_version == 2


def test_more_services_mean_reassessment_then_a_new_plan_version_citing_pasal_19_3() -> None:
    tale = referred()
    tale.do(evaluate(well=False, more=True))
    assert tale.phase() is CasePhase.REASSESSMENT_NEEDED
    tale.refused(plan(), rules.PLAN_AFTER_ASSESSMENT)
    tale.do(assessment())
    assert tale.current.assessment is not None
    assert tale.current.assessment.round == 2
    tale.do(plan())
    assert tale.current.plan_version == 2
    assert tale.phase() is CasePhase.PLAN_AGREED


def test_evaluation_before_the_plan_is_refused_citing_pasal_19() -> None:
    tale = story(until=CasePhase.ASSESSED)
    tale.refused(evaluate(well=True), rules.EVALUATION_NEEDS_PLAN)


def test_evaluation_by_someone_other_than_the_companion_is_refused_citing_pasal_19_1() -> None:
    tale = referred()
    tale.refused(evaluate(well=True, by="comp-other"), rules.EVALUATION_BY_COMPANION)


def test_a_well_child_needing_more_services_is_a_contradiction_citing_pasal_19_3() -> None:
    tale = referred()
    tale.refused(evaluate(well=True, more=True), rules.MORE_SERVICES_ONLY_IF_NOT_WELL)


# --- termination (LT Pasal 20) --------------------------------------------------------


def test_termination_for_completed_services_after_a_well_evaluation() -> None:
    tale = referred()
    tale.serve("r-0001", "kh-rsud")
    tale.do(evaluate(well=True))
    decision = tale.do(TerminateCase(reason=TerminationReason.SERVICES_COMPLETED))
    (terminated,) = decision.events
    assert isinstance(terminated, CaseTerminated)
    assert tale.phase() is CasePhase.TERMINATED


def test_termination_for_completed_services_with_an_open_referral_is_refused_citing_20_2_a() -> (
    None
):
    tale = referred()
    tale.do(evaluate(well=True))
    error = tale.refused(
        TerminateCase(reason=TerminationReason.SERVICES_COMPLETED),
        rules.SERVICES_COMPLETED_NEEDS_NO_OPEN_REFERRAL,
    )
    assert error.article == "LT Pasal 20(2)a"
    assert "r-0001" in str(error)


def test_termination_for_completed_services_without_preparation_is_refused() -> None:
    tale = referred()
    tale.serve("r-0001", "kh-rsud")
    tale.refused(
        TerminateCase(reason=TerminationReason.SERVICES_COMPLETED),
        rules.SERVICES_COMPLETED_NEEDS_PREPARATION,
    )


def test_termination_for_death_cancels_open_referrals() -> None:
    tale = referred()
    tale.do(IssueReferral(referral_id="r-0002", stage="BANTUAN_HUKUM", target_id="kh-bagian-hukum"))
    tale.do(MarkReferralReceived(referral_id="r-0002", agency_id="kh-bagian-hukum"))
    tale.do(
        DeclineReferral(
            referral_id="r-0002", agency_id="kh-bagian-hukum", reason=DeclineReason.NOT_OUR_DUTY
        )
    )
    decision = tale.do(TerminateCase(reason=TerminationReason.CHILD_DIED))

    *cancellations, terminated = decision.events
    assert [c.referral_id for c in cancellations if isinstance(c, ReferralCancelled)] == ["r-0001"]
    assert all(isinstance(c, ReferralCancelled) for c in cancellations)
    assert cancellations[0].reason == "Case terminated: child_died"  # type: ignore[union-attr]
    assert isinstance(terminated, CaseTerminated)
    case = tale.current
    assert case.referrals["r-0001"].status is S.CANCELLED
    assert case.referrals["r-0002"].status is S.DECLINED
    assert open_loops(case) == 1  # the decline still waits for the companion
    (decline,) = [o for o in case.outcomes.values() if o.referral_id == "r-0002"]
    tale.do(AcknowledgeOutcome(outcome_id=decline.outcome_id, companion_id=COMPANION))
    assert open_loops(tale.current) == 0  # reading it is allowed after termination


def test_whereabouts_unknown_ends_a_registered_case_at_any_phase() -> None:
    tale = story(until=CasePhase.REGISTERED)
    tale.do(TerminateCase(reason=TerminationReason.WHEREABOUTS_UNKNOWN))
    assert tale.current.termination is not None
    assert tale.current.termination.reason is TerminationReason.WHEREABOUTS_UNKNOWN


def test_termination_before_registration_is_refused() -> None:
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    tale.refused(
        TerminateCase(reason=TerminationReason.CHILD_DIED), rules.TERMINATION_AFTER_REGISTRATION
    )


def test_referred_elsewhere_names_where_citing_pasal_20_2_d() -> None:
    tale = referred()
    tale.refused(
        TerminateCase(reason=TerminationReason.REFERRED_ELSEWHERE),
        rules.REFERRED_ELSEWHERE_NAMES_PLACE,
    )
    tale.do(
        TerminateCase(reason=TerminationReason.REFERRED_ELSEWHERE, referred_to="UPTD PPA Kalbar")
    )
    assert tale.current.termination is not None
    assert tale.current.termination.referred_to == "UPTD PPA Kalbar"


def test_nothing_is_accepted_after_termination_citing_pasal_20_1() -> None:
    tale = referred()
    tale.do(TerminateCase(reason=TerminationReason.CHILD_DIED))
    emergency = RecordEmergencyHandling(
        action="Visit", handled_by=COMPANION, handler_role=CompanionRole.SOCIAL_WORKER
    )
    for command in (
        emergency,
        evaluate(well=True),
        MarkReferralReceived(referral_id="r-0001", agency_id="kh-rsud"),
        TerminateCase(reason=TerminationReason.WHEREABOUTS_UNKNOWN),
    ):
        tale.refused(command, rules.NOTHING_AFTER_TERMINATION)
