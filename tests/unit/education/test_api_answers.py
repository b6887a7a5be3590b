"""What the education service answers matches its OpenAPI document, formats included:
every time carries its offset (``date-time`` is RFC 3339), though SQLite hands the
stored UTC times back without one."""

from collections.abc import Iterator
from datetime import datetime
from typing import Any

import httpx
import jsonschema
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from services.education.views import NoticeView
from tests.unit.education.apps import education_app

FORMATS = jsonschema.FormatChecker()


@FORMATS.checks("date-time", raises=ValueError)
def _rfc3339(value: object) -> bool:
    """RFC 3339 requires the offset that ``datetime.isoformat`` leaves out of a naive time."""
    return not isinstance(value, str) or datetime.fromisoformat(value).tzinfo is not None


FINDING: dict[str, Any] = {
    "request_letter_ref": "v\u008eZ\u00f5\u00df[\u00da\u00ed\u00847",
    "schools": ["D", "vg7WJ0", "dxN", "4IrQ"],
    "impacts": ["fairly_serious_injury", "severe_physical_injury", "psychological_harm"],
}
"""Two schools and an injury: the Satgas handles it (SKW 38(1)b); in Batang the police
report and the notice to the Dinas leave at once (BTG 18(2)i–j)."""


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """Batang's education service: the BTG draft's duties."""
    yield from education_app(tmp_path_factory, "btg-disdik")


@pytest.fixture(scope="module")
def skw_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[FastAPI]:
    """Singkawang's education service: SKW's steps."""
    yield from education_app(tmp_path_factory, "skw-disdik")


def client_for(app: FastAPI, role: str) -> TestClient:
    accounts = app.state.runtime.accounts
    accounts.add(f"{role}-answers", f"{role}-answers", (role,))
    token = accounts.issue_token(f"{role}-answers")
    return TestClient(
        app, base_url="http://127.0.0.1", headers={"Authorization": f"Bearer {token}"}
    )


@pytest.fixture(scope="module")
def dinas(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, "dinas") as client:
        yield client


@pytest.fixture(scope="module")
def satgas(app: FastAPI) -> Iterator[TestClient]:
    with client_for(app, "satgas") as client:
        yield client


def violations(app: FastAPI, method: str, route: str, answer: httpx.Response) -> list[str]:
    """Where ``answer`` breaks the schema ``route`` documents for its status."""
    document = app.openapi()
    documented = document["paths"][route][method]["responses"][str(answer.status_code)]
    schema = {
        **documented["content"]["application/json"]["schema"],
        "components": document["components"],
    }
    validator = jsonschema.Draft202012Validator(schema, format_checker=FORMATS)
    return [
        f"{'/'.join(map(str, error.absolute_path))}: {error.message}"
        for top in validator.iter_errors(answer.json())
        for error in (top.context or [top])
    ]


def test_a_finding_answers_its_referrals_and_notices_as_documented(
    app: FastAPI, dinas: TestClient
) -> None:
    answer = dinas.post("/school-reports/findings", json=FINDING)
    assert answer.status_code == 201, answer.text
    assert answer.json()["referrals"]
    assert answer.json()["notices"]
    assert violations(app, "post", "/school-reports/findings", answer) == []


def test_a_report_answers_as_documented(app: FastAPI, dinas: TestClient) -> None:
    answer = dinas.post("/school-reports", json={**FINDING, "channel": "letter"})
    assert answer.status_code == 201, answer.text
    assert violations(app, "post", "/school-reports", answer) == []


def test_the_detail_of_a_report_and_a_step_answer_as_documented(skw_app: FastAPI) -> None:
    app = skw_app
    with client_for(app, "dinas") as dinas, client_for(app, "satgas") as satgas:
        answered_as_documented(app, dinas, satgas)


def answered_as_documented(app: FastAPI, dinas: TestClient, satgas: TestClient) -> None:
    reference = dinas.post("/school-reports/findings", json=FINDING).json()["report"]["reference"]
    detail = dinas.get(f"/school-reports/{reference}")
    assert detail.status_code == 200, detail.text
    assert violations(app, "get", "/school-reports/{reference}", detail) == []
    step = satgas.post(f"/school-reports/{reference}/schools", json={"school_id": "20100009"})
    assert step.status_code == 200, step.text
    assert violations(app, "post", "/school-reports/{reference}/schools", step) == []


def test_a_time_read_back_without_its_offset_is_answered_as_utc() -> None:
    notice = NoticeView(
        notice_id="n-1",
        kind="dinas_or_gugus_tugas",
        party_id=None,
        article="BTG Pasal 18(2)i",
        by_letter=False,
        services=[],
        issued_at=datetime(2026, 12, 6, 23, 30),
    )
    assert notice.model_dump(mode="json")["issued_at"] == "2026-12-06T23:30:00Z"


def test_the_dinas_forms_its_team_and_reports_to_the_bupati_over_http_btg_19(
    app: FastAPI, dinas: TestClient
) -> None:
    """Batang's routes of BTG 19(3), (7): the Dinas's alone; the Satgas is refused (403)."""
    reference = dinas.post("/school-reports/findings", json=FINDING).json()["report"]["reference"]

    formed = dinas.post(f"/school-reports/{reference}/dinas-team", json={"decree_ref": "sk-9"})
    assert formed.status_code == 200, formed.text
    assert formed.json()["report"]["dinas_team"]["decree_ref"] == "sk-9"
    assert violations(app, "post", "/school-reports/{reference}/dinas-team", formed) == []
    reported = dinas.post(f"/school-reports/{reference}/bupati-reports", json={})
    assert reported.status_code == 200, reported.text
    with client_for(app, "satgas") as satgas:
        refused = satgas.post(f"/school-reports/{reference}/bupati-reports", json={})
    assert refused.status_code == 403, refused.text
