"""Specification of the rule catalogue and the phase moves (LT Pasal 7(1), 19)."""

from __future__ import annotations

from typing import get_args, get_type_hints

from rujukan.rules import Kind
from services.intake.domain import PHASE_MOVES, CasePhase, Command, Rule, may_move, rules
from services.intake.domain.decide import DECISIONS
from services.intake.domain.phases import LOOPS_BACK, RANK

ALL_RULES = [value for value in vars(rules).values() if isinstance(value, Rule)]


def test_every_rule_has_a_unique_snake_case_name() -> None:
    names = [rule.name for rule in ALL_RULES]
    assert len(names) == len(set(names))
    assert all(name.replace("_", "").isalnum() and name.islower() for name in names)


def test_rules_from_the_regulation_cite_an_article_of_a_district_regulation() -> None:
    """Luwu Timur's lifecycle, Kapuas Hulu's matrix, Batang's school referrals and
    Belu's consent to return (BLU Pasal 1 angka 8) where a district adopts it."""
    cited = [rule for rule in ALL_RULES if rule.article is not None]
    assert len(cited) >= 30
    regulations = ("LT Pasal", "KH ", "BLU Pasal")
    assert all(rule.article.startswith(regulations) for rule in cited)  # type: ignore[union-attr]


def test_state_rules_are_409_and_input_rules_are_422() -> None:
    for rule in ALL_RULES:
        assert rule.error("x").status == (409 if rule.kind is Kind.STATE else 422)
        assert rule.error("x").rule == rule.name


def test_the_only_backward_phase_moves_are_the_evaluation_loops_of_pasal_19() -> None:
    backward = {(old, new) for old, new in PHASE_MOVES if RANK[new] < RANK[old]}
    assert backward == LOOPS_BACK
    assert all(
        old in {CasePhase.CASE_CONFERENCE_NEEDED, CasePhase.REASSESSMENT_NEEDED}
        for old, _ in backward
    )


def test_nothing_leaves_terminated() -> None:
    assert not any(old is CasePhase.TERMINATED for old, _ in PHASE_MOVES)
    assert may_move(CasePhase.TERMINATED, CasePhase.TERMINATED)
    assert not may_move(CasePhase.TERMINATED, CasePhase.REGISTERED)


def test_a_complaint_not_yet_registered_cannot_be_terminated() -> None:
    assert not may_move(CasePhase.COMPLAINT_RECEIVED, CasePhase.TERMINATED)


def test_every_command_has_exactly_one_decision() -> None:
    decided = [get_type_hints(decision)["command"] for decision in DECISIONS]

    assert sorted(decided, key=str) == sorted(get_args(Command), key=str)
