"""The hub's HTTP API is documented in OpenAPI: every route, typed answers, refusals."""

from pathlib import Path
from typing import Any

import pytest

from services.intake import SERVICE
from tests.support.services import openapi_of

ROUTES = {
    ("post", "/complaints"),
    ("post", "/cases/{case_id}/emergency"),
    ("post", "/cases/{case_id}/registration"),
    ("post", "/cases/{case_id}/companion"),
    ("post", "/cases/{case_id}/companion/reassignment"),
    ("post", "/cases/{case_id}/initial-contact"),
    ("post", "/cases/{case_id}/service-contract"),
    ("post", "/cases/{case_id}/assessment"),
    ("post", "/cases/{case_id}/plan"),
    ("post", "/cases/{case_id}/referrals"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/reroute"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/cancel"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/offline-answer"),
    ("post", "/cases/{case_id}/referrals/{referral_id}/offline-report"),
    ("post", "/cases/{case_id}/evaluation"),
    ("post", "/cases/{case_id}/termination"),
    ("get", "/cases"),
    ("get", "/cases/{case_id}"),
    ("get", "/cases/{case_id}/identity"),
    ("get", "/cases/{case_id}/monitoring"),
    ("get", "/cases/{case_id}/referrals/{referral_id}/chain"),
    ("get", "/matrix/{district}/stages"),
    ("get", "/matrix/{district}/targets"),
    ("get", "/refused-inbound"),
}

COMPANION_APP = {
    ("post", "/companion/api/login"),
    ("post", "/companion/api/logout"),
    ("get", "/companion/api/me"),
    ("get", "/companion/api/cases"),
    ("get", "/companion/api/cases/{case_id}"),
    ("post", "/companion/api/cases/{case_id}/outcomes/{outcome_id}/acknowledgement"),
    ("post", "/companion/api/cases/{case_id}/referrals/{referral_id}/offline-answer"),
    ("post", "/companion/api/cases/{case_id}/referrals/{referral_id}/offline-report"),
}


@pytest.fixture
def openapi(tmp_path: Path) -> dict[str, Any]:
    return openapi_of(SERVICE, "kh-hub", tmp_path / "hub.db")


def test_every_route_of_the_hub_is_documented(openapi: dict[str, Any]) -> None:
    documented = {(m, p) for p, methods in openapi["paths"].items() for m in methods}
    assert documented >= ROUTES


def test_the_companion_apps_json_api_is_documented_and_its_pages_are_not(
    openapi: dict[str, Any],
) -> None:
    documented = {(m, p) for p, methods in openapi["paths"].items() for m in methods}
    assert documented >= COMPANION_APP
    assert {p for _, p in documented if p.startswith("/companion/")} == {
        p for _, p in COMPANION_APP
    }
    case = openapi["paths"]["/companion/api/cases/{case_id}"]["get"]["responses"]
    assert case["200"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/CaseDetail"
    }
    assert {"401", "404"} <= set(case)


def test_answers_are_typed_and_refusals_are_problems_naming_rule_and_article(
    openapi: dict[str, Any],
) -> None:
    plan = openapi["paths"]["/cases/{case_id}/plan"]["post"]
    ok = plan["responses"]["200"]["content"]["application/json"]["schema"]
    assert ok == {"$ref": "#/components/schemas/CaseView"}
    refused = plan["responses"]["409"]["content"]["application/problem+json"]["schema"]
    assert refused == {"$ref": "#/components/schemas/Problem"}
    assert {"type", "title", "status", "detail", "instance", "rule", "article", "errors"} == set(
        openapi["components"]["schemas"]["Problem"]["properties"]
    )


def test_request_fields_carry_their_article(openapi: dict[str, Any]) -> None:
    complaint = openapi["components"]["schemas"]["ComplaintRequest"]["properties"]
    assert "LT Pasal 9(2)" in complaint["request_letter_ref"]["description"]
    companion = openapi["components"]["schemas"]["CompanionRequest"]["properties"]
    assert "LT Pasal 7(4)" in companion["assignment_letter_ref"]["description"]
