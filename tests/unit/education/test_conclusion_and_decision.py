"""Conclusion and recommendation (SKW Pasal 49–50) and the decision (SKW Pasal 51–52)."""

from __future__ import annotations

from datetime import date

from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    HandlingStep,
    NoticeRecipient,
    ViolenceForm,
)
from services.education.domain import DeadlineStatus, ProcessStatus, Recommendations, deadlines
from services.education.domain import rules as r
from services.education.domain.commands import (
    Conclude,
    IssueDecision,
    RecordExamination,
    RequestStatement,
    Summon,
)
from tests.unit.education.builders import (
    CALENDAR,
    KEPALA_DINAS_DECISION,
    PARENT,
    REPRIMAND,
    concluded,
    day,
    decided,
    examined,
    head_not_proven,
    new_report,
    proven_conclusion,
    refused_by,
    run,
)


def _not_proven(**advice: object) -> Conclude:
    return Conclude(
        finding=ConclusionFinding.NOT_PROVEN,
        reported_party_ids=("p1",),
        forms=frozenset({ViolenceForm.PHYSICAL}),
        recommendations=Recommendations.model_validate(advice),
        on=day(4),
    )


def test_proven_conclusion_recommends_sanction_and_continued_education() -> None:
    report = concluded()

    assert report.status is ProcessStatus.CONCLUDED
    assert report.step is HandlingStep.CONCLUSION_AND_RECOMMENDATION
    assert report.conclusion is not None
    assert report.conclusion.recommendations.sanctions[0].party_id == "p1"
    assert report.conclusion.recommendations.continue_education
    assert report.conclusion.report_to is DecisionAuthority.SCHOOL_HEAD

    refused = refused_by(
        r.PROVEN_RECOMMENDATIONS,
        examined(),
        proven_conclusion().model_copy(update={"recommendations": Recommendations()}),
    )
    assert refused.article == "SKW Pasal 49(4)"


def test_not_proven_conclusion_restores_good_name() -> None:
    report = run(examined(), _not_proven(restore_good_name=True))
    assert report.conclusion is not None
    assert report.conclusion.finding is ConclusionFinding.NOT_PROVEN

    refused = refused_by(r.NOT_PROVEN_RECOMMENDATIONS, examined(), _not_proven())
    assert refused.article == "SKW Pasal 49(5)"


def test_conclusion_names_a_form_of_skw_pasal_6() -> None:
    neglect = proven_conclusion().model_copy(
        update={"forms": frozenset({ViolenceForm.CHILD_NEGLECT})}
    )

    refused = refused_by(r.CONCLUSION_NAMES_SKW_FORM, examined(), neglect)
    assert refused.article == "SKW Pasal 49(3)b"


def test_conclusion_refers_to_reported_person_by_id_only() -> None:
    refused_by(
        r.CONCLUSION_NAMES_REPORTED,
        examined(),
        proven_conclusion().model_copy(update={"reported_party_ids": ("v1",)}),
    )

    report = concluded()
    assert report.conclusion is not None
    assert report.conclusion.reported_party_ids == ("p1",)


def test_conclusion_is_made_once() -> None:
    refused_by(r.CONCLUDED_ONCE, concluded(), proven_conclusion(on=day(5)))


def test_decision_is_due_five_working_days_after_the_examination_report() -> None:
    # Examination report on Monday 11 May 2026; Ascension Day (14 May) and its cuti
    # bersama (15 May) do not count: 12, 13, 18, 19, 20 May — due on Wednesday 20 May.
    report = run(
        new_report(),
        RequestStatement(party_id="v1", on=date(2026, 5, 4)),
        RecordExamination(
            party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT, on=date(2026, 5, 4)
        ),
        Summon(party_id="p1", on=date(2026, 5, 4)),
        RecordExamination(party_id="p1", official_record_ref="BA-2", on=date(2026, 5, 5)),
        proven_conclusion(on=date(2026, 5, 11)),
    )

    (decision,) = [d for d in deadlines(report, CALENDAR) if d.rule == "decision"]
    assert decision.due == date(2026, 5, 20)
    assert decision.article == "SKW Pasal 51"
    assert decision.status is DeadlineStatus.PENDING


def test_late_decision_is_recorded_and_shows_as_missed() -> None:
    report = decided(on=day(14))  # concluded on Friday 6 March, due Friday 13 March

    (decision,) = [d for d in deadlines(report, CALENDAR) if d.rule == "decision"]
    assert report.status is ProcessStatus.DECIDED
    assert decision.due == day(11)
    assert decision.status is DeadlineStatus.MISSED


def test_decision_copies_go_to_reported_person_dinas_and_parents_of_reported_pupil() -> None:
    report = decided()

    assert report.decision is not None
    assert {(c.recipient, c.party_id) for c in report.decision.copies} == {
        (NoticeRecipient.REPORTED_PERSON, "p1"),
        (NoticeRecipient.DINAS, None),
        (NoticeRecipient.PARENTS_OF_REPORTED_PUPIL, "p1"),
    }


def test_kepala_dinas_decision_is_copied_to_the_school() -> None:
    report = run(head_not_proven(civil_servant=True), KEPALA_DINAS_DECISION)

    assert report.decision is not None
    assert {c.recipient for c in report.decision.copies} == {
        NoticeRecipient.REPORTED_PERSON,
        NoticeRecipient.SCHOOL,
    }


def test_school_head_cannot_decide_a_satgas_report() -> None:
    refused_by(
        r.DECISION_BY_COMPETENT_AUTHORITY,
        concluded(),
        IssueDecision(
            finding=ConclusionFinding.PROVEN,
            signed_by=DecisionAuthority.KEPALA_DINAS,
            sanctions=(REPRIMAND,),
        ),
    )


def test_decision_contents_follow_the_finding() -> None:
    refused = refused_by(
        r.DECISION_CONTENTS,
        concluded(),
        IssueDecision(finding=ConclusionFinding.PROVEN, signed_by=DecisionAuthority.SCHOOL_HEAD),
    )
    assert refused.article == "SKW Pasal 52(1)"


def test_decision_cannot_precede_conclusion_nor_be_issued_twice() -> None:
    decision = IssueDecision(
        finding=ConclusionFinding.PROVEN,
        signed_by=DecisionAuthority.SCHOOL_HEAD,
        sanctions=(REPRIMAND,),
    )
    refused_by(r.DECISION_NEEDS_EXAMINATION_REPORT, examined(), decision)

    refused_by(r.DECIDED_ONCE, decided(), decision)
