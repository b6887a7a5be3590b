"""The agency services (health, social, legal) proven through the real broker on SQLite
and PostgreSQL, around a stand-in intake hub: every answer and outcome reaches the
case's hub exactly once and in order per referral (LT Pasal 17(3)), an onward referral
keeps the chain visible, a restarted agency loses and duplicates nothing.

Each test runs on a broker of its own: a consumer group that another test's agency
left behind would make the next one wait for that member's session to expire."""

import asyncio
import logging
import uuid
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import AsyncExitStack, asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import httpx
import pytest
import sqlalchemy as sa

from ops.bench.autorespond import auto_responding
from ops.broker import LocalBroker, free_port
from ops.cli.account_cmds import agency_accounts
from ops.network import Member, Network
from rujukan.desk.rules import REFERRAL_KNOWN
from rujukan.runtime import tables
from rujukan.runtime.deadletters import DeadLetter, read_dead_letters
from rujukan.runtime.kafka_clients import operator_kafka
from rujukan.runtime.service import ServiceDefinition
from schemas.events import ChildIdentity, ReferralIssued
from schemas.vocabulary import ServiceType
from services.health import SERVICE as HEALTH
from services.legal import SERVICE as LEGAL
from services.social import SERVICE as SOCIAL
from tests.support.databases import database
from tests.support.keys import shared_keys
from tests.support.referrals import issued
from tests.support.services import FAST, RunningService, running
from tests.support.stand_in_hub import COMPANION, STAND_IN_HUB, hub_arrivals, refer
from tests.support.topology_check import assert_published_within_topology

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

T = TypeVar("T")

PUSKESMAS = "kh-puskesmas-putussibau-utara"
TODAY = datetime.now(UTC).date().isoformat()
CHILD_NAME = "Nama Anak Rahasia"

CALM = {
    "incarnation_check_interval_s": 2.0,
    "consumer_session_timeout_ms": 6000,
    "consumer_heartbeat_interval_ms": 1000,
}
"""Several services share this process's event loop here: probing the broker every
0.3 s and a 2 s session would starve it on a loaded machine and make the consumer
groups rebalance without end."""


async def until(probe: Callable[[], Awaitable[T | None]], timeout: float = 30.0) -> T:
    """Poll ``probe`` until it returns something truthy."""
    deadline = asyncio.get_running_loop().time() + timeout
    while True:
        value = await probe()
        if value:
            return value
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"condition not met within {timeout}s")
        await asyncio.sleep(0.05)


@asynccontextmanager
async def services(
    broker: LocalBroker,
    db_kind: str,
    tmp_path: Path,
    wanted: dict[str, ServiceDefinition],
    settings: dict[str, dict[str, Any]] | None = None,
) -> AsyncIterator[dict[str, RunningService]]:
    """Start ``wanted`` (agency id → service) at once, each on its own database, with
    the ``settings`` given for it. They join their consumer groups concurrently."""
    async with AsyncExitStack() as stack:
        started: dict[str, RunningService] = {}
        for agency_id, definition in wanted.items():
            url = stack.enter_context(database(db_kind, tmp_path))
            started[agency_id] = await stack.enter_async_context(
                running(
                    definition,
                    agency_id=agency_id,
                    bootstrap=broker.bootstrap_servers,
                    database_url=url,
                    wait_ready=False,
                    **(CALM | (settings or {}).get(agency_id, {})),
                )
            )
        await asyncio.gather(*(s.runtime.wait_ready(timeout=60) for s in started.values()))
        yield started
        assert_published_within_topology(s.runtime for s in started.values())


def referral(case_id: str, target: str, stage: str, service: str, **fields: Any) -> ReferralIssued:
    return issued(
        target=target,
        service=ServiceType(service),
        referral_id=f"r-{uuid.uuid4().hex[:12]}",
        case_id=case_id,
        stage=stage,
        **fields,
    )


async def queued(
    agency: httpx.AsyncClient, referral_id: str, status: str = "received"
) -> dict[str, Any]:
    async def probe() -> dict[str, Any] | None:
        response = await agency.get("/referrals", params={"status": status})
        found = [r for r in response.json()["referrals"] if r["referral_id"] == referral_id]
        return found[0] if found else None

    return await until(probe)


async def ok(response: httpx.Response, status: int = 200) -> Any:
    """The JSON body of a response that has ``status``."""
    assert response.status_code == status, response.text
    return response.json()


async def accept(agency: httpx.AsyncClient, referral_id: str) -> None:
    await queued(agency, referral_id)
    await ok(await agency.post(f"/referrals/{referral_id}/accept", json={}))


async def report(
    agency: httpx.AsyncClient, referral_id: str, *facts: dict[str, Any], **body: Any
) -> dict[str, Any]:
    payload = {"status": "completed", "final": False, "facts": list(facts), **body}
    made: dict[str, Any] = await ok(
        await agency.post(f"/referrals/{referral_id}/reports", json=payload), 201
    )
    return made


def story(arrivals: list[dict[str, Any]], referral_id: str) -> list[tuple[str, str | None]]:
    """What the hub received about one referral, in arrival order."""
    return [(a["event_type"], a["detail"]) for a in arrivals if a["referral_id"] == referral_id]


async def test_every_answer_and_outcome_reaches_the_hub_once_and_in_order(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
):
    caplog.set_level(logging.INFO)
    wanted = {
        "kh-hub": STAND_IN_HUB,
        PUSKESMAS: HEALTH,
        "kh-rsud": HEALTH,
        "kh-polres": LEGAL,
        "kh-imigrasi": LEGAL,
        "kh-dinsos": SOCIAL,
    }
    async with services(own_broker, db_kind, tmp_path, wanted) as net:
        hub = net["kh-hub"].runtime
        pkm, rsud = net[PUSKESMAS].http, net["kh-rsud"].http
        polres, imigrasi, dinsos = (net[a].http for a in ("kh-polres", "kh-imigrasi", "kh-dinsos"))
        case_id = f"c-{uuid.uuid4().hex[:12]}"
        child = ChildIdentity(name=CHILD_NAME, sex="female", estimated_age=14)
        to_pkm = referral(case_id, PUSKESMAS, "REHABILITASI_KESEHATAN", "health", child=child)
        to_polres = referral(case_id, "kh-polres", "IDENTIFIKASI", "identification")
        to_imigrasi = referral(case_id, "kh-imigrasi", "IDENTIFIKASI", "identification")
        to_dinsos = referral(case_id, "kh-dinsos", "PENAMPUNGAN", "shelter")
        refer(hub, [to_pkm, to_polres, to_imigrasi, to_dinsos])

        # the puskesmas examines the child and refers her on to the RSUD for a visum
        await accept(pkm, to_pkm.referral_id)
        detail = await ok(await pkm.get(f"/referrals/{to_pkm.referral_id}"))
        assert detail["child"]["name"] == CHILD_NAME  # shown to the agency's staff
        await report(pkm, to_pkm.referral_id, {"kind": "medical_examination", "examined_on": TODAY})
        onward = await ok(
            await pkm.post(
                f"/referrals/{to_pkm.referral_id}/onward",
                json={"target_id": "kh-rsud", "note": "Visum needed"},
            ),
            201,
        )
        onward_id = onward["onward"]["onward_referral_id"]
        await report(
            pkm,
            to_pkm.referral_id,
            {"kind": "treatment", "phase": "started"},
            status="partially_completed",
            final=True,
        )

        # the RSUD receives the onward referral, examines and issues the visum
        rsud_referral = await queued(rsud, onward_id)
        assert rsud_referral["parent_referral_id"] == to_pkm.referral_id
        assert rsud_referral["hub_id"] == "kh-hub"
        await accept(rsud, onward_id)
        await report(
            rsud,
            onward_id,
            {"kind": "medical_examination", "examined_on": TODAY},
            {"kind": "visum_issued", "document_ref": "VER/12/XI/2026", "issued_on": TODAY},
            document_ref="440/12/RSUD/2026",
        )
        await report(rsud, onward_id, {"kind": "treatment", "phase": "completed"}, final=True)

        # the Polres identifies and registers the police report; Imigrasi checks its data
        await accept(polres, to_polres.referral_id)
        await report(
            polres,
            to_polres.referral_id,
            {"kind": "identification_done"},
            {"kind": "police_report_registered", "report_number": "LP/B/12/XI/2026"},
            final=True,
        )
        await accept(imigrasi, to_imigrasi.referral_id)
        await report(
            imigrasi,
            to_imigrasi.referral_id,
            {"kind": "immigration_identification", "result": "indonesian_citizen_confirmed"},
            final=True,
        )

        # Dinas Sosial shelters the child in its rumah singgah
        await accept(dinsos, to_dinsos.referral_id)
        await report(
            dinsos, to_dinsos.referral_id, {"kind": "shelter_admitted", "admitted_on": TODAY}
        )
        await report(
            dinsos,
            to_dinsos.referral_id,
            {"kind": "shelter_discharged", "discharged_on": TODAY},
            final=True,
        )

        finals = {to_pkm.referral_id, onward_id, to_polres.referral_id, to_imigrasi.referral_id}
        finals.add(to_dinsos.referral_id)

        async def all_final() -> list[dict[str, Any]] | None:
            arrived = hub_arrivals(hub, case_id)
            closed = {a["referral_id"] for a in arrived if "final" in (a["detail"] or "")}
            return arrived if closed == finals else None

        arrivals = await until(all_final)
        await asyncio.sleep(0.3)  # anything late would be a duplicate
        arrivals = hub_arrivals(hub, case_id)

        assert len({a["event_id"] for a in arrivals}) == len(arrivals)
        received, accepted = ("referral.received", None), ("referral.accepted", None)
        assert story(arrivals, to_pkm.referral_id) == [
            received,
            accepted,
            ("service.reported", "completed [medical_examination]"),
            ("service.reported", "completed [referred_on]"),
            ("service.reported", "partially_completed final [treatment]"),
        ]
        assert story(arrivals, onward_id) == [
            ("referral.issued", f"{PUSKESMAS}->kh-rsud parent={to_pkm.referral_id}"),
            received,
            accepted,
            ("service.reported", "completed [medical_examination,visum_issued]"),
            ("service.reported", "completed final [treatment]"),
        ]
        assert story(arrivals, to_polres.referral_id) == [
            received,
            accepted,
            ("service.reported", "completed final [identification_done,police_report_registered]"),
        ]
        assert story(arrivals, to_imigrasi.referral_id) == [
            received,
            accepted,
            ("service.reported", "completed final [immigration_identification]"),
        ]
        assert story(arrivals, to_dinsos.referral_id) == [
            received,
            accepted,
            ("service.reported", "completed [shelter_admitted]"),
            ("service.reported", "completed final [shelter_discharged]"),
        ]
        answers = [a for a in arrivals if a["referral_id"] == to_polres.referral_id]
        assert {a["causation_id"] for a in answers} == {
            str(_issued_event_id(net["kh-polres"], to_polres.referral_id))
        }

        # the hub's proof of delivery comes back to each report (LT Pasal 17(3))
        async def delivered() -> dict[str, Any] | None:
            detail = await ok(await rsud.get(f"/referrals/{onward_id}"))
            reports = detail["reports"]
            return detail if all(r["reached_companion"] for r in reports) else None

        rsud_detail = await until(delivered)
        assert rsud_detail["status"] == "completed"
        assert [r["reached_companion"]["companion_id"] for r in rsud_detail["reports"]] == [
            COMPANION,
            COMPANION,
        ]
        pkm_detail = await ok(await pkm.get(f"/referrals/{to_pkm.referral_id}"))
        assert pkm_detail["status"] == "completed"
        assert [o["target_id"] for o in pkm_detail["onward"]] == ["kh-rsud"]

        # the child's identity, sent by the hub to the puskesmas only, never left it
        for agency_id, running_service in net.items():
            if agency_id != "kh-hub":
                assert CHILD_NAME.encode() not in _outbox_bytes(running_service), agency_id
        assert CHILD_NAME not in caplog.text


def _issued_event_id(service: RunningService, referral_id: str) -> str:
    from rujukan.desk import tables as desk_tables

    with service.runtime.engine.connect() as connection:
        return str(
            connection.execute(
                sa.select(desk_tables.referral.c.issued_event_id).where(
                    desk_tables.referral.c.referral_id == referral_id
                )
            ).scalar_one()
        )


def _outbox_bytes(service: RunningService) -> bytes:
    with service.runtime.engine.connect() as connection:
        rows = connection.execute(sa.select(tables.outbox.c.value, tables.outbox.c.headers))
        return b"".join(bytes(value) + str(headers).encode() for value, headers in rows)


@asynccontextmanager
async def polres_process(
    broker: LocalBroker, database_url: str, tmp_path: Path
) -> AsyncIterator[tuple[Network, httpx.AsyncClient]]:
    """The Polres as its own process (``rujukan serve kh-polres``), so that it can be
    killed like a crash: no clean stop, no offsets committed on the way out."""
    member = Member("kh-polres", free_port())
    network = Network(
        data_dir=tmp_path / "network",
        members=[member],
        bootstrap_servers=broker.bootstrap_servers,
        database_url=database_url,
        keys_home=shared_keys().root,  # the keys the in-process hub reads
        extra_env={
            "RUJUKAN_LOG_JSON": "false",
            **{f"RUJUKAN_{name.upper()}": str(value) for name, value in FAST.items()},
            # the keys the in-process hub seals to and verifies with
            **{
                f"RUJUKAN_{name.upper()}": str(value)
                for name, value in shared_keys().settings("kh-polres").items()
            },
        },
    )
    with agency_accounts("kh-polres", database_url, create=True) as accounts:
        accounts.add("staff", "Staff", ["desk_staff"], replace=True)
        staff = {"Authorization": f"Bearer {accounts.issue_token('staff')}"}
    try:
        async with httpx.AsyncClient(base_url=member.url, timeout=10.0, headers=staff) as client:
            yield network, client
    finally:
        network.stop()


async def start(network: Network) -> None:
    network.start_member("kh-polres")
    await asyncio.to_thread(network.wait_ready, 60.0)


async def test_an_agency_killed_mid_flow_loses_nothing_and_duplicates_nothing(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path
):
    with database(db_kind, tmp_path) as polres_db:
        async with (
            services(own_broker, db_kind, tmp_path, {"kh-hub": STAND_IN_HUB}) as net,
            polres_process(own_broker, polres_db, tmp_path) as (network, polres),
        ):
            hub = net["kh-hub"].runtime
            await start(network)
            case_id = f"c-{uuid.uuid4().hex[:12]}"
            first = referral(case_id, "kh-polres", "IDENTIFIKASI", "identification")
            shelter = referral(case_id, "kh-polres", "PENAMPUNGAN", "shelter")
            refer(hub, [first, shelter])
            await accept(polres, first.referral_id)
            await queued(polres, shelter.referral_id)
            network.kill("kh-polres")  # kill -9 right after the accept committed

            later = referral(case_id, "kh-polres", "PEMULANGAN", "repatriation")
            refer(hub, [later])  # waits in Kafka while the Polres is down
            await start(network)  # the same database

            await report(
                polres,
                first.referral_id,
                {"kind": "identification_done"},
                {"kind": "police_report_registered", "report_number": "LP/B/7/XI/2026"},
                final=True,
            )
            await ok(await polres.post(f"/referrals/{shelter.referral_id}/accept", json={}))
            await report(
                polres, shelter.referral_id, {"kind": "shelter_admitted", "admitted_on": TODAY}
            )
            await accept(polres, later.referral_id)
            network.kill("kh-polres")  # and once more, with reports in flight
            await start(network)
            await report(
                polres,
                later.referral_id,
                {"kind": "repatriation", "origin": "Kuching, Sarawak", "destination": "Badau"},
                final=True,
            )

            expected = {
                first.referral_id: 3,  # received, accepted, final report
                shelter.referral_id: 3,  # received, accepted, report
                later.referral_id: 3,
            }

            async def complete() -> list[dict[str, Any]] | None:
                arrived = hub_arrivals(hub, case_id)
                counts = Counter(a["referral_id"] for a in arrived)
                return arrived if counts == expected else None

            await until(complete, timeout=60)
            await asyncio.sleep(1.0)  # anything re-sent after the restart would show now
            arrivals = hub_arrivals(hub, case_id)

            assert len({a["event_id"] for a in arrivals}) == len(arrivals)
            steps = Counter((a["referral_id"], a["event_type"], a["detail"]) for a in arrivals)
            assert set(steps.values()) == {1}
            for referral_id in expected:
                assert [t for t, _ in story(arrivals, referral_id)] == [
                    "referral.received",
                    "referral.accepted",
                    "service.reported",
                ]
            detail = await ok(await polres.get(f"/referrals/{first.referral_id}"))
            assert detail["status"] == "completed"
            assert len(detail["sent"]) == 3


async def test_a_capacity_notice_reaches_the_district_hub(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path
):
    wanted = {"kh-hub": STAND_IN_HUB, "kh-dinsos": SOCIAL}
    async with services(own_broker, db_kind, tmp_path, wanted) as net:
        hub, dinsos = net["kh-hub"].runtime, net["kh-dinsos"].http
        notice = {"service": "shelter", "available": 3, "capacity": 8}
        sent = await ok(await dinsos.post("/capacity", json=notice), 201)
        assert sent["sent_to"] == ["kh-hub"]

        async def arrived() -> list[dict[str, Any]] | None:
            arrived = hub_arrivals(hub, "kh-dinsos")
            return [a for a in arrived if a["event_type"] == "agency.capacity_noticed"]

        (notice_at_hub,) = await until(arrived)
        assert notice_at_hub["detail"] == "shelter:3/8"
        latest = await ok(await dinsos.get("/capacity"))
        assert [(c["service"], c["available"]) for c in latest] == [("shelter", 3)]

        refused = await dinsos.post("/capacity", json={"service": "health", "available": 1})
        assert refused.status_code == 422
        assert refused.json()["rule"] == "capacity_for_a_listed_service"
        assert refused.json()["article"] == "KH Lampiran I"
        huge = "8285" + "0" * 30  # past SQLite's and PostgreSQL's integers: never sent
        too_many = await dinsos.post(
            "/capacity", json={"service": "shelter", "available": int(huge)}
        )
        assert too_many.status_code == 422
        assert too_many.headers["content-type"] == "application/problem+json"
        far = await dinsos.get("/referrals", params={"offset": huge})
        assert far.status_code == 422
        assert [e["loc"] for e in far.json()["errors"]] == [["query", "offset"]]


async def test_a_report_whose_fact_does_not_fit_the_service_is_refused_naming_the_rule(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path
):
    wanted = {"kh-hub": STAND_IN_HUB, "kh-dinsos": SOCIAL}
    async with services(own_broker, db_kind, tmp_path, wanted) as net:
        hub, dinsos = net["kh-hub"].runtime, net["kh-dinsos"].http
        case_id = f"c-{uuid.uuid4().hex[:12]}"
        shelter = referral(case_id, "kh-dinsos", "PENAMPUNGAN", "shelter")
        refer(hub, [shelter])
        await accept(dinsos, shelter.referral_id)

        url = f"/referrals/{shelter.referral_id}/reports"
        facts = [{"kind": "visum_issued", "document_ref": "VER/1/2026", "issued_on": TODAY}]
        refused = await dinsos.post(url, json={"status": "completed", "facts": facts})
        assert refused.status_code == 422
        assert refused.json()["rule"] == "fact_fits_service"
        assert "visum_issued" in refused.json()["detail"]

        malformed = await dinsos.post(url, json={"status": "done"})
        assert malformed.status_code == 422
        assert malformed.json()["errors"][0]["loc"] == ["body", "status"]
        unknown = await dinsos.post("/referrals/r-unknown/accept", json={})
        assert unknown.status_code == 404
        again = await dinsos.post(f"/referrals/{shelter.referral_id}/accept", json={})
        assert again.status_code == 409
        assert again.json()["rule"] == "referral_state_machine"
        other = {"reason": "other"}
        declined = await dinsos.post(f"/referrals/{shelter.referral_id}/decline", json=other)
        assert declined.status_code == 409  # accepted already: the state refuses first

        detail = await ok(await dinsos.get(f"/referrals/{shelter.referral_id}"))
        assert (detail["status"], detail["reports"]) == ("accepted", [])
        await asyncio.sleep(0.3)
        types = [a["event_type"] for a in hub_arrivals(hub, case_id)]
        assert types == ["referral.received", "referral.accepted"]


async def test_auto_respond_answers_and_reports_every_referral_at_once(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path
):
    wanted = {"kh-hub": STAND_IN_HUB, PUSKESMAS: auto_responding(HEALTH)}
    settings = {PUSKESMAS: {"auto_respond": True}}
    async with services(own_broker, db_kind, tmp_path, wanted, settings) as net:
        hub, pkm = net["kh-hub"], net[PUSKESMAS]
        case_id = f"c-{uuid.uuid4().hex[:12]}"
        health = referral(case_id, PUSKESMAS, "REHABILITASI_KESEHATAN", "health")
        refer(hub.runtime, [health])

        async def answered() -> list[dict[str, Any]] | None:
            arrived = hub_arrivals(hub.runtime, case_id)
            return arrived if len(arrived) == 3 else None

        arrivals = await until(answered)
        assert story(arrivals, health.referral_id) == [
            ("referral.received", None),
            ("referral.accepted", None),
            ("service.reported", "completed final [service_note]"),
        ]
        detail = await ok(await pkm.http.get(f"/referrals/{health.referral_id}"))
        assert detail["status"] == "completed"


async def test_a_cancelled_referral_takes_no_answer_and_an_unknown_one_is_dead_lettered(
    own_broker: LocalBroker, db_kind: str, tmp_path: Path
):
    from schemas.events import ReferralCancelled

    wanted = {"kh-hub": STAND_IN_HUB, "kh-imigrasi": LEGAL}
    async with services(own_broker, db_kind, tmp_path, wanted) as net:
        hub, imigrasi = net["kh-hub"].runtime, net["kh-imigrasi"]
        case_id = f"c-{uuid.uuid4().hex[:12]}"
        legal = referral(case_id, "kh-imigrasi", "BANTUAN_HUKUM", "legal")
        refer(hub, [legal])
        await queued(imigrasi.http, legal.referral_id)
        inbox = imigrasi.runtime.agency.inbox_topic
        with hub.unit_of_work() as uow:
            for referral_id in (legal.referral_id, "r-never-issued"):
                cancel = ReferralCancelled(
                    case_id=case_id,
                    referral_id=referral_id,
                    referrer_id="kh-hub",
                    reason="Plan changed",
                )
                uow.publish(cancel, topic=inbox)
            uow.commit()

        await queued(imigrasi.http, legal.referral_id, status="cancelled")
        refused = await imigrasi.http.post(f"/referrals/{legal.referral_id}/accept", json={})
        assert refused.status_code == 409

        async def dead_letters() -> list[DeadLetter] | None:
            letters = await read_dead_letters(
                operator_kafka(own_broker.bootstrap_servers),
                imigrasi.runtime.agency.dead_letter_topic,
            )
            return [d for d in letters if d.case_id == case_id] or None

        (letter,) = await until(dead_letters)
        assert letter.reason == f"handler failed: RuleViolation: rule {REFERRAL_KNOWN.name}"
