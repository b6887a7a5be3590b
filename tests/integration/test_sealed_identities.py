"""Sealed identities through the real broker (issue 14, item 4): a child's identity and
free text leave the sender's unit of work sealed to the recipient, so the sender's
outbox, the topic and the dead letters hold ciphertext only; the recipient opens them,
with an old key too after a rotation; a record sealed to another agency is
dead-lettered with a reason that echoes nothing."""

import asyncio
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from ops.broker import LocalBroker
from rujukan.runtime import tables
from rujukan.runtime.deadletters import DeadLetter, read_dead_letters
from rujukan.runtime.kafka_clients import operator_kafka
from rujukan.runtime.keyfiles import rotate_keys
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.sealing import Sealing
from schemas.envelope import encode, envelope_for
from schemas.events import ReferralIssued
from schemas.sealing import SealingKey
from tests.support.keys import KeysFolder, shared_keys
from tests.support.probe_service import (
    ProbeNetwork,
    hub_and_alpha,
    issued,
    probe_as,
    publish,
    rows,
)
from tests.support.services import RunningService, eventually
from tests.support.topics import read_topics

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]


def canary(label: str) -> str:
    return f"Canary-{label}-{uuid.uuid4().hex[:10]}"


def with_identity(net: ProbeNetwork, case_id: str, referral_id: str) -> ReferralIssued:
    """A referral to alpha with a canary in every identity field and in its note."""
    base = issued(case_id, referral_id, hub=net.hub, target=net.alpha)
    return ReferralIssued.model_validate(
        base.model_dump()
        | {
            "child": {
                "name": canary("name"),
                "sex": "female",
                "estimated_age": 11,
                "address": canary("address"),
                "disability": canary("disability"),
                "guardian_contact": canary("contact"),
            },
            "note": canary("note"),
        }
    )


def canaries(event: ReferralIssued) -> list[bytes]:
    assert event.child is not None
    assert event.note is not None
    child = event.child
    values = [child.name, child.address, child.disability, child.guardian_contact, event.note]
    return [str(v).encode() for v in values]


async def produce(
    bootstrap: str, topic: str, event: ReferralIssued, key: SealingKey, sender: KeyRing
) -> None:
    """``event`` sealed to ``key`` and signed by ``sender`` for ``topic``: a record its
    recipient admits, whatever it then makes of the sealed values."""
    encoded = sender.sign(encode(event, envelope_for(event, source=sender.agency_id), key), topic)
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        await producer.send_and_wait(topic, encoded.value, key=encoded.key, headers=encoded.headers)
    finally:
        await producer.stop()


async def dead_letters(bootstrap: str, topic: str, count: int) -> list[DeadLetter]:
    letters: list[DeadLetter] = []
    for _ in range(200):
        letters = await read_dead_letters(operator_kafka(bootstrap), topic)
        if len(letters) >= count:
            break
        await asyncio.sleep(0.1)
    return letters


def outbox_values(service: RunningService) -> list[bytes]:
    with service.runtime.engine.connect() as connection:
        return [bytes(v) for (v,) in connection.execute(sa.select(tables.outbox.c.value))]


async def test_the_outbox_and_the_topic_hold_ciphertext_and_the_recipient_reads_it(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        event = with_identity(net, f"c-{uuid.uuid4().hex[:8]}", "r-sealed")
        publish(hub, event, net.inbox(net.alpha))

        await eventually(lambda: rows(alpha.runtime))
        (received,) = rows(alpha.runtime)
        assert received["note"] == event.note
        records = await read_topics(broker.bootstrap_servers, [net.inbox(net.alpha)])
        assert len(records) == 1
        stored = outbox_values(hub)
        assert len(stored) == 1
        for value in canaries(event):
            assert value not in records[0].raw()
            assert value not in stored[0]


async def test_a_record_sealed_to_another_agency_is_dead_lettered_echoing_nothing(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    async with hub_and_alpha(broker.bootstrap_servers, net, two_databases) as (hub, alpha):
        case_id = f"c-{uuid.uuid4().hex[:8]}"
        misdirected = with_identity(net, case_id, "r-for-beta")
        hub_ring = shared_keys().ring(net.hub)
        to_beta = Sealing(hub_ring).key_for(net.inbox(net.beta))
        await produce(
            broker.bootstrap_servers, net.inbox(net.alpha), misdirected, to_beta, hub_ring
        )
        good = issued(case_id, "r-good", hub=net.hub, target=net.alpha)
        publish(hub, good, net.inbox(net.alpha))

        await eventually(lambda: rows(alpha.runtime))
        assert [r["referral_id"] for r in rows(alpha.runtime)] == ["r-good"]
        dlq = alpha.runtime.agency.dead_letter_topic
        (letter,) = await dead_letters(broker.bootstrap_servers, dlq, 1)
        assert "sealed_to_another_agency" in letter.reason
        for value in canaries(misdirected):
            assert value.decode() not in letter.reason
            assert value not in (letter.value or b"")
        assert all(value not in outbox_values(alpha)[0] for value in canaries(misdirected))


async def test_what_was_sealed_before_a_rotation_still_opens_after_it(
    broker: LocalBroker, net: ProbeNetwork, keys_folder: KeysFolder, tmp_path: Path
) -> None:
    keys_folder.ensure(net.hub, net.alpha, net.beta)
    alpha_db = f"sqlite:///{tmp_path / 'alpha.db'}"
    async with probe_as(
        net, net.alpha, broker.bootstrap_servers, alpha_db, keys=keys_folder
    ) as alpha:
        hub_ring = keys_folder.ring(net.hub)
        hub_keys = Sealing(hub_ring)
        inbox = net.inbox(net.alpha)
        case_id = f"c-{uuid.uuid4().hex[:8]}"
        before = with_identity(net, case_id, "r-sealed-before")
        old_key = hub_keys.key_for(inbox)
        rotate_keys(net.alpha, keys_folder.key_file(net.alpha), keys_folder.public_keys_file)
        new_key = hub_keys.key_for(inbox)
        assert new_key.kid != old_key.kid
        after = with_identity(net, case_id, "r-sealed-after")
        await asyncio.sleep(1.1)  # the key ring looks at its files once a second
        await produce(broker.bootstrap_servers, inbox, before, old_key, hub_ring)
        await produce(broker.bootstrap_servers, inbox, after, new_key, hub_ring)

        await eventually(lambda: len(rows(alpha.runtime)) == 2)
        assert [r["note"] for r in rows(alpha.runtime)] == [before.note, after.note]
