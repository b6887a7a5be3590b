"""Canaries: the demo's cases with a unique marker in every identity field and in every
free-text field that travels sealed, so that a test can look for them everywhere a child's
identity must not be (topics, outboxes, dead letters, logs, other agencies' databases).

``RUJUKAN_DEMO_CANARY=<tag>`` turns them on for ``rujukan demo``; the story stays the
same (same referrals, same reports), only the values change. A canary reads
``<tag>-<case>-<where>``: ``where`` is ``child.<field>`` for the identity, else
``<referral key>.<what>`` for what that referral carries, so a reader can tell who may
hold it. Which fact fields are free text is read from the schema's seal marks, not
listed here.
"""

import os
from dataclasses import replace
from typing import Any

from pydantic import BaseModel, TypeAdapter

from ops.demo.script import Body, ScriptedCase, ScriptedReferral
from schemas.facts import ServiceFact
from schemas.sealing import sealed_properties

CANARY_ENV = "RUJUKAN_DEMO_CANARY"
IDENTITY_FIELDS = ("name", "address", "disability", "guardian_contact")
"""Every text field of ``ChildIdentity`` (the dates and the age are not text)."""

_FACTS: TypeAdapter[Any] = TypeAdapter(ServiceFact)


def with_canaries(case: ScriptedCase, tag: str) -> ScriptedCase:
    """``case`` with a canary in each identity field, each referral's note and answer
    note, and each free-text field of its reports' facts."""
    prefix = f"{tag}-{case.key}"
    child = dict(case.complaint["child"]) | {
        field: f"{prefix}-child.{field}" for field in IDENTITY_FIELDS
    }
    return replace(
        case,
        complaint=case.complaint | {"child": child},
        referrals=tuple(_referral(r, prefix) for r in case.referrals),
    )


def _referral(referral: ScriptedReferral, prefix: str) -> ScriptedReferral:
    where = f"{prefix}-{referral.key}"
    reports = tuple(
        report | {"facts": [_fact(f, f"{where}.r{n}.f{m}") for m, f in enumerate(report["facts"])]}
        for n, report in enumerate(referral.reports)
    )
    return replace(referral, note=f"{where}.note", answer_note=f"{where}.answer", reports=reports)


def _fact(fact: Body, where: str) -> Body:
    model: BaseModel = _FACTS.validate_python(fact)
    sealed = sealed_properties(type(model))
    return fact | {name: f"{where}.{name}" for name in sorted(sealed) if name in fact}


def from_environment(cases: tuple[ScriptedCase, ...]) -> tuple[ScriptedCase, ...]:
    """``cases`` with canaries when ``RUJUKAN_DEMO_CANARY`` names a tag, else as they are."""
    tag = os.environ.get(CANARY_ENV, "").strip()
    return tuple(with_canaries(c, tag) for c in cases) if tag else cases
