"""The desk's forms → the JSON API's request models, so a form is validated by exactly
the same models and rules as the API (``rujukan.desk.routes``, ``rujukan.desk.rules``).

The report form offers one set of fields per fact kind that fits the referral's service
(``schemas.facts.FACTS_BY_SERVICE``); its inputs are derived from the fact's model (a
date, a number, one of a closed list, or short text), so a new fact kind appears on the
form without a template change. ``referred_on`` is made by the onward form only.
"""

from __future__ import annotations

import enum
import types
import typing
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from rujukan.desk.routes import CapacityBody, DeclineBody, HoldBody, OnwardBody
from rujukan.desk.rules import ReportDraft
from rujukan.runtime.web.i18n import Translator
from rujukan.runtime.web.pages import field_errors, first_part, given
from schemas.facts import ServiceFact, fact_fits_service
from schemas.vocabulary import ServiceType

Input = Literal["date", "number", "select", "text"]
ONWARD_ONLY = frozenset({"referred_on"})
NOTE_KIND = "service_note"
"""The free note of the report form is a service_note fact (its own field, not a set)."""


@dataclass(frozen=True)
class FactField:
    name: str
    input: Input
    required: bool
    options: tuple[str, ...] = ()


@dataclass(frozen=True)
class FactForm:
    kind: str
    fields: tuple[FactField, ...]


def _fact_classes() -> tuple[type[BaseModel], ...]:
    union = typing.get_args(ServiceFact)[0]
    return tuple(typing.get_args(union))


def _input(annotation: Any) -> tuple[Input, tuple[str, ...]]:
    kinds = [a for a in typing.get_args(annotation) if a is not types.NoneType] or [annotation]
    found = typing.get_origin(kinds[0]) is typing.Annotated and typing.get_args(kinds[0])[0]
    kind = found or kinds[0]
    if isinstance(kind, type) and issubclass(kind, enum.Enum):
        return "select", tuple(str(member.value) for member in kind)
    if kind is date:
        return "date", ()
    if kind is int:
        return "number", ()
    return "text", ()


def _typed(annotation: Any, required: bool) -> tuple[Input, bool, tuple[str, ...]]:
    kind, options = _input(annotation)
    return kind, required, options


@cache
def all_fact_forms() -> tuple[FactForm, ...]:
    forms = []
    for cls in _fact_classes():
        kind = str(cls.model_fields["kind"].default)
        fields = tuple(
            FactField(name, *_typed(info.annotation, info.is_required()))
            for name, info in cls.model_fields.items()
            if name != "kind"
        )
        forms.append(FactForm(kind, fields))
    return tuple(forms)


def fact_forms(service: ServiceType) -> list[FactForm]:
    """The fact sets the report form offers for a referral of ``service``."""
    return [
        form
        for form in all_fact_forms()
        if fact_fits_service(form.kind, service) and form.kind not in ONWARD_ONLY | {NOTE_KIND}
    ]


# --- form fields → request models --------------------------------------------------------


Fields = Mapping[str, str]


def report_draft(fields: Fields, kinds: Sequence[str]) -> ReportDraft:
    """The report a form describes: its status, whether final, the reason when not
    delivered, a document reference, the ticked fact sets and the note."""
    data: dict[str, Any] = given(fields, "status", "not_delivered_reason", "document_ref")
    data["final"] = fields.get("final") == "on"
    forms = {form.kind: form for form in all_fact_forms()}
    facts: list[dict[str, str]] = []
    for kind in dict.fromkeys(kinds):
        form = forms.get(kind)
        names = [f"{kind}.{field.name}" for field in form.fields] if form else []
        values = given(fields, *names)
        facts.append({"kind": kind, **{k.split(".", 1)[1]: v for k, v in values.items()}})
    note = fields.get("note", "").strip()
    if note:
        facts.append({"kind": NOTE_KIND, "summary": note})
    data["facts"] = facts
    return ReportDraft.model_validate(data)


def decline_body(fields: Fields) -> DeclineBody:
    return DeclineBody.model_validate(given(fields, "reason", "detail"))


def hold_body(fields: Fields) -> HoldBody:
    return HoldBody.model_validate(given(fields, "reason"))


def onward_body(fields: Fields) -> OnwardBody:
    data: dict[str, Any] = given(fields, "target_id", "note", "outcome_due_on")
    data["final"] = fields.get("final") == "on"
    return OnwardBody.model_validate(data)


def capacity_body(fields: Fields) -> CapacityBody:
    return CapacityBody.model_validate(given(fields, "service", "available", "capacity"))


def errors(exc: ValidationError, t: Translator, kinds: Sequence[str] = ()) -> list[str]:
    """One translated line per invalid field (`field_errors`); a fact's field is named
    with its set ("Visum · Issued on: required"), a name already in words."""
    facts = [*dict.fromkeys(kinds)]

    def name_of(location: list[str]) -> str:
        if location[:1] == ["facts"] and len(location) >= 2 and location[1].isdigit():
            index = int(location[1])
            kind = facts[index] if index < len(facts) else NOTE_KIND
            field = next((p for p in location[2:] if p != kind), "")
            return t(f"fact.{kind}") + (f" · {_field(t, field)}" if field else "")
        return first_part(location)

    return field_errors(exc, t, name_of)


def _field(t: Translator, name: str) -> str:
    return t(f"field.{name}") if t.has(f"field.{name}") else name
