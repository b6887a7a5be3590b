"""The intake hub through its HTTP API, with referrals crossing the real broker to
stand-in agency services, on SQLite and PostgreSQL: a Kapuas Hulu trafficking case and a
Luwu Timur child-violence case from complaint to termination, a complaint from another
agency, refusals that write nothing, and where the child's identity travels."""

import re
import uuid
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from ops.broker import LocalBroker
from rujukan.runtime import tables as runtime_tables
from rujukan.runtime.service import AgencyRuntime
from schemas.envelope import H_TYPE, header_map
from schemas.events import ChildIdentity, ComplaintSubmitted, OutcomeAcknowledged
from services.intake import SERVICE as HUB
from services.intake import tables
from services.intake.repository import CaseRepository
from tests.support.databases import database
from tests.support.hub_api import COMPANION, Api, a_name
from tests.support.keys import signed_record
from tests.support.responder_service import ACCEPT_ONLY, DECLINE, RESPONDER, received_events
from tests.support.services import RunningService, eventually, running_together

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

TODAY = datetime.now(UTC).date()


# --- helpers ------------------------------------------------------------------------------


@asynccontextmanager
async def network(
    tmp_path: Path, db_kind: str, broker: LocalBroker, hub_id: str, responders: list[str]
) -> AsyncIterator[dict[str, RunningService]]:
    """The hub on ``db_kind``; each stand-in responder on its own SQLite file."""
    with database(db_kind, tmp_path) as hub_db:
        services = {hub_id: (HUB, hub_db)} | {
            agency_id: (RESPONDER, f"sqlite:///{tmp_path / f'{agency_id}.db'}")
            for agency_id in responders
        }
        async with running_together(services, bootstrap=broker.bootstrap_servers) as running:
            yield running


def journal_length(runtime: AgencyRuntime, case_id: str) -> int:
    with runtime.read_sessions() as session:
        return CaseRepository(session).journal_length(case_id)


def outbox_size(runtime: AgencyRuntime) -> int:
    with runtime.engine.connect() as connection:
        count = connection.execute(sa.select(sa.func.count()).select_from(runtime_tables.outbox))
        return int(count.scalar_one())


async def read_topic(
    bootstrap: str, topic: str
) -> list[tuple[bytes | None, dict[str, str], bytes]]:
    """Every record of ``topic`` from its beginning: key, headers, value."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        await consumer.topics()
        partitions = [TopicPartition(topic, p) for p in consumer.partitions_for_topic(topic) or ()]
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[tuple[bytes | None, dict[str, str], bytes]] = []
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            batch = await consumer.getmany(timeout_ms=500)
            for got in batch.values():
                records.extend((r.key, header_map(r.headers), r.value or b"") for r in got)
        return records
    finally:
        await consumer.stop()


# --- (1) Kapuas Hulu: a trafficking case ----------------------------------------------------


async def test_a_kapuas_hulu_trafficking_case_runs_from_complaint_to_termination(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    responders = ["kh-rsud", "kh-dinsos", "kh-polres", "kh-bagian-hukum"]
    async with network(tmp_path, db_kind, broker, "kh-hub", responders) as agencies:
        api = Api(agencies["kh-hub"].http)
        siti = Api(agencies["kh-hub"].client_for("comp-siti", "companion"))
        case_id = await api.open_case(a_name(), channel="hotline_129")

        # LT Pasal 10: emergency handling before registration
        case = await api.post(
            f"/cases/{case_id}/emergency",
            {
                "action": "Moved to the transit house",
                "handled_by": "comp-siti",
                "handler_role": "social_worker",
            },
        )
        assert case["phase"] == "complaint_received"
        assert case["emergency_actions"][0]["action"] == "Moved to the transit house"

        registered = await api.to_contract(case_id, "trafficking")
        assert re.fullmatch(rf"KH/{TODAY.year}/\d{{4}}", registered["case_number"])
        assert registered["category"] == "trafficking"
        await api.assess(case_id, ["health", "shelter", "legal", "social_rehabilitation"])

        shelters = await api.get("/matrix/kapuas-hulu/targets?stage=PENAMPUNGAN")
        assert {(t["agency_id"], t["online"]) for t in shelters} == {
            ("kh-dinsos", True),
            ("kh-polres", True),
        }
        await api.plan(
            case_id,
            "kh-hub",
            [
                ("REHABILITASI_KESEHATAN", "health", "kh-rsud"),
                ("PENAMPUNGAN", "shelter", "kh-dinsos"),
                ("BANTUAN_HUKUM", "legal", "kh-bagian-hukum"),
                ("REHABILITASI_SOSIAL", "social_rehabilitation", "kh-merangat"),
            ],
        )

        health = await api.refer(case_id, "REHABILITASI_KESEHATAN", "kh-rsud")
        shelter = await api.refer(case_id, "PENAMPUNGAN", "kh-dinsos", note=DECLINE)
        legal = await api.refer(case_id, "BANTUAN_HUKUM", "kh-bagian-hukum")
        ngo = await api.refer(case_id, "REHABILITASI_SOSIAL", "kh-merangat")
        assert health["published_to"] == "rujukan.inbox.kh-rsud"
        assert health["identity_sent"]
        assert legal["identity_sent"]
        assert ngo["published_to"] is None
        assert ngo["referral"]["offline"]

        # declined by the Dinas Sosial, re-routed within PENAMPUNGAN to the Polres
        shelter_id = shelter["referral"]["referral_id"]
        await api.status_becomes(case_id, shelter_id, "declined")
        rerouted = await api.post(
            f"/cases/{case_id}/referrals/{shelter_id}/reroute", {"target_id": "kh-polres"}
        )
        polres_id = rerouted["referral"]["referral_id"]
        assert rerouted["published_to"] == "rujukan.inbox.kh-polres"
        for referral in (health, legal):
            await api.status_becomes(case_id, referral["referral"]["referral_id"], "completed")
        await api.status_becomes(case_id, polres_id, "completed")
        chain = await api.get(f"/cases/{case_id}/referrals/{polres_id}/chain")
        assert [(a["target_id"], a["status"]) for a in chain["attempts"]] == [
            ("kh-dinsos", "declined"),
            ("kh-polres", "completed"),
        ]
        assert chain["attempts"][0]["decline_reason"] == "no_capacity"
        issued_to_polres = received_events(agencies["kh-polres"].runtime, case_id)[0]["data"]
        assert issued_to_polres["predecessor_id"] == shelter_id

        # the NGO runs no software: its answer and report recorded by hand
        ngo_id = ngo["referral"]["referral_id"]
        await api.post(
            f"/cases/{case_id}/referrals/{ngo_id}/offline-answer",
            {"decision": "accepted", "note": "Letter 12/MF/2026"},
        )
        await api.post(
            f"/cases/{case_id}/referrals/{ngo_id}/offline-report",
            {
                "status": "completed",
                "final": True,
                "facts": [{"kind": "service_note", "summary": "Six sessions held"}],
                "document_ref": "15/MF/2026",
            },
        )

        monitoring = await api.get(f"/cases/{case_id}/monitoring")
        assert [
            (ln["stage"], ln["target_id"], ln["attempts"], ln["delivered"])
            for ln in monitoring["lines"]
        ] == [
            ("REHABILITASI_KESEHATAN", "kh-rsud", 1, True),
            ("PENAMPUNGAN", "kh-polres", 2, True),
            ("BANTUAN_HUKUM", "kh-bagian-hukum", 1, True),
            ("REHABILITASI_SOSIAL", "kh-merangat", 1, True),
        ]
        assert all(ln["reports"] for ln in monitoring["lines"])

        # LT Pasal 17(3): every answer and result reached the companion's inbox; the
        # loops close as the companion acknowledges them.
        inbox = await api.get("/companions/comp-siti/inbox")
        assert {item["agency_id"] for item in inbox} >= {
            "kh-rsud",
            "kh-polres",
            "kh-bagian-hukum",
            "kh-merangat",
        }
        assert (await api.get(f"/cases/{case_id}"))["open_loops"] > 0
        # the signed-in companion acknowledges, whatever the body says (LT Pasal 17(3))
        budi = agencies["kh-hub"].client_for("comp-budi", "companion")
        for item in inbox:
            path = f"/cases/{item['case_id']}/outcomes/{item['outcome_id']}/acknowledgement"
            forged = await budi.post(path, json={"companion_id": "comp-siti"})
            assert forged.status_code == 404
            await siti.post(path, {"companion_id": "sup-ani"})
        assert await api.get("/companions/comp-siti/inbox") == []
        with agencies["kh-hub"].runtime.engine.connect() as connection:
            acknowledged = connection.execute(
                sa.select(tables.journal.c.payload).where(
                    tables.journal.c.case_id == case_id,
                    tables.journal.c.kind == OutcomeAcknowledged.event_type,
                )
            ).scalars()
            by = {payload["companion_id"] for payload in acknowledged}
        assert by == {"comp-siti"}

        await siti.post(
            f"/cases/{case_id}/evaluation",
            {"companion_id": "sup-ani", "physically_and_mentally_well": True},  # body ignored
        )
        case = await api.post(f"/cases/{case_id}/termination", {"reason": "services_completed"})
        assert case["phase"] == "terminated"
        assert case["termination"]["reason"] == "services_completed"
        assert case["open_loops"] == 0
        assert case["refused_inbound"] == []
        listed = await api.get("/cases")
        assert {"case_id": case_id, "phase": "terminated", "open_loops": 0}.items() <= next(
            c for c in listed if c["case_id"] == case_id
        ).items()


# --- (2) Luwu Timur: a child-violence case, referred elsewhere ------------------------------


async def test_a_luwu_timur_case_referred_elsewhere_cancels_its_open_referral(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(tmp_path, db_kind, broker, "lt-hub", ["lt-rsud", "lt-polres"]) as agencies:
        api = Api(agencies["lt-hub"].http)
        siti = Api(agencies["lt-hub"].client_for("comp-siti", "companion"))
        case_id = await api.open_case(
            a_name(), channel="walk_in", suspected_category="physical_violence"
        )
        registered = await api.to_contract(case_id, "physical_violence")
        assert re.fullmatch(rf"LT/{TODAY.year}/\d{{4}}", registered["case_number"])
        await api.assess(case_id, ["health", "psychology", "legal"])
        stages = await api.get("/matrix/luwu-timur/stages")
        assert "LAYANAN_HUKUM" in [s["stage"] for s in stages]
        await api.plan(
            case_id,
            "lt-hub",
            [
                ("LAYANAN_KESEHATAN", "health", "lt-rsud"),
                ("LAYANAN_PSIKOLOGI", "psychology", "lt-hub"),
                ("LAYANAN_HUKUM", "legal", "lt-polres"),
            ],
        )
        health = await api.refer(case_id, "LAYANAN_KESEHATAN", "lt-rsud")
        own = await api.refer(case_id, "LAYANAN_PSIKOLOGI", "lt-hub")
        police = await api.refer(case_id, "LAYANAN_HUKUM", "lt-polres", note=ACCEPT_ONLY)
        assert own["published_to"] is None  # the hub's own psychologist: no event to itself
        police_id = police["referral"]["referral_id"]
        await api.status_becomes(case_id, health["referral"]["referral_id"], "completed")
        await api.status_becomes(case_id, police_id, "accepted")

        case = await api.post(
            f"/cases/{case_id}/termination",
            {"reason": "referred_elsewhere", "referred_to": "UPTD PPA Provinsi Sulawesi Selatan"},
        )
        assert case["phase"] == "terminated"
        statuses = {r["target_id"]: r["status"] for r in case["referrals"]}
        assert statuses == {"lt-rsud": "completed", "lt-hub": "cancelled", "lt-polres": "cancelled"}

        def cancelled_at_the_polres() -> list[dict[str, Any]]:
            return [
                e
                for e in received_events(agencies["lt-polres"].runtime, case_id)
                if e["event_type"] == "id.rujukan.referral.cancelled.v1"
            ]

        (cancelled,) = await eventually(cancelled_at_the_polres)
        assert cancelled["referral_id"] == police_id
        assert cancelled["data"]["reason"] == "Case terminated: referred_elsewhere"
        refused = await siti.post(
            f"/cases/{case_id}/evaluation", {"physically_and_mentally_well": True}, status=409
        )
        assert refused["article"] == "LT Pasal 20(1)"


# --- (3) a complaint from another agency ---------------------------------------------------


async def test_a_complaint_submitted_by_another_agency_opens_a_case(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(tmp_path, db_kind, broker, "kh-hub", []) as agencies:
        hub = agencies["kh-hub"]
        api = Api(hub.http)
        name = a_name()
        case_id = f"c-pol-{uuid.uuid4().hex[:8]}"
        complaint = ComplaintSubmitted(
            case_id=case_id,
            channel="agency_letter",
            complainant="agency",
            request_letter_ref="B/112/XI/2026/Reskrim",
            suspected_category="trafficking",
            child=ChildIdentity(name=name, sex="male", estimated_age=15),
            summary="Found at the border crossing without documents",
        )
        unlettered_id = f"c-pol-{uuid.uuid4().hex[:8]}"
        unlettered = complaint.model_copy(
            update={"case_id": unlettered_id, "request_letter_ref": None}
        )
        await produce(broker, "rujukan.inbox.kh-hub", [complaint, unlettered], source="kh-polres")

        async def opened() -> bool:
            return (await hub.http.get(f"/cases/{case_id}")).status_code == 200

        await eventually(opened)
        case = await api.get(f"/cases/{case_id}")
        assert case["phase"] == "complaint_received"
        assert case["complaint"]["channel"] == "agency_letter"
        assert case["complaint"]["request_letter_ref"] == "B/112/XI/2026/Reskrim"
        assert name not in str(case)
        # no one reads the identity before a companion is assigned
        await api.get(f"/cases/{case_id}/identity", status=404)
        await api.post(f"/cases/{case_id}/registration", {"category": "trafficking"})
        await api.post(f"/cases/{case_id}/companion", COMPANION)
        identity = await Api(hub.client_for("comp-siti", "companion")).get(
            f"/cases/{case_id}/identity"
        )
        assert identity["child"]["name"] == name
        assert identity["case_information"] == "Found at the border crossing without documents"

        async def refused() -> list[dict[str, Any]]:
            rows = await api.get("/refused-inbound")
            return [r for r in rows if r["case_id"] == unlettered_id]

        (row,) = await eventually(refused)
        assert row["source"] == "kh-polres"
        assert row["rule"] == "agency_report_needs_request_letter"
        assert row["article"] == "LT Pasal 9(2)"
        assert (await hub.http.get(f"/cases/{unlettered_id}")).status_code == 404


async def produce(broker: LocalBroker, topic: str, events: list[Any], *, source: str) -> None:
    """Publish as ``source`` would: sealed to the topic's agency, signed."""
    producer = AIOKafkaProducer(bootstrap_servers=broker.bootstrap_servers, acks="all")
    await producer.start()
    try:
        for event in events:
            encoded = signed_record(event, source=source, topic=topic)
            await producer.send_and_wait(
                topic, encoded.value, key=encoded.key, headers=encoded.headers
            )
    finally:
        await producer.stop()


# --- (4) refusals name the rule and write nothing -------------------------------------------


async def test_refused_commands_name_the_rule_and_write_nothing(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(tmp_path, db_kind, broker, "kh-hub", []) as agencies:
        hub = agencies["kh-hub"]
        api = Api(hub.http)
        case_id = await api.open_case(a_name())

        async def refused(path: str, body: dict[str, Any], status: int) -> dict[str, Any]:
            before = (journal_length(hub.runtime, case_id), outbox_size(hub.runtime))
            answer = await api.post(path, body, status=status)
            after = (journal_length(hub.runtime, case_id), outbox_size(hub.runtime))
            assert after == before, f"{path} wrote something although refused"
            return dict(answer)

        plan: dict[str, list[Any]] = {"participants": [], "services": []}
        early = await refused(f"/cases/{case_id}/plan", plan, 409)
        assert early["rule"] == "plan_after_assessment"
        assert "LT Pasal 16" in early["article"]

        await api.to_contract(case_id, "trafficking")
        second = await refused(
            f"/cases/{case_id}/companion",
            {
                "companion_id": "comp-budi",
                "role": "social_welfare_worker",
                "assignment_letter_ref": "800/113/DINSOS/2026",
            },
            409,
        )
        assert second["rule"] == "one_companion_per_case"
        assert second["article"] == "LT Pasal 7(3)"

        outside = await refused(
            f"/cases/{case_id}/referrals",
            {"stage": "BANTUAN_HUKUM", "target_id": "kh-rsud", "emergency": True},
            422,
        )
        assert outside["rule"] == "target_in_district_matrix"
        assert outside["article"] == "KH Lampiran I"

        missing = await refused(f"/cases/{case_id}/registration", {}, 422)
        assert missing["errors"][0]["loc"] == ["body", "category"]
        no_channel = await api.post(
            "/complaints",
            {"complainant": "family", "child": {"name": "x", "sex": "male", "estimated_age": 9}},
            status=422,
        )
        assert no_channel["errors"][0]["loc"] == ["body", "channel"]

        case = await api.get(f"/cases/{case_id}")
        assert case["companion"]["companion_id"] == "comp-siti"
        assert case["companion_history"] == []
        assert case["referrals"] == []


# --- (5) where the child's identity travels ------------------------------------------------


async def test_the_identity_travels_only_with_referrals_that_need_it(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    async with network(tmp_path, db_kind, broker, "kh-hub", ["kh-rsud", "kh-dinsos"]) as agencies:
        api = Api(agencies["kh-hub"].http)
        name = a_name()
        case_id = await api.open_case(name)
        await api.planned(
            case_id,
            "kh-hub",
            [
                ("REHABILITASI_KESEHATAN", "health", "kh-rsud"),
                ("REHABILITASI_SOSIAL", "psychology", "kh-dinsos"),
            ],
        )
        health = await api.refer(case_id, "REHABILITASI_KESEHATAN", "kh-rsud")
        psychology = await api.refer(case_id, "REHABILITASI_SOSIAL", "kh-dinsos")
        assert health["identity_sent"] is True
        assert psychology["identity_sent"] is False

        def issued(agency_id: str) -> list[dict[str, Any]]:
            return [
                e["data"]
                for e in received_events(agencies[agency_id].runtime, case_id)
                if e["event_type"] == "id.rujukan.referral.issued.v1"
            ]

        (to_rsud,) = await eventually(lambda: issued("kh-rsud"))
        (to_dinsos,) = await eventually(lambda: issued("kh-dinsos"))
        assert to_rsud["service"] == "health"
        assert to_rsud["child"]["name"] == name
        assert to_dinsos["service"] == "psychology"
        assert to_dinsos["child"] is None
        assert name not in str(to_dinsos)

        for referral in (health, psychology):
            await api.status_becomes(case_id, referral["referral"]["referral_id"], "completed")

        async def journal_of_the_case() -> list[tuple[bytes | None, dict[str, str], bytes]] | None:
            """The hub's journal once the last delivery is relayed (after its commit)."""
            records = await read_topic(broker.bootstrap_servers, "rujukan.journal.kh-hub")
            ours = [r for r in records if r[0] == case_id.encode()]
            return records if len(ours) >= 11 else None

        journal = await eventually(journal_of_the_case)
        mine = [h[H_TYPE] for key, h, _ in journal if key == case_id.encode()]
        assert mine[:7] == [
            "id.rujukan.complaint.received.v1",
            "id.rujukan.case.registered.v1",
            "id.rujukan.companion.assigned.v1",
            "id.rujukan.case.initial_contact_made.v1",
            "id.rujukan.case.service_contract_agreed.v1",
            "id.rujukan.case.assessment_completed.v1",
            "id.rujukan.case.intervention_plan_agreed.v1",
        ]
        # then the delivery of each answer and report to the companion (LT Pasal 17(3))
        assert mine[7:] == ["id.rujukan.outcome.delivered_to_companion.v1"] * 4
        assert not [value for _, _, value in journal if name.encode() in value]
        assert not [value for _, _, value in journal if b"Melati" in value]
        hub_db = agencies["kh-hub"].runtime.engine
        with hub_db.connect() as connection:
            stored = connection.execute(sa.text("select payload from intake_journal")).all()
        assert name not in str(stored)


async def test_a_retried_request_with_the_callers_ids_changes_nothing_twice(
    broker: LocalBroker, tmp_path: Path
) -> None:
    async with network(tmp_path, "sqlite", broker, "kh-hub", ["kh-rsud"]) as agencies:
        api = Api(agencies["kh-hub"].http)
        case_id = await api.open_case(a_name(), case_id="c-retry-0001")
        assert case_id == "c-retry-0001"
        again = await agencies["kh-hub"].http.post(
            "/complaints",
            json={
                "channel": "walk_in",
                "complainant": "family",
                "child": {"name": a_name(), "sex": "male", "estimated_age": 10},
                "case_id": "c-retry-0001",
            },
        )
        assert again.status_code == 409
        await api.to_contract(case_id, "physical_violence")
        body = {
            "stage": "REHABILITASI_KESEHATAN",
            "target_id": "kh-rsud",
            "emergency": True,
            "referral_id": "r-retry-0001",
        }
        await api.post(f"/cases/{case_id}/referrals", body)
        repeat = await agencies["kh-hub"].http.post(f"/cases/{case_id}/referrals", json=body)
        assert repeat.status_code == 409
        case = await api.get(f"/cases/{case_id}")
        assert [r["referral_id"] for r in case["referrals"]] == ["r-retry-0001"]
