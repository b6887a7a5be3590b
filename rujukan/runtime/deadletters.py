"""Reading and replaying an agency's dead-letter topic (``rujukan dlq``).

A dead-letter record keeps the original key, headers and value, plus headers that
say why it failed and where it came from. Replaying one sends the original record
back to its original topic with a replay header; the inbox then processes it again
even though its ``ce_id`` is recorded as dead-lettered (a plain duplicate is not).
"""

import uuid
from dataclasses import dataclass
from typing import Any

from aiokafka import AIOKafkaConsumer, TopicPartition

from rujukan.runtime.inbox import (
    DLQ_AT,
    DLQ_ATTEMPTS,
    DLQ_CONSUMER,
    DLQ_HEADERS,
    DLQ_OFFSET,
    DLQ_PARTITION,
    DLQ_REASON,
    DLQ_TOPIC,
    H_REPLAY,
)
from rujukan.runtime.kafka_clients import new_consumer, new_producer
from rujukan.runtime.settings import KafkaSettings
from schemas.envelope import H_ID, H_SUBJECT, H_TYPE, header_map


@dataclass(frozen=True)
class DeadLetter:
    """One record of a dead-letter topic."""

    partition: int
    offset: int
    reason: str
    original_topic: str
    original_partition: int
    original_offset: int
    attempts: int
    consumer: str
    at: str
    event_id: str | None
    event_type: str | None
    case_id: str | None
    key: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    value: bytes | None

    @property
    def dead_letter_id(self) -> str:
        """``partition:offset`` in the dead-letter topic, what ``dlq replay`` takes."""
        return f"{self.partition}:{self.offset}"


def _parse(record: Any) -> DeadLetter:
    headers = header_map(record.headers)
    return DeadLetter(
        partition=record.partition,
        offset=record.offset,
        reason=headers.get(DLQ_REASON, ""),
        original_topic=headers.get(DLQ_TOPIC, ""),
        original_partition=int(headers.get(DLQ_PARTITION, "-1")),
        original_offset=int(headers.get(DLQ_OFFSET, "-1")),
        attempts=int(headers.get(DLQ_ATTEMPTS, "0")),
        consumer=headers.get(DLQ_CONSUMER, ""),
        at=headers.get(DLQ_AT, ""),
        event_id=headers.get(H_ID),
        event_type=headers.get(H_TYPE),
        case_id=headers.get(H_SUBJECT),
        key=record.key,
        headers=tuple((n, v or b"") for n, v in record.headers),
        value=record.value,
    )


async def read_dead_letters(kafka: KafkaSettings, topic: str) -> list[DeadLetter]:
    """Every record of ``topic`` from its beginning, oldest first per partition."""
    consumer = new_consumer(kafka, enable_auto_commit=False, request_timeout_ms=10_000)
    try:  # stopped even when it never reached the broker: no client is left open
        await consumer.start()
        partitions = consumer.partitions_for_topic(topic)
        if partitions is None:
            await consumer.topics()  # refresh metadata once
            partitions = consumer.partitions_for_topic(topic) or set()
        assigned = [TopicPartition(topic, p) for p in sorted(partitions)]
        if not assigned:
            return []
        consumer.assign(assigned)
        await consumer.seek_to_beginning(*assigned)
        ends = await consumer.end_offsets(assigned)
        letters: list[DeadLetter] = []
        while await _behind(consumer, assigned, ends):
            batch = await consumer.getmany(timeout_ms=1000)
            for records in batch.values():
                letters.extend(_parse(r) for r in records)
        return sorted(letters, key=lambda d: (d.partition, d.offset))
    finally:
        await consumer.stop()


async def _behind(
    consumer: AIOKafkaConsumer, partitions: list[TopicPartition], ends: dict[TopicPartition, int]
) -> bool:
    for tp in partitions:
        if await consumer.position(tp) < ends[tp]:
            return True
    return False


async def replay(kafka: KafkaSettings, topic: str, dead_letter_id: str) -> DeadLetter:
    """Send one dead letter (``partition:offset``) back to its original topic."""
    wanted = dead_letter_id.strip()
    letters = await read_dead_letters(kafka, topic)
    match = next((d for d in letters if d.dead_letter_id == wanted), None)
    if match is None:
        raise LookupError(f"no dead letter {wanted} in {topic}")
    headers = [(n, v) for n, v in match.headers if n not in DLQ_HEADERS and n != H_REPLAY]
    headers.append((H_REPLAY, uuid.uuid4().hex.encode()))
    producer = new_producer(kafka, acks="all")
    try:
        await producer.start()
        await producer.send_and_wait(
            match.original_topic, match.value, key=match.key, headers=headers
        )
    finally:
        await producer.stop()
    return match
