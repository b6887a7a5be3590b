"""The faults the chaos run injects, each in a bounded loop on loopback only."""

import asyncio
import logging
import random
import time
import uuid
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field

import httpx
from aiokafka import AIOKafkaProducer
from aiokafka.errors import KafkaError

from ops.chaos.postgres import OwnPostgres
from ops.chaos.recovery import Fault, Timeline
from ops.network import Network
from rujukan.runtime.kafka_clients import new_consumer, new_producer, operator_kafka
from rujukan.runtime.keys import KeyRing
from schemas.envelope import H_SIGNATURE, EncodedEvent, encode, envelope_for
from schemas.events import ReferralExpired

log = logging.getLogger("ops.chaos")


@dataclass
class Killer:
    """kill -9 of a random agency process every few seconds; the harness restarts it."""

    network: Network
    agency_ids: Sequence[str]
    rng: random.Random
    timeline: Timeline
    every_s: tuple[float, float] = (3.0, 6.0)
    down_s: float = 1.0
    kills: int = 0
    _timing: set["asyncio.Task[None]"] = field(default_factory=set)

    async def run(self, until: asyncio.Event) -> None:
        try:
            await self._run(until)
        finally:
            await asyncio.gather(*self._timing, return_exceptions=True)

    async def _run(self, until: asyncio.Event) -> None:
        while not until.is_set():
            try:
                async with asyncio.timeout(self.rng.uniform(*self.every_s)):
                    await until.wait()
                return
            except TimeoutError:
                pass
            victim = self.rng.choice(list(self.agency_ids))
            async with self.timeline.turn():
                fault = self.timeline.begin("kill", victim)
                self.network.kill(victim)
            self.kills += 1
            await asyncio.sleep(self.down_s)
            self.network.start_member(victim)
            self.timeline.end(fault)
            self._timing.add(asyncio.create_task(self._time_ready(fault)))

    async def _time_ready(self, fault: Fault, patience_s: float = 120.0) -> None:
        """How long the restarted process took to answer ready."""
        url = self.network.member(fault.target).url + "/readyz"
        started = time.monotonic()
        async with httpx.AsyncClient(timeout=1.0) as client:
            while time.monotonic() - started < patience_s:
                with suppress(httpx.HTTPError):
                    if (await client.get(url)).status_code == 200:
                        fault.ready_s = time.monotonic() - started
                        return
                await asyncio.sleep(0.1)


@dataclass
class DatabaseFaults:
    """The agencies' PostgreSQL server killed with ``SIGKILL`` and started again
    ``kills`` times, then refusing every connection to their databases for ``refuse_s``:
    spread evenly over the first ``span_s`` seconds of the run."""

    server: OwnPostgres
    databases: Sequence[str]
    kills: int
    span_s: float
    timeline: Timeline
    down_s: float = 3.0
    refuse_s: float = 10.0
    refusals: int = 0

    async def run(self) -> None:
        started = time.monotonic()
        steps = self.kills + 1
        for step in range(steps):
            await asyncio.sleep(
                max(0.0, started + self.span_s * (step + 1) / (steps + 1) - time.monotonic())
            )
            if step < self.kills:
                await self._crash()
            else:
                await self._refuse()

    async def _crash(self) -> None:
        log.warning("chaos: killing the database server for %.0f s", self.down_s)
        async with self.timeline.turn():
            fault = self.timeline.begin("database kill", "server")
            await asyncio.to_thread(self.server.kill)
        await asyncio.sleep(self.down_s)
        await asyncio.to_thread(self.server.start)
        self.timeline.end(fault)

    async def _refuse(self) -> None:
        log.warning("chaos: the database server refuses connections for %.0f s", self.refuse_s)
        async with self.timeline.turn():
            fault = self.timeline.begin("database refusal", "every agency")
            await asyncio.to_thread(self.server.refuse_connections, list(self.databases), True)
        await asyncio.sleep(self.refuse_s)
        await asyncio.to_thread(self.server.refuse_connections, list(self.databases), False)
        self.timeline.end(fault)
        self.refusals += 1


@dataclass
class Duplicator:
    """Delivers a share of every inbox's records a second time."""

    bootstrap: str
    topics: Sequence[str]
    rng: random.Random
    share: float = 0.05
    duplicated: int = 0

    async def run(self, until: asyncio.Event) -> None:
        while not until.is_set():
            try:
                await self._run(until)
            except Exception as exc:  # the broker went away: start again
                log.info("duplicator restarting after %s", type(exc).__name__)
                await asyncio.sleep(1.0)

    async def _run(self, until: asyncio.Event) -> None:
        kafka = operator_kafka(self.bootstrap)
        consumer = new_consumer(
            kafka,
            *self.topics,
            group_id=f"chaos-duplicator-{uuid.uuid4().hex[:6]}",
            auto_offset_reset="latest",
            enable_auto_commit=False,
            fetch_max_wait_ms=50,
            session_timeout_ms=6000,
            heartbeat_interval_ms=1000,
        )
        producer = new_producer(kafka, acks="all")
        await consumer.start()
        await producer.start()
        try:
            while not until.is_set():
                batch = await consumer.getmany(timeout_ms=500)
                for records in batch.values():
                    for record in records:
                        if self.rng.random() < self.share:
                            await producer.send(
                                record.topic,
                                record.value,
                                key=record.key,
                                headers=list(record.headers),
                            )
                            self.duplicated += 1
        finally:
            await consumer.stop()
            await producer.stop()


async def _send_until_taken(
    producer: AIOKafkaProducer,
    topic: str,
    value: bytes,
    key: bytes,
    headers: list[tuple[str, bytes]],
    patience_s: float = 60.0,
) -> None:
    """Send one record, trying again while the broker refuses it: just after the broker
    came back empty, the agencies may not have re-created the topic yet."""
    deadline = time.monotonic() + patience_s
    while True:
        try:
            await producer.send_and_wait(topic, value, key=key, headers=headers)
            return
        except KafkaError:
            if time.monotonic() > deadline:
                raise
            await asyncio.sleep(0.5)


Poison = tuple[bytes, list[tuple[str, bytes]], bytes, str]
"""Key, headers, value and marker (the ce_id) of one poison record."""


@dataclass
class Poisoner:
    """Events no agency can process: malformed payloads, well-formed events the hub
    signed whose handler always fails (a cancellation of a referral the agency never
    received), and forged ones (unsigned, or the hub's record copied to another inbox)
    that the inbox refuses before any handler."""

    bootstrap: str
    topics: Sequence[str]
    rng: random.Random
    hub_keys: KeyRing
    """Signs in the hub's name, as the hub's own system would."""
    injected: dict[str, str] = field(default_factory=dict)
    """marker (ce_id) -> the topic it was sent to."""

    async def inject(self, count: int) -> None:
        producer = new_producer(operator_kafka(self.bootstrap), acks="all")
        await producer.start()
        try:
            for n in range(count):
                topic = self.rng.choice(list(self.topics))
                poison = (self._malformed, self._always_failing, self._forged)[n % 3]
                key, headers, value, marker = poison(topic)
                await _send_until_taken(producer, topic, value, key, headers)
                self.injected[marker] = topic
        finally:
            await producer.stop()

    def _malformed(self, topic: str) -> Poison:
        encoded, marker = self._cancellation(topic, "r-poison")
        return encoded.key, encoded.headers, b"{not json at all", marker

    def _always_failing(self, topic: str) -> Poison:
        encoded, marker = self._cancellation(topic, f"r-never-issued-{uuid.uuid4().hex[:8]}")
        return encoded.key, encoded.headers, encoded.value, marker

    def _forged(self, topic: str) -> Poison:
        """Every other forgery unsigned; the others a valid record of the hub addressed
        to another inbox."""
        elsewhere = self.rng.choice([t for t in self.topics if t != topic] or [topic + ".x"])
        encoded, marker = self._cancellation(elsewhere, f"r-forged-{uuid.uuid4().hex[:8]}")
        headers = encoded.headers
        if self.rng.random() < 0.5:
            headers = [(n, v) for n, v in headers if n != H_SIGNATURE]
        return encoded.key, headers, encoded.value, marker

    def _cancellation(self, topic: str, referral_id: str) -> tuple[EncodedEvent, str]:
        # a ReferralExpired: no free text, which would be sealed (these are sent by hand)
        event = ReferralExpired(
            case_id=f"c-poison-{uuid.uuid4().hex[:8]}",
            referral_id=referral_id,
            referrer_id="kh-hub",
        )
        envelope = envelope_for(event, source="kh-hub")
        return self.hub_keys.sign(encode(event, envelope), topic), str(envelope.id)
