"""Every rule is named once and cites its article (``tests/unit/test_rule_catalogues.py``
checks that a test specifies each)."""

from __future__ import annotations

import re

from services.education.domain import ALL_RULES
from services.education.domain import rules as r

_ARTICLE = re.compile(r"^(SKW|BTG|LT) Pasal \d")


def test_every_rule_has_a_unique_name_and_cites_an_article() -> None:
    names = [rule.name for rule in ALL_RULES]

    assert len(names) == len(set(names))
    for rule in ALL_RULES:
        assert re.fullmatch(r"[a-z][a-z0-9_]*", rule.name), rule.name
        assert rule.article is not None, rule  # every school rule cites its article
        assert _ARTICLE.match(rule.article), rule


def test_state_rules_answer_409_and_input_rules_422() -> None:
    assert {rule.status for rule in ALL_RULES} == {409, 422}
    assert r.OBJECTION_DECISION_FINAL.status == 409
    assert r.NO_EXPULSION.status == 422
