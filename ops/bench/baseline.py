"""The irreducible parts of a hop, measured on the same broker and database as the
services: a raw aiokafka produce → consume of the same bytes plus two plain database
commits; the raw consume rate of the same records; and how fast the machine runs plain
Python in this run."""

import asyncio
import time
import uuid

import sqlalchemy as sa
from aiokafka import TopicPartition

from rujukan.runtime.db import create_db_engine
from rujukan.runtime.kafka import BrokerAdmin
from rujukan.runtime.kafka_clients import new_consumer, new_producer, operator_kafka

_metadata = sa.MetaData()
_marks = sa.Table(
    "bench_baseline_marks",
    _metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("mark", sa.String(64), nullable=False),
)


PYTHON_LOOP_STEPS = 5_000_000


def python_loop_ms(repeats: int = 3) -> float:
    """The CPU time of a fixed pure-Python loop (``PYTHON_LOOP_STEPS`` multiplications
    modulo a prime), the fastest of ``repeats``. A virtual machine's speed changes from
    one hour to the next, by half on the development machine, and every figure of CPU
    per event changes with it: this says which kind of hour a run had."""
    times = []
    for _ in range(repeats):
        started = time.process_time()
        value = 1
        for _ in range(PYTHON_LOOP_STEPS):
            value = value * 3 % 1_000_003
        times.append(time.process_time() - started)
    return min(times) * 1000


def _commit(engine: sa.Engine, mark: str) -> None:
    with engine.begin() as connection:
        connection.execute(_marks.insert().values(mark=mark))


async def hop_baseline_ms(
    bootstrap: str,
    database_url: str,
    payload: bytes,
    headers: list[tuple[str, bytes]],
    *,
    samples: int,
    fetch_max_wait_ms: int,
    interval_s: float = 0.02,
) -> list[float]:
    """Per sample: commit, produce (acks=all), consume, commit — in milliseconds."""
    topic = f"ops.bench.baseline.{uuid.uuid4().hex[:8]}"
    kafka = operator_kafka(bootstrap)
    admin = BrokerAdmin(kafka, "bench")
    await admin.ensure_topics({topic: 1})
    await admin.close()
    engine = create_db_engine(database_url)
    _metadata.create_all(engine)
    producer = new_producer(kafka, acks="all", linger_ms=0)
    consumer = new_consumer(
        kafka,
        topic,
        group_id=f"bench-{uuid.uuid4().hex[:8]}",
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        fetch_max_wait_ms=fetch_max_wait_ms,
        session_timeout_ms=6000,
        heartbeat_interval_ms=1000,
    )
    await producer.start()
    await consumer.start()
    try:
        while not consumer.assignment():
            await asyncio.sleep(0.01)
        results = []
        for n in range(samples):
            started = time.perf_counter()
            await asyncio.to_thread(_commit, engine, f"out-{n}")
            await producer.send_and_wait(topic, payload, key=b"c-bench", headers=headers)
            while not await consumer.getmany(timeout_ms=1000):
                pass
            await asyncio.to_thread(_commit, engine, f"in-{n}")
            results.append((time.perf_counter() - started) * 1000)
            await asyncio.sleep(interval_s)
        return results
    finally:
        await consumer.stop()
        await producer.stop()
        _metadata.drop_all(engine)
        engine.dispose()


async def raw_consume_eps(bootstrap: str, topic: str, expected: int) -> float:
    """Records per second that a bare aiokafka consumer reads from ``topic``. Its
    partitions are assigned directly and the clock starts once they are, so the rate is
    the reading alone, not the group join."""
    consumer = new_consumer(
        operator_kafka(bootstrap),
        enable_auto_commit=False,
        max_partition_fetch_bytes=4 * 1024 * 1024,
    )
    await consumer.start()
    try:
        await consumer.topics()  # loads the cluster's metadata
        partitions = consumer.partitions_for_topic(topic) or set()
        consumer.assign([TopicPartition(topic, p) for p in partitions])
        await consumer.seek_to_beginning()
        seen = 0
        started = time.perf_counter()
        while seen < expected:
            batch = await consumer.getmany(timeout_ms=2000, max_records=5000)
            seen += sum(len(records) for records in batch.values())
        return expected / (time.perf_counter() - started)
    finally:
        await consumer.stop()
