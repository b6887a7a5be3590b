"""The deadlines of a report, from the rules data (SKW 46, 51, 58(2), 62, 64)."""

from __future__ import annotations

from datetime import date, timedelta

from rujukan.calendar import DeadlineUnit
from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    PupilSanction,
    SanctionTier,
    StopReason,
)
from services.education.domain import (
    DeadlineKind,
    DeadlineStatus,
    Sanction,
    SchoolReport,
    deadlines,
    missed_deadlines,
)
from services.education.domain import rules as r
from services.education.domain.commands import (
    DeclareCannotContinue,
    IssueDecision,
    ReportCounselling,
    ReportReintegration,
    RequestStatement,
    ResumeExamination,
    StartAtNewSchool,
    StopExamination,
)
from tests.unit.education.builders import (
    CALENDAR,
    MONDAY,
    day,
    examined,
    new_report,
    proven_conclusion,
    received_by_all,
    refused_by,
    run,
    transferred,
)


def _only(report, rule: str, today: date | None = None):
    (found,) = [d for d in deadlines(report, CALENDAR, today=today) if d.rule == rule]
    return found


def test_examination_deadline_counts_working_days_from_the_statement_request() -> None:
    report = run(new_report(), RequestStatement(party_id="v1", on=MONDAY))

    examination = _only(report, "examination")
    assert examination.due == date(2026, 4, 21)
    assert examination.unit is DeadlineUnit.WORKING_DAYS
    assert examination.kind is DeadlineKind.LIMIT
    assert examination.article == "SKW Pasal 46"
    assert examination.status is DeadlineStatus.PENDING


def test_no_deadline_runs_before_a_statement_is_requested() -> None:
    assert deadlines(new_report(), CALENDAR) == []


def test_missed_examination_deadline_is_detected() -> None:
    report = examined()

    assert missed_deadlines(report, date(2026, 4, 22), CALENDAR) == []
    (missed,) = missed_deadlines(report, date(2026, 4, 23), CALENDAR)
    assert missed.rule == "examination"
    assert missed.status is DeadlineStatus.MISSED


def test_conclusion_in_time_meets_the_examination_deadline() -> None:
    report = run(examined(), proven_conclusion())

    assert _only(report, "examination", today=date(2026, 12, 1)).status is DeadlineStatus.MET


def test_declared_inability_to_continue_marks_examination_missed() -> None:
    report = run(examined(), DeclareCannotContinue(on=date(2026, 4, 23)))

    assert _only(report, "examination").status is DeadlineStatus.MISSED


def test_stop_and_resume_start_a_new_examination_period() -> None:
    report = run(
        examined(),
        StopExamination(reason=StopReason.INSUFFICIENT_EVIDENCE, on=day(7)),
        ResumeExamination(new_evidence_ref="cctv-2026-05", on=date(2026, 5, 4)),
        RequestStatement(party_id="v1", on=date(2026, 5, 4)),
    )

    first, second = [d for d in deadlines(report, CALENDAR) if d.rule == "examination"]
    assert first.status is DeadlineStatus.MET
    assert first.done_on == day(7)
    assert second.starts_on == date(2026, 5, 4)
    assert second.status is DeadlineStatus.PENDING


def test_unused_objection_window_lapses_and_is_not_a_missed_deadline() -> None:
    decided = run(
        examined(),
        proven_conclusion(),
        IssueDecision(
            finding=ConclusionFinding.PROVEN,
            signed_by=DecisionAuthority.SCHOOL_HEAD,
            sanctions=(
                Sanction(
                    party_id="p1",
                    tier=SanctionTier.LIGHT,
                    pupil_sanction=PupilSanction.WRITTEN_REPRIMAND,
                ),
            ),
            on=day(7),
        ),
    )
    report = received_by_all(decided, day(8))

    later = date(2026, 6, 1)
    windows = [d for d in deadlines(report, CALENDAR, today=later) if d.rule == "objection"]
    assert {d.party_id for d in windows} == {"v1", "p1"}
    assert {d.status for d in windows} == {DeadlineStatus.LAPSED}
    assert {d.kind for d in windows} == {DeadlineKind.WINDOW}
    assert missed_deadlines(report, later, CALENDAR) == []


def _transferred_and_started() -> SchoolReport:
    """Counselled, and started at the new school on 13 July 2026 (SKW 57(1), 58)."""
    return run(
        transferred(),
        ReportCounselling(party_id="p1", institution="UPTD PPA", completed=True, on=day(30)),
        StartAtNewSchool(party_id="p1", on=date(2026, 7, 13)),
    )


def test_reintegration_report_not_before_30_working_days_after_start() -> None:
    report = _transferred_and_started()
    earliest = _only(report, "reintegration_report")
    assert earliest.kind is DeadlineKind.EARLIEST
    assert earliest.due == CALENDAR.add_working_days(date(2026, 7, 13), 30)

    early = earliest.due - timedelta(days=1)
    refused = refused_by(
        r.REINTEGRATION_REPORT_NOT_EARLY, report, ReportReintegration(party_id="p1", on=early)
    )
    assert refused.article == "SKW Pasal 58(2)"

    done = run(report, ReportReintegration(party_id="p1", on=earliest.due))
    assert _only(done, "reintegration_report").status is DeadlineStatus.MET


def test_reintegration_report_needs_a_transfer_start() -> None:
    refused_by(r.REINTEGRATION_AFTER_TRANSFER, new_report(), ReportReintegration(party_id="p1"))
