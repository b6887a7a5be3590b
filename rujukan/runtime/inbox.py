"""The idempotent consumer: a batch of records in, one transaction out.

For each batch:

1. Decode every record first (pure): a malformed record never reaches a handler
   and never aborts the transaction; it is dead-lettered with the reason.
2. Look up the batch's de-duplication keys (the ``ce_id``) in the inbox at once; a
   key already handled — or seen earlier in the same batch — has no second effect.
3. Run the handlers in offset order inside one unit of work, write the inbox rows
   and the staged outbox rows, commit once.
4. If a handler raises, roll back and run the batch again with a savepoint around
   each record: a failing record is tried up to ``max_attempts`` times in place (so
   later events of the same case never overtake it), then dead-lettered with its
   error, topic, partition, offset and attempt count; the batch goes on.

Database errors that mean "try later" (lost connection, locked database) are not
the event's fault: they propagate, the batch is rolled back and redelivered, and no
attempt is counted.
"""

import hashlib
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import TypeVar

from opentelemetry.trace import SpanKind
from sqlalchemy import insert, select, update

from rujukan.runtime import tables
from rujukan.runtime import telemetry as tm
from rujukan.runtime.db import UNAVAILABLE_ERRORS, dialect_of, keyed
from rujukan.runtime.metrics import RuntimeMetrics
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.envelope import Envelope, InvalidEvent, decode_mapped, header_map

log = logging.getLogger("rujukan.inbox")

H_REPLAY = "rujukan_replay"
"""Set by ``rujukan dlq replay``: lets a dead-lettered event be processed again."""

DLQ_REASON = "rujukan_dlq_reason"
DLQ_TOPIC = "rujukan_dlq_topic"
DLQ_PARTITION = "rujukan_dlq_partition"
DLQ_OFFSET = "rujukan_dlq_offset"
DLQ_ATTEMPTS = "rujukan_dlq_attempts"
DLQ_CONSUMER = "rujukan_dlq_consumer"
DLQ_AT = "rujukan_dlq_at"
DLQ_HEADERS = (DLQ_REASON, DLQ_TOPIC, DLQ_PARTITION, DLQ_OFFSET, DLQ_ATTEMPTS, DLQ_CONSUMER, DLQ_AT)
DEAD_LETTER_TYPE = "id.rujukan.dead_letter"


@dataclass(frozen=True, slots=True)
class InboundRecord:
    """A Kafka record as the consumer fetched it."""

    topic: str
    partition: int
    offset: int
    key: bytes | None
    headers: tuple[tuple[str, bytes], ...]
    value: bytes | None


@dataclass(frozen=True, slots=True)
class Inbound:
    """What a handler receives: the decoded event, its envelope and its record."""

    envelope: Envelope
    event: Event
    record: InboundRecord


Handler = Callable[[UnitOfWork, Inbound], None]
Prefetch = Callable[[UnitOfWork, Sequence[Inbound]], None]
E = TypeVar("E", bound=Event)


class Dispatcher:
    """Event class → handler. An event with no handler is recorded and ignored
    (readers ignore what they do not need).

    A handler may also name a ``prefetch``: called once per batch with every event of
    its class, before any of them is handled, to look up in one query what the handler
    would otherwise ask per event (keeping the result in ``uow.memo``).
    """

    def __init__(self) -> None:
        self._handlers: dict[type[Event], Handler] = {}
        self._prefetch: dict[type[Event], Prefetch] = {}

    def on(
        self, event_class: type[E], *, prefetch: Prefetch | None = None
    ) -> Callable[[Handler], Handler]:
        def register(handler: Handler) -> Handler:
            if event_class in self._handlers:
                raise ValueError(f"{event_class.__name__} already has a handler")
            self._handlers[event_class] = handler
            if prefetch is not None:
                self._prefetch[event_class] = prefetch
            return handler

        return register

    def handler_for(self, event: Event) -> Handler | None:
        return self._handlers.get(type(event))

    def prefetch(self, uow: UnitOfWork, inbounds: Sequence[Inbound]) -> None:
        """Run each event class's prefetch with the batch's events of that class."""
        by_class: dict[type[Event], list[Inbound]] = {}
        for inbound in inbounds:
            if type(inbound.event) in self._prefetch:
                by_class.setdefault(type(inbound.event), []).append(inbound)
        for event_class, found in by_class.items():
            self._prefetch[event_class](uow, found)

    def handled_types(self) -> list[type[Event]]:
        return list(self._handlers)


@dataclass
class _Item:
    record: InboundRecord
    headers: dict[str, str]
    dedup_key: str
    envelope: Envelope | None = None
    event: Event | None = None
    invalid: str | None = None
    replay: bool = False


@dataclass
class BatchResult:
    handled: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    dead_letter_reasons: list[str] = field(default_factory=list)


class _HandlerFailed(Exception):
    def __init__(self, item: _Item, error: Exception) -> None:
        super().__init__(str(error))
        self.item, self.error = item, error


class InboxProcessor:
    def __init__(
        self,
        *,
        unit_of_work: Callable[[], UnitOfWork],
        dispatcher: Dispatcher,
        agency_id: str,
        dead_letter_topic: str,
        consumer_group: str,
        max_attempts: int = 3,
        retry_pause_s: float = 0.05,
        metrics: RuntimeMetrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._uow = unit_of_work
        self._dispatcher = dispatcher
        self._agency_id = agency_id
        self._dlq_topic = dead_letter_topic
        self._group = consumer_group
        self._max_attempts = max_attempts
        self._retry_pause_s = retry_pause_s
        self.observers: list[Callable[[Sequence[str]], None]] = []
        """Called after each committed batch with the ce_ids it handled (measurements)."""

    def process(self, records: Sequence[InboundRecord]) -> BatchResult:
        """Handle a batch exactly once per event; see the module docstring."""
        items = [_decode(r) for r in records]
        try:
            return self._run(items, isolate=False)
        except _HandlerFailed:
            return self._run(items, isolate=True)

    def _run(self, items: list[_Item], *, isolate: bool) -> BatchResult:
        result = BatchResult()
        with self._uow() as uow:
            known = _known_keys(uow, [i.dedup_key for i in items])
            self._dispatcher.prefetch(uow, [_inbound(i) for i in items if _fresh(i, known)])
            seen: set[str] = set()
            inbox_rows: list[dict[str, object]] = []
            for item in items:
                status = known.get(item.dedup_key)
                if item.dedup_key in seen or not _should_process(status, item.replay):
                    result.duplicates += 1
                    continue
                seen.add(item.dedup_key)
                outcome = self._apply(uow, item, isolate=isolate)
                if outcome is None:
                    result.handled += 1
                    row_status = tables.INBOX_HANDLED
                else:
                    result.dead_lettered += 1
                    result.dead_letter_reasons.append(outcome)
                    row_status = tables.INBOX_DEAD_LETTERED
                if status is None:
                    inbox_rows.append(_inbox_row(item, row_status))
                elif row_status == tables.INBOX_HANDLED:
                    _mark_handled(uow, item.dedup_key)
            if inbox_rows:
                uow.session.execute(insert(tables.inbox), inbox_rows)
            uow.commit()
        for observer in self.observers:
            observer([str(row["dedup_key"]) for row in inbox_rows])
        return result

    def _apply(self, uow: UnitOfWork, item: _Item, *, isolate: bool) -> str | None:
        """Run the item's handler; return None, or the reason it was dead-lettered."""
        if item.invalid is not None:
            self._dead_letter(uow, item, item.invalid, attempts=1)
            return item.invalid
        assert item.envelope is not None
        assert item.event is not None
        handler = self._dispatcher.handler_for(item.event)
        if handler is None:
            return None
        inbound = Inbound(item.envelope, item.event, item.record)
        if not isolate:
            with self._span(item), self._timed(item):
                try:
                    handler(uow, inbound)
                except UNAVAILABLE_ERRORS:
                    raise
                except Exception as error:
                    raise _HandlerFailed(item, error) from error
            return None
        return self._apply_isolated(uow, item, handler, inbound)

    def _apply_isolated(
        self, uow: UnitOfWork, item: _Item, handler: Handler, inbound: Inbound
    ) -> str | None:
        error: Exception | None = None
        for attempt in range(1, self._max_attempts + 1):
            try:
                with uow.savepoint(), self._span(item, attempt=attempt), self._timed(item):
                    handler(uow, inbound)
            except UNAVAILABLE_ERRORS:
                raise
            except Exception as exc:
                error = exc
                if attempt < self._max_attempts:
                    time.sleep(self._retry_pause_s * attempt)
                continue
            return None
        reason = f"handler failed: {type(error).__name__}: {error}"
        self._dead_letter(uow, item, reason, attempts=self._max_attempts)
        return reason

    def _dead_letter(self, uow: UnitOfWork, item: _Item, reason: str, *, attempts: int) -> None:
        record = item.record
        original = [(n, v.decode("utf-8", "replace")) for n, v in record.headers]
        headers = [h for h in original if h[0] not in DLQ_HEADERS] + [
            (DLQ_REASON, reason[:1000]),
            (DLQ_TOPIC, record.topic),
            (DLQ_PARTITION, str(record.partition)),
            (DLQ_OFFSET, str(record.offset)),
            (DLQ_ATTEMPTS, str(attempts)),
            (DLQ_CONSUMER, self._agency_id),
            (DLQ_AT, datetime.now(UTC).isoformat()),
        ]
        uow.publish_raw(
            topic=self._dlq_topic,
            key=(record.key or b"").decode("utf-8", "replace"),
            headers=headers,
            value=record.value or b"",
            event_type=DEAD_LETTER_TYPE,
        )
        log.warning(
            "dead-lettered an event after %d attempt(s)",
            attempts,
            extra={"event_id": item.dedup_key, "topic": record.topic, "reason": reason[:200]},
        )

    @contextmanager
    def _timed(self, item: _Item) -> Iterator[None]:
        """Observe the handler's time, whether it returns or raises."""
        started = time.perf_counter()
        try:
            yield
        finally:
            if self._metrics is not None and item.envelope is not None:
                self._metrics.handler_seconds.labels(event_type=item.envelope.type).observe(
                    time.perf_counter() - started
                )

    @contextmanager
    def _span(self, item: _Item, attempt: int = 1) -> Iterator[None]:
        record, envelope = item.record, item.envelope
        assert envelope is not None
        attributes: dict[str, str | int] = {
            tm.MESSAGING_SYSTEM: "kafka",
            tm.MESSAGING_DESTINATION: record.topic,
            tm.MESSAGING_OPERATION_TYPE: "process",
            tm.MESSAGING_OPERATION_NAME: "process",
            tm.MESSAGING_MESSAGE_ID: str(envelope.id),
            tm.MESSAGING_PARTITION: str(record.partition),
            tm.MESSAGING_KAFKA_OFFSET: record.offset,
            tm.MESSAGING_CONSUMER_GROUP: self._group,
            tm.MESSAGING_KAFKA_KEY: envelope.subject,
            tm.CLOUDEVENTS_TYPE: envelope.type,
            tm.CLOUDEVENTS_SOURCE: envelope.source,
            tm.RUJUKAN_AGENCY: self._agency_id,
            "rujukan.attempt": attempt,
        }
        parent = tm.context_from(item.headers)
        with tm.tracer().start_as_current_span(
            f"process {record.topic}",
            context=parent,
            kind=SpanKind.CONSUMER,
            attributes=attributes,
            record_exception=True,
            set_status_on_exception=True,
        ):
            yield


def _decode(record: InboundRecord) -> _Item:
    headers = header_map(record.headers)
    replay = bool(headers.get(H_REPLAY))
    try:
        envelope, event = decode_mapped(headers, record.value)
    except InvalidEvent as exc:
        reason = f"invalid event: {exc}"
        return _Item(record, headers, _fingerprint(record), invalid=reason, replay=replay)
    return _Item(record, headers, str(envelope.id), envelope, event, replay=replay)


def _inbound(item: _Item) -> Inbound:
    assert item.envelope is not None
    assert item.event is not None
    return Inbound(item.envelope, item.event, item.record)


def _fresh(item: _Item, known: dict[str, str]) -> bool:
    """A valid event this batch will hand to its handler (not a known duplicate)."""
    return item.event is not None and _should_process(known.get(item.dedup_key), item.replay)


def _fingerprint(record: InboundRecord) -> str:
    """De-duplication key of a record with no usable ce_id: a hash of its content."""
    digest = hashlib.sha256()
    for name, value in record.headers:
        if name != H_REPLAY:
            digest.update(name.encode() + b"\0" + value + b"\0")
    digest.update(record.value or b"")
    return "sha256:" + digest.hexdigest()[:64]


def _should_process(status: str | None, replay: bool) -> bool:
    return status is None or (status == tables.INBOX_DEAD_LETTERED and replay)


def _known_keys(uow: UnitOfWork, keys: list[str]) -> dict[str, str]:
    inbox = tables.inbox
    found = uow.session.execute(
        select(inbox.c.dedup_key, inbox.c.status).where(
            keyed(inbox.c.dedup_key, set(keys), dialect_of(uow.session))
        )
    )
    return {str(key): str(status) for key, status in found}


def _inbox_row(item: _Item, status: str) -> dict[str, object]:
    return {
        "dedup_key": item.dedup_key,
        "event_type": item.envelope.type if item.envelope else None,
        "source": item.envelope.source if item.envelope else None,
        "status": status,
        "topic": item.record.topic,
        "partition": item.record.partition,
        "offset": item.record.offset,
        "received_at": datetime.now(UTC),
    }


def _mark_handled(uow: UnitOfWork, key: str) -> None:
    uow.session.execute(
        update(tables.inbox)
        .where(tables.inbox.c.dedup_key == key)
        .values(status=tables.INBOX_HANDLED, received_at=datetime.now(UTC))
    )
