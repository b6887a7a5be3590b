"""Specification of which documents of the handling are sent, to whom and under which
article (SKW Pasal 47(2), 52(2)–(3)); the decision on an objection (63–64) is sent to
no one the regulation names."""

from __future__ import annotations

from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    NoticeRecipient,
    ObjectionOutcome,
    PartyRole,
    SchoolDocument,
    StopReason,
)
from services.education.domain import SchoolReport, decide
from services.education.domain.commands import (
    Command,
    DecideObjection,
    FileObjection,
    IssueDecision,
    RequestStatement,
    ResumeExamination,
    StopExamination,
)
from services.education.domain.copies import DocumentCopies, copies_to_send
from tests.unit.education.builders import (
    CALENDAR,
    KEPALA_DINAS_DECISION,
    REPRIMAND,
    VICTIM,
    concluded,
    day,
    decided,
    examined,
    head_not_proven,
    new_report,
    received_by_all,
    recorded_on,
    run,
    staff,
)


def sent(report: SchoolReport, command: Command) -> tuple[DocumentCopies, ...]:
    return copies_to_send(decide(report, command, recorded_on(report, command), CALENDAR).records)


def test_a_stopped_examination_is_sent_to_head_kepala_dinas_reported_and_victim_skw_47_2() -> None:
    (stop,) = sent(examined(), StopExamination(reason=StopReason.INSUFFICIENT_EVIDENCE, on=day(7)))

    assert (stop.document, stop.article, stop.issued_on) == (
        SchoolDocument.EXAMINATION_STOP,
        "SKW Pasal 47(2)",
        day(7),
    )
    assert stop.recipients == (
        NoticeRecipient.SCHOOL_HEAD,
        NoticeRecipient.KEPALA_DINAS,
        NoticeRecipient.REPORTED_PERSON,
        NoticeRecipient.REPORTER_OR_VICTIM,
    )
    assert {(c.recipient, c.party_id) for c in stop.copies} >= {
        (NoticeRecipient.REPORTED_PERSON, "p1"),
        (NoticeRecipient.REPORTER_OR_VICTIM, "v1"),
    }


def test_a_second_stop_after_new_evidence_is_a_document_of_its_own_skw_47_48() -> None:
    stop = StopExamination(reason=StopReason.INSUFFICIENT_EVIDENCE, on=day(7))
    resumed = run(examined(), stop, ResumeExamination(new_evidence_ref="photo-1", on=day(8)))

    (again,) = sent(resumed, StopExamination(reason=StopReason.VICTIM_NOT_FOUND, on=day(9)))

    assert (again.document, again.issued_on) == (SchoolDocument.EXAMINATION_STOP, day(9))


def test_a_school_heads_decision_is_copied_to_reported_pupil_dinas_and_parents_skw_52() -> None:
    decision = IssueDecision(
        finding=ConclusionFinding.PROVEN,
        signed_by=DecisionAuthority.SCHOOL_HEAD,
        sanctions=(REPRIMAND,),
        on=day(7),
    )

    (copies,) = sent(concluded(), decision)

    assert (copies.document, copies.article, copies.issued_on) == (
        SchoolDocument.DECISION,
        "SKW Pasal 52(2), 52(3)",
        day(7),
    )
    assert copies.recipients == (
        NoticeRecipient.REPORTED_PERSON,
        NoticeRecipient.DINAS,
        NoticeRecipient.PARENTS_OF_REPORTED_PUPIL,
    )


def test_a_kepala_dinas_decision_is_copied_to_the_reported_head_and_the_school_skw_52_2c() -> None:
    (copies,) = sent(head_not_proven(civil_servant=True), KEPALA_DINAS_DECISION)

    assert copies.article == "SKW Pasal 52(2)"  # no pupil reported: no copy under 52(3)
    assert copies.recipients == (NoticeRecipient.REPORTED_PERSON, NoticeRecipient.SCHOOL)


def test_the_objection_decision_is_sent_to_no_one_as_skw_63_64_name_no_recipients() -> None:
    objected = run(received_by_all(decided(), day(8)), FileObjection(party_id="p1", on=day(14)))

    assert sent(objected, DecideObjection(outcome=ObjectionOutcome.UPHELD, on=day(20))) == ()


def test_other_steps_of_the_handling_send_no_document() -> None:
    report = new_report(VICTIM, staff("t1", PartyRole.WITNESS))

    assert sent(report, RequestStatement(party_id="v1", on=day(1))) == ()
