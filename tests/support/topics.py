"""Reading a broker as an outsider would: a plain aiokafka consumer, no group, every
record of every topic from its beginning (what anyone who can reach the broker sees)."""

from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition


@dataclass(frozen=True)
class RawRecord:
    topic: str
    key: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    value: bytes

    def raw(self) -> bytes:
        """Everything the record carries: key, header names and values, value."""
        parts = [self.key or b"", self.value]
        parts += [name.encode() + b"=" + value for name, value in self.headers]
        return b"\n".join(parts)


async def read_topics(bootstrap: str, topics: list[str] | None = None) -> list[RawRecord]:
    """Every record of ``topics`` (default: every topic of the broker), up to the end
    offsets when the reading starts."""
    consumer = AIOKafkaConsumer(bootstrap_servers=bootstrap, enable_auto_commit=False)
    await consumer.start()
    try:
        names = sorted(topics if topics is not None else await consumer.topics())
        await consumer.topics()
        partitions = [
            TopicPartition(topic, p)
            for topic in names
            for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        if not partitions:
            return []
        consumer.assign(partitions)
        await consumer.seek_to_beginning(*partitions)
        ends = await consumer.end_offsets(partitions)
        records: list[RawRecord] = []
        while any([await consumer.position(tp) < ends[tp] for tp in partitions]):
            batch = await consumer.getmany(timeout_ms=500)
            for tp, got in batch.items():
                records.extend(
                    RawRecord(
                        tp.topic,
                        r.key,
                        tuple((n, v or b"") for n, v in r.headers),
                        r.value or b"",
                    )
                    for r in got
                )
        return records
    finally:
        await consumer.stop()
