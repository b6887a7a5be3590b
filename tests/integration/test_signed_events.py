"""Verified before any effect, through the real broker on SQLite and PostgreSQL: what a
plain Kafka producer forges is dead-lettered with its reason and changes nothing, the
real sender's events keep flowing, a key rotation in the middle loses nothing, and a
forged broker-incarnation marker sets nothing re-sending."""

import asyncio
import base64
import uuid
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from aiokafka import AIOKafkaProducer

from ops.broker import LocalBroker
from rujukan.runtime import tables
from rujukan.runtime.deadletters import read_dead_letters, replay
from rujukan.runtime.inbox import (
    DEAD_LETTER_TYPE,
    DLQ_FIELDS,
    DLQ_HEADERS,
    DLQ_SIGNATURE,
    dead_letter_fields,
)
from rujukan.runtime.kafka import BrokerAdmin
from rujukan.runtime.kafka_clients import operator_kafka
from rujukan.runtime.keyfiles import init_keys, revoke_key, rotate_keys
from rujukan.topology import INCARNATION_TOPIC
from schemas.envelope import EncodedEvent, header_map
from schemas.events import ReferralAccepted, ReferralCancelled
from schemas.signing import SignatureRejected, verify_fields
from tests.support.keys import KeysFolder, signed_record
from tests.support.probe_service import (
    PROBE,
    ProbeNetwork,
    issued,
    probe_as,
    publish,
    referral,
    rows,
)
from tests.support.services import RunningService, eventually, running_together

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]


async def produce(bootstrap: str, topic: str, records: list[EncodedEvent]) -> None:
    """Send as any process that can reach the broker can: a plain producer."""
    producer = AIOKafkaProducer(bootstrap_servers=bootstrap, acks="all")
    await producer.start()
    try:
        for r in records:
            await producer.send_and_wait(topic, r.value, key=r.key, headers=r.headers)
    finally:
        await producer.stop()


def replaced(encoded: EncodedEvent, **headers: bytes) -> EncodedEvent:
    """``encoded`` with some headers replaced or added (empty ones dropped)."""
    merged = dict(encoded.headers) | headers
    kept = [(name, value) for name, value in merged.items() if value]
    return EncodedEvent(key=encoded.key, headers=kept, value=encoded.value)


def outbox_types(service: RunningService) -> Counter[str]:
    with service.runtime.engine.connect() as connection:
        found = connection.execute(sa.select(tables.outbox.c.event_type)).scalars()
        return Counter(found)


@pytest.fixture
def keys(keys_folder: KeysFolder, net: ProbeNetwork) -> KeysFolder:
    """Keys of the three test agencies, made an hour ago."""
    for agency_id in (net.hub, net.alpha, net.beta):
        init_keys(
            agency_id,
            keys_folder.key_file(agency_id),
            keys_folder.public_keys_file,
            now=datetime.now(UTC) - timedelta(hours=1),
        )
    return keys_folder


def forgeries(net: ProbeNetwork, keys: KeysFolder, case_id: str) -> dict[str, EncodedEvent]:
    """One forged record per reason, each a referral the alpha must never record."""
    to_alpha = net.inbox(net.alpha)

    def referral(name: str, source: str = net.hub, topic: str = to_alpha) -> EncodedEvent:
        event = issued(case_id, f"r-forged-{name}", hub=net.hub, target=net.alpha)
        return signed_record(event, source=source, topic=topic, keys=keys)

    tampered = referral("tampered")
    value = tampered.value.replace(b"r-forged-tampered", b"r-forged-tamperee")
    cancel = ReferralCancelled(
        case_id=case_id, referral_id="r-real-1", referrer_id=net.hub, reason="forged"
    )
    # an agency's desk cancelling a referral: signed, but only a hub may cancel
    forged_cancel = signed_record(cancel, source=net.alpha, topic=to_alpha, keys=keys)
    kid, _ = keys.ring(net.beta).signing_key()
    by_revoked_key = referral("revoked", source=net.beta)
    revoke_key(net.beta, kid, keys.public_keys_file)
    return {
        "unsigned": replaced(referral("unsigned"), ce_signature=b""),
        "unknown_sender": replaced(referral("unknown"), ce_source=b"evil-laptop"),
        "unknown_sender/long": replaced(referral("long"), ce_source=b"x" * 300),
        "bad_signature": EncodedEvent(key=tampered.key, headers=tampered.headers, value=value),
        "not_allowed": forged_cancel,
        "revoked_key": by_revoked_key,
        "wrong_destination": referral("copied", topic=net.inbox(net.beta)),
        "oversized_header": replaced(referral("big"), traceparent=b"0" * 5000),
    }


async def test_forged_records_are_dead_lettered_with_their_reason_and_change_nothing(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork, keys: KeysFolder
) -> None:
    hub_db, alpha_db = two_databases
    bootstrap = broker.bootstrap_servers
    async with running_together(
        {net.hub: (PROBE, hub_db), net.alpha: (PROBE, alpha_db)},
        bootstrap=bootstrap,
        directory=net.directory,
        keys=keys,
    ) as services:
        hub, alpha = services[net.hub], services[net.alpha]
        case_id = f"c-{uuid.uuid4().hex[:8]}"

        def send(referral_id: str) -> None:
            publish(hub, referral(net, case_id, referral_id), net.inbox(net.alpha))

        send("r-real-1")
        forged = forgeries(net, keys, case_id)
        await produce(bootstrap, net.inbox(net.alpha), list(forged.values()))
        send("r-real-2")
        rotate_keys(net.hub, keys.key_file(net.hub), keys.public_keys_file)
        send("r-real-3")  # signed with the old key or the new one: both verify
        await asyncio.sleep(1.5)  # the hub's key ring has read the rotation
        send("r-real-4")

        await eventually(lambda: len(rows(alpha.runtime)) == 4, timeout=60)
        letters = await _dead_letters(bootstrap, alpha, len(forged))
        await eventually(lambda: len(rows(hub.runtime)) == 4, timeout=60)
        status = (await alpha.http.get("/status")).json()

    assert [r["referral_id"] for r in rows(alpha.runtime)] == [f"r-real-{n}" for n in range(1, 5)]
    reasons = sorted(letter.reason.split(":")[0] for letter in letters)
    assert reasons == sorted(name.split("/")[0] for name in forged)
    assert status["inbox_rejected"] == Counter(name.split("/")[0] for name in forged)
    assert outbox_types(alpha) == Counter(
        {"id.rujukan.referral.received.v1": 4, DEAD_LETTER_TYPE: len(forged)}
    )
    new_kid, _ = keys.ring(net.hub).signing_key()
    last = await _last_record_signed_by(bootstrap, net.inbox(net.alpha), "r-real-4")
    assert new_kid in _kid_of(last)


async def _dead_letters(bootstrap: str, service: RunningService, count: int) -> list[Any]:
    topic = service.runtime.agency.dead_letter_topic
    letters: list[Any] = []
    for _ in range(300):
        letters = await read_dead_letters(operator_kafka(bootstrap), topic)
        if len(letters) >= count:
            return letters
        await asyncio.sleep(0.1)
    raise AssertionError(f"{len(letters)} dead letters, not {count}")


async def _last_record_signed_by(bootstrap: str, topic: str, referral_id: str) -> dict[str, str]:
    records = await read_dead_letters(
        operator_kafka(bootstrap), topic
    )  # reads any topic from its start
    found = [d for d in records if referral_id.encode() in (d.value or b"")]
    return header_map(found[-1].headers)


def _kid_of(headers: dict[str, str]) -> str:
    protected = headers["ce_signature"].split(".")[0]
    return base64.urlsafe_b64decode(protected + "=" * (-len(protected) % 4)).decode()


async def test_a_forged_incarnation_marker_sets_nothing_re_sending(
    own_broker: LocalBroker, net: ProbeNetwork, keys: KeysFolder, tmp_path: Path
) -> None:
    bootstrap = own_broker.bootstrap_servers
    admin = BrokerAdmin(operator_kafka(bootstrap), "forger")
    await admin.ensure_topics({INCARNATION_TOPIC: 1}, compacted=[INCARNATION_TOPIC])
    await admin.close()
    first = EncodedEvent(key=b"incarnation", headers=[], value=b"forged-first")
    await produce(bootstrap, INCARNATION_TOPIC, [first])  # before any agency wrote one

    async with probe_as(
        net, net.alpha, bootstrap, f"sqlite:///{tmp_path}/alpha.db", keys=keys
    ) as alpha:
        adopted = alpha.runtime.state.incarnation
        assert adopted is not None
        assert not adopted.endswith("forged-first")
        publish(alpha, referral(net, "c-marker", "r-1"), net.inbox(net.alpha))
        await eventually(lambda: alpha.runtime.relay.backlog() == 0)
        marker = adopted.split("/", 1)[1]
        unsigned = EncodedEvent(key=f"incarnation.{marker}".encode(), headers=[], value=b"new")
        signed_by_stranger = EncodedEvent(
            key=b"incarnation",
            headers=[
                ("rujukan_marker_source", b"evil-laptop"),
                ("rujukan_marker_time", datetime.now(UTC).isoformat().encode()),
                ("rujukan_marker_signature", b"e30..AAAA"),
            ],
            value=b"newer",
        )
        await produce(bootstrap, INCARNATION_TOPIC, [unsigned, signed_by_stranger])
        alpha.runtime.check_broker_soon()
        await asyncio.sleep(5 * alpha.runtime.settings.incarnation_check_interval_s + 1)

        assert alpha.runtime.state.incarnation == adopted
        assert alpha.runtime.state.republished == 0


async def test_a_replayed_dead_letter_is_the_original_signed_record_and_verifies_again(
    broker: LocalBroker, net: ProbeNetwork, keys: KeysFolder, tmp_path: Path
) -> None:
    bootstrap = broker.bootstrap_servers
    async with probe_as(net, net.hub, bootstrap, f"sqlite:///{tmp_path}/hub.db", keys=keys) as hub:
        failing = ReferralAccepted(
            case_id="c-replay",
            referral_id="r-1",
            agency_id=net.alpha,
            accepted_at=datetime.now(UTC),
            note="always-fail",
        )
        record = signed_record(failing, source=net.alpha, topic=net.inbox(net.hub), keys=keys)
        await produce(bootstrap, net.inbox(net.hub), [record])
        [letter] = await _dead_letters(bootstrap, hub, 1)

        await replay(
            operator_kafka(bootstrap), hub.runtime.agency.dead_letter_topic, letter.dead_letter_id
        )
        letters = await _dead_letters(bootstrap, hub, 2)

    assert [d.reason.split(":")[0] for d in letters] == ["handler failed"] * 2
    assert letters[1].value == record.value
    assert (
        header_map(letters[1].headers)["ce_signature"] == header_map(record.headers)["ce_signature"]
    )
    assert hub.runtime.processor.rejected == Counter()
    marks = {n: v.decode() for n, v in letter.headers if n in DLQ_FIELDS}
    original = {n: v.decode() for n, v in letter.headers if n not in DLQ_HEADERS}
    fields = dead_letter_fields(marks, original, letter.value or b"")
    signature = header_map(letter.headers)[DLQ_SIGNATURE]
    hub_keys = keys.ring(net.hub).verification_keys(net.hub)
    verify_fields(signature, fields, hub_keys, datetime.now(UTC))  # signed by its writer
    with pytest.raises(SignatureRejected):
        verify_fields(signature, [*fields[:-1], "another record"], hub_keys, datetime.now(UTC))
