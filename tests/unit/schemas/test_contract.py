"""The public contract: documented, snapshotted, evolvable, and usable alone."""

import pytest

from schemas.base import parse_type
from schemas.catalog import all_event_types
from schemas.compat import breaking_changes
from schemas.snapshot import json_schema, read_snapshot

EVENT_TYPES = sorted(all_event_types())


@pytest.mark.parametrize("wire_type", EVENT_TYPES)
def test_every_event_type_has_a_description_and_a_valid_example(wire_type):
    cls = all_event_types()[wire_type]
    schema = cls.model_json_schema()
    assert schema.get("description"), f"{cls.__name__} needs a docstring"
    examples = schema.get("examples")
    assert examples, f"{cls.__name__} needs an example"
    for example in examples:
        cls.model_validate(example)


@pytest.mark.parametrize("wire_type", EVENT_TYPES)
def test_event_type_names_follow_reverse_domain_entity_verb_version(wire_type):
    entity, verb, version = parse_type(wire_type)
    assert wire_type == f"id.rujukan.{entity}.{verb}.v{version}"


@pytest.mark.parametrize("wire_type", EVENT_TYPES)
def test_the_schema_is_compatible_with_its_checked_in_snapshot(wire_type):
    snapshot = read_snapshot(wire_type)
    assert snapshot is not None, f"no snapshot for {wire_type}: run `rujukan schemas snapshot`"
    problems = breaking_changes(snapshot, json_schema(wire_type))
    assert problems == [], f"{wire_type} changed incompatibly within its version: {problems}"


def _object(properties, required=(), defs=None):
    schema = {"type": "object", "properties": properties, "required": list(required)}
    if defs:
        schema["$defs"] = defs
    return schema


def test_adding_an_optional_field_is_compatible():
    old = _object({"a": {"type": "string"}}, ["a"])
    new = _object({"a": {"type": "string"}, "b": {"type": "integer"}}, ["a"])
    assert breaking_changes(old, new) == []


STRING_A = _object({"a": {"type": "string"}}, ["a"])
ENUM_XY = _object(
    {"a": {"$ref": "#/$defs/E"}}, ["a"], {"E": {"type": "string", "enum": ["x", "y"]}}
)


@pytest.mark.parametrize(
    ("old", "new", "problem"),
    [
        (
            STRING_A,
            _object({"a": {"type": "string"}, "b": {"type": "string"}}, ["a", "b"]),
            "b: now required",
        ),
        (STRING_A, _object({}, []), "a: property removed"),
        (STRING_A, _object({"a": {"type": "integer"}}, ["a"]), "type changed"),
        (
            ENUM_XY,
            _object({"a": {"$ref": "#/$defs/E"}}, ["a"], {"E": {"type": "string", "enum": ["x"]}}),
            "value 'y' removed",
        ),
        (
            ENUM_XY,
            _object(
                {"a": {"$ref": "#/$defs/E"}},
                ["a"],
                {"E": {"type": "string", "enum": ["x", "y", "z"]}},
            ),
            "value 'z' added",
        ),
    ],
)
def test_incompatible_changes_are_detected(old, new, problem):
    problems = breaking_changes(old, new)
    assert any(problem in p for p in problems), problems
