"""When a referral is overdue: the network's service standards as data.

``rujukan/data/referral_deadlines.csv`` says, per service, how long an agency has to
answer (accept or decline), to give a first report and to report its final outcome,
and after which second interval an overdue notice goes on to the companion's
supervisor. Working days follow the district's calendar (:mod:`rujukan.calendar`)
and fall due at the same local time of day in the district's own time zone, so a
referral issued on Friday at 10:00 with one working day to answer is due on Monday
at 10:00, or later if Monday is a holiday or cuti bersama.

Pure: reading the data files is its only I/O. The hub stores the computed due times
with each referral, so the check survives restarts.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

from rujukan.calendar import WorkingDayCalendar
from rujukan.datafiles import DataFileError, data_dir, read_rows
from schemas.vocabulary import ServiceType

DEADLINE_FILE = "referral_deadlines.csv"
DISTRICTS_FILE = "districts.csv"
COLUMNS = ("service", "milestone", "amount", "unit", "escalate_after", "source")


class Milestone(StrEnum):
    ANSWER = "answer"
    FIRST_REPORT = "first_report"
    OUTCOME = "outcome"


class Unit(StrEnum):
    WORKING_DAYS = "working_days"
    CALENDAR_DAYS = "calendar_days"
    HOURS = "hours"
    MINUTES = "minutes"


@dataclass(frozen=True)
class ReferralDeadline:
    """One service standard: ``amount`` ``unit`` for ``milestone`` of ``service``."""

    service: ServiceType | None
    """None: any service."""
    milestone: Milestone
    amount: int
    unit: Unit
    escalate_after: int
    source: str


@dataclass(frozen=True)
class Due:
    """When a milestone falls due, and when an overdue notice escalates."""

    milestone: Milestone
    due_at: datetime
    escalate_at: datetime
    source: str


@cache
def load_referral_deadlines(path: Path | None = None) -> tuple[ReferralDeadline, ...]:
    source = path or data_dir() / DEADLINE_FILE
    rules = []
    for line, row in read_rows(source, COLUMNS):
        rules.append(_parse(source, line, row))
    return tuple(rules)


def _parse(path: Path, line: int, row: dict[str, str]) -> ReferralDeadline:
    try:
        service = None if row["service"] == "*" else ServiceType(row["service"])
        milestone = Milestone(row["milestone"])
        unit = Unit(row["unit"])
        amount, escalate_after = int(row["amount"]), int(row["escalate_after"])
    except ValueError as exc:
        raise DataFileError.at(path, line, str(exc)) from exc
    if amount < 1 or escalate_after < 1:
        raise DataFileError.at(path, line, "amount and escalate_after must be at least 1")
    return ReferralDeadline(service, milestone, amount, unit, escalate_after, row["source"])


@cache
def district_timezone(district: str) -> ZoneInfo:
    """The local time zone of ``district`` (``rujukan/data/districts.csv``)."""
    path = data_dir() / DISTRICTS_FILE
    for _line, row in read_rows(path, ("id", "name", "timezone")):
        if row["id"] == district:
            return ZoneInfo(row["timezone"])
    raise LookupError(f"district {district!r} is not in {path}")


def rule_for(
    service: ServiceType, milestone: Milestone, rules: tuple[ReferralDeadline, ...]
) -> ReferralDeadline | None:
    """The first rule for ``service`` (or any service) and ``milestone``."""
    return next(
        (r for r in rules if r.milestone is milestone and r.service in (service, None)), None
    )


def due(
    service: ServiceType,
    milestone: Milestone,
    start: datetime,
    district: str,
    rules: tuple[ReferralDeadline, ...] | None = None,
) -> Due | None:
    """When ``milestone`` of a ``service`` referral started at ``start`` falls due."""
    rule = rule_for(service, milestone, rules if rules is not None else load_referral_deadlines())
    if rule is None:
        return None
    zone = district_timezone(district)
    calendar = WorkingDayCalendar.for_district(district)
    due_at = _add(start, rule.amount, rule.unit, zone, calendar)
    escalate_at = _add(due_at, rule.escalate_after, rule.unit, zone, calendar)
    return Due(milestone, due_at, escalate_at, rule.source)


def _add(
    start: datetime, amount: int, unit: Unit, zone: ZoneInfo, calendar: WorkingDayCalendar
) -> datetime:
    if start.tzinfo is None:
        raise ValueError("deadlines need an aware datetime")
    if unit is Unit.MINUTES:
        return start + timedelta(minutes=amount)
    if unit is Unit.HOURS:
        return start + timedelta(hours=amount)
    local = start.astimezone(zone)
    if unit is Unit.CALENDAR_DAYS:
        day = calendar.add_calendar_days(local.date(), amount)
    else:
        day = calendar.add_working_days(local.date(), amount)
    return datetime.combine(day, local.timetz()).astimezone(start.tzinfo)
