"""The Kafka edge of an agency process: the FastStream broker (the relay's transport),
the inbox consumer, explicit topic creation, and the broker-incarnation probe.

Nothing here decides anything: records go to :class:`InboxProcessor`, events come
from :class:`OutboxRelay`.
"""

import asyncio
import logging
import uuid
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

from aiokafka import TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import KafkaError
from aiokafka.protocol.metadata import MetadataRequest
from aiokafka.structs import ConsumerRecord, OffsetAndMetadata
from faststream.kafka import KafkaBroker

from rujukan.runtime.db import UNAVAILABLE_ERRORS
from rujukan.runtime.inbox import BatchResult, InboundRecord, InboxProcessor
from rujukan.runtime.kafka_clients import new_admin, new_broker, new_consumer, new_producer
from rujukan.runtime.marker import MarkerSeal
from rujukan.runtime.metrics import RuntimeMetrics, dead_letter_reason
from rujukan.runtime.positions import InboxPositions, reread_from
from rujukan.runtime.settings import KafkaSettings
from rujukan.topology import INCARNATION_TOPIC

log = logging.getLogger("rujukan.kafka")

_TOPIC_ALREADY_EXISTS = 36
_LOG_OFF = logging.getLogger("rujukan.faststream")


def build_broker(kafka: KafkaSettings, client_id: str) -> KafkaBroker:
    """A FastStream broker whose producer waits for all in-sync replicas.

    The idempotent producer stays off: not every Kafka-protocol broker supports it,
    and the inboxes make duplicates harmless anyway (and no IdempotentWrite ACL is
    needed).
    """
    return new_broker(
        kafka,
        client_id=client_id,
        acks="all",
        enable_idempotence=False,
        linger_ms=0,
        request_timeout_ms=10_000,
        retry_backoff_ms=100,
        metadata_max_age_ms=30_000,
        logger=_LOG_OFF,
        graceful_timeout=10.0,
    )


def open_connections(client: object) -> tuple[object, ...]:
    """The open broker connections of an aiokafka consumer or admin ``client``.

    A TCP connection does not outlive the broker process at its other end: while the
    connections a check went over are still open, the broker has not restarted since,
    so it has neither lost its data nor changed its cluster id, and the check needs no
    new round trip (one per inbox batch cost more CPU than the batch's own events).
    Connections have no ``__eq__``, so the tuples compare them by identity, and holding
    them keeps a new connection from reusing an old one's id.
    """
    conns = getattr(getattr(client, "_client", None), "_conns", None) or {}
    return tuple(conn for conn in conns.values() if conn.connected())


class FastStreamTransport:
    """The relay's :class:`~rujukan.runtime.relay.Transport` over a FastStream broker."""

    def __init__(self) -> None:
        self.broker: KafkaBroker | None = None

    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[object]:
        if self.broker is None:
            raise ConnectionError("not connected to Kafka yet")
        future: Awaitable[object] = await self.broker.publish(
            value,
            topic,
            key=key,
            headers={name: v.decode() for name, v in headers},
            no_confirm=True,
        )
        return future


class FetchPace:
    """How long the broker may hold the inbox's next fetch.

    The local broker answers a waiting fetch only when its wait expires, even when
    records arrived meanwhile, so the wait is a floor under every hop. While records
    flow the inbox asks with the shortest wait; each empty fetch doubles it, up to the
    idle wait, so a quiet agency does not poll the broker hundreds of times a second.
    Apache Kafka answers as soon as records arrive: there the pace changes only how
    often an idle consumer asks.
    """

    def __init__(self, fastest_ms: int, slowest_ms: int) -> None:
        self.fastest_ms = min(fastest_ms, slowest_ms)
        self.slowest_ms = slowest_ms
        self.wait_ms = slowest_ms

    def after(self, had_records: bool) -> int:
        """The wait for the next fetch, after one that returned records or none."""
        if had_records:
            self.wait_ms = self.fastest_ms
        else:
            self.wait_ms = min(self.slowest_ms, self.wait_ms * 2)
        return self.wait_ms

    def poll_ms(self) -> int:
        """How long to wait for records: about one fetch while the wait is growing, so
        that each empty fetch doubles it; a second once it is idle."""
        return 1000 if self.wait_ms >= self.slowest_ms else 2 * self.wait_ms


class InboxConsumer:
    """Consumes the agency's inbox topic in batches within a consumer group.

    Offsets are committed only after the batch's transaction committed, and only
    the offsets of the records processed. The loop is our own rather than a
    FastStream subscriber because FastStream 0.7's batch subscriber sleeps for its
    batch timeout after every empty poll, which adds that delay to every hop;
    ``getmany`` here returns as soon as records arrive.
    """

    def __init__(
        self,
        *,
        kafka: KafkaSettings,
        topic: str,
        group_id: str,
        client_id: str,
        processor: InboxProcessor,
        max_records: int,
        session_timeout_ms: int,
        heartbeat_interval_ms: int,
        fetch_max_wait_ms: int,
        fetch_min_wait_ms: int | None = None,
        verify_broker: Callable[[], Awaitable[bool | None]] | None = None,
        positions: InboxPositions | None = None,
        metrics: RuntimeMetrics | None = None,
    ) -> None:
        self._processor = processor
        self._positions = positions
        """Where the inbox stands: a batch that skipped records is read again from there."""
        self._sought: dict[int, int] = {}
        """The offset each partition was last sought to because its batch skipped records."""
        self._metrics = metrics
        self._lag: dict[int, int] = {}
        self._verify_broker = verify_broker
        self._verified_connections: tuple[object, ...] = ()
        self._topic = topic
        self._max_records = max_records
        self._pace = FetchPace(fetch_min_wait_ms or fetch_max_wait_ms, fetch_max_wait_ms)
        self._consumer = new_consumer(
            kafka,
            topic,
            group_id=group_id,
            client_id=client_id,
            enable_auto_commit=False,
            auto_offset_reset="earliest",
            session_timeout_ms=session_timeout_ms,
            heartbeat_interval_ms=heartbeat_interval_ms,
            fetch_max_wait_ms=fetch_max_wait_ms,
            max_poll_interval_ms=300_000,
            request_timeout_ms=10_000,
        )
        self._task: asyncio.Task[None] | None = None
        self._rewinds = 0
        self._failures = 0
        self.batches = 0

    async def start(self) -> None:
        await self._consumer.start()
        self._task = asyncio.create_task(self._run(), name=f"inbox {self._topic}")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            await asyncio.gather(self._task, return_exceptions=True)
            self._task = None
        try:
            await asyncio.wait_for(self._consumer.stop(), timeout=10)
        except TimeoutError:
            log.warning("the inbox consumer did not stop within 10s", extra={"topic": self._topic})

    def assigned(self) -> bool:
        return bool(self._consumer.assignment())

    def lag(self) -> dict[int, int]:
        """Records not yet processed per assigned partition, as of the last fetch."""
        return dict(self._lag)

    def _set_fetch_wait(self, wait_ms: int) -> None:
        """Ask the consumer's background fetcher to use ``wait_ms`` from its next fetch
        (aiokafka reads the wait from its fetcher for every request it builds)."""
        fetcher = getattr(self._consumer, "_fetcher", None)
        if fetcher is not None and hasattr(fetcher, "_fetch_max_wait_ms"):
            fetcher._fetch_max_wait_ms = wait_ms

    async def _measure_lag(self) -> None:
        """The broker's high watermark (from the last fetch) minus our position; a
        position past the end of its partition is read again from the beginning."""
        lag: dict[int, int] = {}
        beyond: list[TopicPartition] = []
        for partition in self._consumer.assignment():
            highwater = self._consumer.highwater(partition)
            if highwater is not None:
                position = await self._consumer.position(partition)
                lag[partition.partition] = max(highwater - position, 0)
                if position > highwater:
                    beyond.append(partition)
        self._lag = lag
        if beyond:
            await self._read_again(beyond)

    async def _read_again(self, partitions: list[TopicPartition]) -> None:
        """Seek ``partitions`` to their beginning: our position is past their end.

        Only an offset from another life of the broker puts it there: a broker that
        lost its data and came back empty, where a commit of the old life landed (a
        commit blocked through the outage completes against the new broker, and the
        local broker accepts a commit from a member it does not know). Apache Kafka
        answers such a fetch with OFFSET_OUT_OF_RANGE and the consumer resets by
        itself; the local broker answers with nothing, and the partition's new records
        would wait until it grew past the stale offset. The inbox drops what it has
        already handled.
        """
        log.warning(
            "position past the end of %d partition(s): reading them from the beginning",
            len(partitions),
            extra={"topic": self._topic},
        )
        await self._consumer.seek_to_beginning(*partitions)

    async def rewind(self) -> None:
        """Seek every assigned partition to its beginning after the broker lost its
        data. Usually the consumer also rejoins a group the new broker does not know
        and resets to earliest by itself; the rewind covers a broker that kept the
        group but not the records. The inbox drops what was already handled."""
        self._rewinds += 1
        assignment = self._consumer.assignment()
        if assignment:
            await self._consumer.seek_to_beginning(*assignment)
            await self._commit_beginnings(assignment)

    async def _commit_beginnings(self, partitions: Iterable[TopicPartition]) -> None:
        """Commit the partitions' beginnings, in place of whatever the broker holds: an
        offset of its old life may have landed there (see ``_read_again``), and the next
        member of the group would start from it, past records the new broker holds."""
        try:
            beginnings = await self._consumer.beginning_offsets(list(partitions))
            await self._consumer.commit(
                {tp: OffsetAndMetadata(offset, "") for tp, offset in beginnings.items()}
            )
        except KafkaError as exc:  # a rebalance: the partitions' next owner reads them
            log.warning(
                "could not commit the beginnings: %s",
                type(exc).__name__,
                extra={"topic": self._topic},
            )

    async def _broker_verified(
        self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]
    ) -> bool:
        """Whether the batch came from the broker life this process knows.

        A broker that lost its data and came back may serve records of its new topics
        at the consumer's old position before the watcher notices; applying them would
        put a case's later events before its earlier ones. Checking after the fetch and
        before processing closes that window: an unverified batch is not processed, and
        the consumer reads again from the beginning once the change is handled.
        """
        if self._verify_broker is None:
            return True
        connections = open_connections(self._consumer)
        if connections and connections == self._verified_connections:
            return True  # a batch over the connections already verified: no round trip
        try:
            verified = await self._verify_broker()  # None: cannot tell yet
        except Exception as exc:  # the broker went away after the fetch: try again later
            log.info("cannot verify the broker (%s); fetching again", type(exc).__name__)
            verified = None
        if verified:
            self._verified_connections = connections
            return True
        if verified is False:
            await self.rewind()
        else:
            self._seek_back(batch)
        await asyncio.sleep(0.2)
        return False

    def _seek_back(self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]) -> None:
        """Fetch the batch again later (partitions lost in a rebalance are skipped:
        their new owner reads them from the committed offset)."""
        assignment = self._consumer.assignment()
        for partition, partition_records in batch.items():
            if partition in assignment:
                self._consumer.seek(partition, partition_records[0].offset)

    async def _run(self) -> None:
        while True:
            try:
                batch = await self._consumer.getmany(
                    timeout_ms=self._pace.poll_ms(), max_records=self._max_records
                )
                self._set_fetch_wait(self._pace.after(bool(batch)))
                if batch:
                    await self._handle(batch)
                await self._measure_lag()
            except asyncio.CancelledError:
                raise
            except Exception:
                # The loop must outlive any single failure, or the inbox stops silently.
                log.exception("inbox consumer error; continuing", extra={"topic": self._topic})
                await asyncio.sleep(0.5)

    async def _skipped(
        self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]], incarnation: str
    ) -> bool:
        """Whether the batch begins past where the inbox stands in a partition (a
        stale commit, ``rujukan/runtime/positions.py``); if so, the partition is read
        again from there. Records deleted by the topic's retention are not waited for."""
        assert self._positions is not None
        first = {tp.partition: records[0].offset for tp, records in batch.items()}
        try:
            gaps = await self._positions.gaps(first, incarnation)
            wanted = [TopicPartition(self._topic, p) for p in gaps]
            beginnings = await self._consumer.beginning_offsets(wanted) if wanted else {}
        except Exception as exc:  # the database or the broker went away: fetch again later
            log.info("cannot check the inbox's positions (%s)", type(exc).__name__)
            self._seek_back(batch)
            await asyncio.sleep(0.5)
            return True
        starts = {tp.partition: offset for tp, offset in beginnings.items()}
        skipped = reread_from(first, gaps, starts, self._sought)
        for partition in first:
            self._sought.pop(partition, None)
        if not skipped:
            return False
        log.warning(
            "a committed offset skipped records of %d partition(s): reading them again",
            len(skipped),
            extra={"topic": self._topic},
        )
        self._seek_back(batch)
        assignment = self._consumer.assignment()
        for partition, offset in skipped.items():
            if (tp := TopicPartition(self._topic, partition)) in assignment:
                self._consumer.seek(tp, offset)
                self._sought[partition] = offset
        return True

    async def _handle(self, batch: dict[TopicPartition, list[ConsumerRecord[Any, Any]]]) -> None:
        if not await self._broker_verified(batch):
            return
        incarnation = self._positions.incarnation() if self._positions is not None else None
        if incarnation is not None and await self._skipped(batch, incarnation):
            return
        rewinds_before = self._rewinds
        records = [_inbound(r) for partition_records in batch.values() for r in partition_records]
        try:
            result = await asyncio.to_thread(self._processor.process, records, incarnation)
        except Exception as exc:
            # Not the events' fault (poison events are dead-lettered inside): pause,
            # seek back, and process the batch again. A database that is gone is
            # tried again every second at most, so the inbox resumes within a second
            # of its return; other failures back off to 5 s.
            self._failures += 1
            cap = 1.0 if isinstance(exc, UNAVAILABLE_ERRORS) else 5.0
            pause = min(cap, 0.1 * 2 ** min(self._failures, 6))
            log.error(
                "inbox batch failed (%s); retrying in %.1fs",
                type(exc).__name__,
                pause,
                exc_info=self._failures in (1, 10),
                extra={"topic": self._topic},
            )
            self._seek_back(batch)
            await asyncio.sleep(pause)
            return
        self._failures = 0
        self.batches += 1
        self._count(result)
        if self._positions is not None and incarnation is not None:
            last = {tp.partition: records[-1].offset for tp, records in batch.items()}
            self._positions.advance(last, incarnation)
        if self._rewinds != rewinds_before:
            await self.rewind()  # the broker changed mid-batch: these offsets mean nothing now
            return
        offsets = {
            partition: OffsetAndMetadata(partition_records[-1].offset + 1, "")
            for partition, partition_records in batch.items()
        }
        try:
            await self._consumer.commit(offsets)
        except KafkaError as exc:
            # A rebalance or a lost broker: whoever reads these partitions next gets
            # the records again and the inbox drops them.
            log.warning(
                "offset commit failed: %s", type(exc).__name__, extra={"topic": self._topic}
            )
        if self._rewinds != rewinds_before:
            # the broker changed while the commit waited: it may have landed on the new
            # broker with offsets of the old one; commit the beginnings over it
            await self.rewind()

    def _count(self, result: BatchResult) -> None:
        """Count a committed batch's outcomes (a batch retried is counted once)."""
        if self._metrics is None:
            return
        consumed = self._metrics.events_consumed
        consumed.labels(outcome="handled").inc(result.handled)
        consumed.labels(outcome="duplicate").inc(result.duplicates)
        consumed.labels(outcome="dead_lettered").inc(result.dead_lettered)
        for reason in result.dead_letter_reasons:
            self._metrics.events_dead_lettered.labels(reason=dead_letter_reason(reason)).inc()


def _inbound(record: ConsumerRecord[Any, Any]) -> InboundRecord:
    return InboundRecord(
        topic=record.topic,
        partition=record.partition,
        offset=record.offset,
        key=record.key,
        headers=tuple((n, v or b"") for n, v in record.headers),
        value=record.value,
    )


class BrokerAdmin:
    """Topic creation and the broker-incarnation probe, with plain aiokafka clients."""

    def __init__(
        self, kafka: KafkaSettings, client_id: str, seal: MarkerSeal | None = None
    ) -> None:
        self._kafka = kafka
        self._client_id = client_id
        self._seal = seal
        """Signs and checks the incarnation marker; tools that only create topics have none."""
        self._admin: AIOKafkaAdminClient | None = None
        self._known: tuple[str, tuple[object, ...], str] | None = None
        """The cluster id and connections the last marker was read with, and the
        incarnation it gave."""

    async def _client(self) -> AIOKafkaAdminClient:
        if self._admin is None:
            admin = new_admin(
                self._kafka,
                client_id=f"{self._client_id}-admin",
                request_timeout_ms=5000,
            )
            await admin.start()
            self._admin = admin
        return self._admin

    async def close(self) -> None:
        if self._admin is not None:
            admin, self._admin = self._admin, None
            await admin.close()

    async def reset(self) -> None:
        """Drop the clients after an error; the next call connects afresh."""
        try:
            await self.close()
        except Exception:
            log.debug("closing admin client failed", exc_info=True)

    async def ensure_topics(self, topics: dict[str, int], compacted: Iterable[str] = ()) -> None:
        """Create the topics that do not exist (the broker must not auto-create them)."""
        admin = await self._client()
        existing = set(await admin.list_topics())
        compacted = set(compacted)
        missing = [
            NewTopic(
                name,
                num_partitions=partitions,
                replication_factor=self._kafka.topic_replication_factor,
                topic_configs={"cleanup.policy": "compact"} if name in compacted else {},
            )
            for name, partitions in topics.items()
            if name not in existing
        ]
        if not missing:
            return
        response = await admin.create_topics(missing)
        for topic_error in response.topic_errors:
            name, code = topic_error[0], topic_error[1]
            if code not in (0, _TOPIC_ALREADY_EXISTS):
                raise RuntimeError(f"could not create topic {name}: error code {code}")
        log.info("created %d topics", len(missing))

    async def cluster_id(self) -> str:
        """The broker's cluster id: one round trip, asking for one topic's metadata and
        creating nothing (``describe_cluster`` reads every topic's partitions, which
        costs milliseconds of CPU on a network's hundreds of partitions)."""
        admin = await self._client()
        request = MetadataRequest([INCARNATION_TOPIC], allow_auto_topic_creation=False)
        response = await admin._send_request(request)
        return str(response.to_object().get("cluster_id"))

    async def incarnation(self) -> str:
        """An id of the broker's current life: its cluster id and the first signed
        marker of the incarnation topic, which the first agency to find none writes
        (``rujukan/runtime/marker.py``: a forged record there has no effect). A broker
        that lost its data (a restarted in-memory broker) has a new incarnation even if
        it keeps its cluster id.

        The marker is read again only when it could have changed: a broker that lost its
        data was restarted, and no connection outlives the broker process it connects
        to. While the connections that read the marker are open and the cluster id is
        the same, the check is one small round trip, which also proves the broker
        answers."""
        cluster_id = await self.cluster_id()
        connections = open_connections(self._admin)
        known = self._known
        if known is not None and connections and (cluster_id, connections) == known[:2]:
            return known[2]
        marker = await self._read_marker()
        if marker is None:
            await self.ensure_topics({INCARNATION_TOPIC: 1}, compacted=[INCARNATION_TOPIC])
            await self._write_marker()
            marker = await self._read_marker()
        if marker is None:
            raise RuntimeError("the broker-incarnation record could not be read back")
        incarnation = f"{cluster_id}/{marker}"
        self._known = (cluster_id, connections, incarnation)
        return incarnation

    async def _read_marker(self, scan: int = 100) -> str | None:
        """The first signed marker among the topic's first ``scan`` records."""
        if self._seal is None:
            raise RuntimeError("reading the incarnation needs the agency's marker seal")
        admin = await self._client()
        if INCARNATION_TOPIC not in set(await admin.list_topics()):
            return None
        consumer = new_consumer(
            self._kafka,
            client_id=f"{self._client_id}-incarnation",
            enable_auto_commit=False,
            request_timeout_ms=5000,
        )
        await consumer.start()
        try:
            partition = TopicPartition(INCARNATION_TOPIC, 0)
            consumer.assign([partition])
            await consumer.seek_to_beginning(partition)
            batch = await consumer.getmany(partition, timeout_ms=2000, max_records=scan)
            for record in batch.get(partition, []):
                if self._seal.verifies(record.value, record.headers):
                    return str(record.value.decode())
            return None
        finally:
            await consumer.stop()

    async def _write_marker(self) -> None:
        assert self._seal is not None
        marker = uuid.uuid4().hex
        producer = new_producer(self._kafka, acks="all", request_timeout_ms=5000)
        await producer.start()
        try:
            await producer.send_and_wait(
                INCARNATION_TOPIC,
                marker.encode(),
                key=self._seal.record_key(marker),
                headers=self._seal.sign(marker),
            )
        finally:
            await producer.stop()
