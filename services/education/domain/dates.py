"""The date a step claims, bounded: never after today, never before the step it follows.

Every command carries the date ``on`` it happened (a school writes up a summons the day
after). A deadline measured between two claimed dates can be dated away unless both are
bounded: a decision dated before the conclusion it decides would meet SKW 51's five
working days whatever the truth, and a step dated in the future would stop the clock.
The time the service recorded the step is kept beside the claimed date
(``education_record.recorded_at``), so a late write-up stays visible.
"""

from __future__ import annotations

from datetime import date

from services.education.domain import rules
from services.education.domain.commands import (
    Command,
    Conclude,
    DecideObjection,
    FileObjection,
    IssueDecision,
    RecordDecisionReceived,
    ReportCounselling,
    ReportReintegration,
    StartAtNewSchool,
)
from services.education.domain.report import SchoolReport


def follows(report: SchoolReport, command: Command) -> tuple[date, str]:
    """The earliest date ``command`` may claim, and the step that date is of."""
    floor = (report.received_on, "the report")
    match command:
        case Conclude():
            found = [(p.started_on, "the examination") for p in report.periods]
        case IssueDecision():
            found = _of(report.conclusion.on if report.conclusion else None, "the conclusion")
        case RecordDecisionReceived() | StartAtNewSchool() | ReportCounselling():
            found = _of(report.decision.on if report.decision else None, "the decision")
        case FileObjection():
            found = [
                (r.on, "the party's receipt of the decision")
                for r in report.receipts
                if r.party_id == command.party_id
            ]
        case DecideObjection():
            found = [(o.received_on, "the objection") for o in report.objections]
        case ReportReintegration():
            found = [
                (t.on, "the start at the new school")
                for t in report.transfers
                if t.party_id == command.party_id
            ]
        case _:
            found = []
    return max([floor, *found], key=lambda pair: pair[0])


def _of(on: date | None, what: str) -> list[tuple[date, str]]:
    return [] if on is None else [(on, what)]


def not_after_today(on: date | None, today: date) -> date:
    """The date a step claims (a report's receipt or finding included): ``on`` if given,
    else today; refused after today in the district, where a deadline is a local day and
    a future date would stop its clock (SKW 46, 51, 62, 64)."""
    claimed = on if on is not None else today
    rules.STEP_NOT_AFTER_TODAY.check(claimed <= today, f"on: {claimed} is after today ({today})")
    return claimed


def bounded(report: SchoolReport, command: Command, today: date) -> date:
    """The step's date: ``on`` if given, else today; refused after today or before the
    step it follows (SKW 46, 51, 62, 64 count from one to the other)."""
    on = not_after_today(command.on, today)
    earliest, what = follows(report, command)
    rules.STEP_NOT_BEFORE_WHAT_IT_FOLLOWS.check(
        on >= earliest, f"on: {on} is before {what} ({earliest})"
    )
    return on
