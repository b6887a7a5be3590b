"""The statutory deadlines of a school report, computed from its recorded facts.

The numbers come from the rules data of :mod:`.deadline_rules` (SKW 46, 51, 58(2), 62, 64),
never from code; this module only knows from which recorded fact each rule starts
and which fact meets it:

* ``examination`` — from the first request for a statement from the reporter or victim
  (46(2)); met by the conclusion or a stop (47) on or before the due date; missed when
  later, or when the TPPK or Satgas stated that it cannot continue (46(3)). A resumed
  examination (48) starts a new period at its next request for a statement.
* ``decision`` — from the examination report (the conclusion, 49–50); met by the decision.
* ``objection`` — a *right*, per party entitled to object, from their receipt of the
  decision (62(1)): met when they objected; lapsed (not missed) when the window closed.
* ``objection_decision`` — per objection, from its receipt (64; calendar days).
* ``reintegration_report`` — the *earliest* day of the Satgas's report (58(2)): pending
  until reported, then met; it cannot be missed.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache

from rujukan.calendar import DeadlineUnit, WorkingDayCalendar
from schemas.school import ConclusionFinding, PartyRole
from services.education.domain.deadline_rules import DeadlineRule, compute_due, load_deadline_rules
from services.education.domain.report import SchoolReport
from services.education.domain.values import PeriodClosure


@cache
def default_rules() -> Mapping[str, DeadlineRule]:
    """The deadline rules of the data folder, read once per process."""
    return load_deadline_rules()


class DeadlineStatus(StrEnum):
    MET = "met"
    """Done on or before the due date (or, for an earliest date, done)."""
    MISSED = "missed"
    """Done after the due date, not done by it, or declared impossible (SKW 46(3))."""
    PENDING = "pending"
    """Not done yet, and not yet due (or no ``today`` was given)."""
    LAPSED = "lapsed"
    """A party's right to act (an objection) was not used before its window closed."""


class DeadlineKind(StrEnum):
    LIMIT = "limit"
    """A duty to act at the latest on the due date."""
    WINDOW = "window"
    """A right that may be used until the due date."""
    EARLIEST = "earliest"
    """The earliest date to act (SKW 58(2) "minimal")."""


@dataclass(frozen=True)
class Deadline:
    """One deadline of a report: ``rule`` of the rules data, due on ``due``."""

    rule: str
    article: str
    unit: DeadlineUnit
    kind: DeadlineKind
    starts_on: date
    due: date
    status: DeadlineStatus
    party_id: str | None = None
    done_on: date | None = None


def deadlines(
    report: SchoolReport,
    calendar: WorkingDayCalendar,
    *,
    today: date | None = None,
    rules: Mapping[str, DeadlineRule] | None = None,
) -> list[Deadline]:
    """Every deadline the report's recorded facts have started, with its status.

    Without ``today`` a deadline not yet met is ``pending``; with it, one past its due
    date is ``missed`` (a duty) or ``lapsed`` (a right).
    """
    data = rules if rules is not None else default_rules()
    found: list[Deadline] = []

    def add(
        name: str,
        kind: DeadlineKind,
        start: date,
        done: date | None,
        *,
        party_id: str | None = None,
        failed: bool = False,
        closed: bool = False,
    ) -> None:
        rule = data[name]
        due = compute_due(rule, start, calendar)
        found.append(
            Deadline(
                rule=rule.rule,
                article=rule.article,
                unit=rule.unit,
                kind=kind,
                starts_on=start,
                due=due,
                status=_status(kind, due, done, today, failed=failed, closed=closed),
                party_id=party_id,
                done_on=done,
            )
        )

    for period in report.periods:
        add(
            "examination",
            DeadlineKind.LIMIT,
            period.started_on,
            period.closed_on,
            failed=period.closure is PeriodClosure.CANNOT_CONTINUE,
        )
    if report.conclusion is not None:
        decided = report.decision.on if report.decision is not None else None
        add("decision", DeadlineKind.LIMIT, report.conclusion.on, decided)
    final = report.objection_ruling is not None
    for receipt in report.receipts:
        if not _may_object(report, receipt.party_id):
            continue
        objection = report.objection_of(receipt.party_id)
        add(
            "objection",
            DeadlineKind.WINDOW,
            receipt.on,
            objection.received_on if objection is not None else None,
            party_id=receipt.party_id,
            closed=final,
        )
    for objection in report.objections:
        ruled = report.objection_ruling.on if report.objection_ruling is not None else None
        add(
            "objection_decision",
            DeadlineKind.LIMIT,
            objection.received_on,
            ruled,
            party_id=objection.party_id,
        )
    for transfer in report.transfers:
        reported = next(
            (r.on for r in report.reintegration_reports if r.party_id == transfer.party_id), None
        )
        add(
            "reintegration_report",
            DeadlineKind.EARLIEST,
            transfer.on,
            reported,
            party_id=transfer.party_id,
        )
    return found


def missed_deadlines(
    report: SchoolReport,
    today: date,
    calendar: WorkingDayCalendar,
    *,
    rules: Mapping[str, DeadlineRule] | None = None,
) -> list[Deadline]:
    """The duties the report has missed as of ``today`` (rights that lapsed are not)."""
    return [
        deadline
        for deadline in deadlines(report, calendar, today=today, rules=rules)
        if deadline.status is DeadlineStatus.MISSED
    ]


def _may_object(report: SchoolReport, party_id: str) -> bool:
    """The victim, or a reported person found to be the perpetrator (SKW 62(1))."""
    party = report.party(party_id)
    if party.has(PartyRole.VICTIM):
        return True
    proven = report.decision is not None and report.decision.finding is ConclusionFinding.PROVEN
    return party.has(PartyRole.REPORTED) and proven


def _status(
    kind: DeadlineKind,
    due: date,
    done: date | None,
    today: date | None,
    *,
    failed: bool,
    closed: bool,
) -> DeadlineStatus:
    if kind is DeadlineKind.EARLIEST:
        return DeadlineStatus.MET if done is not None else DeadlineStatus.PENDING
    if failed:
        return DeadlineStatus.MISSED
    if done is not None:
        return DeadlineStatus.MET if done <= due else DeadlineStatus.MISSED
    overdue = today is not None and today > due
    if kind is DeadlineKind.WINDOW:
        return DeadlineStatus.LAPSED if (closed or overdue) else DeadlineStatus.PENDING
    return DeadlineStatus.MISSED if overdue else DeadlineStatus.PENDING
