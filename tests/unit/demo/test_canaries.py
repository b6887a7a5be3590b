"""Canaries change the demo's values, never its story."""

from datetime import date

import pytest
from pydantic import TypeAdapter

from ops.demo import canaries, script
from schemas.events import ChildIdentity
from schemas.facts import ServiceFact

TODAY = date(2026, 3, 2)
FACTS: TypeAdapter[object] = TypeAdapter(ServiceFact)


def story(case: script.ScriptedCase) -> list[tuple[str, str, str, list[list[str]]]]:
    return [
        (r.key, r.stage, r.target_id, [[f["kind"] for f in rep["facts"]] for rep in r.reports])
        for r in case.referrals
    ]


@pytest.mark.parametrize("case", script.cases(TODAY), ids=lambda c: c.key)
def test_a_canary_case_tells_the_same_story_with_marked_values(case):
    marked = canaries.with_canaries(case, "Cnry42")
    assert story(marked) == story(case)
    assert marked.complaint["channel"] == case.complaint["channel"]
    child = ChildIdentity.model_validate(marked.complaint["child"])
    for field in canaries.IDENTITY_FIELDS:
        assert getattr(child, field) == f"Cnry42-{case.key}-child.{field}"
    for referral in marked.referrals:
        assert referral.note == f"Cnry42-{case.key}-{referral.key}.note"
        assert referral.answer_note == f"Cnry42-{case.key}-{referral.key}.answer"
        for report in referral.reports:
            for fact in report["facts"]:
                FACTS.validate_python(fact)


def test_every_free_text_fact_of_the_story_carries_a_canary():
    marked = [canaries.with_canaries(c, "Cnry42") for c in script.cases(TODAY)]
    texts = {
        name: value
        for case in marked
        for referral in case.referrals
        for report in referral.reports
        for fact in report["facts"]
        for name, value in fact.items()
        if name in {"arranged_with", "origin", "destination", "coordinated_with"}
    }
    assert set(texts) == {"arranged_with", "origin", "destination", "coordinated_with"}
    assert all(value.startswith("Cnry42-kh-") for value in texts.values())


def test_without_the_variable_the_demo_runs_its_own_values(monkeypatch):
    monkeypatch.delenv(canaries.CANARY_ENV, raising=False)
    cases = script.cases(TODAY)
    assert canaries.from_environment(cases) == cases
    monkeypatch.setenv(canaries.CANARY_ENV, "Cnry43")
    assert canaries.from_environment(cases)[0].complaint["child"]["name"] == "Cnry43-kh-child.name"
