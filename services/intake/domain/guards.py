"""Checks shared by the decision functions: an open case, the phase, the matrix, the
schemas' own validation."""

from __future__ import annotations

from collections.abc import Collection, Iterator
from contextlib import contextmanager

from pydantic import ValidationError

from rujukan.matrix import MatrixRow, TargetNotInMatrix, UnknownStage, check_referral_target
from schemas.referral_status import IllegalTransition, ReferralStatus, Role, transition
from services.intake.domain.model import Case, Referral
from services.intake.domain.network import Network
from services.intake.domain.phases import CasePhase
from services.intake.domain.rules import (
    CASE_STARTS_WITH_COMPLAINT,
    DISTRICT_MATRIX,
    KNOWN_REFERRAL,
    NOTHING_AFTER_TERMINATION,
    REFERRAL_STATE_MACHINE,
    TARGET_IN_DISTRICT_MATRIX,
    VALID_FIELDS,
    Rule,
)


def not_terminated(case: Case | None) -> None:
    """Nothing is accepted once a case ended (LT Pasal 20(1): termination ends the
    handling)."""
    if case is not None:
        NOTHING_AFTER_TERMINATION.check(
            not case.terminated,
            f"case {case.case_id} was terminated ({case.phase}); nothing more is accepted",
        )


def open_case(case: Case | None, rule: Rule = CASE_STARTS_WITH_COMPLAINT) -> Case:
    """The case, which must exist (a complaint opened it) and not be terminated."""
    if case is None:
        rule.refuse("no complaint has opened this case yet (LT Pasal 8a, 9)")
    not_terminated(case)
    return case


def in_phase(case: Case, phases: Collection[CasePhase], rule: Rule, doing: str) -> None:
    """Refuse under ``rule`` unless the case is in one of ``phases``."""
    allowed = ", ".join(phase.value for phase in phases)
    rule.check(
        case.phase in phases,
        f"cannot {doing} while case {case.case_id} is in phase {case.phase}; allowed in: {allowed}",
    )


def same_district(case: Case, network: Network) -> None:
    """The matrix passed in must be the one of the case's district."""
    DISTRICT_MATRIX.check(
        case.district == network.district,
        f"case {case.case_id} is in {case.district}, the matrix given is {network.district}'s",
    )


def matrix_row(network: Network, stage: str, target_id: str) -> MatrixRow:
    """The district matrix row listing ``target_id`` for ``stage`` (KH Lampiran I,
    LT Pasal 17(2)); refused citing the row's source otherwise."""
    try:
        return check_referral_target(network.matrix, network.directory, stage, target_id)
    except TargetNotInMatrix as exc:
        TARGET_IN_DISTRICT_MATRIX.refuse(str(exc), article=exc.source)
    except UnknownStage as exc:
        sources = ", ".join(dict.fromkeys(row.source for row in network.matrix.rows))
        TARGET_IN_DISTRICT_MATRIX.refuse(str(exc), article=sources)


def known_referral(case: Case, referral_id: str) -> Referral:
    """The referral of this case with this id; refused naming the id otherwise."""
    referral = case.referrals.get(referral_id)
    if referral is None:
        KNOWN_REFERRAL.refuse(f"case {case.case_id} has no referral {referral_id!r}")
    return referral


def move(referral: Referral, new: ReferralStatus, role: Role) -> ReferralStatus:
    """One move of the network's referral state machine, by ``role``; 409 otherwise."""
    try:
        return transition(referral.status, new, role)
    except IllegalTransition as exc:
        REFERRAL_STATE_MACHINE.refuse(f"referral {referral.referral_id}: {exc}")


def text(value: str | None) -> str | None:
    """A text stripped of surrounding spaces, or None when nothing is left."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def required_text(value: str | None, rule: Rule, detail: str) -> str:
    """The stripped text, refused under ``rule`` when missing or blank."""
    stripped = text(value)
    if stripped is None:
        rule.refuse(detail)
    return stripped


@contextmanager
def valid_fields() -> Iterator[None]:
    """Turn the schemas' own validation errors into a 422 naming the fields."""
    try:
        yield
    except ValidationError as exc:
        problems = "; ".join(
            f"{'.'.join(str(part) for part in error['loc']) or exc.title}: {error['msg']}"
            for error in exc.errors()
        )
        VALID_FIELDS.refuse(f"{exc.title}: {problems}")
