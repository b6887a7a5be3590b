"""The real intake hub and the real agency services together, through the real broker:
the hub refers a child to a puskesmas, which refers on to the RSUD; to the Polres; to the
Kantor Imigrasi; to the Dinas Sosial for shelter. Each agency answers and reports
through its own staff API; every outcome reaches the hub and the companion, the chain
stays visible, and each agency learns that its report reached the companion."""

from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
import sqlalchemy as sa

from ops.broker import LocalBroker
from ops.services import definition_for
from rujukan.runtime import tables as runtime_tables
from rujukan.runtime.service import ServiceDefinition
from schemas.vocabulary import AgencyKind
from tests.support.databases import database
from tests.support.hub_api import Api, a_name
from tests.support.services import RunningService, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

HUB = "kh-hub"
PUSKESMAS = "kh-puskesmas-putussibau-utara"
CALM: dict[str, Any] = {
    "consumer_session_timeout_ms": 6000,
    "consumer_heartbeat_interval_ms": 1000,
    "incarnation_check_interval_s": 2.0,
}
KINDS = {
    HUB: AgencyKind.INTAKE,
    PUSKESMAS: AgencyKind.HEALTH,
    "kh-rsud": AgencyKind.HEALTH,
    "kh-polres": AgencyKind.LEGAL,
    "kh-imigrasi": AgencyKind.LEGAL,
    "kh-dinsos": AgencyKind.SOCIAL,
}


@asynccontextmanager
async def network(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> AsyncIterator[dict[str, RunningService]]:
    async with AsyncExitStack() as stack:
        started: dict[str, RunningService] = {}
        for agency_id, kind in KINDS.items():
            definition: ServiceDefinition = definition_for(kind)
            started[agency_id] = await stack.enter_async_context(
                running(
                    definition,
                    agency_id=agency_id,
                    bootstrap=broker.bootstrap_servers,
                    database_url=stack.enter_context(database(db_kind, tmp_path)),
                    wait_ready=False,
                    **CALM,
                )
            )
        for service in started.values():
            await service.runtime.wait_ready(timeout=90)
        yield started


class Desk:
    """An agency's staff API (the referral desk)."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def received(self, case_id: str) -> dict[str, Any]:
        async def probe() -> dict[str, Any] | None:
            response = await self.http.get("/referrals", params={"case_id": case_id})
            found = response.json()["referrals"]
            return found[0] if found else None

        found: dict[str, Any] = await eventually(probe)
        return found

    async def post(self, path: str, body: dict[str, Any], status: int = 200) -> Any:
        response = await self.http.post(path, json=body)
        assert response.status_code == status, (path, response.text)
        return response.json()

    async def accept(self, referral_id: str) -> None:
        await self.post(f"/referrals/{referral_id}/accept", {})

    async def report(self, referral_id: str, *facts: dict[str, Any], final: bool) -> None:
        body = {"status": "completed", "final": final, "facts": list(facts)}
        await self.post(f"/referrals/{referral_id}/reports", body, status=201)


def inbox_types(service: RunningService) -> list[str]:
    inbox = runtime_tables.inbox
    with service.runtime.engine.connect() as connection:
        rows = connection.execute(sa.select(inbox.c.event_type).order_by(inbox.c.received_at))
        return [str(r[0]) for r in rows]


async def test_a_trafficking_case_across_the_real_hub_and_agency_services(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(broker, db_kind, tmp_path) as net:
        hub = Api(net[HUB].http)
        desks = {agency: Desk(net[agency].http) for agency in KINDS if agency != HUB}
        case_id = await hub.open_case(a_name())
        await hub.to_contract(case_id, "trafficking")
        await hub.assess(case_id, ["health", "identification", "shelter"])
        await hub.plan(
            case_id,
            HUB,
            [
                ("REHABILITASI_KESEHATAN", "health", PUSKESMAS),
                ("IDENTIFIKASI", "identification", "kh-polres"),
                ("IDENTIFIKASI", "identification", "kh-imigrasi"),
                ("PENAMPUNGAN", "shelter", "kh-dinsos"),
            ],
        )
        for stage, target in (
            ("REHABILITASI_KESEHATAN", PUSKESMAS),
            ("IDENTIFIKASI", "kh-polres"),
            ("IDENTIFIKASI", "kh-imigrasi"),
            ("PENAMPUNGAN", "kh-dinsos"),
        ):
            await hub.refer(case_id, stage, target)

        # the puskesmas examines the child and sends it on to the RSUD
        puskesmas = desks[PUSKESMAS]
        first = await puskesmas.received(case_id)
        await puskesmas.accept(first["referral_id"])
        await puskesmas.report(
            first["referral_id"],
            {"kind": "medical_examination", "examined_on": "2026-11-20"},
            final=False,
        )
        await puskesmas.post(
            f"/referrals/{first['referral_id']}/onward",
            {"target_id": "kh-rsud", "final": True},
            status=201,
        )
        rsud = desks["kh-rsud"]
        onward = await rsud.received(case_id)
        assert onward["parent_referral_id"] == first["referral_id"]
        await rsud.accept(onward["referral_id"])
        await rsud.report(
            onward["referral_id"],
            {"kind": "medical_examination", "examined_on": "2026-11-21"},
            {"kind": "visum_issued", "document_ref": "VER/12/XI/2026", "issued_on": "2026-11-21"},
            final=True,
        )
        # the police, immigration and social services answer and report
        facts = {
            "kh-polres": [{"kind": "identification_done"}],
            "kh-imigrasi": [{"kind": "immigration_identification", "result": "no_record_found"}],
            "kh-dinsos": [
                {"kind": "shelter_admitted", "admitted_on": "2026-11-20"},
                {"kind": "shelter_discharged", "discharged_on": "2026-11-22"},
            ],
        }
        for agency, reported in facts.items():
            referral = await desks[agency].received(case_id)
            await desks[agency].accept(referral["referral_id"])
            await desks[agency].report(referral["referral_id"], *reported, final=True)

        # at the hub: every referral completed, the onward one joined the chain
        async def all_completed() -> dict[str, Any] | None:
            case: dict[str, Any] = await hub.get(f"/cases/{case_id}")
            done = all(r["status"] == "completed" for r in case["referrals"])
            return case if done and len(case["referrals"]) == 5 else None

        case = await eventually(all_completed, timeout=60)
        by_target = {r["target_id"]: r for r in case["referrals"]}
        assert by_target["kh-rsud"]["parent_referral_id"] == first["referral_id"]
        chain = await hub.get(f"/cases/{case_id}/referrals/{first['referral_id']}/chain")
        assert onward["referral_id"] in str(chain)

        # LT Pasal 17(3): every agency's outcome reached the companion
        inbox = await hub.get("/companions/comp-siti/inbox")
        finals = {i["agency_id"] for i in inbox if i["final"]}
        assert finals == {PUSKESMAS, "kh-rsud", "kh-polres", "kh-imigrasi", "kh-dinsos"}
        siti = Api(net[HUB].client_for("comp-siti", "companion"))
        for item in inbox:
            await siti.post(f"/cases/{case_id}/outcomes/{item['outcome_id']}/acknowledgement")
        assert (await hub.get(f"/cases/{case_id}"))["open_loops"] == 0

        # each agency learns its report reached the companion
        async def delivered() -> bool:
            detail = (await rsud.http.get(f"/referrals/{onward['referral_id']}")).json()
            return all(report["reached_companion"] for report in detail["reports"])

        await eventually(delivered)
        # the puskesmas follows the RSUD's answers on the referral it made
        await eventually(lambda: "id.rujukan.service.reported.v1" in inbox_types(net[PUSKESMAS]))
