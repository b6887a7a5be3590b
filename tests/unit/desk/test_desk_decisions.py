"""Specification of the referral desk's decisions (rujukan.desk.domain): what an agency
may do with a referral addressed to it, and what each decision tells the case's hub."""

import uuid
from datetime import UTC, date, datetime, timedelta
from typing import Any, cast

import pytest

from rujukan.desk import domain
from rujukan.desk.rules import (
    EXPIRED_BY_THE_REFERRER,
    OUTCOME_HUB_ONLINE,
    ReportContext,
    ReportDraft,
    no_policy,
)
from rujukan.desk.usecases import Desk
from rujukan.directory import AgencyDirectory
from rujukan.errors import IllegalState, RuleViolation
from rujukan.matrix import DistrictMatrix, load_matrix
from schemas.events import (
    ChildIdentity,
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralExpired,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    ServiceReported,
)
from schemas.facts import (
    DidNotAttend,
    IdentificationDone,
    MedicalExamination,
    ReferredOn,
    ServiceNote,
    ShelterAdmitted,
    VisumIssued,
)
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    AgencyKind,
    DeclineReason,
    NotDeliveredReason,
    OutcomeStatus,
    ServiceType,
)
from tests.support.referrals import NOW, TODAY, accepted, issued, received, report_of

S = ReferralStatus


@pytest.fixture(scope="module")
def kapuas_hulu(directory: AgencyDirectory) -> DistrictMatrix:
    return load_matrix("kapuas-hulu", directory)


def make_report(referral, draft, *, history=(), policy=no_policy, now=NOW):
    return domain.report(
        referral, draft, report_id="rep-1", history=history, policy=policy, now=now
    )


def draft(*facts, status=OutcomeStatus.COMPLETED, final=False, reason=None, document=None):
    return ReportDraft(
        status=status,
        final=final,
        facts=list(facts),
        not_delivered_reason=reason,
        document_ref=document,
    )


# --- receiving ------------------------------------------------------------------------


def test_a_referral_is_stored_as_received_and_the_case_hub_is_told():
    event_id = uuid.uuid4()
    decision = domain.receive(issued(), agency_id="kh-rsud", event_id=event_id, now=NOW)
    assert decision.referral.status is S.RECEIVED
    assert decision.referral.hub_id == "kh-hub"
    assert decision.referral.issued_event_id == event_id
    (answer,) = decision.events
    assert isinstance(answer, ReferralReceived)
    assert (answer.referral_id, answer.agency_id) == ("r-0001", "kh-rsud")


def test_answers_to_an_onward_referral_go_to_the_case_hub_not_the_referrer():
    onward = issued(referrer_id="kh-puskesmas-badau", hub_id="kh-hub", parent_referral_id="r-0")
    referral = domain.receive(onward, agency_id="kh-rsud", event_id=uuid.uuid4(), now=NOW)
    assert referral.referral.hub_id == "kh-hub"
    assert referral.referral.referrer_id == "kh-puskesmas-badau"
    assert referral.referral.parent_referral_id == "r-0"


def test_the_desk_keeps_only_a_mark_that_the_referral_carried_the_childs_identity():
    child = ChildIdentity(name="(name)", sex="female", estimated_age=13)
    decision = domain.receive(
        issued(child=child), agency_id="kh-rsud", event_id=uuid.uuid4(), now=NOW
    )
    assert decision.referral.has_child_identity
    assert "(name)" not in decision.referral.model_dump_json()
    assert all("(name)" not in e.model_dump_json() for e in decision.events)


def test_a_referral_addressed_to_another_agency_is_refused():
    with pytest.raises(RuleViolation) as refused:
        domain.receive(
            issued(target="kh-rsud"), agency_id="kh-polres", event_id=uuid.uuid4(), now=NOW
        )
    assert refused.value.rule == "referral_addressed_to_this_agency"


# --- accepting, declining, pausing -------------------------------------------------------


def test_accepting_a_received_referral_tells_the_hub():
    decision = domain.accept(received(), now=NOW, note="Examination tomorrow 08:00")
    assert decision.referral.status is S.ACCEPTED
    (event,) = decision.events
    assert isinstance(event, ReferralAccepted)
    assert event.note == "Examination tomorrow 08:00"


def test_accepting_twice_is_an_illegal_move():
    with pytest.raises(IllegalState) as refused:
        domain.accept(accepted(), now=NOW)
    assert refused.value.status == 409
    assert refused.value.rule == "referral_state_machine"


@pytest.mark.parametrize("reason", [r for r in DeclineReason if r is not DeclineReason.OTHER])
def test_declining_with_a_listed_reason_needs_no_detail(reason):
    decision = domain.decline(received(), reason=reason, detail=None, now=NOW)
    assert decision.referral.status is S.DECLINED
    (event,) = decision.events
    assert isinstance(event, ReferralDeclined)
    assert event.reason is reason


@pytest.mark.parametrize("detail", [None, "", "   "])
def test_declining_for_another_reason_needs_a_detail(detail):
    with pytest.raises(RuleViolation) as refused:
        domain.decline(received(), reason=DeclineReason.OTHER, detail=detail, now=NOW)
    assert refused.value.status == 422
    assert refused.value.rule == "decline_other_needs_detail"


def test_declining_for_another_reason_with_a_detail_is_sent_with_it():
    decision = domain.decline(
        received(), reason=DeclineReason.OTHER, detail="Clinic closed for renovation", now=NOW
    )
    assert decision.referral.decline_detail == "Clinic closed for renovation"


def test_an_accepted_referral_cannot_be_declined():
    with pytest.raises(IllegalState):
        domain.decline(accepted(), reason=DeclineReason.NO_CAPACITY, detail=None, now=NOW)


def test_a_paused_service_resumes_in_progress():
    held = domain.hold(accepted(), reason="Child admitted to hospital", now=NOW)
    assert held.referral.status is S.ON_HOLD
    assert isinstance(held.events[0], ReferralOnHold)
    resumed = domain.resume(held.referral, now=NOW)
    assert resumed.referral.status is S.IN_PROGRESS
    assert isinstance(resumed.events[0], ReferralResumed)
    assert resumed.referral.hold_reason is None


def test_only_a_paused_service_resumes_and_only_an_accepted_one_pauses():
    with pytest.raises(IllegalState):
        domain.resume(accepted(), now=NOW)
    with pytest.raises(IllegalState):
        domain.hold(received(), reason="Not yet", now=NOW)


def test_pausing_needs_a_reason():
    with pytest.raises(RuleViolation) as refused:
        domain.hold(accepted(), reason="  ", now=NOW)
    assert refused.value.rule == "hold_needs_reason"


# --- reports ------------------------------------------------------------------------------


def test_the_first_report_moves_an_accepted_referral_in_progress():
    decision = make_report(accepted(), draft(MedicalExamination(examined_on=TODAY)))
    assert decision.referral.status is S.IN_PROGRESS
    (event,) = decision.events
    assert isinstance(event, ServiceReported)
    assert (event.status, event.final, event.report_id) == (OutcomeStatus.COMPLETED, False, "rep-1")
    assert decision.report is not None
    assert decision.report.seq == 1


@pytest.mark.parametrize(
    ("status", "reason", "closed"),
    [
        (OutcomeStatus.COMPLETED, None, S.COMPLETED),
        (OutcomeStatus.PARTIALLY_COMPLETED, None, S.COMPLETED),
        (OutcomeStatus.NOT_DELIVERED, NotDeliveredReason.NO_LONGER_NEEDED, S.FAILED),
    ],
)
def test_a_final_report_walks_through_in_progress_and_closes_the_referral(status, reason, closed):
    decision = make_report(accepted(), draft(status=status, final=True, reason=reason))
    assert decision.referral.status is closed
    (event,) = decision.events
    assert isinstance(event, ServiceReported)
    assert event.final


def test_reports_are_numbered_in_the_order_they_are_made():
    referral = domain.report(
        accepted(), draft(), report_id="rep-1", history=(), policy=no_policy, now=NOW
    ).referral
    earlier = (report_of(referral, seq=1),)
    decision = make_report(referral, draft(final=True), history=earlier)
    assert decision.report is not None
    assert decision.report.seq == 2
    assert decision.referral.status is S.COMPLETED


@pytest.mark.parametrize(
    "referral",
    [
        pytest.param(received(), id="received"),
        pytest.param(
            domain.decline(
                received(), reason=DeclineReason.NO_CAPACITY, detail=None, now=NOW
            ).referral,
            id="declined",
        ),
        pytest.param(domain.hold(accepted(), reason="Away", now=NOW).referral, id="on_hold"),
        pytest.param(make_report(accepted(), draft(final=True)).referral, id="completed"),
    ],
)
def test_a_referral_takes_reports_only_between_accepting_and_its_final_report(referral):
    with pytest.raises(IllegalState) as refused:
        make_report(referral, draft())
    assert refused.value.status == 409


def test_a_fact_that_does_not_fit_the_referrals_service_is_refused_naming_the_rule():
    with pytest.raises(RuleViolation) as refused:
        make_report(accepted(), draft(ShelterAdmitted(admitted_on=TODAY)))
    assert refused.value.status == 422
    assert refused.value.rule == "fact_fits_service"
    assert "shelter_admitted" in str(refused.value)
    assert "health" in str(refused.value)


def test_what_fits_depends_on_the_service_not_the_agency_kind():
    polres_shelter = accepted(target="kh-polres", service=ServiceType.SHELTER)
    decision = make_report(polres_shelter, draft(ShelterAdmitted(admitted_on=TODAY)))
    assert decision.referral.status is S.IN_PROGRESS
    with pytest.raises(RuleViolation):
        make_report(polres_shelter, draft(IdentificationDone()))


def test_not_delivered_needs_a_reason_and_only_not_delivered_has_one():
    with pytest.raises(RuleViolation) as missing:
        make_report(accepted(), draft(status=OutcomeStatus.NOT_DELIVERED))
    assert missing.value.rule == "not_delivered_needs_reason"
    with pytest.raises(RuleViolation) as extra:
        make_report(accepted(), draft(reason=NotDeliveredReason.NO_CAPACITY))
    assert extra.value.rule == "not_delivered_needs_reason"


def test_not_delivered_for_another_reason_says_why_in_a_service_note():
    other = {"status": OutcomeStatus.NOT_DELIVERED, "reason": NotDeliveredReason.OTHER}
    with pytest.raises(RuleViolation) as refused:
        make_report(accepted(), draft(**other))
    assert refused.value.rule == "other_reason_needs_a_note"
    assert refused.value.article == "LT Pasal 17(3)"
    decision = make_report(accepted(), draft(ServiceNote(summary="Family moved away"), **other))
    assert decision.referral.status is S.IN_PROGRESS


@pytest.mark.parametrize(
    ("status", "reason", "allowed"),
    [
        (OutcomeStatus.NOT_DELIVERED, NotDeliveredReason.COULD_NOT_CONTACT, True),
        (OutcomeStatus.NOT_DELIVERED, NotDeliveredReason.CHILD_REFUSED, True),
        (OutcomeStatus.NOT_DELIVERED, NotDeliveredReason.NO_CAPACITY, False),
        (OutcomeStatus.COMPLETED, None, False),
    ],
)
def test_a_child_who_did_not_attend_was_not_served(status, reason, allowed):
    report = draft(DidNotAttend(), status=status, reason=reason)
    if allowed:
        assert make_report(accepted(), report).report is not None
    else:
        with pytest.raises(RuleViolation) as refused:
            make_report(accepted(), report)
        assert refused.value.rule == "did_not_attend_is_not_delivered"


def test_referred_on_is_recorded_only_by_an_onward_referral():
    with pytest.raises(RuleViolation) as refused:
        make_report(accepted(), draft(ReferredOn(to_agency="kh-rsud", onward_referral_id="r-9")))
    assert refused.value.rule == "referred_on_through_onward"


def test_a_fact_dated_after_today_is_refused():
    tomorrow = TODAY + timedelta(days=1)
    with pytest.raises(RuleViolation) as refused:
        make_report(accepted(), draft(MedicalExamination(examined_on=tomorrow)))
    assert refused.value.rule == "fact_date_not_in_the_future"


def test_today_is_the_date_in_indonesias_easternmost_zone():
    # 16:30 UTC is already the next day in Papua (WIT, UTC+9), and in Kapuas Hulu (WIB)
    late = datetime(2026, 11, 24, 16, 30, tzinfo=UTC)
    next_day = date(2026, 11, 25)
    decision = make_report(accepted(), draft(MedicalExamination(examined_on=next_day)), now=late)
    assert decision.report is not None
    assert domain.indonesian_today(datetime(2026, 11, 24, 14, 59, tzinfo=UTC)) == TODAY


def test_a_service_policy_adds_warnings_and_may_refuse():
    def policy(context: ReportContext) -> list[str]:
        if context.draft.final:
            raise RuleViolation("final refused", rule="test-rule")
        return ["look again"]

    decision = make_report(accepted(), draft(), policy=policy)
    assert decision.report is not None
    assert decision.report.warnings == ("look again",)
    with pytest.raises(RuleViolation) as refused:
        make_report(accepted(), draft(final=True), policy=policy)
    assert refused.value.rule == "test-rule"


def test_the_report_carries_its_document_reference_to_the_hub():
    facts = (
        MedicalExamination(examined_on=TODAY),
        VisumIssued(document_ref="VER/12/XI/2026", issued_on=TODAY),
    )
    decision = make_report(accepted(), draft(*facts, document="440/12/RSUD/2026"))
    (event,) = decision.events
    assert isinstance(event, ServiceReported)
    assert event.document_ref == "440/12/RSUD/2026"
    assert list(event.facts) == list(facts)


# --- the referrer's moves -------------------------------------------------------------------


def cancelled(by="kh-hub"):
    return ReferralCancelled(
        case_id="c-0001", referral_id="r-0001", referrer_id=by, reason="Plan changed"
    )


def test_the_referrer_cancels_an_open_referral():
    referral = domain.cancel(accepted(), cancelled(), now=NOW)
    assert referral.status is S.CANCELLED
    assert referral.closed_reason == "Plan changed"


def test_the_case_hub_may_cancel_an_onward_referral():
    onward = received(referrer_id="kh-puskesmas-badau", hub_id="kh-hub")
    assert domain.cancel(onward, cancelled("kh-hub"), now=NOW).status is S.CANCELLED


def test_nobody_else_cancels_a_referral():
    with pytest.raises(RuleViolation) as refused:
        domain.cancel(accepted(), cancelled("kh-polres"), now=NOW)
    assert refused.value.rule == "cancelled_by_the_referrer"


def test_a_cancellation_crossing_the_final_report_leaves_the_referral_closed():
    done = make_report(accepted(), draft(final=True)).referral
    assert domain.cancel(done, cancelled(), now=NOW) == done


def test_an_unanswered_referral_expires_but_an_answer_that_crossed_the_expiry_wins():
    expiry = ReferralExpired(case_id="c-0001", referral_id="r-0001", referrer_id="kh-hub")
    assert domain.expire(received(), expiry, now=NOW).status is S.EXPIRED
    assert domain.expire(accepted(), expiry, now=NOW).status is S.ACCEPTED


def test_nobody_but_the_referrer_or_the_case_hub_expires_a_referral():
    expiry = ReferralExpired(case_id="c-0001", referral_id="r-0001", referrer_id="kh-polres")
    with pytest.raises(RuleViolation) as refused:
        domain.expire(received(), expiry, now=NOW)
    assert refused.value.rule == EXPIRED_BY_THE_REFERRER.name


def test_answers_are_refused_when_the_case_hub_runs_no_software(directory):
    desk = Desk(
        agency=directory.get("kh-rsud"),
        directory=directory,
        unit_of_work=cast(Any, None),
        read_sessions=cast(Any, None),
        audit=cast(Any, None),
        policy=no_policy,
    )
    with pytest.raises(RuleViolation) as refused:
        desk.hub_topic(received(hub_id="kh-gow"))
    assert (refused.value.rule, refused.value.article) == (
        OUTCOME_HUB_ONLINE.name,
        "LT Pasal 17(3)",
    )
    assert desk.hub_topic(received()) == directory.get("kh-hub").inbox_topic


# --- onward referral ---------------------------------------------------------------------------


def refer_on(origin, kapuas_hulu, directory, target="kh-rsud", **kwargs):
    return domain.refer_on(
        origin,
        target_id=target,
        matrix=kapuas_hulu,
        directory=directory,
        onward_referral_id="r-onward",
        report_id="rep-onward",
        history=(),
        policy=no_policy,
        now=NOW,
        **kwargs,
    )


def test_a_puskesmas_refers_on_to_the_rsud_and_the_chain_stays_visible(kapuas_hulu, directory):
    origin = accepted(target="kh-puskesmas-badau", child=ChildIdentity(name="(name)", sex="male"))
    decision = refer_on(origin, kapuas_hulu, directory, note="Needs a visum")
    onward = decision.issued
    assert onward.parent_referral_id == origin.referral_id
    assert (onward.referrer_id, onward.target_id, onward.hub_id) == (
        "kh-puskesmas-badau",
        "kh-rsud",
        "kh-hub",
    )
    assert (onward.stage, onward.service, onward.district) == (
        "REHABILITASI_KESEHATAN",
        ServiceType.HEALTH,
        "kapuas-hulu",
    )
    assert onward.duty
    assert "Visum" in onward.duty
    assert onward.child is None
    report = decision.origin.report
    assert report is not None
    assert report.facts == (ReferredOn(to_agency="kh-rsud", onward_referral_id="r-onward"),)
    assert decision.origin.referral.status is S.IN_PROGRESS


def test_an_onward_referral_may_close_the_origin(kapuas_hulu, directory):
    decision = refer_on(accepted(target="kh-puskesmas-badau"), kapuas_hulu, directory, final=True)
    assert decision.origin.referral.status is S.COMPLETED


def test_an_onward_target_must_be_listed_for_the_stage(kapuas_hulu, directory):
    with pytest.raises(RuleViolation) as refused:
        refer_on(accepted(target="kh-puskesmas-badau"), kapuas_hulu, directory, target="kh-polres")
    assert refused.value.status == 422
    assert refused.value.rule == "referral_matrix"
    assert refused.value.article == "KH Lampiran I"


def test_an_agency_does_not_refer_on_to_itself(kapuas_hulu, directory):
    with pytest.raises(RuleViolation) as refused:
        refer_on(accepted(), kapuas_hulu, directory, target="kh-rsud")
    assert refused.value.rule == "onward_to_another_agency"


def test_a_referral_is_accepted_before_it_is_referred_on(kapuas_hulu, directory):
    with pytest.raises(IllegalState):
        refer_on(received(target="kh-puskesmas-badau"), kapuas_hulu, directory)


# --- capacity ------------------------------------------------------------------------------------


def test_a_capacity_notice_is_for_a_service_the_matrix_lists_the_agency_for(kapuas_hulu, directory):
    dinsos = directory.get("kh-dinsos")
    notice = domain.capacity_notice(
        dinsos, service=ServiceType.SHELTER, available=3, capacity=8, matrix=kapuas_hulu, now=NOW
    )
    assert (notice.agency_id, notice.available, notice.capacity) == ("kh-dinsos", 3, 8)
    with pytest.raises(RuleViolation) as refused:
        domain.capacity_notice(
            dinsos,
            service=ServiceType.HEALTH,
            available=1,
            capacity=None,
            matrix=kapuas_hulu,
            now=NOW,
        )
    assert refused.value.rule == "capacity_for_a_listed_service"
    assert refused.value.article == "KH Lampiran I"


def test_a_capacity_notice_has_no_more_available_than_its_capacity(kapuas_hulu, directory):
    polres = directory.get("kh-polres")
    assert polres.kind is AgencyKind.LEGAL
    with pytest.raises(RuleViolation) as refused:
        domain.capacity_notice(
            polres,
            service=ServiceType.SHELTER,
            available=5,
            capacity=2,
            matrix=kapuas_hulu,
            now=NOW,
        )
    assert refused.value.rule == "capacity_available_within_capacity"
