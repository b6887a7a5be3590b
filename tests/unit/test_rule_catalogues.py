"""Every rule of every catalogue is named once in snake_case and specified by a test."""

from __future__ import annotations

import re
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

import rujukan.desk.rules
import rujukan.rules
import rujukan.runtime.notify.rules
import services.education.domain.access
import services.education.domain.rules
import services.health.domain.policy
import services.intake.domain.rules
import services.legal.domain.policy
import services.social.domain.policy
from rujukan.errors import RuleViolation
from rujukan.rules import Kind, Rule, input_rule

CATALOGUES: tuple[ModuleType, ...] = (
    rujukan.rules,
    rujukan.desk.rules,
    rujukan.runtime.notify.rules,
    services.intake.domain.rules,
    services.health.domain.policy,
    services.social.domain.policy,
    services.legal.domain.policy,
    services.education.domain.rules,
    services.education.domain.access,
)
"""The modules that declare rules, each rule a module constant."""

TESTS = Path(__file__).parents[1]


def _is_rule(value: object) -> bool:
    """A rule of the network's model, or of a catalogue still on a model of its own
    with the same fields."""
    return not isinstance(value, type) and all(
        hasattr(value, field) for field in ("name", "article", "says", "status")
    )


def _constants() -> dict[str, tuple[str, Any]]:
    """Every rule constant, ``module.CONSTANT`` → (constant, rule); a constant that
    re-exports a rule of another catalogue counts once, where the rule is declared."""
    found: dict[str, tuple[str, Any]] = {}
    seen: set[int] = set()
    for module in reversed(CATALOGUES):
        for constant, value in vars(module).items():
            if constant.isupper() and _is_rule(value) and id(value) not in seen:
                seen.add(id(value))
                found[f"{module.__name__}.{constant}"] = (constant, value)
    return found


def _specs() -> str:
    here = Path(__file__).resolve()
    return "".join(
        path.read_text(encoding="utf-8")
        for path in TESTS.rglob("test_*.py")
        if path.resolve() != here
    )


def test_every_rule_has_a_snake_case_name_used_once_in_the_network() -> None:
    names = [rule.name for _, rule in _constants().values()]

    assert len(names) > 150
    assert sorted(name for name in set(names) if names.count(name) > 1) == []
    assert [name for name in names if not re.fullmatch(r"[a-z][a-z0-9_]*", name)] == []


def test_every_rule_says_what_it_asks() -> None:
    assert [key for key, (_, rule) in _constants().items() if not rule.says] == []


def test_every_rule_is_cited_by_a_test_by_its_constant_or_its_name() -> None:
    specs = _specs()
    uncited = sorted(
        key
        for key, (constant, rule) in _constants().items()
        if not re.search(rf"\b{constant}\b", specs) and f'"{rule.name}"' not in specs
    )

    assert uncited == []


@pytest.mark.parametrize(
    ("kind", "status"), [(Kind.INPUT, 422), (Kind.STATE, 409), (Kind.FORBIDDEN, 403)]
)
def test_a_rule_refuses_with_the_status_of_its_kind_naming_itself_and_its_article(
    kind: Kind, status: int
) -> None:
    rule = Rule("child_is_under_18", "LT Pasal 1 angka 5", "a child is under 18", kind)

    error = rule.error("child.age: 19")

    assert (error.status, rule.status) == (status, status)
    assert (error.rule, error.article) == ("child_is_under_18", "LT Pasal 1 angka 5")
    assert str(error) == "a child is under 18: child.age: 19"


def test_an_article_that_is_data_overrides_the_rules_own() -> None:
    rule = input_rule("target_in_district_matrix", None, "the matrix lists the target")

    with pytest.raises(RuleViolation) as refused:
        rule.check(False, "kh-kodim", article="KH Lampiran I")

    assert refused.value.article == "KH Lampiran I"
    rule.check(True, "never raised")
