"""``GET /metrics`` of a running agency, through the real broker: the outbox backlog
grows while the broker is down and falls after it returns; consumed events, consumer
lag and latencies are counted per runtime; a hub counts its overdue referrals."""

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families
from sqlalchemy.orm import Session

from ops.broker import LocalBroker
from ops.services import definition_for
from schemas.vocabulary import AgencyKind
from services.intake import tables
from services.intake.repository import CaseRepository
from tests.support.companion_app import PASSWORD, hub_with_companions
from tests.support.databases import database, migrated_engine
from tests.support.probe_service import ProbeNetwork, hub_and_alpha, publish, referral, rows
from tests.support.services import RunningService, eventually

Samples = dict[tuple[str, frozenset[tuple[str, str]]], float]


async def scrape(service: RunningService) -> Samples:
    return await scrape_as(service.http)


async def scrape_as(client: httpx.AsyncClient) -> Samples:
    response = await client.get("/metrics")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.text)
        for sample in family.samples
    }


def value(samples: Samples, name: str, **labels: str) -> float:
    return samples.get((name, frozenset(labels.items())), 0.0)


@pytest.mark.broker
@pytest.mark.asyncio(loop_scope="function")
async def test_the_outbox_backlog_grows_while_the_broker_is_down_and_falls_after(
    own_broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(own_broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        assert value(await scrape(hub), "rujukan_outbox_waiting_rows") == 0
        own_broker.kill()
        for n in range(3):
            publish(hub, referral(net, f"c-m{n}", f"r-m{n}"), net.inbox(net.alpha))
        await asyncio.sleep(1.5)
        down = await scrape(hub)
        assert value(down, "rujukan_outbox_waiting_rows") == 3
        assert value(down, "rujukan_outbox_oldest_waiting_seconds") >= 1.0

        own_broker.start()

        async def drained() -> bool:
            samples = await scrape(hub)
            waiting = value(samples, "rujukan_outbox_waiting_rows")
            return waiting == 0 and value(samples, "rujukan_outbox_oldest_waiting_seconds") == 0

        await eventually(drained, timeout=60)

        async def consumed() -> bool:
            return len(rows(alpha.runtime)) == 3

        await eventually(consumed, timeout=60)
        received = await scrape(alpha)
        assert value(received, "rujukan_events_consumed_total", outcome="handled") >= 3
        assert value(received, "rujukan_events_consumed_total", outcome="dead_lettered") == 0
        issued_type = "id.rujukan.referral.issued.v1"
        assert value(received, "rujukan_handler_seconds_count", event_type=issued_type) >= 3
        lags = [k for k in received if k[0] == "rujukan_consumer_lag"]
        assert lags, "the consumer reports its lag per partition"
        assert all(received[k] >= 0 for k in lags)
        # each runtime counts only what it handled itself
        sent = await scrape(hub)
        assert value(sent, "rujukan_handler_seconds_count", event_type=issued_type) == 0
        assert (
            value(
                sent,
                "rujukan_http_request_seconds_count",
                method="GET",
                route="/metrics",
                status="200",
            )
            >= 3
        )


@pytest.mark.broker
@pytest.mark.asyncio(loop_scope="function")
async def test_refused_sign_ins_are_counted_by_surface(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        siti = ("comp-siti", "Siti Rahmawati", None)
        async with (
            hub_with_companions(broker.bootstrap_servers, url, siti) as hub,
            hub.client_for("prometheus", "monitoring") as monitor,
        ):
            before = await scrape_as(monitor)
            assert value(before, "rujukan_failed_signins_total", surface="companion_api") == 0
            wrong = {"companion_id": "comp-siti", "password": "salah-sandi"}
            for _ in range(2):
                refused = await hub.anonymous.post("/companion/api/login", json=wrong)
                assert refused.status_code == 401
            right = {"companion_id": "comp-siti", "password": PASSWORD}
            signed_in = await hub.anonymous.post("/companion/api/login", json=right)
            assert signed_in.status_code == 200
            forged = {"Authorization": "Bearer rjk_kh-hub_not-a-token"}
            stranger = await hub.anonymous.get("/metrics", headers=forged)
            assert stranger.status_code == 401
            after = await scrape_as(monitor)
        refusals = value(after, "rujukan_failed_signins_total", surface="companion_api")
        assert refusals == 2  # the right password is not counted
        assert value(after, "rujukan_failed_signins_total", surface="token") == 1


def test_overdue_referrals_are_those_with_a_milestone_past_its_due_time(
    db_kind: str, tmp_path: Path
) -> None:
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    past, future = now - timedelta(hours=1), now + timedelta(days=1)

    def notice(referral: str, milestone: str, due: datetime) -> dict[str, object]:
        return {"case_id": "c-1", "referral_id": referral, "milestone": milestone,
                "escalation": "companion", "due_at": due, "fire_at": due}  # fmt: skip

    components = definition_for(AgencyKind.INTAKE).migration_components
    with migrated_engine(db_kind, tmp_path, components) as engine:
        with Session(engine) as session, session.begin():
            session.execute(
                tables.due_notices.insert(),
                [notice("r-1", "answer", past), notice("r-1", "report", past),
                 notice("r-2", "answer", future), notice("r-3", "report", past)],
            )  # fmt: skip
        with Session(engine) as session:
            assert CaseRepository(session).count_overdue(now) == 2  # r-1 once, r-3
