"""Specification of the referral steps the hub records rather than receives: the answers
and reports of an institution that runs no software, recorded by the companion, and the
copies of onward referrals (KH Pasal 1 angka 16)."""

from __future__ import annotations

from datetime import date

from schemas.events.outcome import OutcomeDeliveredToCompanion
from schemas.events.referral import (
    ReferralAccepted,
    ReferralDeclined,
    ReferralIssued,
    ReferralReceived,
)
from schemas.facts import ServiceNote, Treatment, TreatmentPhase, VisumIssued
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import (
    CaseCategory,
    ComplainantType,
    ComplaintChannel,
    DeclineReason,
    OutcomeStatus,
    TerminationReason,
)
from services.intake.domain import (
    AcceptReferral,
    CasePhase,
    IssueReferral,
    MarkReferralReceived,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RecordOnwardReferral,
    ReferralRoutingRecorded,
    RegisterCase,
    RerouteReferral,
    TerminateCase,
    fold,
    onward_referrals,
    referral_chain,
    rules,
)
from tests.unit.intake.support import LT, Story, assignment, complaint, story

S = ReferralStatus
HEALTH = "REHABILITASI_KESEHATAN"
SOCIAL = "REHABILITASI_SOSIAL"


def offline_referral() -> Story:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-0001", stage=SOCIAL, target_id="kh-merangat"))
    return tale


# --- offline institutions: answers and reports recorded by the companion ---------------


def test_an_offline_acceptance_records_receipt_and_acceptance_like_an_electronic_answer() -> None:
    tale = offline_referral()
    decision = tale.do(RecordOfflineAnswer(referral_id="r-0001", accepted=True, note="By letter"))

    received, accepted, delivered = decision.events
    assert isinstance(delivered, OutcomeDeliveredToCompanion)  # LT Pasal 17(3)
    assert isinstance(received, ReferralReceived)
    assert isinstance(accepted, ReferralAccepted)
    assert received.agency_id == accepted.agency_id == "kh-merangat"
    referral = tale.current.referrals["r-0001"]
    assert [c.status for c in referral.history] == [S.ISSUED, S.RECEIVED, S.ACCEPTED]


def test_an_offline_decline_needs_a_reason_and_can_then_be_rerouted() -> None:
    tale = offline_referral()
    tale.refused(
        RecordOfflineAnswer(referral_id="r-0001", accepted=False), rules.DECLINE_NEEDS_REASON
    )

    decision = tale.do(
        RecordOfflineAnswer(referral_id="r-0001", accepted=False, reason=DeclineReason.NO_CAPACITY)
    )
    assert [type(e) for e in decision.events][-2:] == [
        ReferralDeclined,
        OutcomeDeliveredToCompanion,
    ]
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.DECLINED
    assert referral.decline_reason is DeclineReason.NO_CAPACITY

    tale.do(
        RerouteReferral(
            referral_id="r-0002", predecessor_id="r-0001", target_id="kh-nasyiatul-aisyiyah"
        )
    )
    chain = referral_chain(tale.current, "r-0002")
    assert [(r.target_id, r.status) for r in chain] == [
        ("kh-merangat", S.DECLINED),
        ("kh-nasyiatul-aisyiyah", S.ISSUED),
    ]


def test_an_answer_by_hand_for_an_electronic_referral_is_refused() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-0001", stage=HEALTH, target_id="kh-rsud"))
    error = tale.refused(
        RecordOfflineAnswer(referral_id="r-0001", accepted=True),
        rules.OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL,
    )
    assert error.status == 409
    tale.refused(
        RecordOfflineReport(
            referral_id="r-0001", report_id="rep-1", status=OutcomeStatus.COMPLETED
        ),
        rules.OFFLINE_ANSWER_ONLY_FOR_OFFLINE_REFERRAL,
    )


def test_an_offline_report_closes_the_referral_and_keeps_its_facts() -> None:
    tale = offline_referral()
    tale.do(RecordOfflineAnswer(referral_id="r-0001", accepted=True))
    note = ServiceNote(summary="Six counselling sessions held")
    tale.do(
        RecordOfflineReport(
            referral_id="r-0001",
            report_id="rep-1",
            status=OutcomeStatus.COMPLETED,
            final=True,
            facts=(note,),
            document_ref="12/MF/XII/2026",
        )
    )
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.COMPLETED
    (report,) = referral.reports
    assert report.agency_id == "kh-merangat"
    assert report.facts == (note,)
    assert report.document_ref == "12/MF/XII/2026"
    assert fold(tale.journal) == tale.current


def test_an_offline_report_is_checked_like_an_electronic_one() -> None:
    tale = offline_referral()
    tale.refused(
        RecordOfflineReport(
            referral_id="r-0001", report_id="rep-1", status=OutcomeStatus.COMPLETED, final=True
        ),
        rules.REFERRAL_STATE_MACHINE,
    )
    tale.do(RecordOfflineAnswer(referral_id="r-0001", accepted=True))
    visum = VisumIssued(document_ref="V/1", issued_on=date(2026, 11, 24))
    tale.refused(
        RecordOfflineReport(
            referral_id="r-0001", report_id="rep-1", status=OutcomeStatus.COMPLETED, facts=(visum,)
        ),
        rules.REPORT_FACTS_FIT_SERVICE,
    )


def test_a_service_the_hub_gives_itself_is_answered_by_hand() -> None:
    tale = story(LT, until=CasePhase.PLAN_AGREED)
    decision = tale.do(
        IssueReferral(
            referral_id="r-lt-1", stage="LAYANAN_PSIKOLOGI", target_id="lt-hub", emergency=True
        )
    )
    routing = decision.records[0]
    assert isinstance(routing, ReferralRoutingRecorded)
    assert routing.offline
    tale.do(RecordOfflineAnswer(referral_id="r-lt-1", accepted=True))
    assert tale.status("r-lt-1") is S.ACCEPTED


def test_termination_keeps_the_reason_each_open_referral_was_cancelled() -> None:
    tale = offline_referral()
    tale.do(TerminateCase(reason=TerminationReason.WHEREABOUTS_UNKNOWN))
    referral = tale.current.referrals["r-0001"]
    assert referral.status is S.CANCELLED
    assert referral.cancel_reason == "Case terminated: whereabouts_unknown"


# --- onward referrals --------------------------------------------------------------------


def at_the_puskesmas() -> Story:
    """The hub referred the child to a puskesmas (in an emergency), which accepted."""
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(
        IssueReferral(
            referral_id="r-0001", stage=HEALTH, target_id="kh-puskesmas-badau", emergency=True
        )
    )
    tale.do(MarkReferralReceived(referral_id="r-0001", agency_id="kh-puskesmas-badau"))
    tale.do(AcceptReferral(referral_id="r-0001", agency_id="kh-puskesmas-badau"))
    return tale


def onward(**overrides: object) -> RecordOnwardReferral:
    fields: dict[str, object] = {
        "referral_id": "r-pkm-0001",
        "parent_referral_id": "r-0001",
        "referrer_id": "kh-puskesmas-badau",
        "hub_id": "kh-hub",
        "stage": HEALTH,
        "target_id": "kh-rsud",
        "identity_included": True,
    }
    fields.update(overrides)
    return RecordOnwardReferral(**fields)  # type: ignore[arg-type]


def test_an_onward_referral_joins_the_case_under_its_parent() -> None:
    tale = at_the_puskesmas()
    decision = tale.do(onward())

    issued = decision.events[0]
    assert isinstance(issued, ReferralIssued)
    assert issued.referrer_id == "kh-puskesmas-badau"
    assert issued.hub_id == "kh-hub"
    assert issued.parent_referral_id == "r-0001"
    assert issued.child is None  # the hub keeps the identity in one place only
    child_referral = tale.current.referrals["r-pkm-0001"]
    assert child_referral.identity_included
    assert child_referral.hub_id == "kh-hub"
    assert [r.referral_id for r in onward_referrals(tale.current, "r-0001")] == ["r-pkm-0001"]


def test_the_onward_target_answers_and_reports_to_the_hub() -> None:
    tale = at_the_puskesmas()
    tale.do(onward())
    tale.serve("r-pkm-0001", "kh-rsud", (Treatment(phase=TreatmentPhase.COMPLETED),))
    assert tale.status("r-pkm-0001") is S.COMPLETED
    assert tale.status("r-0001") is S.ACCEPTED
    assert fold(tale.journal) == tale.current


def test_an_onward_referral_needs_a_known_and_open_parent() -> None:
    tale = at_the_puskesmas()
    tale.refused(onward(parent_referral_id="r-9999"), rules.KNOWN_REFERRAL)
    tale.complete("r-0001", "kh-puskesmas-badau", report_id="rep-1")
    error = tale.refused(onward(), rules.ONWARD_REFERRAL_NEEDS_OPEN_PARENT)
    assert error.status == 409


def test_only_the_parent_target_refers_on() -> None:
    tale = at_the_puskesmas()
    tale.refused(onward(referrer_id="kh-polres"), rules.ONWARD_REFERRAL_FROM_PARENT_TARGET)


def test_an_onward_referral_outside_the_matrix_is_refused_citing_kh_lampiran_i() -> None:
    tale = at_the_puskesmas()
    error = tale.refused(
        onward(stage="BANTUAN_HUKUM", target_id="kh-rsud"), rules.TARGET_IN_DISTRICT_MATRIX
    )
    assert error.article == "KH Lampiran I"


def test_only_a_copy_naming_this_hub_from_another_agency_is_recorded() -> None:
    tale = at_the_puskesmas()
    tale.refused(onward(hub_id="lt-hub"), rules.ONWARD_COPY_FOR_THIS_HUB)
    tale.refused(onward(hub_id=None), rules.ONWARD_COPY_FOR_THIS_HUB)
    tale.refused(onward(referrer_id="kh-hub"), rules.ONWARD_COPY_FOR_THIS_HUB)


def test_a_referral_without_a_parent_comes_only_from_the_complaint_submitter() -> None:
    tale = at_the_puskesmas()
    error = tale.refused(onward(parent_referral_id=None), rules.REFERRAL_BY_SUBMITTING_AGENCY)
    assert error.article == "LT Pasal 9(2); BTG Pasal 18(4)c"


# --- a school's own referrals (BTG 18(4)c) on the case it submitted (LT Pasal 9(2)) -------

SCHOOL = "kh-disdikbud"


def submitted_by_the_school() -> Story:
    """The Dinas Pendidikan submitted the complaint with the school head's request letter."""
    tale = story()
    tale.case = None
    tale.journal.clear()
    tale.do(
        complaint(
            "sch-kh-disdikbud-0001",
            channel=ComplaintChannel.SCHOOL,
            complainant=ComplainantType.AGENCY,
            request_letter_ref="421/045/SMPN2/2026",
            case_information="Reported to the Satgas PPK: sexual violence with injury",
            submitted_by=SCHOOL,
        )
    )
    return tale


def school_referral(**overrides: object) -> RecordOnwardReferral:
    """The copy of a referral the school that submitted the complaint made at once."""
    school: dict[str, object] = {
        "referral_id": "r-sch-0001",
        "parent_referral_id": None,
        "referrer_id": SCHOOL,
    }
    return onward(**(school | overrides))


def test_the_complaint_remembers_the_agency_that_submitted_it() -> None:
    tale = submitted_by_the_school()
    assert tale.current.complaint.submitted_by == SCHOOL
    assert fold(tale.journal) == tale.current


def test_a_referral_by_the_submitting_school_is_a_referral_of_the_case_btg_18_4_c() -> None:
    tale = submitted_by_the_school()
    decision = tale.do(school_referral())

    issued = decision.events[0]
    assert isinstance(issued, ReferralIssued)
    assert (issued.referrer_id, issued.hub_id, issued.parent_referral_id) == (
        SCHOOL,
        "kh-hub",
        None,
    )
    assert issued.child is None
    assert tale.status("r-sch-0001") is S.ISSUED


def test_the_outcomes_of_a_school_referral_reach_the_companion_lt_pasal_17_3() -> None:
    tale = submitted_by_the_school()
    tale.do(school_referral())
    tale.do(RegisterCase(case_number="KH/2026/0001", category=CaseCategory.SEXUAL_VIOLENCE))
    tale.do(assignment())
    decision = tale.serve("r-sch-0001", "kh-rsud", (Treatment(phase=TreatmentPhase.COMPLETED),))
    delivered = [e for e in decision.events if isinstance(e, OutcomeDeliveredToCompanion)]
    assert [d.companion_id for d in delivered] == ["comp-siti"]
    assert tale.status("r-sch-0001") is S.COMPLETED


def test_a_school_referral_outside_the_matrix_is_refused_citing_kh_lampiran_i() -> None:
    tale = submitted_by_the_school()
    error = tale.refused(school_referral(stage="BANTUAN_HUKUM"), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article == "KH Lampiran I"


def test_an_onward_referral_id_is_new() -> None:
    tale = at_the_puskesmas()
    tale.refused(onward(referral_id="r-0001"), rules.REFERRAL_ID_UNIQUE)
