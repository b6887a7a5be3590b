"""Which regulation binds where: the rule sets each district's services apply, as data.

A regulation is law in its own district only (Perwali Singkawang 45/2024 in Kota
Singkawang, the Batang draft in Kabupaten Batang, Perbup Belu 25/2020 in Kabupaten Belu,
...). Each district declares, in ``districts/<district>/rule_sets.csv``, for every rule
set of the network which regulation it applies and why (``status``): law in force there,
a draft, a rule it adopted by its own act, the network's default where its own
regulations are silent, or nothing. A service reads its district's choice here and never
assumes one, so a new district is new data, never new code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum
from functools import cache
from pathlib import Path
from types import MappingProxyType

from rujukan.datafiles import DataFileError, data_dir, read_data_rows
from rujukan.directory import SLUG

RULE_SETS_FILE = "rule_sets.csv"
COLUMNS = ("rule_set", "regulation", "status", "source")

NONE = "none"
"""The regulation of a rule set the district applies nothing of."""

ARTICLE = re.compile(r"\b(Pasal|Lampiran)\b")
"""A source cites an article (``SKW Pasal 36-68``, ``KH Lampiran I``)."""


class RuleSet(StrEnum):
    """The rule sets a district chooses a regulation for."""

    REFERRAL_MATRIX = "referral_matrix"
    """Who a referral at each stage may go to (``matrix.csv``)."""
    CASE_HANDLING = "case_handling"
    """The case lifecycle at the intake hub (LT Pasal 7-20)."""
    SCHOOL_PROCEDURE = "school_procedure"
    """Handling violence in schools at the education service (SKW or BTG)."""
    SCHOOLING = "schooling"
    """Keeping a child in school when the education service receives a referral."""
    RETURN_CONSENT = "return_consent"
    """Repatriation and reintegration only with the victim's or witness's consent."""


class Status(StrEnum):
    """Why a district applies (or not) a regulation's rule set."""

    IN_FORCE = "in_force"
    DRAFT = "draft"
    ADOPTED = "adopted"
    NETWORK_DEFAULT = "network_default"
    NOT_ADOPTED = "not_adopted"


@dataclass(frozen=True, slots=True)
class Binding:
    """One rule set of one district: the regulation applied, its status and article."""

    rule_set: RuleSet
    regulation: str
    status: Status
    source: str

    @property
    def applies(self) -> bool:
        """Whether the district's services apply this rule set at all."""
        return self.status is not Status.NOT_ADOPTED

    @property
    def draft(self) -> bool:
        return self.status is Status.DRAFT


@dataclass(frozen=True)
class DistrictRuleSets:
    """Every rule set of a district, each declared once."""

    district: str
    bindings: MappingProxyType[RuleSet, Binding]

    def binding(self, rule_set: RuleSet) -> Binding:
        return self.bindings[rule_set]

    def applied(self, rule_set: RuleSet) -> Binding | None:
        """The binding if the district applies the rule set, else None."""
        binding = self.bindings[rule_set]
        return binding if binding.applies else None

    @property
    def school_procedure(self) -> str | None:
        """``SKW``, ``BTG`` or None: which school-violence procedure binds here."""
        binding = self.applied(RuleSet.SCHOOL_PROCEDURE)
        return binding.regulation if binding is not None else None


@cache
def _load(district: str, root: Path) -> DistrictRuleSets:
    path = root / "districts" / district / RULE_SETS_FILE
    if not SLUG.fullmatch(district) or not path.is_file():
        raise DataFileError.at(path, 0, f"district {district!r} declares no rule sets")
    records, errors = read_data_rows(path, COLUMNS)
    bindings: dict[RuleSet, Binding] = {}
    for number, record in records:
        binding, problems = _parse(record)
        if binding is not None and binding.rule_set in bindings:
            problems.append(f"rule set {binding.rule_set} is declared twice")
        errors.extend(f"{path}:{number}: {problem}" for problem in problems)
        if binding is not None and not problems:
            bindings[binding.rule_set] = binding
    missing = [r.value for r in RuleSet if r not in bindings]
    if missing and not errors:
        errors.append(f"{path}:0: the district must say what it chose for {', '.join(missing)}")
    if errors:
        raise DataFileError(errors, path)
    return DistrictRuleSets(district, MappingProxyType(bindings))


def load_rule_sets(district: str) -> DistrictRuleSets:
    """The rule sets of ``district`` (read once per data folder); raises `DataFileError`
    naming every problem, and for a district that declares none."""
    return _load(district, data_dir())


def check_rule_sets(district: str) -> list[str]:
    """Every problem of a district's ``rule_sets.csv`` (an empty list: valid)."""
    try:
        load_rule_sets(district)
    except DataFileError as exc:
        return exc.errors
    return []


def _parse(record: dict[str, str]) -> tuple[Binding | None, list[str]]:
    """One line; a rule set applied from a regulation must cite its article."""
    problems: list[str] = []
    try:
        rule_set = RuleSet(record["rule_set"])
    except ValueError:
        known = ", ".join(r.value for r in RuleSet)
        return None, [f"unknown rule set {record['rule_set']!r} (expected one of: {known})"]
    try:
        status = Status(record["status"])
    except ValueError:
        known = ", ".join(s.value for s in Status)
        return None, [f"unknown status {record['status']!r} (expected one of: {known})"]
    regulation, source = record["regulation"], record["source"]
    if regulation == NONE and status is not Status.NOT_ADOPTED:
        problems.append("regulation none applies nothing: its status must be not_adopted")
    if status is not Status.NOT_ADOPTED and not ARTICLE.search(source):
        problems.append(f"source {source!r} cites no article (e.g. SKW Pasal 36-68)")
    return Binding(rule_set, regulation, status, source), problems
