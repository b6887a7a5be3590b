"""The periods the district's reports cover, as the regulations set them.

- a semester, January–June or July–December (BTG Pasal 16(6): the task force reports to
  the Bupati every semester);
- six months from a chosen start (BLU Pasal 18(d): monitoring every 6 months);
- a calendar year (BLU Pasal 18(d), 4f: the yearly evaluation and report);
- five calendar years (BLU Pasal 4f: the five-yearly report to the Bupati and the public);
- or any span of dates (``--from``/``--to``).

Each period knows the one before it, of the same length, for the trend.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from rujukan.rules import input_rule


class PeriodError(ValueError):
    """A period that cannot be read (the message says why)."""


@dataclass(frozen=True, slots=True)
class Period:
    """Dates ``start`` to ``end``, both included; ``months`` when it is whole months
    (its previous period is then the same number of months before)."""

    start: date
    end: date
    label: str
    months: int | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise PeriodError(f"the period ends ({self.end}) before it starts ({self.start})")

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        if self.months is not None:
            start = _add_months(self.start, -self.months)
            return Period(
                start, self.start - timedelta(days=1), f"before {self.label}", self.months
            )
        days = (self.end - self.start).days + 1
        return Period(self.start - timedelta(days=days), self.start - timedelta(days=1), "previous")

    def contains(self, day: date) -> bool:
        """Whether ``day`` (a date in the district's time zone) falls in the period."""
        return self.start <= day <= self.end

    def as_json(self) -> dict[str, str]:
        return {"from": self.start.isoformat(), "to": self.end.isoformat(), "label": self.label}


def _add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` (the 31st becomes the month's last day)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    following = date(year + (month == 12), month % 12 + 1, 1)
    return date(year, month, min(day.day, (following - timedelta(days=1)).day))


def semester(year: int, half: int) -> Period:
    """January–June (``half`` 1) or July–December (2) of ``year`` (BTG Pasal 16(6))."""
    if half not in (1, 2):
        raise PeriodError(f"a semester is 1 or 2, not {half}")
    start = date(year, 1 if half == 1 else 7, 1)
    end = date(year, 6, 30) if half == 1 else date(year, 12, 31)
    return Period(start, end, f"semester {half} {year}", 6)


def six_months(start: date) -> Period:
    """Six months from ``start`` (BLU Pasal 18(d))."""
    return Period(start, _add_months(start, 6) - timedelta(days=1), f"6 months from {start}", 6)


def year(value: int) -> Period:
    """A calendar year (BLU Pasal 18(d), 4f)."""
    return Period(date(value, 1, 1), date(value, 12, 31), f"year {value}", 12)


def five_years(first: int) -> Period:
    """Five calendar years from ``first`` (BLU Pasal 4f)."""
    return Period(date(first, 1, 1), date(first + 4, 12, 31), f"{first}-{first + 4}", 60)


def span(start: date, end: date) -> Period:
    """Any span of dates."""
    return Period(start, end, f"{start} to {end}")


def report_period(start: date, end: date) -> Period:
    """The period a report route was asked for: `span`, its error a `RuleViolation`
    (422) naming the rule; at most five years and a day (BLU Pasal 4f)."""
    if not (EARLIEST <= start <= end <= LATEST) or (end - start).days > MAX_DAYS:
        REPORT_PERIOD.refuse(f"from {start} to {end}")
    return span(start, end)


MAX_DAYS = 5 * 366
REPORT_PERIOD = input_rule(
    "report_period",
    "BLU Pasal 4f",
    f"a report covers 1 to {MAX_DAYS} days between 1970-01-01 and 2999-12-31",
)
EARLIEST, LATEST = date(1970, 1, 1), date(2999, 12, 31)
"""The dates a report may cover (its previous period included)."""
_PRESET = re.compile(r"(semester|6m|year|5y):(.+)")


def preset(text: str) -> Period:
    """A period named as ``semester:2026-1``, ``6m:2026-03-01``, ``year:2026`` or
    ``5y:2022``."""
    found = _PRESET.fullmatch(text.strip())
    if found is None:
        raise PeriodError(
            f"unknown period {text!r}: semester:YYYY-1|2, 6m:YYYY-MM-DD, year:YYYY or 5y:YYYY"
        )
    kind, value = found.groups()
    try:
        if kind == "semester":
            year_text, half = value.split("-")
            return semester(int(year_text), int(half))
        if kind == "6m":
            return six_months(date.fromisoformat(value))
        return year(int(value)) if kind == "year" else five_years(int(value))
    except ValueError as exc:
        raise PeriodError(f"unknown period {text!r}: {exc}") from exc
