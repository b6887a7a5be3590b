"""Specification of referrals (LT Pasal 10, 17; KH Pasal 1 angka 16, Lampiran I): issuing,
the target's answers through the network's state machine, re-routing, chains."""

from __future__ import annotations

from datetime import date

import pytest

from rujukan.errors import NotFound
from schemas.events.outcome import ServiceReported
from schemas.events.referral import ReferralIssued
from schemas.facts import IdentificationDone, Treatment, TreatmentPhase, VisumIssued
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import DeclineReason, NotDeliveredReason, OutcomeStatus, ServiceType
from services.intake.domain import (
    AcceptReferral,
    CancelReferral,
    CasePhase,
    DeclineReferral,
    ExpireReferral,
    IssueReferral,
    MarkReferralReceived,
    PutReferralOnHold,
    ReferralRoutingRecorded,
    ReportService,
    RerouteReferral,
    ResumeReferral,
    open_loops,
    referral_chain,
    rules,
)
from tests.unit.intake.support import Story, story

S = ReferralStatus
HEALTH = "REHABILITASI_KESEHATAN"
SOCIAL = "REHABILITASI_SOSIAL"
LEGAL = "BANTUAN_HUKUM"


def issue(
    referral_id: str = "r-0001",
    stage: str = HEALTH,
    target_id: str = "kh-rsud",
    **options: object,
) -> IssueReferral:
    return IssueReferral(referral_id=referral_id, stage=stage, target_id=target_id, **options)  # type: ignore[arg-type]


def planned() -> Story:
    return story(until=CasePhase.PLAN_AGREED)


def accepted(referral_id: str = "r-0001", target: str = "kh-rsud") -> Story:
    tale = planned()
    tale.do(issue(referral_id, target_id=target))
    tale.do(MarkReferralReceived(referral_id=referral_id, agency_id=target))
    tale.do(AcceptReferral(referral_id=referral_id, agency_id=target))
    return tale


def report(
    report_id: str = "rep-1",
    *,
    final: bool = True,
    status: OutcomeStatus = OutcomeStatus.COMPLETED,
    **options: object,
) -> ReportService:
    return ReportService(
        referral_id="r-0001",
        agency_id="kh-rsud",
        report_id=report_id,
        status=status,
        final=final,
        **options,  # type: ignore[arg-type]
    )


# --- issuing --------------------------------------------------------------------------


def test_a_planned_referral_carries_the_matrix_duty_and_the_plans_due_date() -> None:
    tale = planned()
    decision = tale.do(issue())

    issued, routing = decision.journal
    assert isinstance(issued.item, ReferralIssued)
    assert issued.item.service is ServiceType.HEALTH
    assert issued.item.referrer_id == "kh-hub"
    assert issued.item.duty == "Pemeriksaan Medis, Pemeriksaan Visum, dan Pengobatan."
    assert issued.item.outcome_due_on == date(2026, 12, 1)
    assert issued.item.child is None
    assert isinstance(routing.item, ReferralRoutingRecorded)
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.ISSUED
    assert not referral.offline
    assert not referral.emergency


def test_a_referral_before_the_plan_is_refused_citing_pasal_17() -> None:
    tale = story(until=CasePhase.ASSESSED)
    error = tale.refused(issue(), rules.REFERRAL_NEEDS_PLAN)
    assert error.status == 409


def test_an_emergency_referral_is_allowed_right_after_the_complaint_citing_pasal_10() -> None:
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    tale.do(issue(emergency=True, include_identity=True))
    referral = tale.current.referrals["r-0001"]
    assert referral.emergency
    assert referral.identity_included


def test_an_emergency_referral_still_needs_a_target_of_the_matrix_stage() -> None:
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    error = tale.refused(issue(target_id="kh-gow", emergency=True), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article == "KH Lampiran I"
    assert error.status == 422


def test_a_planned_referral_follows_a_line_of_the_plan_citing_pasal_17_1() -> None:
    tale = planned()
    tale.refused(issue(target_id="kh-puskesmas-badau"), rules.REFERRAL_FOLLOWS_PLAN)


def test_a_referral_to_an_institution_outside_the_stage_is_refused_citing_kh_lampiran_i() -> None:
    tale = planned()
    error = tale.refused(
        issue(stage=LEGAL, target_id="kh-rsud", emergency=True), rules.TARGET_IN_DISTRICT_MATRIX
    )
    assert error.article == "KH Lampiran I"


def test_the_identity_travels_only_when_the_caller_asks_for_it() -> None:
    tale = planned()
    with_identity = tale.do(issue(include_identity=True)).events[0]
    without = tale.do(issue("r-0002", stage=LEGAL, target_id="kh-bagian-hukum")).events[0]

    assert isinstance(with_identity, ReferralIssued)
    assert isinstance(without, ReferralIssued)
    assert with_identity.child == tale.current.child
    assert without.child is None
    assert "(name)" not in without.model_dump_json()


def test_an_institution_without_software_gets_an_offline_referral() -> None:
    tale = planned()
    tale.do(issue(stage=SOCIAL, target_id="kh-merangat"))
    assert tale.current.referrals["r-0001"].offline


def test_a_referral_id_is_used_once() -> None:
    tale = planned()
    tale.do(issue())
    tale.refused(issue(stage=LEGAL, target_id="kh-bagian-hukum"), rules.REFERRAL_ID_UNIQUE)


def test_a_second_open_referral_to_the_same_target_and_stage_is_refused() -> None:
    tale = planned()
    tale.do(issue())
    tale.refused(issue("r-0002"), rules.ONE_OPEN_REFERRAL_PER_TARGET)


def test_an_onward_referral_names_a_known_parent() -> None:
    tale = planned()
    tale.refused(issue(parent_referral_id="r-9999"), rules.KNOWN_REFERRAL)


# --- answers from the target (Role.TARGET) ----------------------------------------------


def test_the_target_receives_and_accepts() -> None:
    tale = accepted()
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.ACCEPTED
    assert [change.status for change in referral.history] == [S.ISSUED, S.RECEIVED, S.ACCEPTED]
    assert referral.answered_at == referral.history[-1].at


def test_an_answer_for_an_unknown_referral_is_refused_naming_it() -> None:
    tale = planned()
    error = tale.refused(
        MarkReferralReceived(referral_id="r-nope", agency_id="kh-rsud"), rules.KNOWN_REFERRAL
    )
    assert "r-nope" in str(error)
    assert error.status == 422


def test_only_the_target_answers() -> None:
    tale = planned()
    tale.do(issue())
    tale.refused(
        MarkReferralReceived(referral_id="r-0001", agency_id="kh-polres"), rules.ANSWER_FROM_TARGET
    )


def test_accepting_a_referral_not_yet_received_is_refused_by_the_state_machine() -> None:
    tale = planned()
    tale.do(issue())
    error = tale.refused(
        AcceptReferral(referral_id="r-0001", agency_id="kh-rsud"), rules.REFERRAL_STATE_MACHINE
    )
    assert error.status == 409


def test_a_final_report_on_an_accepted_referral_walks_through_in_progress() -> None:
    tale = accepted()
    fact = VisumIssued(document_ref="VER/12/XI/2026", issued_on=date(2026, 11, 24))
    decision = tale.do(report(facts=(fact,)))

    assert isinstance(decision.events[0], ServiceReported)
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.COMPLETED
    assert [c.status for c in referral.history][-2:] == [S.IN_PROGRESS, S.COMPLETED]
    assert referral.final_outcome is OutcomeStatus.COMPLETED


def test_a_progress_report_starts_the_service_and_a_final_not_delivered_fails_it() -> None:
    tale = accepted()
    tale.do(report("rep-1", final=False, facts=(Treatment(phase=TreatmentPhase.STARTED),)))
    assert tale.status("r-0001") is S.IN_PROGRESS
    tale.do(
        report(
            "rep-2",
            status=OutcomeStatus.NOT_DELIVERED,
            not_delivered_reason=NotDeliveredReason.CHILD_REFUSED,
        )
    )
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.FAILED
    assert referral.final_outcome is OutcomeStatus.NOT_DELIVERED


def test_a_report_before_acceptance_is_refused_by_the_state_machine() -> None:
    tale = planned()
    tale.do(issue())
    tale.refused(report(), rules.REFERRAL_STATE_MACHINE)


def test_a_report_on_a_completed_referral_is_refused() -> None:
    tale = accepted()
    tale.do(report("rep-1"))
    tale.refused(report("rep-2"), rules.REFERRAL_STATE_MACHINE)


def test_a_report_is_recorded_once() -> None:
    tale = accepted()
    tale.do(report("rep-1", final=False))
    tale.refused(report("rep-1", final=False), rules.REPORT_ONCE)


def test_a_report_fact_must_fit_the_service_citing_pasal_17_3() -> None:
    tale = accepted()
    tale.refused(report(facts=(IdentificationDone(),)), rules.REPORT_FACTS_FIT_SERVICE)


def test_a_not_delivered_report_without_a_reason_breaks_the_public_contract() -> None:
    tale = accepted()
    tale.refused(report(status=OutcomeStatus.NOT_DELIVERED), rules.VALID_FIELDS)


def test_on_hold_and_resumed_move_through_the_state_machine() -> None:
    tale = accepted()
    tale.do(PutReferralOnHold(referral_id="r-0001", agency_id="kh-rsud", reason="In hospital"))
    assert tale.status("r-0001") is S.ON_HOLD
    tale.do(ResumeReferral(referral_id="r-0001", agency_id="kh-rsud"))
    assert tale.status("r-0001") is S.IN_PROGRESS


def test_resuming_a_referral_that_is_not_on_hold_is_refused() -> None:
    tale = accepted()
    tale.refused(
        ResumeReferral(referral_id="r-0001", agency_id="kh-rsud"), rules.REFERRAL_STATE_MACHINE
    )


# --- the referrer and the monitor ---------------------------------------------------------


def test_the_hub_cancels_an_open_referral_as_referrer() -> None:
    tale = accepted()
    tale.do(CancelReferral(referral_id="r-0001", reason="Plan changed"))
    assert tale.status("r-0001") is S.CANCELLED
    assert open_loops(tale.current) == 0


def test_the_monitor_expires_an_unanswered_referral_but_not_an_accepted_one() -> None:
    tale = planned()
    tale.do(issue())
    tale.do(ExpireReferral(referral_id="r-0001"))
    assert tale.status("r-0001") is S.EXPIRED

    other = accepted()
    other.refused(ExpireReferral(referral_id="r-0001"), rules.REFERRAL_STATE_MACHINE)


# --- re-routing ------------------------------------------------------------------------


def declined_social() -> Story:
    tale = planned()
    tale.do(issue(stage=SOCIAL, target_id="kh-merangat"))
    tale.do(MarkReferralReceived(referral_id="r-0001", agency_id="kh-merangat"))
    tale.do(
        DeclineReferral(
            referral_id="r-0001", agency_id="kh-merangat", reason=DeclineReason.NO_CAPACITY
        )
    )
    return tale


def reroute(referral_id: str, predecessor_id: str, target_id: str) -> RerouteReferral:
    return RerouteReferral(
        referral_id=referral_id, predecessor_id=predecessor_id, target_id=target_id
    )


def test_declined_referral_can_be_rerouted_within_stage() -> None:
    tale = declined_social()
    decision = tale.do(reroute("r-0002", "r-0001", "kh-nasyiatul-aisyiyah"))

    issued = decision.events[0]
    assert isinstance(issued, ReferralIssued)
    assert issued.predecessor_id == "r-0001"
    assert issued.stage == SOCIAL
    assert issued.outcome_due_on == date(2026, 12, 10)
    assert [r.referral_id for r in referral_chain(tale.current, "r-0001")] == ["r-0001", "r-0002"]
    assert [r.referral_id for r in referral_chain(tale.current, "r-0002")] == ["r-0001", "r-0002"]


def test_an_expired_referral_can_be_rerouted_and_the_chain_grows() -> None:
    tale = declined_social()
    tale.do(reroute("r-0002", "r-0001", "kh-nasyiatul-aisyiyah"))
    tale.do(ExpireReferral(referral_id="r-0002"))
    tale.do(reroute("r-0003", "r-0002", "kh-paroki-putussibau"))
    chain = referral_chain(tale.current, "r-0003")
    assert [r.target_id for r in chain] == [
        "kh-merangat",
        "kh-nasyiatul-aisyiyah",
        "kh-paroki-putussibau",
    ]


def test_rerouting_an_open_referral_is_refused() -> None:
    tale = accepted()
    tale.refused(
        reroute("r-0002", "r-0001", "kh-puskesmas-badau"), rules.REROUTE_ONLY_DECLINED_OR_EXPIRED
    )


def test_rerouting_to_the_same_target_is_refused() -> None:
    tale = declined_social()
    tale.refused(reroute("r-0002", "r-0001", "kh-merangat"), rules.REROUTE_TO_ANOTHER_TARGET)


def test_rerouting_outside_the_stage_is_refused_citing_kh_lampiran_i() -> None:
    tale = declined_social()
    error = tale.refused(reroute("r-0002", "r-0001", "kh-rsud"), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article == "KH Lampiran I"


def test_a_referral_is_rerouted_once() -> None:
    tale = declined_social()
    tale.do(reroute("r-0002", "r-0001", "kh-nasyiatul-aisyiyah"))
    tale.refused(reroute("r-0003", "r-0001", "kh-gow"), rules.REROUTE_ONCE)


def test_a_chain_query_for_an_unknown_referral_is_not_found() -> None:
    with pytest.raises(NotFound):
        referral_chain(planned().current, "r-nope")
