"""Every number and every list a client sends any service is bounded in its OpenAPI
document, so a huge value answers 422 and never reaches the database (SQLite's integers
overflow at 2**63), and no request makes a service walk an endless list."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from rujukan.runtime.service import ServiceDefinition
from services.education import SERVICE as EDUCATION
from services.health import SERVICE as HEALTH
from services.intake import SERVICE as HUB
from services.legal import SERVICE as LEGAL
from services.social import SERVICE as SOCIAL
from tests.support.services import openapi_of

SERVICES: dict[str, ServiceDefinition] = {
    "kh-hub": HUB,
    "kh-rsud": HEALTH,
    "kh-dinsos": SOCIAL,
    "kh-polres": LEGAL,
    "skw-disdik": EDUCATION,
}

CONTRACT_EXCEPTIONS = {"PsychologySession.session_number"}
"""Fields of the versioned event contract (``schemas/``), whose bounds change with its next
version; the request-body limit bounds them meanwhile."""


def unbounded(schema: dict[str, Any], components: dict[str, Any], where: str) -> Iterator[str]:
    """Where ``schema`` lets an integer or an array grow without limit."""
    yield from _walk(schema, components, where, frozenset())


def _walk(
    schema: dict[str, Any], components: dict[str, Any], where: str, seen: frozenset[str]
) -> Iterator[str]:
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        if name not in seen:
            yield from _walk(components[name], components, name, seen | {name})
        return
    kind = schema.get("type")
    if kind == "integer" and "maximum" not in schema and "exclusiveMaximum" not in schema:
        yield where
    if kind == "array":
        items = schema.get("items", {})
        if "maxItems" not in schema and not _set_of_an_enum(schema, items, components):
            yield where
        yield from _walk(items, components, f"{where}[]", seen)
    for key in ("anyOf", "oneOf", "allOf"):
        for option in schema.get(key, []):
            yield from _walk(option, components, where, seen)
    for name, field in schema.get("properties", {}).items():
        yield from _walk(field, components, f"{where}.{name}", seen)


def _set_of_an_enum(
    schema: dict[str, Any], items: dict[str, Any], components: dict[str, Any]
) -> bool:
    """A set of a closed vocabulary holds each value once: its enum bounds it."""
    if "$ref" in items:
        items = components[items["$ref"].rsplit("/", 1)[-1]]
    return bool(schema.get("uniqueItems")) and "enum" in items


@pytest.fixture(scope="module")
def documents(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    found = {}
    for agency_id, definition in SERVICES.items():
        database = Path(tmp_path_factory.mktemp(agency_id)) / "db.sqlite"
        found[agency_id] = openapi_of(definition, agency_id, database)
    return found


@pytest.mark.parametrize("agency_id", SERVICES)
def test_every_number_and_list_a_request_carries_has_an_upper_bound(
    documents: dict[str, dict[str, Any]], agency_id: str
) -> None:
    document = documents[agency_id]
    components = document["components"]["schemas"]
    found: set[str] = set()
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for parameter in operation.get("parameters", []):
                where = f"{method} {path} ?{parameter['name']}"
                found.update(unbounded(parameter["schema"], components, where))
            for media in operation.get("requestBody", {}).get("content", {}).values():
                found.update(unbounded(media["schema"], components, f"{method} {path}"))
    assert found - CONTRACT_EXCEPTIONS == set()


def test_the_checker_finds_an_unbounded_integer_and_list() -> None:
    schema = {
        "type": "object",
        "properties": {
            "offset": {"type": "integer", "minimum": 0},
            "ids": {"type": "array", "items": {"type": "string"}},
            "forms": {"type": "array", "uniqueItems": True, "items": {"enum": ["a", "b"]}},
            "limit": {"type": "integer", "maximum": 10},
        },
    }
    assert set(unbounded(schema, {}, "Body")) == {"Body.offset", "Body.ids"}
