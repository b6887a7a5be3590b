"""The shared runtime, proven through the real broker on SQLite and PostgreSQL:
outbox delivery across a broker outage, inbox de-duplication, dead letters,
tracing across the relay, and per-case order."""

import asyncio
import uuid
from pathlib import Path
from typing import Any

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, TopicPartition

from ops.broker import LocalBroker
from rujukan.runtime.deadletters import read_dead_letters
from rujukan.runtime.inbox import DLQ_ATTEMPTS, DLQ_OFFSET, DLQ_PARTITION, DLQ_TOPIC
from rujukan.runtime.kafka import BrokerAdmin, open_connections
from rujukan.runtime.kafka_clients import new_admin, operator_kafka
from rujukan.runtime.telemetry import tracer
from rujukan.topology import consumer_group
from schemas.base import Event
from schemas.events import ReferralAccepted
from tests.support.keys import signed_record
from tests.support.probe_service import (
    PROBE,
    ProbeNetwork,
    hub_and_alpha,
    publish,
    referral,
    rows,
)
from tests.support.services import RunningService, eventually, running

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

Record = tuple[bytes, list[tuple[str, bytes]], bytes]


def record(event: Event, source: str, topic: str) -> Record:
    encoded = signed_record(event, source=source, topic=topic)
    return (encoded.key, encoded.headers, encoded.value)


async def produce_raw(bootstrap: str, topic: str, records: list[Record]) -> None:
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for key, headers, value in records:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
    finally:
        await producer.stop()


async def test_event_committed_while_broker_is_down_is_delivered_after_it_returns(
    own_broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(own_broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        own_broker.kill()
        publish(hub, referral(net, "c-outage-1", "r-outage-1"), net.inbox(net.alpha))
        await asyncio.sleep(1.0)
        assert hub.runtime.relay.backlog() == 1  # kept, not dropped
        own_broker.start()  # an empty broker: topics, messages and offsets are gone

        await eventually(lambda: rows(alpha.runtime), timeout=60)
        await eventually(lambda: rows(hub.runtime), timeout=60)
        assert [r["referral_id"] for r in rows(alpha.runtime)] == ["r-outage-1"]
        assert [r["event_type"] for r in rows(hub.runtime)] == ["id.rujukan.referral.received.v1"]


async def test_same_event_delivered_twice_changes_state_once(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        event = referral(net, f"c-{uuid.uuid4().hex[:8]}", "r-twice")
        copy = record(event, net.hub, net.inbox(net.alpha))
        await produce_raw(broker.bootstrap_servers, net.inbox(net.alpha), [copy, copy])
        await eventually(lambda: rows(hub.runtime))
        await produce_raw(broker.bootstrap_servers, net.inbox(net.alpha), [copy])  # a late copy
        publish(hub, referral(net, event.case_id, "r-after"), net.inbox(net.alpha))
        await eventually(lambda: len(rows(alpha.runtime)) == 2)
        await eventually(lambda: len(rows(hub.runtime)) == 2)

        assert [r["referral_id"] for r in rows(alpha.runtime)] == ["r-twice", "r-after"]
        assert [r["referral_id"] for r in rows(hub.runtime)] == ["r-twice", "r-after"]


async def test_malformed_and_failing_events_are_dead_lettered_and_later_events_processed(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        case_id = f"c-{uuid.uuid4().hex[:8]}"
        headers = record(referral(net, case_id, "r-bad"), net.hub, net.inbox(net.alpha))[1]
        failing = ReferralAccepted(
            case_id=case_id,
            referral_id="r-fail",
            agency_id=net.alpha,
            accepted_at="2026-11-23T10:00:00Z",
            note="always-fail",
        )  # a signed answer the hub may receive, whose handler fails
        failing_record = record(failing, net.alpha, net.inbox(net.hub))
        await produce_raw(
            broker.bootstrap_servers,
            net.inbox(net.alpha),
            [
                (case_id.encode(), [], b"not an event at all"),
                (case_id.encode(), headers, b'{"case_id": "' + case_id.encode() + b'"}'),
            ],
        )
        await produce_raw(broker.bootstrap_servers, net.inbox(net.hub), [failing_record])
        publish(hub, referral(net, case_id, "r-good"), net.inbox(net.alpha))

        await eventually(lambda: rows(alpha.runtime))
        assert [r["referral_id"] for r in rows(alpha.runtime)] == ["r-good"]
        letters = await dead_letters(broker, alpha, 2)
        reasons = sorted(d.reason for d in letters)
        assert len(letters) == 2
        assert any("missing CloudEvents header" in r for r in reasons)
        assert any("referral_id" in r and "Field required" in r for r in reasons)
        [failed] = await dead_letters(broker, hub, 1)
        assert "handler failed: AlwaysFails" in failed.reason
        assert failed.attempts == hub.runtime.settings.max_attempts
        assert failed.original_topic == net.inbox(net.hub)
        raw_headers = dict(failed.headers)
        for name in (DLQ_TOPIC, DLQ_PARTITION, DLQ_OFFSET, DLQ_ATTEMPTS):
            assert raw_headers[name]
        assert failed.value == failing_record[2]


async def dead_letters(broker: LocalBroker, service: RunningService, at_least: int) -> list[Any]:
    """The dead letters of ``service``, once there are ``at_least`` of them."""
    topic = service.runtime.agency.dead_letter_topic
    letters = []
    for _ in range(200):
        letters = await read_dead_letters(operator_kafka(broker.bootstrap_servers), topic)
        if len(letters) >= at_least:
            break
        await asyncio.sleep(0.1)
    return letters


async def test_consumer_span_joins_the_producer_trace_across_the_relay(
    broker: LocalBroker, spans: Any, tmp_path: Path, net: ProbeNetwork
) -> None:
    databases = (f"sqlite:///{tmp_path}/h.db", f"sqlite:///{tmp_path}/a.db")
    async with hub_and_alpha(broker.bootstrap_servers, net, databases) as (hub, _):
        with tracer().start_as_current_span("staff request") as request_span:
            publish(hub, referral(net, "c-traced-1", "r-traced"), net.inbox(net.alpha))
        trace_id = request_span.get_span_context().trace_id
        await eventually(lambda: rows(hub.runtime))
        await asyncio.sleep(0.2)
        finished = [s for s in spans.get_finished_spans() if s.context.trace_id == trace_id]
        by_name = {s.name: s for s in finished}
        send = by_name[f"send {net.inbox(net.alpha)}"]
        process = by_name[f"process {net.inbox(net.alpha)}"]
        reply_process = by_name[f"process {net.inbox(net.hub)}"]
        assert send.parent.span_id == request_span.get_span_context().span_id
        assert process.parent.span_id == send.context.span_id
        assert process.attributes["messaging.system"] == "kafka"
        assert process.attributes["messaging.operation.type"] == "process"
        assert reply_process.context.trace_id == trace_id  # the answer stays in the trace


async def test_per_case_order_holds_for_1000_events_over_many_cases(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        cases = [f"c-order-{n:02d}" for n in range(40)]
        for batch in range(100):
            with hub.runtime.unit_of_work() as uow:
                for i in range(10):
                    seq = batch * 10 + i
                    event = referral(net, cases[seq % len(cases)], f"r-{seq}", note=str(seq))
                    uow.publish(event, topic=net.inbox(net.alpha))
                uow.commit()
        await eventually(lambda: len(rows(alpha.runtime)) == 1000, timeout=90)
        per_case: dict[str, list[int]] = {}
        for row in rows(alpha.runtime):
            per_case.setdefault(str(row["case_id"]), []).append(int(str(row["note"])))
        assert set(per_case) == set(cases)
        for case_id, seqs in per_case.items():
            assert seqs == sorted(seqs), f"{case_id} out of order"
        assert sum(len(s) for s in per_case.values()) == 1000


async def test_a_new_broker_is_read_from_the_beginning_and_in_order(
    own_broker: LocalBroker, tmp_path: Path, net: ProbeNetwork
) -> None:
    """A restarted in-memory broker loses committed offsets and messages while the
    consumer held a position past them. Records the new broker holds are neither
    skipped nor applied out of order: the consumer verifies the broker before it
    processes a batch and reads the new topic from its beginning."""
    common: dict[str, Any] = {"bootstrap": own_broker.bootstrap_servers, "directory": net.directory}
    inbox = net.inbox(net.alpha)
    async with running(
        PROBE, agency_id=net.alpha, database_url=f"sqlite:///{tmp_path}/a.db", **common
    ) as alpha:
        case_id = "c-rewind-1"
        before = [referral(net, case_id, f"r-before-{n}") for n in range(5)]
        await produce_raw(
            own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in before]
        )
        await eventually(lambda: len(rows(alpha.runtime)) == 5)
        old_incarnation = alpha.runtime.state.incarnation

        own_broker.kill()
        own_broker.start()
        admin = BrokerAdmin(operator_kafka(own_broker.bootstrap_servers), "test")
        await admin.ensure_topics(alpha.runtime.district_topics())
        await admin.close()
        after = [referral(net, case_id, f"r-after-{n}") for n in range(8)]
        await produce_raw(
            own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in after]
        )

        await eventually(lambda: alpha.runtime.state.incarnation != old_incarnation)
        await eventually(lambda: len(rows(alpha.runtime)) == 13, timeout=60)
        assert [r["referral_id"] for r in rows(alpha.runtime)][5:] == [
            f"r-after-{n}" for n in range(8)
        ]


async def test_a_restarted_broker_is_reached_over_new_connections(own_broker: LocalBroker) -> None:
    """The broker checks skip their round trip while the connections their last check
    went over are open (`open_connections`): that holds only if a broker that restarted,
    and so may have lost its data, is always reached over connections of its own."""
    admin = new_admin(operator_kafka(own_broker.bootstrap_servers), client_id="probe")
    await admin.start()
    try:
        await admin.list_topics()
        before = open_connections(admin)
        await admin.list_topics()
        assert before
        assert open_connections(admin) == before

        own_broker.kill()
        own_broker.start()
        for _ in range(100):
            try:
                await admin.list_topics()
                break
            except Exception:  # the client notices the old connection closed, then retries
                await asyncio.sleep(0.1)
        after = open_connections(admin)
        assert after
        assert not set(map(id, after)) & set(map(id, before))
    finally:
        await admin.close()


async def test_an_offset_committed_past_the_end_of_a_new_broker_is_read_from_the_beginning(
    own_broker: LocalBroker, tmp_path: Path, net: ProbeNetwork
) -> None:
    """A commit of a broker's old life can land on the new, empty one (a commit blocked
    through the outage completes against it, and the local broker takes commits from
    members it does not know). The agency started after it must still read the records
    the new broker holds, not wait until the partition grows past the stale offset."""
    inbox = net.inbox(net.alpha)
    admin = BrokerAdmin(operator_kafka(own_broker.bootstrap_servers), "test")
    await admin.ensure_topics({inbox: 3})
    await admin.close()
    events = [referral(net, f"c-stale-{n}", f"r-stale-{n}") for n in range(6)]
    await produce_raw(
        own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in events]
    )
    await commit_offsets(
        own_broker.bootstrap_servers, consumer_group(net.directory.get(net.alpha)), inbox, 3, 500
    )

    common: dict[str, Any] = {"bootstrap": own_broker.bootstrap_servers, "directory": net.directory}
    async with running(
        PROBE, agency_id=net.alpha, database_url=f"sqlite:///{tmp_path}/a.db", **common
    ) as alpha:
        await eventually(lambda: len(rows(alpha.runtime)) == 6, timeout=30)
    assert sorted(str(r["referral_id"]) for r in rows(alpha.runtime)) == [
        f"r-stale-{n}" for n in range(6)
    ]


async def test_reading_a_new_broker_from_the_beginning_commits_the_beginnings_over_any_offset(
    own_broker: LocalBroker, tmp_path: Path, net: ProbeNetwork
) -> None:
    """A commit of the broker's old life may have landed on the new broker inside a
    partition that has since grown past it; the next member of the group would start
    there. When the agency reads the new broker from the beginning it commits the
    beginnings over whatever the broker holds."""
    inbox = net.inbox(net.alpha)
    common: dict[str, Any] = {"bootstrap": own_broker.bootstrap_servers, "directory": net.directory}
    async with running(
        PROBE, agency_id=net.alpha, database_url=f"sqlite:///{tmp_path}/a.db", **common
    ) as alpha:
        events = [referral(net, "c-life", f"r-life-{n}") for n in range(6)]  # one partition
        await produce_raw(
            own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in events]
        )
        await eventually(lambda: len(rows(alpha.runtime)) == 6, timeout=30)
        group = consumer_group(net.directory.get(net.alpha))
        offsets = await committed(own_broker.bootstrap_servers, group, inbox)
        assert 6 in offsets.values()

        inbox_consumer = alpha.runtime.inbox
        assert inbox_consumer is not None
        commits: list[dict[TopicPartition, int]] = []
        real_commit = inbox_consumer._consumer.commit

        async def recorded(offsets: dict[TopicPartition, Any]) -> None:
            commits.append({tp: int(getattr(o, "offset", o)) for tp, o in offsets.items()})
            await real_commit(offsets)

        inbox_consumer._consumer.commit = recorded  # type: ignore[method-assign]
        await inbox_consumer.rewind()
        # the inbox may read the records again and commit them while the rewind asks the
        # broker for the beginnings: the rewind's own commit is among the commits
        assert {TopicPartition(inbox, p): 0 for p in range(3)} in commits


async def test_a_stale_commit_inside_a_grown_partition_skips_none_of_its_records(
    own_broker: LocalBroker, tmp_path: Path, net: ProbeNetwork
) -> None:
    """A commit of the broker's old life can land on the new broker after the agency
    adopted it, and its process be killed before it overwrote it: the next life starts
    from that offset, inside a partition that has grown past it. The inbox keeps where
    it stands in its database, with each batch's effects, and reads the skipped records
    again from there."""
    inbox = net.inbox(net.alpha)
    common: dict[str, Any] = {
        "bootstrap": own_broker.bootstrap_servers,
        "directory": net.directory,
        "database_url": f"sqlite:///{tmp_path}/a.db",
    }
    events = [referral(net, "c-gap", f"r-gap-{n}") for n in range(9)]  # one partition
    async with running(PROBE, agency_id=net.alpha, **common) as alpha:
        await produce_raw(
            own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in events[:3]]
        )
        await eventually(lambda: len(rows(alpha.runtime)) == 3, timeout=30)
        consumer = alpha.runtime.inbox._consumer  # type: ignore[union-attr]
        await consumer.commit(dict.fromkeys(consumer.assignment(), 7))  # the stale commit
    await produce_raw(
        own_broker.bootstrap_servers, inbox, [record(e, net.hub, inbox) for e in events[3:]]
    )

    async with running(PROBE, agency_id=net.alpha, **common) as alpha:
        await eventually(lambda: len(rows(alpha.runtime)) == 9, timeout=30)
        assert [r["referral_id"] for r in rows(alpha.runtime)] == [f"r-gap-{n}" for n in range(9)]


async def committed(bootstrap: str, group: str, topic: str) -> dict[int, int | None]:
    """The offsets the broker holds for ``group`` on ``topic``'s three partitions."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        return {p: await consumer.committed(TopicPartition(topic, p)) for p in range(3)}
    finally:
        await consumer.stop()


async def commit_offsets(
    bootstrap: str, group: str, topic: str, partitions: int, offset: int
) -> None:
    """Commit ``offset`` for every partition of ``topic`` as ``group``, as no member."""
    consumer = AIOKafkaConsumer(
        bootstrap_servers=bootstrap, group_id=group, enable_auto_commit=False
    )
    await consumer.start()
    try:
        assigned = [TopicPartition(topic, p) for p in range(partitions)]
        consumer.assign(assigned)
        await consumer.commit(dict.fromkeys(assigned, offset))
    finally:
        await consumer.stop()
