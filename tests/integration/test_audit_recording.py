"""Recording through the real HTTP apps, on SQLite and PostgreSQL: every command of a
service leaves one audit record with its outcome — a refusal too — and its actor; every
read of a child's identity is recorded before the identity leaves, and when the record
cannot be written the identity does not leave (SKW Pasal 68; UU 27/2022); the chain's
head is anchored when the service stops."""

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from ops.broker import LocalBroker
from rujukan.desk.store import DeskRepository
from rujukan.runtime.audit import tables as t
from rujukan.runtime.audit.anchors import AnchorFile, signature_problems
from rujukan.runtime.audit.chain import verify
from rujukan.runtime.audit.trail import records, stored_head
from rujukan.runtime.service import AgencyRuntime, ServiceDefinition
from schemas.events import ChildIdentity
from services.education import SERVICE as EDUCATION
from services.education.domain.access import StaffRole
from services.health import SERVICE as HEALTH
from services.intake import SERVICE as HUB
from tests.support.databases import database
from tests.support.hub_api import COMPANION, Api
from tests.support.referrals import received
from tests.support.services import STAFF_ACCOUNT, RunningService, running

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

CHILD_NAME = "Melati Kusuma Wardani"


@asynccontextmanager
async def service(
    definition: ServiceDefinition, agency_id: str, db_kind: str, tmp_path: Path, broker: LocalBroker
) -> AsyncIterator[RunningService]:
    with database(db_kind, tmp_path) as url:
        async with running(
            definition,
            agency_id=agency_id,
            bootstrap=broker.bootstrap_servers,
            database_url=url,
            wait_ready=False,
            audit_anchor_path=tmp_path / f"{agency_id}.audit-anchors.jsonl",
        ) as started:
            yield started


def audit_rows(runtime: AgencyRuntime) -> list[dict[str, Any]]:
    with runtime.engine.connect() as connection:
        rows = connection.execute(sa.select(t.record).order_by(t.record.c.seq)).mappings()
        return [dict(r) for r in rows]


def desk_referral_with_child(runtime: AgencyRuntime, referral_id: str) -> None:
    child = ChildIdentity(name=CHILD_NAME, sex="female", estimated_age=12)
    referral = received(target=runtime.agency.id, referral_id=referral_id, child=child)
    with runtime.unit_of_work() as uow:
        DeskRepository(uow.session, uow).add(referral, child)
        uow.commit()


async def test_every_command_is_recorded_once_with_its_outcome_and_reads_are_not(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with service(HEALTH, "kh-rsud", db_kind, tmp_path, broker) as rsud:
        desk_referral_with_child(rsud.runtime, "r-audit-1")
        refused = await rsud.http.post("/referrals/r-nowhere/accept", json={})
        assert refused.status_code == 404
        invalid = await rsud.http.post("/referrals/r-audit-1/decline", json={"reason": "?"})
        assert invalid.status_code == 422
        assert (await rsud.http.get("/referrals")).status_code == 200
        accepted = await rsud.http.post("/referrals/r-audit-1/accept", json={})
        assert accepted.status_code == 200
        again = await rsud.http.post("/referrals/r-audit-1/accept", json={})
        assert again.status_code == 409

        rows = audit_rows(rsud.runtime)
        summary = [(r["action"], r["referral_id"], r["outcome"]) for r in rows]
        assert summary == [
            ("POST /referrals/{referral_id}/accept", "r-nowhere", "404"),
            ("POST /referrals/{referral_id}/decline", "r-audit-1", "422"),
            ("POST /referrals/{referral_id}/accept", "r-audit-1", "ok"),
            ("desk.referral.identity.read", "r-audit-1", "ok"),
            ("POST /referrals/{referral_id}/accept", "r-audit-1", "409"),
        ]
        assert {r["actor_id"] for r in rows} == {STAFF_ACCOUNT}
        assert rows[3]["case_id"] == "c-0001"
        assert rows[3]["purpose"] == "service to the referred child (LT Pasal 5; UU 27/2022)"
        assert CHILD_NAME not in str(rows)

    (anchor,) = AnchorFile(tmp_path / "kh-rsud.audit-anchors.jsonl").read("kh-rsud")
    assert (anchor.seq, anchor.hash) == (5, rows[-1]["hash"])  # anchored at shutdown
    keys = rsud.runtime.keys.verification_keys("kh-rsud")
    assert signature_problems([anchor], keys) == []  # signed with the agency's own key


async def test_the_actor_is_the_authenticated_principal(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with service(HEALTH, "kh-rsud", db_kind, tmp_path, broker) as rsud:
        desk_referral_with_child(rsud.runtime, "r-audit-2")
        async with rsud.client_for("staff-rina", "desk_head", "desk_staff") as http:
            shown = await http.get("/referrals/r-audit-2")
            assert shown.json()["child"]["name"] == CHILD_NAME
            assert (await http.post("/referrals/r-audit-2/hold", json={})).status_code == 422

        rows = audit_rows(rsud.runtime)
        actors = {(r["actor_id"], r["actor_roles"], r["actor_agency"]) for r in rows}
        assert actors == {("staff-rina", "desk_head,desk_staff", "kh-rsud")}
        assert [r["action"] for r in rows] == [
            "desk.referral.identity.read",
            "POST /referrals/{referral_id}/hold",
        ]


async def test_the_hub_records_an_identity_read_before_it_answers_and_fails_closed(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with service(HUB, "kh-hub", db_kind, tmp_path, broker) as hub:
        api = Api(hub.http)
        case_id = await api.open_case(CHILD_NAME)
        await api.post(f"/cases/{case_id}/registration", {"category": "trafficking"})
        await api.post(f"/cases/{case_id}/companion", COMPANION)
        siti = hub.client_for("comp-siti", "companion")
        identity = await siti.get(f"/cases/{case_id}/identity")
        assert identity.json()["child"]["name"] == CHILD_NAME
        opened, _registered, _assigned, read = audit_rows(hub.runtime)
        assert (opened["action"], opened["outcome"]) == ("POST /complaints", "ok")
        assert read["actor_id"] == "comp-siti"
        assert (read["action"], read["case_id"], read["outcome"]) == (
            "hub.case.identity.read",
            case_id,
            "ok",
        )
        assert read["purpose"] == "case management (LT Pasal 5; UU 27/2022)"

        with hub.runtime.engine.begin() as connection:
            connection.execute(sa.text("ALTER TABLE audit_record RENAME TO audit_record_away"))
        transport = httpx.ASGITransport(app=hub.app, raise_app_exceptions=False)
        token = {"Authorization": siti.headers["Authorization"]}
        async with httpx.AsyncClient(
            transport=transport, base_url="http://localhost", headers=token
        ) as http:
            refused = await http.get(f"/cases/{case_id}/identity")
        # a server error, never the identity: SQLite reports the missing table as an
        # OperationalError, which the runtime answers as "try later" (503)
        assert refused.status_code == (503 if db_kind == "sqlite" else 500)
        assert CHILD_NAME not in refused.text


async def test_education_records_who_is_shown_the_parties_of_a_school_report(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with service(EDUCATION, "skw-disdik", db_kind, tmp_path, broker) as disdik:
        token = disdik.token_for("tppk-1", StaffRole.TPPK.value, school_id="20100001")
        tppk = {"Authorization": f"Bearer {token}"}
        victim = {
            "party_id": "v1",
            "roles": ["victim", "reporter"],
            "status": "pupil",
            "child": True,
            "school_id": "20100001",
        }
        identity = {"party_id": "v1", "name": CHILD_NAME, "sex": "female", "estimated_age": 12}
        body = {
            "channel": "phone",
            "schools": ["20100001"],
            "parties": [victim],
            "identities": [identity],
            "forms": ["physical"],
        }
        opened = await disdik.http.post("/school-reports", json=body, headers=tppk)
        assert opened.status_code == 201, opened.text
        ref = opened.json()["report"]["reference"]
        shown = await disdik.http.get(f"/school-reports/{ref}/identities", headers=tppk)
        assert shown.json()["identities"][0]["name"] == CHILD_NAME

        rows = audit_rows(disdik.runtime)
        assert [(r["action"], r["report_ref"], r["outcome"]) for r in rows] == [
            ("POST /school-reports", None, "ok"),
            ("education.report.identities.read", ref, "ok"),
        ]
        assert rows[1]["purpose"] == "examination of a school report (SKW 33, 44(2); UU 27/2022)"
        assert CHILD_NAME not in str(rows)


async def test_concurrent_commands_and_refusals_leave_one_unbroken_chain(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with service(HUB, "kh-hub", db_kind, tmp_path, broker) as hub:
        api = Api(hub.http)
        opened = [api.open_case(f"Anak {n}") for n in range(16)]
        refused = [hub.http.post(f"/cases/c-none-{n}/registration", json={}) for n in range(8)]
        await asyncio.gather(*opened, *refused)
        rows = audit_rows(hub.runtime)
        with hub.runtime.read_sessions() as session:
            problems = verify(records(session), stored_head(session), [])
    assert problems == []
    assert [r["seq"] for r in rows] == list(range(1, 25))
    outcomes = Counter((r["action"], r["outcome"]) for r in rows)
    assert outcomes[("POST /complaints", "ok")] == 16
    assert outcomes[("POST /cases/{case_id}/registration", "422")] == 8
