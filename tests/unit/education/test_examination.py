"""The examination (SKW Pasal 36(3), 43–48): summonses, official records, stop and resume."""

from __future__ import annotations

from datetime import date

import pytest

from rujukan.errors import IllegalState, NotFound
from schemas.school import (
    Addressee,
    HandlingStep,
    NoticeRecipient,
    PartyRole,
    StopReason,
    SupportPerson,
    ViolenceForm,
)
from services.education.domain import ProcessStatus, examination_due, receive_report
from services.education.domain import rules as r
from services.education.domain.commands import (
    Conclude,
    DeclareCannotContinue,
    ProceedWithoutReportedPerson,
    RecordExamination,
    RequestStatement,
    ResumeExamination,
    StopExamination,
    Summon,
)
from tests.unit.education.builders import (
    CALENDAR,
    MONDAY,
    PARENT,
    REPORTED,
    VICTIM,
    WITNESS,
    day,
    examined,
    new_report,
    proven_conclusion,
    pupil,
    refused_by,
    run,
    staff,
)


def test_request_for_victim_statement_opens_the_examination_and_its_period() -> None:
    report = run(new_report(), RequestStatement(party_id="v1", on=day(1)))

    assert report.status is ProcessStatus.EXAMINING
    assert report.step is HandlingStep.EXAMINATION
    assert report.open_period is not None
    assert report.open_period.started_on == day(1)


def test_examination_is_due_30_working_days_after_the_statement_request() -> None:
    report = run(new_report(), RequestStatement(party_id="v1", on=MONDAY))

    # Nyepi, Idul Fitri and their cuti bersama (18-24 March) and Good Friday (3 April)
    # do not count.
    assert examination_due(report, CALENDAR) == date(2026, 4, 21)


def test_statement_request_goes_to_parents_of_a_child_pupil() -> None:
    report = run(new_report(), RequestStatement(party_id="v1"))

    assert report.statement_requests[0].addressed_to is Addressee.PARENT_OR_GUARDIAN


def test_statement_is_requested_from_reporter_or_victim_only() -> None:
    refused = refused_by(
        r.STATEMENT_FROM_REPORTER_OR_VICTIM, new_report(), RequestStatement(party_id="w1")
    )
    assert refused.article == "SKW Pasal 46(2)"


def test_unknown_party_is_not_found() -> None:
    with pytest.raises(NotFound):
        run(new_report(), Summon(party_id="nobody"))


def test_child_witness_summons_goes_to_parents() -> None:
    report = run(new_report(), Summon(party_id="w1"))

    assert report.summonses[0].addressed_to is Addressee.PARENT_OR_GUARDIAN
    assert report.summonses[0].number == 1


def test_reported_child_is_summoned_in_person_as_43_2_names_reporter_victim_witness() -> None:
    report = run(new_report(), Summon(party_id="p1"))

    assert report.summonses[0].addressed_to is Addressee.PERSON


def test_third_summons_lets_examination_proceed_without_reported_person() -> None:
    report = run(
        new_report(),
        Summon(party_id="p1", on=day(1)),
        Summon(party_id="p1", on=day(2)),
        Summon(party_id="p1", on=day(3)),
        ProceedWithoutReportedPerson(party_id="p1", on=day(4)),
    )

    assert [s.number for s in report.summonses] == [1, 2, 3]
    assert report.proceeding_without == ("p1",)


def test_proceeding_without_reported_person_before_third_summons_is_refused() -> None:
    report = run(new_report(), Summon(party_id="p1"), Summon(party_id="p1"))

    refused = refused_by(
        r.PROCEED_AFTER_THIRD_SUMMONS, report, ProceedWithoutReportedPerson(party_id="p1")
    )
    assert refused.status == 409
    assert refused.article == "SKW Pasal 43(3)"


def test_only_a_reported_person_s_absence_lets_the_examination_proceed() -> None:
    report = run(new_report(), *[Summon(party_id="w1") for _ in range(3)])

    refused_by(r.PROCEED_WITHOUT_ONLY_REPORTED, report, ProceedWithoutReportedPerson(party_id="w1"))


def test_conclusion_waits_for_reported_person_or_third_summons() -> None:
    report = run(
        new_report(),
        RequestStatement(party_id="v1", on=day(1)),
        Summon(party_id="p1", on=day(1)),
    )

    refused_by(r.CONCLUSION_HEARS_REPORTED, report, proven_conclusion())

    absent = run(
        report,
        Summon(party_id="p1", on=day(2)),
        Summon(party_id="p1", on=day(3)),
        ProceedWithoutReportedPerson(party_id="p1", on=day(4)),
        proven_conclusion(),
    )
    assert absent.status is ProcessStatus.CONCLUDED


def test_child_victim_examined_without_parent_is_refused() -> None:
    refused = refused_by(
        r.CHILD_EXAMINED_WITH_PARENT,
        new_report(),
        RecordExamination(party_id="v1", official_record_ref="BA-1"),
    )
    assert refused.article == "SKW Pasal 45(2)"


def test_child_victim_examined_with_parent_is_recorded_in_berita_acara() -> None:
    report = run(
        new_report(),
        RecordExamination(party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT),
    )

    assert report.examinations[0].official_record_ref == "BA-1"
    assert report.was_examined("v1")


def test_reported_person_with_disability_is_examined_with_a_pendamping() -> None:
    reported = pupil("p1", PartyRole.REPORTED, child=False, disability=True)
    report = new_report(VICTIM, reported)

    refused_by(
        r.DISABLED_EXAMINED_WITH_SUPPORT,
        report,
        RecordExamination(party_id="p1", official_record_ref="BA-2"),
    )

    accompanied = RecordExamination(
        party_id="p1",
        official_record_ref="BA-2",
        accompanied_by=frozenset({SupportPerson.PENDAMPING}),
    )
    assert run(report, accompanied).was_examined("p1")


def test_examination_without_official_record_is_refused() -> None:
    refused = refused_by(
        r.EXAMINATION_IN_OFFICIAL_RECORD,
        new_report(),
        RecordExamination(party_id="p1", official_record_ref="  "),
    )
    assert refused.article == "SKW Pasal 45(4)"


def test_examining_the_victim_without_a_recorded_request_starts_the_period() -> None:
    report = run(
        new_report(),
        RecordExamination(
            party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT, on=day(2)
        ),
    )

    assert report.open_period is not None
    assert report.open_period.started_on == day(2)


def test_finding_without_report_starts_at_examination() -> None:
    finding = receive_report(
        reference="skw-2026-0002",
        channel=None,
        received_on=MONDAY,
        schools=("sch-1",),
        parties=(VICTIM, REPORTED),
        forms=(ViolenceForm.BULLYING,),
    ).report

    assert finding.status is ProcessStatus.EXAMINING
    assert HandlingStep.REPORT_RECEIVED not in finding.steps_reached
    assert finding.channel is None


def test_stop_notifies_school_head_kepala_dinas_reported_person_and_reporter() -> None:
    report = run(examined(), StopExamination(reason=StopReason.INSUFFICIENT_EVIDENCE, on=day(7)))

    assert report.status is ProcessStatus.STOPPED
    notices = {(n.recipient, n.party_id) for n in report.stops[0].notices}
    assert notices == {
        (NoticeRecipient.SCHOOL_HEAD, None),
        (NoticeRecipient.KEPALA_DINAS, None),
        (NoticeRecipient.REPORTED_PERSON, "p1"),
        (NoticeRecipient.REPORTER_OR_VICTIM, "v1"),
    }


def test_only_an_open_examination_is_stopped() -> None:
    refused_by(
        r.STOP_ONLY_OPEN_EXAMINATION,
        new_report(),
        StopExamination(reason=StopReason.VICTIM_NOT_FOUND),
    )


def test_stopped_examination_refuses_summonses_and_resumes_only_on_new_evidence() -> None:
    stopped = run(examined(), StopExamination(reason=StopReason.INSUFFICIENT_EVIDENCE, on=day(7)))

    refused_by(r.EXAMINATION_MUST_BE_OPEN, stopped, Summon(party_id="w1"))

    refused_by(r.RESUME_NEEDS_NEW_EVIDENCE, stopped, ResumeExamination(new_evidence_ref=" "))

    resumed = run(stopped, ResumeExamination(new_evidence_ref="photo-2026-03-20"))
    assert resumed.status is ProcessStatus.EXAMINING

    refused_by(
        r.RESUME_ONLY_STOPPED_ON_NEW_EVIDENCE, resumed, ResumeExamination(new_evidence_ref="x")
    )


def test_examination_past_30_working_days_is_only_declared_unable_to_continue() -> None:
    report = examined()  # statement requested on Tuesday 3 March: due on 22 April
    late = date(2026, 4, 23)

    refused = refused_by(r.EXAMINATION_PERIOD_RAN_OUT, report, proven_conclusion(on=late))
    assert refused.article == "SKW Pasal 46(3)"

    ended = run(report, DeclareCannotContinue(on=late))
    assert ended.status is ProcessStatus.CANNOT_CONTINUE
    with pytest.raises(IllegalState):
        run(ended, Summon(party_id="w1", on=late))


def test_cannot_continue_before_deadline_is_refused() -> None:
    refused_by(
        r.CANNOT_CONTINUE_ONLY_AFTER_DEADLINE,
        examined(),
        DeclareCannotContinue(on=date(2026, 4, 22)),
    )


def test_concluding_before_examining_is_refused() -> None:
    refused_by(
        r.EXAMINATION_MUST_BE_OPEN,
        new_report(),
        Conclude.model_validate(proven_conclusion().model_dump()),
    )


def test_teacher_witness_is_summoned_in_person() -> None:
    report = run(
        new_report(VICTIM, REPORTED, WITNESS, staff("t1", PartyRole.WITNESS)), Summon(party_id="t1")
    )

    assert report.summonses[0].addressed_to is Addressee.PERSON


def test_a_stop_for_death_or_grave_illness_names_the_doctors_statement_skw_47_1a() -> None:
    gravely_ill = StopReason.REPORTED_DIED_MISSING_OR_GRAVELY_ILL
    refused_by(
        r.STOP_ON_A_DOCTORS_STATEMENT, examined(), StopExamination(reason=gravely_ill, on=day(3))
    )

    stopped = run(
        examined(),
        StopExamination(reason=gravely_ill, doctor_statement_ref="SKD/RSUD/12/2026", on=day(3)),
    )
    assert stopped.stops[0].doctor_statement_ref == "SKD/RSUD/12/2026"
    not_found = run(examined(), StopExamination(reason=gravely_ill, reported_not_found=True))
    assert not_found.stops[0].doctor_statement_ref is None
