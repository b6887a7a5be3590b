"""Schooling continues: no outcome may amount to expelling the child (LT Pasal 23, SKW 39).

LT Pasal 23(1) guarantees child victims continued education; 23(2) forbids schools to expel
them (*dilarang mengeluarkan*). SKW Pasal 39 guarantees education to every pupil involved,
as victim, witness, reported person or perpetrator. The only outcomes the network knows are
:class:`schemas.facts.SchoolingOutcome`, which deliberately has no "expelled"; a transfer
imposed as a sanction is SKW 56(3), a last resort with its own conditions (56(4)).
"""

from __future__ import annotations

import re

from schemas.facts import SchoolingOutcome
from services.education.domain import rules

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


def refuse_expulsion(outcome: str | SchoolingOutcome) -> SchoolingOutcome:
    """The schooling outcome ``outcome`` names, refusing anything that amounts to expulsion.

    An outcome that amounts to expelling the child (dikeluarkan, dikembalikan ke orang tua,
    expel, drop out imposed by the school, ...) raises
    :class:`~rujukan.errors.RuleViolation` ``no_expulsion`` citing LT Pasal 23(2); any
    other text that is not a :class:`~schemas.facts.SchoolingOutcome` raises
    ``schooling_outcome_known`` (SKW 39(2)).
    """
    if isinstance(outcome, SchoolingOutcome):
        return outcome
    candidate = outcome.strip().lower()
    if candidate in {value.value for value in SchoolingOutcome}:
        return SchoolingOutcome(candidate)
    if amounts_to_expulsion(outcome):
        rules.NO_EXPULSION.refuse(f"{outcome!r} amounts to expelling the child")
    known = ", ".join(value.value for value in SchoolingOutcome)
    raise rules.SCHOOLING_OUTCOME_KNOWN.error(f"{outcome!r} is none of {known}")
