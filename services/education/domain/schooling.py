"""Schooling continues, under the regulation that binds the district (rule set
``schooling``): LT Pasal 23 in Luwu Timur, SKW Pasal 39 in Singkawang, BTG Pasal 18(2)f
in Batang.

LT Pasal 23(1) guarantees child victims continued education; 23(2) forbids schools to expel
them (*dilarang mengeluarkan*). SKW Pasal 39 guarantees education to every pupil involved,
as victim, witness, reported person or perpetrator, and BTG Pasal 18(2)f the pupil's right to
stay in education; neither says a word about expulsion, so only where LT Pasal 23 binds is
an outcome refused *as* an expulsion. The only outcomes the network knows are
:class:`schemas.facts.SchoolingOutcome`, which deliberately has no "expelled"; a transfer
imposed as a sanction is SKW 56(3), a last resort with its own conditions (56(4)). Each
regulation's articles are the service's data (``data/schooling_rules.csv``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rujukan.datafiles import DataFileError, read_rows
from rujukan.rule_sets import Binding
from schemas.facts import SchoolingOutcome
from services.education.domain import rules
from services.education.domain.deadline_rules import education_data_path

SCHOOLING_RULES_FILE = "schooling_rules.csv"
COLUMNS = ("regulation", "continued_schooling", "no_expulsion")


@dataclass(frozen=True, slots=True)
class SchoolingRules:
    """One regulation's schooling rules: the article guaranteeing continued education,
    and the article forbidding expulsion where it has one."""

    regulation: str
    continued_schooling: str
    no_expulsion: str | None


@cache
def _load(path: Path) -> dict[str, SchoolingRules]:
    found: dict[str, SchoolingRules] = {}
    for number, row in read_rows(path, COLUMNS):
        if not row["continued_schooling"]:
            raise DataFileError.at(path, number, "continued_schooling cites no article")
        found[row["regulation"]] = SchoolingRules(
            row["regulation"], row["continued_schooling"], row["no_expulsion"] or None
        )
    return found


def schooling_rules(binding: Binding | None) -> SchoolingRules | None:
    """The schooling rules of the district's binding (None where none binds: Kapuas Hulu,
    Belu); a regulation the data does not list is a data error, never silence."""
    if binding is None:
        return None
    path = education_data_path(SCHOOLING_RULES_FILE)
    known = _load(path)
    if binding.regulation not in known:
        raise DataFileError.at(path, 0, f"no schooling rules of {binding.regulation!r}")
    return known[binding.regulation]


_EXPULSION = re.compile(
    "|".join(
        (
            r"\b(?:di|ter)?keluarkan(?:nya)?\b",  # dikeluarkan, keluarkan
            r"\bmengeluarkan(?:nya)?\b",
            r"\bpengeluaran (?:siswa|murid|peserta didik|anak)\b",
            r"\bdikembalikan (?:ke|kepada) orang ?tua\b",  # returned to the parents
            r"\b(?:diberhentikan|pemberhentian) (?:sebagai |dari )?"
            r"(?:siswa|murid|peserta didik|sekolah)\b",
            r"\bdi ?do\b",  # di-DO
            r"\bdrop ?out\b",
            r"\bdropped out\b",
            r"\bputus sekolah\b",
            r"\bexpel(?:s|led|ling)?\b",
            r"\bexpulsion\b",
            r"\bkicked out\b",
            r"\bexcluded permanently\b",
            r"\bpermanent(?:ly)? exclu(?:ded|sion)\b",
            r"\bremoved from (?:the )?school\b",
        )
    )
)


def amounts_to_expulsion(text: str) -> bool:
    """Whether a free-text outcome (Indonesian or English) describes an expulsion."""
    normalised = re.sub(r"[^a-z]+", " ", text.lower()).strip()
    return bool(_EXPULSION.search(normalised))


def schooling_outcome(
    outcome: str | SchoolingOutcome, binding: SchoolingRules | None
) -> SchoolingOutcome:
    """The schooling outcome ``outcome`` names under the district's schooling rules.

    Where the binding regulation forbids expulsion (LT Pasal 23(2)), an outcome that
    amounts to expelling the child (dikeluarkan, dikembalikan ke orang tua, expel, drop
    out imposed by the school, ...) raises :class:`~rujukan.errors.RuleViolation`
    ``no_expulsion`` citing that article; any other text that is not a
    :class:`~schemas.facts.SchoolingOutcome` raises ``schooling_outcome_known``, citing
    the district's article on continued schooling where one binds.
    """
    if isinstance(outcome, SchoolingOutcome):
        return outcome
    candidate = outcome.strip().lower()
    if candidate in {value.value for value in SchoolingOutcome}:
        return SchoolingOutcome(candidate)
    forbidding = binding.no_expulsion if binding is not None else None
    if forbidding is not None and amounts_to_expulsion(outcome):
        rules.NO_EXPULSION.refuse(f"{outcome!r} amounts to expelling the child", article=forbidding)
    known = ", ".join(value.value for value in SchoolingOutcome)
    cited = binding.continued_schooling if binding is not None else None
    raise rules.SCHOOLING_OUTCOME_KNOWN.error(f"{outcome!r} is none of {known}", article=cited)
