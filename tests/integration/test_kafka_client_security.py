"""Every place that opens a Kafka connection does it with the deployment's transport
security (issue 14, item 5), proven on the wire: each construction site is pointed at a
loopback server that demands a client certificate of the test's CA (mutual TLS), and at
one that takes a SASL login; the servers must see the agency's certificate and its SCRAM
user. The embedded broker has neither, so the servers only record the login and hang
up; the client's failure after that does not matter here."""

import asyncio
import contextlib
import random
import tempfile
from collections.abc import Awaitable, Callable, Iterable
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ops.bench.baseline import raw_consume_eps
from ops.chaos.faults import Poisoner
from ops.chaos.verify import dead_lettered
from ops.cli.main import app
from rujukan.directory import load_directory
from rujukan.runtime.deadletters import read_dead_letters, replay
from rujukan.runtime.kafka import BrokerAdmin, InboxConsumer, build_broker
from rujukan.runtime.kafka_clients import operator_kafka
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.settings import AgencySettings, KafkaSettings
from tests.support.probe_service import PROBE
from tests.support.sasl_server import sasl_server
from tests.support.tls_server import LocalCa, mutual_tls_server

pytestmark = pytest.mark.asyncio(loop_scope="function")

AGENCY = "kh-rsud"
Site = Callable[[KafkaSettings], Awaitable[object]]


@pytest.fixture
def ca(tmp_path: Path) -> LocalCa:
    return LocalCa(tmp_path)


def _secure(ca: LocalCa, bootstrap: str, monkeypatch: pytest.MonkeyPatch) -> KafkaSettings:
    """Mutual TLS with the agency's certificate, in the environment (for the operator
    commands) and as settings (for the agency's own clients)."""
    client = ca.issue(AGENCY)
    env = {
        "RUJUKAN_KAFKA_SECURITY_PROTOCOL": "SSL",
        "RUJUKAN_KAFKA_SSL_CAFILE": str(ca.pem.cert),
        "RUJUKAN_KAFKA_SSL_CERTFILE": str(client.cert),
        "RUJUKAN_KAFKA_SSL_KEYFILE": str(client.key),
    }
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return operator_kafka(bootstrap)


async def _relay_broker(kafka: KafkaSettings) -> None:
    broker = build_broker(kafka, AGENCY)
    try:
        await broker.start()
    finally:
        await broker.stop()


async def _inbox(kafka: KafkaSettings) -> None:
    with tempfile.TemporaryDirectory() as state:
        settings = AgencySettings(agency_id=AGENCY, state_dir=Path(state), **kafka.model_dump())
        runtime = AgencyRuntime(settings, PROBE, load_directory())
        consumer = InboxConsumer(
            kafka=runtime.settings,
            topic=runtime.agency.inbox_topic,
            group_id=runtime.consumer_group,
            client_id=AGENCY,
            processor=runtime.processor,
            max_records=10,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
            fetch_max_wait_ms=20,
        )
        try:
            await consumer.start()
        finally:
            await consumer.stop()
            runtime.engine.dispose()


async def _admin(kafka: KafkaSettings) -> None:
    admin = BrokerAdmin(kafka, AGENCY)
    try:
        await admin.ensure_topics({f"rujukan.inbox.{AGENCY}": 1})
    finally:
        await admin.reset()


async def _incarnation_marker(kafka: KafkaSettings) -> None:
    await BrokerAdmin(kafka, AGENCY)._write_marker()


async def _dead_letters(kafka: KafkaSettings) -> None:
    await read_dead_letters(kafka, f"rujukan.dlq.{AGENCY}")


async def _replay(kafka: KafkaSettings) -> None:
    await replay(kafka, f"rujukan.dlq.{AGENCY}", "0:0")


async def _dlq_command(kafka: KafkaSettings) -> None:
    args = ["dlq", "list", "--agency", AGENCY, "--kafka", kafka.kafka_bootstrap_servers]
    await asyncio.to_thread(CliRunner().invoke, app, args)


async def _chaos_poison(kafka: KafkaSettings) -> None:
    poisoner = Poisoner(kafka.kafka_bootstrap_servers, ["t"], random.Random(1))
    await poisoner.inject(1)


async def _chaos_verify(kafka: KafkaSettings) -> None:
    await dead_lettered(kafka.kafka_bootstrap_servers, [f"rujukan.dlq.{AGENCY}"], [])


async def _bench_baseline(kafka: KafkaSettings) -> None:
    await raw_consume_eps(kafka.kafka_bootstrap_servers, "t", 1)


SITES: dict[str, Site] = {
    "relay broker": _relay_broker,
    "inbox consumer": _inbox,
    "topic admin": _admin,
    "incarnation marker": _incarnation_marker,
    "dlq read": _dead_letters,
    "dlq replay": _replay,
    "rujukan dlq list": _dlq_command,
    "chaos poisoner": _chaos_poison,
    "chaos dead-letter count": _chaos_verify,
    "bench baseline": _bench_baseline,
}


async def _attempt(site: Site, kafka: KafkaSettings, seen: Iterable[object]) -> None:
    """Run the site until the server has seen a login (or 15 s passed)."""
    task = asyncio.ensure_future(site(kafka))
    for _ in range(150):
        if list(seen) or task.done():
            break
        await asyncio.sleep(0.1)
    task.cancel()
    with contextlib.suppress(BaseException):
        await task


@pytest.mark.parametrize("site", list(SITES))
async def test_every_kafka_client_connects_with_the_agencys_client_certificate(
    site: str, ca: LocalCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with mutual_tls_server(ca) as server:
        kafka = _secure(ca, server.bootstrap_servers, monkeypatch)

        await _attempt(SITES[site], kafka, server.clients)

    assert AGENCY in server.clients


@pytest.mark.parametrize("site", list(SITES))
async def test_every_kafka_client_logs_in_as_the_agency_with_scram_sha_512(
    site: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    password = tmp_path / "kafka-password"
    password.write_text("not-logged")
    monkeypatch.setenv("RUJUKAN_KAFKA_SECURITY_PROTOCOL", "SASL_PLAINTEXT")
    monkeypatch.setenv("RUJUKAN_KAFKA_SASL_USERNAME", AGENCY)
    monkeypatch.setenv("RUJUKAN_KAFKA_SASL_PASSWORD_FILE", str(password))
    async with sasl_server() as server:
        kafka = operator_kafka(server.bootstrap_servers)

        await _attempt(SITES[site], kafka, server.first_messages)

    assert server.mechanisms[:1] == ["SCRAM-SHA-512"]
    assert server.users()[:1] == [AGENCY]


async def test_a_client_without_the_settings_is_turned_away(
    ca: LocalCa, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with mutual_tls_server(ca) as server:
        plaintext = KafkaSettings(kafka_bootstrap_servers=server.bootstrap_servers)

        await _attempt(_dead_letters, plaintext, server.clients)

    assert server.clients == []
