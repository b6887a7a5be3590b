"""The named deadlines of the school-violence regulation, kept as data.

Perwali Singkawang 45/2024 (SKW) fixes how long each step of handling violence in a school
may take: the examination (Pasal 46), the decision (Pasal 51), the objection (Pasal 62) and
the decision on it (Pasal 64), the reintegration report after a transfer (Pasal 58(2)) and
the length of a pupil's medium sanction (Pasal 56(2)). The numbers live in the education
service's ``data/school_deadlines.csv`` (columns ``procedure,rule,amount,unit,starts_from,
article,description``), each row under the procedure it belongs to, so that a service applies
the deadlines of its district's procedure only (:mod:`.procedure`), and so that each number
sits next to the article it comes from.

Most rules are limits ("maksimal"): the step must happen on or before the due date. Two are
not: ``reintegration_report`` (SKW Pasal 58(2), "minimal 30 hari kerja") is the *earliest*
date the Satgas reports, and ``medium_sanction_min`` is the earliest end of a sanction whose
latest end is ``medium_sanction_max``. The rule's description says which.

Every rule counts from the day after its ``starts_from`` event (see
:mod:`rujukan.calendar`). The module is pure apart from reading the CSV file.
"""

from __future__ import annotations

import os
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from rujukan.calendar import DeadlineUnit, WorkingDayCalendar, due_date
from rujukan.datafiles import DATA_DIR_ENV, DataFileError, read_rows

DEADLINE_COLUMNS = ("procedure", "rule", "amount", "unit", "starts_from", "article", "description")
"""Header of ``school_deadlines.csv``."""

SCHOOL_DEADLINES_FILE = "school_deadlines.csv"
"""Name of the rules file inside the data folder."""

_IDENTIFIER = re.compile(r"[a-z][a-z0-9_]*")
_WHOLE_NUMBER = re.compile(r"[0-9]+")


@dataclass(frozen=True)
class DeadlineRule:
    """One deadline: ``amount`` ``unit`` after the ``starts_from`` event, per ``article``."""

    procedure: str
    rule: str
    amount: int
    unit: DeadlineUnit
    starts_from: str
    article: str
    description: str


PACKAGED_DIR = Path(__file__).resolve().parents[1] / "data"
"""The data shipped with the education service (its procedures, deadlines, schooling rules)."""


def education_data_path(file_name: str) -> Path:
    """``file_name`` in ``RUJUKAN_DATA_DIR`` when a deployment supplies its own data folder
    (it replaces every packaged data file), else the one shipped with the service."""
    configured = os.environ.get(DATA_DIR_ENV)
    return Path(configured) / file_name if configured else PACKAGED_DIR / file_name


def load_deadline_rules(
    path: Path | None = None, procedure: str | None = "SKW"
) -> dict[str, DeadlineRule]:
    """Read the deadline rules of one school procedure (``SKW``: the rules this module
    computes are Singkawang's; None: every procedure's), keyed by rule name, refusing
    any malformed line.

    A wrong number here would silently move a child's case deadline, so every line is
    checked and a bad one raises :class:`~rujukan.datafiles.DataFileError` at ``<file>:<line>``.
    """
    source = path if path is not None else education_data_path(SCHOOL_DEADLINES_FILE)
    rules: dict[str, DeadlineRule] = {}
    for number, row in read_rows(source, DEADLINE_COLUMNS):
        rule = _parse_rule(source, number, [row[c] for c in DEADLINE_COLUMNS])
        if procedure is not None and rule.procedure != procedure:
            continue
        if rule.rule in rules:
            raise DataFileError.at(source, number, f"rule {rule.rule!r} is defined twice")
        rules[rule.rule] = rule
    return rules


def _parse_rule(path: Path, number: int, fields: list[str]) -> DeadlineRule:
    """One validated rule from the seven fields of a CSV line."""
    procedure, name, raw_amount, raw_unit, starts_from, article, description = fields
    for column, value in (("rule", name), ("starts_from", starts_from)):
        if not _IDENTIFIER.fullmatch(value):
            raise DataFileError.at(
                path, number, f"{column} must be a snake_case name, got {value!r}"
            )
    if not article:
        raise DataFileError.at(path, number, "article is empty: every deadline needs its source")
    return DeadlineRule(
        procedure=procedure,
        rule=name,
        amount=_parse_amount(path, number, raw_amount),
        unit=_parse_unit(path, number, raw_unit),
        starts_from=starts_from,
        article=article,
        description=description,
    )


def _parse_amount(path: Path, number: int, raw: str) -> int:
    """A positive whole number of days."""
    if not _WHOLE_NUMBER.fullmatch(raw) or int(raw) < 1:
        raise DataFileError.at(path, number, f"amount must be a positive whole number, got {raw!r}")
    return int(raw)


def _parse_unit(path: Path, number: int, raw: str) -> DeadlineUnit:
    """One of the :class:`~rujukan.calendar.DeadlineUnit` values."""
    try:
        return DeadlineUnit(raw)
    except ValueError as error:
        known = ", ".join(unit.value for unit in DeadlineUnit)
        raise DataFileError.at(path, number, f"unit must be one of {known}, got {raw!r}") from error


def compute_due(
    rule: DeadlineRule,
    start: date,
    calendar: WorkingDayCalendar,
    school_calendar: Collection[date] | None = None,
) -> date:
    """The due date of ``rule`` when its ``starts_from`` event happened on ``start``.

    ``calendar`` is the district's working-day calendar; ``school_calendar`` (the school's
    non-school dates) only matters for school-day rules (SKW Pasal 56(2)).
    """
    return due_date(start, rule.amount, rule.unit, calendar, school_calendar)
