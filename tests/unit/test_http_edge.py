"""The HTTP edge every service shares (``rujukan.runtime.http``): one error contract (RFC
9457 problems), documented for every operation, and the hardening middlewares. Proven
on a small app built with the same three calls as ``create_app``."""

import logging
from collections.abc import AsyncIterator
from typing import Annotated, Any

import httpx
import pytest
from fastapi import APIRouter, FastAPI, Query
from pydantic import BaseModel, Field

from rujukan.directory import UnknownAgency
from rujukan.errors import IllegalState, NotFound, RuleViolation, safe_reason
from rujukan.rules import AGENCY_DIRECTORY
from rujukan.runtime import hardening
from rujukan.runtime.api_docs import document_problems
from rujukan.runtime.logs import JsonFormatter, SafeTextFormatter
from rujukan.runtime.problem_handlers import add_problem_handlers
from rujukan.runtime.settings import AgencySettings

CHILD_NAME = "Nama Anak Rahasia"
LIMIT = 2048


class Child(BaseModel):
    name: str = Field(max_length=20)
    age: int = Field(ge=0, le=17)


class Family(BaseModel):
    children: list[Child] = Field(max_length=3)


def _routes() -> APIRouter:
    api = APIRouter()

    @api.get("/items")
    def items(offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0) -> dict[str, int]:
        return {"offset": offset}

    @api.post("/families", responses={404: {"description": "No such family."}})
    def family(body: Family) -> dict[str, int]:
        return {"children": len(body.children)}

    @api.post("/refused")
    def refused() -> None:
        raise RuleViolation("a child is under 18", rule="child_under_18", article="LT Pasal 1")

    @api.post("/conflict")
    def conflict() -> None:
        raise IllegalState("already registered", rule="register_once", article="LT Pasal 11")

    @api.get("/agencies/{agency_id}")
    def agency(agency_id: str) -> None:
        raise UnknownAgency(agency_id)

    @api.put("/items")
    def replace_items() -> None:
        return None

    @api.get("/missing")
    def missing() -> None:
        raise NotFound("no case c-1")

    @api.get("/crash")
    def crash() -> None:
        raise ValueError(f"duplicate key (name)=({CHILD_NAME})")

    return api


def edge_app(**settings: Any) -> FastAPI:
    config = AgencySettings(agency_id="kh-hub", **settings)
    app = FastAPI()
    add_problem_handlers(app)
    app.include_router(_routes())
    document_problems(app)
    hardening.install(app, allowed_hosts=config.allowed_hosts, max_body_bytes=config.max_body_bytes)
    return app


@pytest.fixture
async def client() -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=edge_app(max_body_bytes=LIMIT))
    async with httpx.AsyncClient(transport=transport, base_url="http://127.0.0.1") as http:
        yield http


def is_problem(response: httpx.Response, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"
    body: dict[str, Any] = response.json()
    assert body["status"] == status
    assert body["title"]
    return body


async def test_a_rule_refusal_is_a_problem_naming_its_rule_and_article(
    client: httpx.AsyncClient,
) -> None:
    body = is_problem(await client.post("/refused"), 422)
    assert (body["rule"], body["article"]) == ("child_under_18", "LT Pasal 1")
    assert body["type"] == "urn:rujukan:rule:child_under_18"
    assert body["detail"] == "a child is under 18"
    assert body["instance"] == "/refused"
    conflict = is_problem(await client.post("/conflict"), 409)
    assert conflict["rule"] == "register_once"
    assert is_problem(await client.get("/missing"), 404)["detail"] == "no case c-1"


async def test_an_agency_outside_the_directory_is_refused_naming_the_rule(
    client: httpx.AsyncClient,
) -> None:
    body = is_problem(await client.get("/agencies/kh-nowhere"), 422)
    assert body["rule"] == AGENCY_DIRECTORY.name
    assert "kh-nowhere" in body["detail"]


async def test_a_malformed_body_names_each_field_and_never_echoes_a_value(
    client: httpx.AsyncClient,
) -> None:
    family = {"children": [{"name": CHILD_NAME * 3, "age": 40}]}
    response = await client.post("/families", json=family)
    body = is_problem(response, 422)
    assert body["type"] == "urn:rujukan:problem:validation"
    fields = {(e["field"], e["type"]) for e in body["errors"]}
    assert fields == {("children.0.name", "string_too_long"), ("children.0.age", "less_than_equal")}
    assert body["errors"][0]["loc"][:3] == ["body", "children", 0]
    assert CHILD_NAME not in response.text


async def test_a_list_longer_than_its_bound_is_refused(client: httpx.AsyncClient) -> None:
    family = {"children": [{"name": "a", "age": 1}] * 4}
    body = is_problem(await client.post("/families", json=family), 422)
    assert [e["type"] for e in body["errors"]] == ["too_long"]


async def test_a_huge_or_malformed_number_answers_422_never_500(
    client: httpx.AsyncClient,
) -> None:
    for offset in ("8285" + "9" * 40, "-1", "1e3", "x"):
        body = is_problem(await client.get("/items", params={"offset": offset}), 422)
        assert body["errors"][0]["loc"] == ["query", "offset"]


async def test_unreadable_bodies_and_unknown_paths_are_problems(
    client: httpx.AsyncClient,
) -> None:
    headers = {"content-type": "application/json"}
    broken = await client.post("/families", content=b'{"children": [', headers=headers)
    assert is_problem(broken, 422)["errors"][0]["type"] == "json_invalid"
    not_utf8 = await client.post("/families", content=b"\xff\xfe", headers=headers)
    assert not_utf8.status_code in (400, 422)
    is_problem(not_utf8, not_utf8.status_code)
    is_problem(await client.get("/nowhere"), 404)
    wrong_method = await client.delete("/items")
    is_problem(wrong_method, 405)
    assert wrong_method.headers["allow"] == "GET, PUT"  # both routes of the path


async def test_an_unexpected_failure_is_a_bare_500_logged_by_type_with_its_stack(
    client: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="rujukan.runtime.hardening"):
        response = await client.get("/crash")
    body = is_problem(response, 500)
    assert set(body) == {"type", "title", "status", "instance"}
    assert CHILD_NAME not in response.text
    (record,) = caplog.records
    for formatter in (JsonFormatter(), SafeTextFormatter()):
        line = formatter.format(record)
        assert "ValueError" in line
        assert ", in crash" in line  # the stack, for operators
        assert CHILD_NAME not in line


def test_a_dead_letter_reason_names_the_type_and_rule_never_the_message() -> None:
    violation = RuleViolation(f"no party {CHILD_NAME}", rule="party-known", article="SKW 33")
    assert safe_reason(violation) == "RuleViolation: rule party-known, SKW 33"
    assert safe_reason(ValueError(CHILD_NAME)) == "ValueError"


async def test_every_response_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    for response in (
        await client.get("/items"),
        await client.get("/missing"),
        await client.get("/crash"),
        await client.get("/openapi.json"),
    ):
        headers = response.headers
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "no-referrer"
        assert headers["x-frame-options"] == "DENY"
        assert "frame-ancestors 'none'" in headers["content-security-policy"]
        assert headers["cache-control"] == "no-store"
        assert "strict-transport-security" not in headers
    docs = await client.get("/docs")
    assert "https://cdn.jsdelivr.net" in docs.headers["content-security-policy"]


async def test_over_tls_responses_carry_hsts() -> None:
    transport = httpx.ASGITransport(app=edge_app())
    async with httpx.AsyncClient(transport=transport, base_url="https://localhost") as http:
        response = await http.get("/items")
    assert response.headers["strict-transport-security"].startswith("max-age=")


async def test_a_request_for_another_host_answers_a_400_problem(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/items", headers={"host": "evil.example"})
    is_problem(response, 400)
    assert response.headers["x-frame-options"] == "DENY"
    assert (await client.get("/items", headers={"host": "localhost:8100"})).status_code == 200
    assert (await client.get("/items", headers={"host": "[::1]:8100"})).status_code == 200


async def test_a_body_over_the_limit_answers_413_declared_or_streamed(
    client: httpx.AsyncClient,
) -> None:
    big = b'{"children": []' + b" " * LIMIT + b"}"
    headers = {"content-type": "application/json"}
    is_problem(await client.post("/families", content=big, headers=headers), 413)

    async def chunks() -> AsyncIterator[bytes]:
        for _ in range(4):
            yield b" " * (LIMIT // 2)

    streamed = await client.post("/families", content=chunks(), headers=headers)
    is_problem(streamed, 413)


def test_every_operation_documents_every_error_status_as_a_problem() -> None:
    openapi = edge_app().openapi()
    for path, item in openapi["paths"].items():
        for method, operation in item.items():
            statuses = set(operation["responses"])
            assert {"400", "401", "403", "404", "409", "422", "500"} <= statuses, (method, path)
            if "requestBody" in operation:
                assert "413" in statuses, (method, path)
            for status in statuses - {"200", "201", "204"}:
                content = operation["responses"][status]["content"]
                assert content == {
                    "application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}
                }, (method, path, status)
    schemas = openapi["components"]["schemas"]
    assert "HTTPValidationError" not in schemas
    assert "FieldProblem" in schemas
    family = openapi["paths"]["/families"]["post"]["responses"]["404"]
    assert family["description"] == "No such family."


def test_cookies_are_secure_unless_served_on_loopback() -> None:
    assert not AgencySettings(agency_id="kh-hub").companion_cookie_secure
    assert AgencySettings(agency_id="kh-hub", http_host="0.0.0.0").companion_cookie_secure
    explicit = AgencySettings(agency_id="kh-hub", http_host="::1", companion_cookie_secure=True)
    assert explicit.companion_cookie_secure


def test_allowed_hosts_come_comma_separated_from_the_environment(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("RUJUKAN_ALLOWED_HOSTS", "hub.example, *.rujukan.example")
    settings = AgencySettings(agency_id="kh-hub")
    assert settings.allowed_hosts == ["hub.example", "*.rujukan.example"]
    assert AgencySettings(agency_id="x").max_body_bytes == 1_048_576


@pytest.fixture(autouse=True)
def _no_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("RUJUKAN_ALLOWED_HOSTS", "RUJUKAN_HTTP_HOST", "RUJUKAN_COMPANION_COOKIE_SECURE"):
        monkeypatch.delenv(name, raising=False)
