"""The outbox relay: the only component that publishes.

- Wakes on commit: the unit of work hands its committed rows over in memory, so an
  event leaves within the broker round trip instead of a polling interval. A sweep
  every few seconds picks up rows from other processes or from before a restart.
- Keeps per-case order on each topic: at most one record per topic and Kafka key is in
  flight; the next record of that case to that topic is sent only after the broker
  acknowledged the previous one (``acks="all"``). Kafka orders records within a
  partition only, so a case's records to different topics, and different cases, are
  sent concurrently, and a case's event to the journal and its copy to an agency can share a
  produce request instead of waiting for each other's acknowledgement.
- Never drops a row: a failed send keeps the row, pauses sending with exponential
  backoff, and asks the broker watcher to check for a new broker incarnation.
- Marks rows published in batches, off the critical path.
- Re-publishes on demand (:meth:`OutboxRelay.republish_retained`) when the broker
  lost its data; consumers drop the duplicates by their inbox.
"""

import asyncio
import logging
from collections import deque
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta
from typing import Protocol

from opentelemetry import trace
from opentelemetry.trace import Span, SpanKind, Status, StatusCode
from sqlalchemy import Engine, Update, and_, bindparam, or_, select, update

from rujukan.runtime import tables
from rujukan.runtime import telemetry as tm
from rujukan.runtime.db import UNAVAILABLE_ERRORS, keyed, per_dialect, reading
from rujukan.runtime.inbox import DEAD_LETTER_TYPE
from rujukan.runtime.uow import OutboxMessage
from schemas.envelope import H_ID, H_SOURCE, H_TRACESTATE, H_TYPE

log = logging.getLogger("rujukan.relay")


Lane = tuple[str, str]
"""(topic, key): the records that must reach the broker in the order they were committed."""


class Transport(Protocol):
    """Sends one record; the returned awaitable resolves when the broker acked it."""

    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[object]: ...


class OutboxRelay:
    def __init__(
        self,
        engine: Engine,
        transport: Transport,
        *,
        sweep_interval_s: float = 2.0,
        max_backoff_s: float = 5.0,
        retention: timedelta = timedelta(days=7),
        dead_letter_retention: timedelta | None = None,
        on_send_failure: Callable[[], None] | None = None,
    ) -> None:
        self._engine = engine
        self._transport = transport
        self._sweep_interval_s = sweep_interval_s
        self._max_backoff_s = max_backoff_s
        self._retention = retention
        self._dead_letter_retention = max(retention, dead_letter_retention or retention)
        self._on_send_failure = on_send_failure
        self._pending: dict[Lane, deque[OutboxMessage]] = {}
        self._in_flight: dict[Lane, OutboxMessage] = {}
        self._ready: deque[Lane] = deque()  # lanes with a record to send and none in flight
        self._is_ready: set[Lane] = set()
        self._known: set[str] = set()  # event ids queued, in flight or awaiting the mark
        # ids marked published while a sweep was reading: its snapshot may predate the mark
        self._marked_during_sweeps: list[set[str]] = []
        self._acked: list[OutboxMessage] = []
        self._wake = asyncio.Event()
        self._marked = asyncio.Event()
        self._marking = asyncio.Lock()  # a mark in progress must not land after a reset
        self._incarnation = 0  # counts resets: acks from before one are not marked
        self._paused_until = 0.0
        self._failures = 0
        self.held = False
        """Sends nothing until :meth:`release` or :meth:`resume`: the broker may have
        changed, and a new one must have its topics before anything is written to them."""
        self._loop: asyncio.AbstractEventLoop | None = None
        self._tasks: list[asyncio.Task[None]] = []
        self.published_total = 0

    # --- lifecycle -----------------------------------------------------------------

    async def start(self) -> None:
        self._loop = asyncio.get_running_loop()
        await self._sweep()
        self._tasks = [
            asyncio.create_task(self._pump(), name="relay-pump"),
            asyncio.create_task(self._mark_published(), name="relay-marker"),
            asyncio.create_task(self._sweeper(), name="relay-sweeper"),
        ]

    async def stop(self) -> None:
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks = []
        if self._acked:
            await asyncio.to_thread(self._write_published, self._take_acked())

    # --- inputs --------------------------------------------------------------------

    def notify(self, messages: Sequence[OutboxMessage]) -> None:
        """Hand over rows just committed (thread-safe; called by the unit of work)."""
        if self._loop is None or self._loop.is_closed():
            return  # not started: the sweep on start picks the rows up
        self._loop.call_soon_threadsafe(self._enqueue, messages)

    def hold(self) -> None:
        """Send nothing until the broker watcher knows which broker answers and a new one
        has its topics (it then calls :meth:`release` or :meth:`resume`)."""
        self.held = True

    def release(self) -> None:
        """Lift a :meth:`hold`, keeping the backoff a failing send earned (the broker
        answers, and it is the same one: the failure was the record's or a moment's)."""
        self.held = False
        self._wake.set()

    def resume(self) -> None:
        """Send again at once: the broker answers again (or is a new one), so the backoff
        earned from the one that was gone would only delay the backlog."""
        self.held = False
        self._paused_until = 0.0
        self._failures = 0
        self._wake.set()

    def backlog(self) -> int:
        """Rows waiting to be published or in flight."""
        return sum(len(q) for q in self._pending.values())

    async def republish_retained(self) -> int:
        """Mark every row within the retention period (a dead letter: within the dead
        letters' retention) unpublished and send them all again, in id order. Used after
        the broker lost its data."""
        while self._in_flight:
            await asyncio.sleep(0.01)
        async with self._marking:
            self._acked.clear()  # acked by the lost broker: they are sent again below
            self._incarnation += 1
            count = await asyncio.to_thread(self._reset_published)
        self._pending.clear()
        self._ready.clear()
        self._is_ready.clear()
        self._known.clear()
        self._acked.clear()
        await self._sweep()
        self.resume()
        log.warning("re-publishing %d retained outbox rows", count)
        return count

    # --- internals -----------------------------------------------------------------

    def _enqueue(self, messages: Sequence[OutboxMessage]) -> None:
        for message in messages:
            if message.event_id in self._known:
                continue
            self._known.add(message.event_id)
            lane = (message.topic, message.key)
            self._pending.setdefault(lane, deque()).append(message)
            self._mark_ready(lane)
        self._wake.set()

    def _mark_ready(self, lane: Lane) -> None:
        if lane not in self._in_flight and lane not in self._is_ready and self._pending.get(lane):
            self._is_ready.add(lane)
            self._ready.append(lane)

    async def _pump(self) -> None:
        loop = asyncio.get_running_loop()
        while True:
            await self._wake.wait()
            self._wake.clear()
            delay = self._paused_until - loop.time()
            if delay > 0:
                await asyncio.sleep(delay)
            while self._ready and loop.time() >= self._paused_until and not self.held:
                lane = self._ready.popleft()
                self._is_ready.discard(lane)
                queue = self._pending.get(lane)
                if queue and lane not in self._in_flight:
                    await self._send(lane, queue[0])

    async def _send(self, lane: Lane, message: OutboxMessage) -> None:
        self._in_flight[lane] = message
        headers = dict(message.headers)
        span = tm.tracer().start_span(
            f"send {message.topic}",
            context=tm.context_from(headers),
            kind=SpanKind.PRODUCER,
            attributes={
                tm.MESSAGING_SYSTEM: "kafka",
                tm.MESSAGING_DESTINATION: message.topic,
                tm.MESSAGING_OPERATION_TYPE: "send",
                tm.MESSAGING_OPERATION_NAME: "send",
                tm.MESSAGING_MESSAGE_ID: headers.get(H_ID, message.event_id),
                tm.MESSAGING_KAFKA_KEY: message.key,
                tm.CLOUDEVENTS_TYPE: headers.get(H_TYPE, message.event_type),
                tm.CLOUDEVENTS_SOURCE: headers.get(H_SOURCE, ""),
            },
        )
        headers.pop(H_TRACESTATE, None)
        headers.update(tm.trace_headers_of(trace.set_span_in_context(span)))
        wire_headers = [(name, value.encode()) for name, value in headers.items()]
        try:
            ack = await self._transport.send(
                message.topic, message.key.encode(), message.value, wire_headers
            )
        except Exception as exc:  # the broker is unreachable or the client is stopped
            self._done(lane, message, span, exc)
            return
        task = asyncio.ensure_future(ack)
        task.add_done_callback(lambda t: self._done(lane, message, span, t.exception()))

    def _done(
        self, lane: Lane, message: OutboxMessage, span: Span, error: BaseException | None
    ) -> None:
        self._in_flight.pop(lane, None)
        if error is None:
            queue = self._pending.get(lane)
            if queue and queue[0] is message:
                queue.popleft()
                if not queue:
                    del self._pending[lane]
            self._acked.append(message)
            self._mark_ready(lane)
            self._failures = 0
            self.published_total += 1
            self._marked.set()
            span.end()
        else:
            span.set_status(Status(StatusCode.ERROR, type(error).__name__))
            span.end()
            self._failures += 1
            backoff = min(self._max_backoff_s, 0.05 * 2 ** min(self._failures, 10))
            loop = asyncio.get_running_loop()
            self._paused_until = max(self._paused_until, loop.time() + backoff)
            if self._failures in (1, 10) or self._failures % 100 == 0:
                log.warning(
                    "publish failed, retrying in %.2fs: %s",
                    backoff,
                    type(error).__name__,
                    extra={"topic": message.topic, "case_id": message.key},
                )
            if self._on_send_failure:
                self._on_send_failure()
            self._mark_ready(lane)
        self._wake.set()

    def _take_acked(self) -> list[OutboxMessage]:
        acked, self._acked = self._acked, []
        return acked

    async def _mark_published(self) -> None:
        while True:
            await self._marked.wait()
            self._marked.clear()
            acked = self._take_acked()
            if not acked:
                continue
            incarnation = self._incarnation
            try:
                async with self._marking:
                    if incarnation != self._incarnation:
                        continue
                    await asyncio.to_thread(self._write_published, acked)
            except Exception as exc:
                log.warning(
                    "could not mark %d outbox rows published (%s); will retry",
                    len(acked),
                    type(exc).__name__,
                    exc_info=not isinstance(exc, UNAVAILABLE_ERRORS),
                )
                self._acked.extend(acked)
                await asyncio.sleep(1.0)
                self._marked.set()
                continue
            for message in acked:
                self._known.discard(message.event_id)
            for marked in self._marked_during_sweeps:
                marked.update(m.event_id for m in acked)

    def _write_published(self, acked: list[OutboxMessage]) -> None:
        with self._engine.begin() as connection:
            connection.execute(
                _mark_published(self._engine.dialect.name),
                {"keys": [m.event_id for m in acked], "now": datetime.now(UTC)},
            )

    async def _sweeper(self) -> None:
        while True:
            await asyncio.sleep(self._sweep_interval_s)
            try:
                await self._sweep()
            except UNAVAILABLE_ERRORS as exc:  # the relay waits; the next sweep tries again
                log.warning("outbox sweep skipped: database unavailable (%s)", type(exc).__name__)
            except Exception:
                log.exception("outbox sweep failed")

    async def _sweep(self) -> None:
        marked: set[str] = set()
        self._marked_during_sweeps.append(marked)
        try:
            rows = await asyncio.to_thread(self._load_unpublished)
        finally:
            self._marked_during_sweeps.remove(marked)
        fresh = [m for m in rows if m.event_id not in self._known and m.event_id not in marked]
        if fresh:
            self._enqueue(fresh)

    def _load_unpublished(self) -> list[OutboxMessage]:
        outbox = tables.outbox
        query = (
            select(outbox)
            .where(outbox.c.published_at.is_(None))
            .order_by(outbox.c.id)
            .limit(10_000)
        )
        with reading(self._engine).connect() as connection:
            return [OutboxMessage.of_row(row) for row in connection.execute(query).mappings()]

    def _reset_published(self) -> int:
        now = datetime.now(UTC)
        outbox = tables.outbox
        retained = or_(
            outbox.c.created_at >= now - self._retention,
            and_(
                outbox.c.event_type == DEAD_LETTER_TYPE,
                outbox.c.created_at >= now - self._dead_letter_retention,
            ),
        )
        with self._engine.begin() as connection:
            result = connection.execute(update(outbox).where(retained).values(published_at=None))
            return int(result.rowcount or 0)


@per_dialect
def _mark_published(dialect: str) -> Update:
    outbox = tables.outbox
    return (
        update(outbox)
        .where(keyed(outbox.c.event_id, dialect))
        .values(published_at=bindparam("now"))
    )
