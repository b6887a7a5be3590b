"""Conclusion and recommendation (SKW Pasal 49–50) and the decision (SKW Pasal 51–52)."""

from __future__ import annotations

from datetime import date

import pytest

from rujukan.errors import IllegalState, RuleViolation
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

    with pytest.raises(RuleViolation) as refused:
        run(
            examined(),
            proven_conclusion().model_copy(update={"recommendations": Recommendations()}),
        )
    assert refused.value.rule == r.PROVEN_RECOMMENDATIONS.name
    assert refused.value.article == "SKW Pasal 49(4)"


def test_not_proven_conclusion_restores_good_name() -> None:
    report = run(examined(), _not_proven(restore_good_name=True))
    assert report.conclusion is not None
    assert report.conclusion.finding is ConclusionFinding.NOT_PROVEN

    with pytest.raises(RuleViolation) as refused:
        run(examined(), _not_proven())
    assert refused.value.rule == r.NOT_PROVEN_RECOMMENDATIONS.name
    assert refused.value.article == "SKW Pasal 49(5)"


def test_conclusion_names_a_form_of_skw_pasal_6() -> None:
    neglect = proven_conclusion().model_copy(
        update={"forms": frozenset({ViolenceForm.CHILD_NEGLECT})}
    )

    with pytest.raises(RuleViolation) as refused:
        run(examined(), neglect)

    assert refused.value.rule == r.CONCLUSION_NAMES_SKW_FORM.name
    assert refused.value.article == "SKW Pasal 49(3)b"


def test_conclusion_refers_to_reported_person_by_id_only() -> None:
    with pytest.raises(RuleViolation) as refused:
        run(examined(), proven_conclusion().model_copy(update={"reported_party_ids": ("v1",)}))
    assert refused.value.rule == r.CONCLUSION_NAMES_REPORTED.name

    report = concluded()
    assert report.conclusion is not None
    assert report.conclusion.reported_party_ids == ("p1",)


def test_conclusion_is_made_once() -> None:
    with pytest.raises(IllegalState) as refused:
        run(concluded(), proven_conclusion(on=day(5)))

    assert refused.value.rule == r.CONCLUDED_ONCE.name


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
    with pytest.raises(RuleViolation) as refused:
        run(
            concluded(),
            IssueDecision(
                finding=ConclusionFinding.PROVEN,
                signed_by=DecisionAuthority.KEPALA_DINAS,
                sanctions=(REPRIMAND,),
            ),
        )

    assert refused.value.rule == r.DECISION_BY_COMPETENT_AUTHORITY.name


def test_decision_contents_follow_the_finding() -> None:
    with pytest.raises(RuleViolation) as refused:
        run(
            concluded(),
            IssueDecision(
                finding=ConclusionFinding.PROVEN, signed_by=DecisionAuthority.SCHOOL_HEAD
            ),
        )

    assert refused.value.rule == r.DECISION_CONTENTS.name
    assert refused.value.article == "SKW Pasal 52(1)"


def test_decision_cannot_precede_conclusion_nor_be_issued_twice() -> None:
    decision = IssueDecision(
        finding=ConclusionFinding.PROVEN,
        signed_by=DecisionAuthority.SCHOOL_HEAD,
        sanctions=(REPRIMAND,),
    )
    with pytest.raises(IllegalState) as early:
        run(examined(), decision)
    assert early.value.rule == r.DECISION_NEEDS_EXAMINATION_REPORT.name

    with pytest.raises(IllegalState) as twice:
        run(decided(), decision)
    assert twice.value.rule == r.DECIDED_ONCE.name
