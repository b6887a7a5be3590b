"""The education service with the real intake hub and agency services, through the real
broker, on SQLite and PostgreSQL.

A school reports sexual violence by its head that injured a pupil: the Satgas PPK handles
it (SKW Pasal 38(1)a); the health referral, the parents' notice, the report to the Dinas
and the police report leave at once (BTG Pasal 18(2)b, i–j, 18(4)c); the intake hub
opens the child's case (BTG 18(6)); the RSUD's answer and report reach the companion
(LT Pasal 17(3)) and the school, and the victim can follow the process (SKW 66(1)a).
A referral the pupil did not receive is handed to the hub case's companion and announced
on the journal when the school head closes it (BTG 18(6)k).
"""

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from ops.broker import LocalBroker
from ops.services import definition_for
from rujukan.directory import AgencyDirectory, load_directory
from rujukan.runtime import tables as runtime_tables
from schemas.vocabulary import AgencyKind
from services.education.domain.access import StaffRole
from services.education.usecases import SchoolService
from tests.support.databases import database
from tests.support.hub_api import Api, a_name
from tests.support.services import RunningService, eventually, running
from tests.support.topology_check import assert_published_within_topology

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

CALM: dict[str, Any] = {
    "consumer_session_timeout_ms": 6000,
    "consumer_heartbeat_interval_ms": 1000,
    "incarnation_check_interval_s": 2.0,
    "monitor_interval_s": 0.2,
}
SCHOOL = "20100001"
OTHER_SCHOOL = "20100002"


@asynccontextmanager
async def network(
    broker: LocalBroker,
    db_kind: str,
    tmp_path: Path,
    kinds: dict[str, AgencyKind],
    directory: AgencyDirectory | None = None,
) -> AsyncIterator[dict[str, RunningService]]:
    async with AsyncExitStack() as stack:
        started: dict[str, RunningService] = {}
        for agency_id, kind in kinds.items():
            started[agency_id] = await stack.enter_async_context(
                running(
                    definition_for(kind),
                    agency_id=agency_id,
                    bootstrap=broker.bootstrap_servers,
                    database_url=stack.enter_context(database(db_kind, tmp_path)),
                    directory=directory,
                    wait_ready=False,
                    **CALM,
                )
            )
        for service in started.values():
            await service.runtime.wait_ready(timeout=90)
        yield started
        assert_published_within_topology(s.runtime for s in started.values())


def outbox(service: RunningService) -> list[dict[str, Any]]:
    table = runtime_tables.outbox
    with service.runtime.engine.connect() as connection:
        rows = connection.execute(sa.select(table).order_by(table.c.id))
        return [dict(row._mapping) for row in rows]


def on_paper(*agency_ids: str) -> AgencyDirectory:
    """The directory with these institutions running no software (referred by letter)."""
    return AgencyDirectory(
        tuple(
            replace(a, kind=AgencyKind.OFFLINE, runs_software=False) if a.id in agency_ids else a
            for a in load_directory()
        )
    )


def journal_rows(service: RunningService, event_type: str) -> list[dict[str, Any]]:
    return [r for r in outbox(service) if r["event_type"] == event_type]


def pupil(party_id: str, *roles: str) -> dict[str, Any]:
    return {
        "party_id": party_id,
        "roles": list(roles),
        "status": "pupil",
        "child": True,
        "school_id": SCHOOL,
    }


def identity_of(party_id: str, name: str) -> dict[str, Any]:
    return {
        "party_id": party_id,
        "name": name,
        "sex": "female",
        "date_of_birth": "2012-05-01",
        "guardian_contact": "mother, 0812-0000-0000",
    }


async def post(
    service: RunningService, path: str, body: Any, status: int = 200, token: str | None = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await service.http.post(path, json=body, headers=headers)
    assert response.status_code == status, (path, response.status_code, response.text)
    return response.json()


async def get(
    service: RunningService, path: str, status: int = 200, token: str | None = None
) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    response = await service.http.get(path, headers=headers)
    assert response.status_code == status, (path, response.status_code, response.text)
    return response.json()


@dataclass(frozen=True)
class StaffClient:
    """The education API as one staff account calls it."""

    service: RunningService
    token: str

    async def post(self, path: str, body: Any, status: int = 200) -> Any:
        return await post(self.service, path, body, status, self.token)

    async def get(self, path: str, status: int = 200) -> Any:
        return await get(self.service, path, status, self.token)

    async def refusal(self, path: str, body: Any, status: int) -> tuple[str, str]:
        """The rule and the article a refused POST names."""
        refused = await self.post(path, body, status)
        return refused["rule"], refused["article"]


def staff_of(service: RunningService) -> dict[str, StaffClient]:
    """A client for each kind of staff account: the TPPK of the school, another school's
    TPPK, the Satgas and the Dinas."""
    accounts = service.runtime.accounts
    for account_id, name, role, school in [
        ("tppk-1", "TPPK", StaffRole.TPPK, SCHOOL),
        ("tppk-2", "TPPK 2", StaffRole.TPPK, OTHER_SCHOOL),
        ("satgas", "Satgas PPK", StaffRole.SATGAS, None),
        ("dinas", "Dinas", StaffRole.DINAS, None),
    ]:
        accounts.add(account_id, name, [role.value], school_id=school)
    ids = {"tppk": "tppk-1", "other_tppk": "tppk-2", "satgas": "satgas", "dinas": "dinas"}
    return {who: StaffClient(service, accounts.issue_token(a)) for who, a in ids.items()}


async def test_sexual_violence_by_the_school_head_goes_to_the_satgas_and_refers_at_once(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    kinds = {
        "btg-hub": AgencyKind.INTAKE,
        "btg-disdik": AgencyKind.EDUCATION,
        "btg-rsud": AgencyKind.HEALTH,
        "btg-polres": AgencyKind.LEGAL,
    }
    async with network(broker, db_kind, tmp_path, kinds) as net:
        school, hub = net["btg-disdik"], Api(net["btg-hub"].http)
        staff = staff_of(school)
        tppk, satgas, dinas = staff["tppk"], staff["satgas"], staff["dinas"]
        name = a_name()
        body = {
            "channel": "in_person",
            "parties": [pupil("p-victim", "victim")],
            "forms": ["sexual"],
            "impacts": ["sexual_violence"],
        }
        # SKW 41(1): a TPPK receives only the reports that involve its own school; a report
        # naming a school twice is not one report (SKW 1 angka 19-22, 41); neither opens one
        refused = await tppk.post("/school-reports", body | {"schools": ["20999999"]}, status=403)
        assert refused["rule"] == "tppk_receives_for_its_school"
        refused = await tppk.post(
            "/school-reports", body | {"schools": [SCHOOL, SCHOOL]}, status=422
        )
        assert refused["rule"] == "school_report_consistent"
        assert await tppk.get("/school-reports") == []
        received = await tppk.post(
            "/school-reports",
            {
                "channel": "in_person",
                "schools": [SCHOOL],
                "parties": [
                    pupil("p-victim", "victim"),
                    {
                        "party_id": "p-teacher",
                        "roles": ["reporter"],
                        "status": "teacher_or_staff",
                        "employment": "non_civil_servant",
                        "school_id": SCHOOL,
                    },
                    {
                        "party_id": "p-head",
                        "roles": ["reported"],
                        "status": "school_head",
                        "employment": "civil_servant",
                        "school_id": SCHOOL,
                    },
                ],
                "identities": [identity_of("p-victim", name)],
                "forms": ["sexual"],
                "impacts": ["sexual_violence", "fairly_serious_injury"],
                "request_letter_ref": "421/045/SMPN2/2026",
            },
            status=201,
        )
        reference = received["reference"]

        # SKW Pasal 38(1)a: the reported person is the school head → the Satgas, with the
        # reason; the TPPK that received it keeps only the summary (SKW 37-38, 44(2))
        assert received["handler"] == "satgas"
        assert received["satgas_reasons"] == ["reported_is_school_head"]
        assert "report" not in received
        await tppk.get(f"/school-reports/{reference}", status=404)
        await tppk.get(f"/school-reports/{reference}/identities", status=404)
        assert await tppk.get("/school-reports") == []
        opened = await satgas.get(f"/school-reports/{reference}")
        assert name in str(await satgas.get(f"/school-reports/{reference}/identities"))
        # the Dinas supervises the handling without the names (SKW 33, 44(2))
        assert (await dinas.get(f"/school-reports/{reference}"))["report"] == opened["report"]
        refused = await dinas.get(f"/school-reports/{reference}/identities", status=403)
        assert refused["rule"] == "identities_stay_with_the_examiners"
        refused = await dinas.post(
            f"/school-reports/{reference}/statement-requests", {"party_id": "p-victim"}, status=403
        )
        assert refused["rule"] == "only_the_handler_acts"
        # without a staff token nothing at all
        response = await school.anonymous.get(f"/school-reports/{reference}")
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == "Bearer"
        listed = await satgas.get("/school-reports?handler=satgas")
        assert [r["reference"] for r in listed] == [reference]

        # BTG 18: at once, in the same transaction as the report
        by_purpose = {(r["purpose"], r["service"]): r for r in opened["referrals"]}
        health = by_purpose[("btg_18_4c", "health")]
        police = by_purpose[("police_report", "legal")]
        assert (health["target_id"], health["stage"]) == ("btg-rsud", "LAYANAN_KESEHATAN")
        assert (police["target_id"], police["stage"]) == ("btg-polres", "LAPORAN_KEPOLISIAN")
        assert health["hub_id"] == police["hub_id"] == "btg-hub"
        assert health["identity_included"]
        assert opened["unroutable"] == []  # KH Lampiran I routes every one of them
        notices = {n["kind"]: n for n in opened["notices"]}
        assert notices["parents"]["by_letter"]
        assert set(notices["parents"]["services"]) >= {"health"}
        assert notices["dinas_or_gugus_tugas"]["article"] == "BTG Pasal 18(2)i"
        (hub_case,) = opened["hub_cases"]
        case_id = hub_case["case_id"]

        # the intake hub opens the child's case and journals the school's referrals
        async def case_with_referrals() -> dict[str, Any] | None:
            response = await hub.http.get(f"/cases/{case_id}")
            if response.status_code != 200:
                return None
            case: dict[str, Any] = response.json()
            return case if len(case["referrals"]) == len(opened["referrals"]) else None

        case = await eventually(case_with_referrals, timeout=60)
        assert {r["referrer_id"] for r in case["referrals"]} == {"btg-disdik"}

        # the companion is assigned through the hub's API, and reads the identity
        await hub.register(case_id, "sexual_violence")
        siti = Api(net["btg-hub"].client_for("comp-siti", "companion"))
        identity = await siti.get(f"/cases/{case_id}/identity")
        assert name in str(identity)

        # the police received the report, the RSUD the referral with the child's identity
        rsud, polres = net["btg-rsud"], net["btg-polres"]
        for agency, referral in ((rsud, health), (polres, police)):
            found = await eventually(_received(agency, referral["referral_id"]))
            assert found["hub_id"] == "btg-hub"
        detail = await get(rsud, f"/referrals/{health['referral_id']}")
        assert detail["child"]["name"] == name

        # the RSUD answers and reports through its desk
        await post(rsud, f"/referrals/{health['referral_id']}/accept", {})
        today = date.today().isoformat()
        await post(
            rsud,
            f"/referrals/{health['referral_id']}/reports",
            {
                "status": "completed",
                "final": True,
                "facts": [
                    {"kind": "medical_examination", "examined_on": today},
                    {"kind": "visum_issued", "document_ref": "VER/7/XI/2026", "issued_on": today},
                ],
            },
            status=201,
        )

        # LT Pasal 17(3): the outcome reaches the companion's inbox on the hub
        async def at_the_companion() -> list[dict[str, Any]]:
            inbox = await hub.get("/companions/comp-siti/inbox")
            return [i for i in inbox if i["agency_id"] == "btg-rsud" and i["final"]]

        await eventually(at_the_companion, timeout=60)

        # ... and comes back to the school
        async def back_at_school() -> dict[str, Any] | None:
            referral: dict[str, Any] = await satgas.get(
                f"/school-referrals/{health['referral_id']}"
            )
            return referral if referral["status"] == "completed" else None

        back = await eventually(back_at_school, timeout=60)
        types = [o["event_type"] for o in back["outcomes"]]
        assert types[-1] == "id.rujukan.service.reported.v1"
        assert "id.rujukan.referral.accepted.v1" in types

        # SKW 66(1)a: the victim learns the process and its outcome, with a code the
        # Satgas hands over, without a staff account; nobody else does
        codes = f"/school-reports/{reference}/process-codes"
        issued = await satgas.post(codes, {"party_id": "p-victim"}, status=201)
        process = await post(school, "/school-process", {"code": issued["code"]})
        assert process["handler"] == "satgas"
        assert "completed" in {r["status"] for r in process["referrals"]}
        assert "p-head" not in str(process)
        assert await satgas.refusal(codes, {"party_id": "p-head"}, 422) == (
            "process_for_victim_or_reporter",
            "SKW Pasal 66(1)a",
        )
        await dinas.post(codes, {"party_id": "p-victim"}, status=403)
        await post(school, "/school-process", {"code": "x" * 24}, status=404)
        await satgas.get(f"/school-reports/{reference}/process?party_id=p-head", status=404)

        # BTG 18(6): plan with its cost and payer, request letter, result, monitoring, closed
        steps = f"/school-referrals/{health['referral_id']}"
        await satgas.post(f"{steps}/carried-out", {}, status=409)  # no plan yet
        await satgas.post(
            f"{steps}/plan",
            {
                "service": "health",
                "institution": "RSUD Batang",
                "cost_rupiah": 0,
                "paid_by": "health_insurance",
            },
        )
        await satgas.post(f"{steps}/request-letter", {"letter_ref": "421/046/SMPN2/2026"})
        await satgas.post(f"{steps}/carried-out", {})
        await satgas.post(f"{steps}/result", {"report_ref": "LAP/RSUD/11/2026"})
        await satgas.post(f"{steps}/monitoring", {"report_ref": "MON/01/2026"})
        closed = await satgas.post(f"{steps}/close", {"service_received": True})
        assert closed["steps"]["step"] == "closed"  # 18(6)j

        # SKW 65: recovery through the hub like any other referral, on the same case
        recovery = await satgas.post(
            f"/school-reports/{reference}/referrals",
            {"party_id": "p-victim", "service": "shelter"},
            status=201,
        )
        assert (recovery["purpose"], recovery["case_id"]) == ("recovery", case_id)
        assert recovery["target_id"] == "btg-dinsos"  # PENAMPUNGAN, BTG Pasal 18(4)c
        refused = await satgas.post(
            f"/school-reports/{reference}/referrals",
            {"party_id": "p-victim", "service": "employment"},
            status=422,
        )
        assert refused["rule"] == "referral_matrix"  # Batang's matrix lists no such service

        async def recovery_at_the_hub() -> bool:
            case = await hub.get(f"/cases/{case_id}")
            return recovery["referral_id"] in {r["referral_id"] for r in case["referrals"]}

        await eventually(recovery_at_the_hub)

        # SKW 33, 44(2): the name left only inside the complaint to the hub and the
        # referrals that need it; never on the journal topic
        for row in outbox(school):
            if name in row["value"].decode():
                assert row["event_type"] in {
                    "id.rujukan.complaint.submitted.v1",
                    "id.rujukan.referral.issued.v1",
                }, row["event_type"]
            if row["topic"] == "rujukan.journal.btg-disdik":
                assert name not in row["value"].decode()
        journal = [r["event_type"] for r in outbox(school) if "journal" in r["topic"]]
        assert journal.count("id.rujukan.school.notice_issued.v1") == 2
        assert "id.rujukan.school.report_received.v1" in journal


def _received(
    agency: RunningService, referral_id: str
) -> Callable[[], Awaitable[dict[str, Any] | None]]:
    """A probe for ``eventually``: the referral as the agency's desk holds it."""

    async def probe() -> dict[str, Any] | None:
        response = await agency.http.get(f"/referrals/{referral_id}")
        return dict(response.json()) if response.status_code == 200 else None

    return probe


UNROUTABLE = "id.rujukan.school.referral_unroutable.v1"


async def test_a_referral_owed_at_once_with_no_institution_online_is_announced_once_btg_18_4c(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    """Batang as if its Dinas Sosial and Polres ran no software: its matrix (BTG 18) then
    lists no institution online for psychology, nor any police. The health referral
    leaves; the psychology referral (BTG 18(4)c) and the police report (18(2)j) are
    stored with the report and announced on the journal topic, once each."""
    directory = on_paper("btg-dinsos", "btg-polres")
    kinds = {"btg-disdik": AgencyKind.EDUCATION}
    async with network(broker, db_kind, tmp_path, kinds, directory) as net:
        school = net["btg-disdik"]
        tppk = staff_of(school)["tppk"]
        name, second_name = a_name(), a_name()
        opened = await tppk.post(
            "/school-reports",
            {
                "channel": "letter",
                "schools": [SCHOOL],
                "parties": [pupil("p-victim", "victim"), pupil("p-other", "reported")],
                "identities": [identity_of("p-victim", name)],
                "forms": ["physical"],
                "impacts": ["psychological_harm", "fairly_serious_injury"],
            },
            status=201,
        )
        reference = opened["report"]["reference"]
        assert [(r["purpose"], r["service"]) for r in opened["referrals"]] == [
            ("btg_18_4c", "health")
        ]
        assert [
            (u["party_id"], u["purpose"], u["service"], u["article"], u["about"])
            for u in opened["unroutable"]
        ] == [
            ("p-victim", "btg_18_4c", "psychology", "BTG Pasal 18(4)c", ["victim"]),
            ("p-victim", "police_report", "legal", "BTG Pasal 18(2)j", ["victim"]),
        ]
        announced = journal_rows(school, UNROUTABLE)
        assert [r["topic"] for r in announced] == ["rujukan.journal.btg-disdik"] * 2
        assert all(r["key"] == reference for r in announced)
        # the Satgas and the Dinas learn the service, the article and the pupil's role only
        for row in announced:
            body = row["value"].decode()
            assert '"about":["victim"]' in body.replace(" ", "")
            for secret in (name, "p-victim", SCHOOL):
                assert secret not in body

        # a second victim added later: only their own unroutable referral is announced
        added = await tppk.post(
            f"/school-reports/{reference}/parties",
            {
                "party": pupil("p-second", "victim"),
                "identity": identity_of("p-second", second_name),
            },
        )
        assert {(u["party_id"], u["purpose"], u["service"]) for u in added["unroutable"]} == {
            ("p-victim", "btg_18_4c", "psychology"),
            ("p-victim", "police_report", "legal"),
            ("p-second", "btg_18_4c", "psychology"),
        }
        # ... and any later command announces nothing again; SKW's steps bind Singkawang only
        refused = await tppk.post(
            f"/school-reports/{reference}/statement-requests", {"party_id": "p-victim"}, status=422
        )
        assert refused["rule"] == "step_of_the_district_procedure"
        await tppk.post(
            f"/school-reports/{reference}/initial-actions",
            {"party_id": "p-victim", "action": "psychological_support"},
        )
        detail = await tppk.get(f"/school-reports/{reference}")
        assert len(detail["unroutable"]) == 3
        assert len(journal_rows(school, UNROUTABLE)) == 3

        # SKW 33, 44(2): no name on the journal topic
        for row in outbox(school):
            if row["topic"] == "rujukan.journal.btg-disdik":
                for secret in (name, second_name):
                    assert secret not in row["value"].decode()


HANDED_OVER = "id.rujukan.school.referral_handed_over.v1"


async def test_a_referral_closed_without_the_service_is_handed_to_the_hub_case_companion_btg_18_6k(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    """BTG 18(6)k: the school head closes a referral the pupil did not receive; the local
    government's social worker — the companion of the child's case at the hub — sees it
    without anyone contacting them, and the Satgas and the Dinas read it on the journal.
    An adult pupil's referral has no hub case: the journal alone has it."""
    kinds = {
        "btg-hub": AgencyKind.INTAKE,
        "btg-disdik": AgencyKind.EDUCATION,
        "btg-rsud": AgencyKind.HEALTH,
    }
    async with network(broker, db_kind, tmp_path, kinds) as net:
        school, hub, rsud = net["btg-disdik"], Api(net["btg-hub"].http), net["btg-rsud"]
        tppk = staff_of(school)["tppk"]
        name, adult_name = a_name(), a_name()
        adult = pupil("p-adult", "victim") | {"child": False}
        opened = await tppk.post(
            "/school-reports",
            {
                "channel": "in_person",
                "schools": [SCHOOL],
                "parties": [pupil("p-child", "victim"), adult, pupil("p-other", "reported")],
                "identities": [
                    identity_of("p-child", name),
                    identity_of("p-adult", adult_name) | {"date_of_birth": "2007-01-10"},
                ],
                "forms": ["physical"],
                "impacts": ["physical_injury_or_complaint"],
            },
            status=201,
        )
        by_party = {r["party_id"]: r for r in opened["referrals"]}
        child, grown = by_party["p-child"], by_party["p-adult"]
        assert (child["target_id"], child["hub_id"]) == ("btg-rsud", "btg-hub")  # BTG 18(4)c
        (hub_case,) = opened["hub_cases"]
        case_id = hub_case["case_id"]
        assert child["case_id"] == case_id
        assert (grown["hub_id"], grown["case_id"]) == (None, opened["report"]["reference"])

        # the hub journals the school's referral on the child's case; a companion is assigned
        async def copied() -> bool:
            response = await hub.http.get(f"/cases/{case_id}")
            return response.status_code == 200 and bool(response.json()["referrals"])

        await eventually(copied, timeout=60)
        await hub.register(
            case_id, "physical_violence", assignment_letter_ref="800/113/DINSOS/2026"
        )
        await eventually(_received(rsud, child["referral_id"]))

        def handed_over() -> list[dict[str, Any]]:
            return [r for r in outbox(school) if r["event_type"] == HANDED_OVER]

        # BTG 18(6)a-i for both pupils
        for referral in (child, grown):
            steps = f"/school-referrals/{referral['referral_id']}"
            plan = {
                "service": "health",
                "institution": "RSUD Batang",
                "cost_rupiah": 0,
                "paid_by": "health_insurance",
            }
            await tppk.post(f"{steps}/plan", plan)
            await tppk.post(f"{steps}/request-letter", {"letter_ref": "421/050/SMPN2/2026"})
            await tppk.post(f"{steps}/carried-out", {})
            await tppk.post(f"{steps}/result", {"report_ref": "LAP/RSUD/12/2026"})
            # a close before the monitoring is refused (409): nothing leaves
            refused = await tppk.post(f"{steps}/close", {"service_received": False}, status=409)
            assert refused["rule"] == "batang_referral_steps_in_order"
            assert handed_over() == []
            await tppk.post(f"{steps}/monitoring", {"report_ref": "MON/02/2026"})

        # 18(6)k: the pupil did not receive the service
        for referral in (child, grown):
            steps = f"/school-referrals/{referral['referral_id']}"
            closed = await tppk.post(f"{steps}/close", {"service_received": False})
            assert closed["steps"]["step"] == "handed_to_social_worker"
            await tppk.post(f"{steps}/close", {"service_received": False}, status=409)

        # in the same unit of work as the step: the hub's inbox and the journal for the
        # child's referral, the journal alone for the adult's
        rows = handed_over()
        assert sorted((r["key"], r["topic"]) for r in rows) == sorted(
            [
                (case_id, "rujukan.inbox.btg-hub"),
                (case_id, "rujukan.journal.btg-disdik"),
                (grown["case_id"], "rujukan.journal.btg-disdik"),
            ]
        )
        for row in rows:  # SKW 33, 44(2): case ids and vocabulary, no name, party or school
            body = row["value"].decode()
            for private in (name, adult_name, "p-child", "p-adult", SCHOOL):
                assert private not in body, (private, row["topic"])

        # LT Pasal 17(3): the companion of the child's case sees it, without being called
        async def at_the_companion() -> list[dict[str, Any]]:
            inbox = await hub.get("/companions/comp-siti/inbox")
            return [i for i in inbox if i["outcome_type"] == HANDED_OVER]

        (outcome,) = await eventually(at_the_companion, timeout=60)
        assert (outcome["case_id"], outcome["referral_id"]) == (case_id, child["referral_id"])
        assert (outcome["agency_id"], outcome["final"]) == ("btg-disdik", False)
        assert "health not received" in outcome["summary"]
        assert name not in str(outcome)
        case = await hub.get(f"/cases/{case_id}")
        (copy,) = [r for r in case["referrals"] if r["referral_id"] == child["referral_id"]]
        assert copy["handed_over_on"] is not None
        assert copy["status"] != "failed"  # the referral's status stays its target's
        await Api(net["btg-hub"].client_for("comp-siti", "companion")).post(
            f"/cases/{case_id}/outcomes/{outcome['outcome_id']}/acknowledgement"
        )
        assert await at_the_companion() == []
        # its delivery is on the hub's journal; the school's desk is sent no proof of it
        hub_rows = outbox(net["btg-hub"])
        deliveries = [
            r["topic"]
            for r in hub_rows
            if r["event_type"] == "id.rujukan.outcome.delivered_to_companion.v1"
            and HANDED_OVER in r["value"].decode()
        ]
        assert deliveries == ["rujukan.journal.btg-hub"]
        assert not [r for r in hub_rows if r["topic"] == "rujukan.inbox.btg-disdik"]


async def test_continued_schooling_refuses_an_outcome_amounting_to_expulsion_lt_pasal_23_2(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    kinds = {"lt-hub": AgencyKind.INTAKE, "lt-disdik": AgencyKind.EDUCATION}
    async with network(broker, db_kind, tmp_path, kinds) as net:
        hub, disdik = Api(net["lt-hub"].http), net["lt-disdik"]
        case_id = await hub.open_case(a_name(), suspected_category="sexual_violence")
        await hub.to_contract(case_id, "sexual_violence")
        await hub.assess(case_id, ["education"])
        await hub.plan(case_id, "lt-hub", [("LAYANAN_PENDIDIKAN", "education", "lt-disdik")])
        await hub.refer(case_id, "LAYANAN_PENDIDIKAN", "lt-disdik")

        async def received() -> dict[str, Any] | None:
            found = await get(disdik, f"/referrals?case_id={case_id}")
            return found["referrals"][0] if found["referrals"] else None

        referral_id = (await eventually(received))["referral_id"]
        await post(disdik, f"/referrals/{referral_id}/accept", {})

        refused = await post(
            disdik,
            f"/referrals/{referral_id}/schooling",
            {"outcome": "dikeluarkan dari sekolah"},
            status=422,
        )
        assert (refused["rule"], refused["article"]) == ("no_expulsion", "LT Pasal 23(2)")
        refused = await post(
            disdik, f"/referrals/{referral_id}/schooling", {"outcome": "transferred"}, status=422
        )
        assert refused["rule"] == "transfer_names_the_school"

        await post(
            disdik,
            f"/referrals/{referral_id}/schooling",
            {"outcome": "transferred", "school": "SMP Negeri 1 Malili"},
            status=201,
        )
        await hub.status_becomes(case_id, referral_id, "completed")
        inbox = await hub.get("/companions/comp-siti/inbox")
        assert any(i["agency_id"] == "lt-disdik" and i["final"] for i in inbox)


async def test_a_tppk_missing_the_examination_deadline_is_announced_once_then_taken_over(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(broker, db_kind, tmp_path, {"skw-disdik": AgencyKind.EDUCATION}) as net:
        disdik = net["skw-disdik"]
        staff = staff_of(disdik)
        tppk, satgas, dinas = staff["tppk"], staff["satgas"], staff["dinas"]
        found = await tppk.post(
            "/school-reports/findings",
            {
                "schools": [SCHOOL],
                "parties": [
                    {
                        "party_id": "p-victim",
                        "roles": ["victim"],
                        "status": "pupil",
                        "child": False,
                        "school_id": SCHOOL,
                    }
                ],
                "forms": ["bullying"],
                "on": "2026-01-05",
            },
            status=201,
        )
        reference = found["report"]["reference"]
        assert found["report"]["handler"] == "tppk"
        # SKW 46: 30 working days from the request for a statement
        await tppk.post(
            f"/school-reports/{reference}/statement-requests",
            {"party_id": "p-victim", "on": "2026-01-06"},
        )

        async def announced() -> list[dict[str, Any]]:
            missed: list[dict[str, Any]] = await satgas.get("/school-deadlines?missed=true")
            return [d for d in missed if d["missed_announced_at"] and d["reference"] == reference]

        # the miss is visible to the Satgas and the Dinas, who see no more of the report
        (deadline,) = await eventually(announced, timeout=30)
        assert (deadline["rule"], deadline["article"]) == ("examination", "SKW Pasal 46")
        assert deadline["handler"] == "tppk"
        assert deadline in await dinas.get("/school-deadlines?missed=true")
        assert await staff["other_tppk"].get("/school-deadlines") == []
        refused = await satgas.get(f"/school-reports/{reference}", status=403)
        assert (refused["rule"], refused["article"]) == (
            "satgas_sees_tppk_report_when_consulted",
            "SKW Pasal 37(5)",
        )

        def misses() -> list[dict[str, Any]]:
            return [
                r
                for r in outbox(disdik)
                if r["event_type"] == "id.rujukan.school.deadline_missed.v1"
            ]

        await eventually(lambda: len(misses()) == 1)
        (event,) = misses()
        assert event["topic"] == "rujukan.journal.skw-disdik"
        # the monitor runs again and again; the miss is announced once
        service = disdik.runtime.handle(SchoolService)
        assert isinstance(service, SchoolService)
        for _ in range(3):
            assert await asyncio.to_thread(service.announce_missed_deadlines) == 0
        assert len(misses()) == 1

        # the Satgas warns the TPPK (SKW 37(2)) and takes over (37(3), 38(1)d), on the journal
        await satgas.post(f"/school-reports/{reference}/warning", {})
        escalated = await satgas.post(f"/school-reports/{reference}/escalation", {})
        assert escalated["report"]["handler"] == "satgas"
        assert escalated["report"]["satgas_reasons"] == ["tppk_did_not_act"]
        # the TPPK no longer reaches the report
        await tppk.get(f"/school-reports/{reference}", status=404)
        routed = [r for r in outbox(disdik) if r["event_type"] == "id.rujukan.school.routed.v1"]
        assert [r["topic"] for r in routed] == ["rujukan.journal.skw-disdik"]


async def test_a_tppk_report_goes_from_examination_to_a_final_objection_decision_skw_36_to_64(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(broker, db_kind, tmp_path, {"skw-disdik": AgencyKind.EDUCATION}) as net:
        disdik = net["skw-disdik"]
        staff = staff_of(disdik)
        tppk = staff["tppk"]
        name = a_name()
        opened = await tppk.post(
            "/school-reports",
            {
                "channel": "phone",
                "schools": [SCHOOL],
                "parties": [pupil("v1", "victim", "reporter"), pupil("p1", "reported")],
                "identities": [identity_of("v1", name)],
                "forms": ["physical"],
            },
            status=201,
        )
        ref = opened["report"]["reference"]
        steps = f"/school-reports/{ref}"
        assert opened["report"]["handler"] == "tppk"  # SKW 37(1)
        # another school's TPPK learns nothing of it, not even that it exists
        await staff["other_tppk"].get(steps, status=404)
        await staff["other_tppk"].post(f"{steps}/summonses", {"party_id": "v1"}, status=404)
        await staff["other_tppk"].post(
            "/school-reports", {"channel": "phone", "schools": [SCHOOL]}, status=403
        )
        # BTG 18(2)b binds Batang, not Singkawang: no notice leaves by itself here
        assert opened["notices"] == []

        # SKW 51: no decision before the examination report (the state: 409)
        decision = {"finding": "proven", "signed_by": "school_head"}
        assert await tppk.refusal(f"{steps}/decision", decision, 409) == (
            "decision_follows_examination_report",
            "SKW Pasal 51",
        )
        # an unknown party: 404
        await tppk.post(f"{steps}/summonses", {"party_id": "nobody"}, status=404)

        await tppk.post(f"{steps}/statement-requests", {"party_id": "v1"})
        await tppk.post(f"{steps}/summonses", {"party_id": "v1"})
        summoned = await tppk.post(f"{steps}/summonses", {"party_id": "p1"})
        # SKW 43(2): a child victim's summons goes to the parents
        addressed = {s["party_id"]: s["addressed_to"] for s in summoned["report"]["summonses"]}
        assert addressed == {"v1": "parent_or_guardian", "p1": "person"}
        # SKW 47: the chair stops the examination; the stop goes to the school head, the
        # Kepala Dinas, the reported person and the reporter or victim (47(2)); new
        # evidence resumes it (48)
        stopped = await tppk.post(f"{steps}/stop", {"reason": "insufficient_evidence"})
        (stop,) = stopped["copies"]
        assert (stop["document"], stop["article"]) == ("examination_stop", "SKW Pasal 47(2)")
        assert [(c["recipient"], c["party_id"]) for c in stop["recipients"]] == [
            ("school_head", None),
            ("kepala_dinas", None),
            ("reported_person", "p1"),
            ("reporter_or_victim", "v1"),
        ]
        await tppk.post(f"{steps}/resume", {"new_evidence_ref": "FOTO-02/2026"})
        # SKW 45(2): a child victim is examined with a parent or guardian (the input: 422)
        examination = {"party_id": "v1", "official_record_ref": "BA-01"}
        assert await tppk.refusal(f"{steps}/examinations", examination, 422) == (
            "child_examined_with_parent_or_guardian",
            "SKW Pasal 45(2)",
        )
        for party_id, record in (("v1", "BA-01"), ("p1", "BA-02")):
            await tppk.post(
                f"{steps}/examinations",
                {
                    "party_id": party_id,
                    "official_record_ref": record,
                    "accompanied_by": ["parent_or_guardian"],
                },
            )
        reprimand = {"party_id": "p1", "tier": "light", "pupil_sanction": "written_reprimand"}
        await tppk.post(
            f"{steps}/conclusion",
            {
                "finding": "proven",
                "reported_party_ids": ["p1"],
                "forms": ["physical"],
                "recommendations": {"sanctions": [reprimand], "recovery_for": ["v1"]},
            },
        )
        decided = await tppk.post(
            f"{steps}/decision",
            {"finding": "proven", "signed_by": "school_head", "sanctions": [reprimand]},
        )
        # SKW 52(3): a copy of the decision to the reported pupil's parents
        copies = {c["recipient"] for c in decided["report"]["decision"]["copies"]}
        assert "parents_of_reported_pupil" in copies
        sent = {c["document"]: c for c in decided["copies"]}
        assert sent["decision"]["article"] == "SKW Pasal 52(2), 52(3)"
        assert [(c["recipient"], c["party_id"]) for c in sent["decision"]["recipients"]] == [
            ("reported_person", "p1"),
            ("dinas", None),
            ("parents_of_reported_pupil", "p1"),
        ]
        assert "decision" in {d["rule"] for d in decided["deadlines"]}  # SKW 51

        await tppk.post(f"{steps}/decision-receipts", {"party_id": "v1"})
        objected = await tppk.post(f"{steps}/objections", {"party_id": "v1"})
        assert objected["report"]["status"] == "objected"
        # SKW 61(2)a, 63(1): the Satgas decides an objection to the decision on the
        # TPPK's report; the TPPK, whose report it is, may not
        assert await tppk.refusal(f"{steps}/objection-decision", {"outcome": "upheld"}, 403) == (
            "objection_decided_by_the_next_body",
            "SKW Pasal 61(2), 63(1)",
        )
        final = await staff["satgas"].post(f"{steps}/objection-decision", {"outcome": "upheld"})
        assert final["report"]["status"] == "final"  # SKW 63(8)
        # SKW 63-64 name no recipients for the objection decision: nothing more is sent
        assert [c["document"] for c in final["copies"]] == ["examination_stop", "decision"]
        announced = journal_rows(disdik, "id.rujukan.school.copies_sent.v1")
        assert [r["topic"] for r in announced] == ["rujukan.journal.skw-disdik"] * 2
        bodies = [json.loads(r["value"]) for r in announced]
        assert [(b["document"], b["recipients"], b["copies"]) for b in bodies] == [
            (
                "examination_stop",
                ["school_head", "kepala_dinas", "reported_person", "reporter_or_victim"],
                4,
            ),
            ("decision", ["reported_person", "dinas", "parents_of_reported_pupil"], 3),
        ]
        assert [b["copies_id"] for b in bodies] == [c["copies_id"] for c in final["copies"]]
        # SKW 33, 44(2): the journal names kinds of recipient, never a person
        for row in outbox(disdik):
            assert name not in row["value"].decode()
            if row["topic"] == "rujukan.journal.skw-disdik":
                assert "party_id" not in json.loads(row["value"])
        # nothing of the handling after the final decision
        await tppk.post(f"{steps}/objections", {"party_id": "p1"}, status=409)

        # SKW 66(1)a: the victim who reported learns the outcome, without anyone's id
        process = await tppk.get(f"{steps}/process?party_id=v1")
        assert process["decision"]["finding"] == "proven"
        assert process["decision"]["sanctions"] == [
            {
                "tier": "light",
                "pupil_sanction": "written_reprimand",
                "staff_sanction": None,
                "civil_service_law": False,
            }
        ]
        assert process["objection_outcome"] == "upheld"
        assert "p1" not in str(process)
        await tppk.get(f"{steps}/process?party_id=p1", status=404)
