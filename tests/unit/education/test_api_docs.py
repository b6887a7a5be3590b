"""The education service's HTTP API is documented in OpenAPI: the desk, continued
schooling, and every step of the handling of violence in schools with its refusals."""

from typing import Any

import pytest

from services.education import SERVICE
from services.education.routes import STEPS
from tests.support.services import openapi_of


@pytest.fixture(scope="module")
def openapi(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    return openapi_of(SERVICE, "skw-disdik", tmp_path_factory.mktemp("education") / "edu.db")


def test_the_desk_and_continued_schooling_are_served(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    assert {"/referrals", "/referrals/{referral_id}/reports", "/capacity"} <= set(paths)
    assert "post" in paths["/referrals/{referral_id}/schooling"]


def test_every_step_of_skw_36_to_65_takes_the_domain_command_as_its_body(
    openapi: dict[str, Any],
) -> None:
    for path, command, _summary in STEPS:
        operation = openapi["paths"][f"/school-reports/{{reference}}/{path}"]["post"]
        body = operation["requestBody"]["content"]["application/json"]["schema"]
        assert body["$ref"].endswith(f"/{command.__name__}"), path
        assert {"404", "409", "422"} <= set(operation["responses"]), path


def test_reports_findings_process_and_deadlines_are_served(openapi: dict[str, Any]) -> None:
    paths = openapi["paths"]
    for route in (
        "/school-reports",
        "/school-reports/findings",
        "/school-reports/{reference}/process",
        "/school-reports/{reference}/referrals",
        "/school-referrals/{referral_id}/plan",
        "/school-deadlines",
    ):
        assert route in paths, route
