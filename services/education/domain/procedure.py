"""Which school-violence procedure an education service applies, step by step, as data.

Perwali Singkawang 45/2024 (SKW) binds Kota Singkawang and the draft Perbup Batang 2023
(BTG) Kabupaten Batang; neither binds anywhere else. The steps of each procedure, with
the article each comes from, are the education service's
``data/school_procedures.csv``; which procedure a service applies is its district's
``rule_sets.csv`` (:mod:`rujukan.rule_sets`). A service whose district adopted neither
applies none: it receives referrals (continued schooling) and handles no school report.

A step is a command of the handling, named as its class in snake_case
(``RequestStatement`` → ``request_statement``), or one of the duties the service carries
out around the handling (:data:`IMMEDIATE_DUTIES`, :data:`REFERRAL_STEPS`,
:data:`RECOVERY_REFERRAL`). The module is pure apart from reading the CSV file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType

from rujukan.datafiles import DataFileError, read_rows
from rujukan.directory import Agency
from rujukan.rule_sets import RuleSet, load_rule_sets
from services.education.domain import rules
from services.education.domain.commands import Command
from services.education.domain.deadline_rules import (
    DeadlineRule,
    education_data_path,
    load_deadline_rules,
)

PROCEDURES_FILE = "school_procedures.csv"
COLUMNS = ("procedure", "step", "article")

RECEIVE_REPORT = "receive_report"
"""A report received through a channel (SKW 41; BTG 18(4)a)."""
RECORD_FINDING = "record_finding"
"""Violence found without a report (SKW 36(3); BTG 18(3))."""
IMMEDIATE_DUTIES = "immediate_duties"
"""What the school sends by itself when a report shows the harm (BTG 18(2), 18(4)c)."""
REFERRAL_STEPS = "referral_steps"
"""The steps of a referral the school issued, plan to close (BTG 18(6) a–k)."""
RECOVERY_REFERRAL = "recovery_referral"
"""A recovery or rehabilitation service through the intake hub (SKW 65, BTG 18(2)h)."""


_CAMEL = re.compile(r"(?<!^)(?=[A-Z])")


def step_name(command: Command | type[Command]) -> str:
    """The step a command is: its class name in snake_case."""
    cls = command if isinstance(command, type) else type(command)
    return _CAMEL.sub("_", cls.__name__).lower()


@dataclass(frozen=True)
class SchoolProcedure:
    """One regulation's procedure: its steps, each with its article."""

    regulation: str
    source: str
    draft: bool
    steps: MappingProxyType[str, str]
    deadlines: Mapping[str, DeadlineRule]
    """The procedure's own deadlines (``school_deadlines.csv``); none for a procedure
    that sets none."""

    def has(self, step: str) -> bool:
        return step in self.steps

    def require(self, step: str) -> None:
        """Refuse a step the district's procedure does not have (422, naming it)."""
        rules.STEP_OF_THE_DISTRICT_PROCEDURE.check(
            self.has(step),
            f"{step} is no step of {self.regulation} ({self.source}), the procedure this "
            "district applies",
        )

    def require_command(self, command: Command) -> None:
        self.require(step_name(command))


@cache
def _steps(path: Path) -> MappingProxyType[str, MappingProxyType[str, str]]:
    found: dict[str, dict[str, str]] = {}
    for number, row in read_rows(path, COLUMNS):
        steps = found.setdefault(row["procedure"], {})
        if row["step"] in steps:
            raise DataFileError.at(path, number, f"step {row['step']!r} is listed twice")
        if not row["article"]:
            raise DataFileError.at(path, number, "article is empty: every step needs its source")
        steps[row["step"]] = row["article"]
    return MappingProxyType({k: MappingProxyType(v) for k, v in found.items()})


def load_procedure(regulation: str, source: str, *, draft: bool) -> SchoolProcedure:
    """The procedure of ``regulation`` (``SKW``, ``BTG``) as the data lists it."""
    path = education_data_path(PROCEDURES_FILE)
    steps = _steps(path)
    if regulation not in steps:
        raise DataFileError.at(path, 0, f"no school procedure {regulation!r} is listed")
    deadlines = load_deadline_rules(procedure=regulation)
    return SchoolProcedure(regulation, source, draft, steps[regulation], deadlines)


def district_procedure(agency: Agency) -> SchoolProcedure | None:
    """The procedure the agency's district declares (``rule_sets.csv``), or None."""
    binding = load_rule_sets(agency.district).applied(RuleSet.SCHOOL_PROCEDURE)
    if binding is None:
        return None
    return load_procedure(binding.regulation, binding.source, draft=binding.draft)
