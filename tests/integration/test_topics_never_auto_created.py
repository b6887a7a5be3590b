"""No client of the project creates a topic by naming it (`rujukan/runtime/kafka_clients.py`):
the local broker would make it with 4 partitions where the network's topics have their
own count, moving a case's key to another partition, as it did in the moment after a
broker that lost its data came back. Proven on the real broker."""

import asyncio

import pytest
from aiokafka.errors import KafkaError, UnknownTopicOrPartitionError

from ops.broker import LocalBroker
from rujukan.runtime.kafka import BrokerAdmin, build_broker
from rujukan.runtime.kafka_clients import new_admin, new_consumer, new_producer, operator_kafka

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]


async def topics(bootstrap: str) -> set[str]:
    admin = new_admin(operator_kafka(bootstrap), client_id="probe")
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def test_a_send_to_a_missing_topic_fails_and_creates_nothing(broker: LocalBroker) -> None:
    kafka = operator_kafka(broker.bootstrap_servers)
    producer = new_producer(kafka, acks="all", request_timeout_ms=1000)
    await producer.start()
    try:
        with pytest.raises(KafkaError):
            await producer.send_and_wait("rujukan.inbox.never-made", b"x", key=b"c-1")
    finally:
        await producer.stop()
    relay = build_broker(kafka, "probe")
    await relay.start()
    try:
        with pytest.raises((KafkaError, asyncio.TimeoutError)):
            await asyncio.wait_for(relay.publish(b"x", "rujukan.inbox.never-made-2"), 15)
    finally:
        await relay.stop()

    assert not {"rujukan.inbox.never-made", "rujukan.inbox.never-made-2"} & await topics(
        broker.bootstrap_servers
    )


async def test_a_consumer_of_a_missing_topic_creates_nothing(broker: LocalBroker) -> None:
    consumer = new_consumer(
        operator_kafka(broker.bootstrap_servers),
        "rujukan.inbox.never-read",
        group_id="g-probe",
        request_timeout_ms=2000,
    )
    try:
        await consumer.start()  # may refuse: the topic it names does not exist
        await consumer.getmany(timeout_ms=500)
    except UnknownTopicOrPartitionError:
        pass
    finally:
        await consumer.stop()

    assert "rujukan.inbox.never-read" not in await topics(broker.bootstrap_servers)


async def test_a_topic_made_by_the_admin_keeps_its_partitions(broker: LocalBroker) -> None:
    admin = BrokerAdmin(operator_kafka(broker.bootstrap_servers), "probe")
    await admin.ensure_topics({"rujukan.inbox.made": 3})
    await admin.close()
    producer = new_producer(operator_kafka(broker.bootstrap_servers), acks="all")
    await producer.start()
    try:
        sent = [
            await producer.send_and_wait("rujukan.inbox.made", b"x", key=f"c-{n}".encode())
            for n in range(30)
        ]
    finally:
        await producer.stop()

    assert {record.partition for record in sent} == {0, 1, 2}
