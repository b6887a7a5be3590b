"""Every rule is named once, cites its article, and is specified by a test."""

from __future__ import annotations

import re
from pathlib import Path

from services.education.domain import ALL_RULES
from services.education.domain import rules as r

_HERE = Path(__file__).parent
_ARTICLE = re.compile(r"^(SKW|BTG|LT) Pasal \d")


def test_every_rule_has_a_unique_name_and_cites_an_article() -> None:
    names = [rule.name for rule in ALL_RULES]

    assert len(names) == len(set(names))
    for rule in ALL_RULES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.name), rule.name
        assert _ARTICLE.match(rule.article), rule


def test_state_rules_answer_409_and_input_rules_422() -> None:
    assert {rule.status for rule in ALL_RULES} == {409, 422}
    assert r.OBJECTION_DECISION_FINAL.status == 409
    assert r.NO_EXPULSION.status == 422


def test_every_rule_is_specified_by_a_test() -> None:
    specs = "".join(path.read_text(encoding="utf-8") for path in _HERE.glob("test_*.py"))
    constants = {name for name, value in vars(r).items() if value in ALL_RULES}
    untested = sorted(name for name in constants if f"r.{name}" not in specs)

    assert untested == []
