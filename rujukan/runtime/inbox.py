"""The idempotent consumer: a batch of records in, one transaction out.

For each batch:

1. Decode and admit every record first: a record with an oversized header, a
   malformed one, or one that fails the admission checks (sender, signature,
   destination, time, who may send what: ``rujukan/runtime/admission.py``) never
   reaches a handler and never aborts the transaction; it is dead-lettered with the
   reason, under a digest of its content (so a forged record can never stand in for
   the real event whose id it claims), and counted on ``/status``. Sealed values are
   opened here with this agency's keys; a record sealed to another agency, whose
   sealed data does not open, or holding a sealed value in clear is refused the same
   way once its sender is admitted (the reason names the key or the property, never a
   value).
2. Look up the batch's de-duplication keys (``ce_source``, ``ce_id``) in the inbox at
   once; a key already handled — or seen earlier in the same batch — has no second
   effect.
3. Run the handlers in offset order inside one unit of work, write what they
   deferred (``uow.deferred``: the hub writes each case once for all of its events),
   the inbox rows, the staged outbox rows and where the inbox now stands in each
   partition, commit once.
4. If a handler raises, or the writes they deferred do, roll back and run the batch
   again with a savepoint around each record (its deferred writes made inside it): a
   failing record is tried up to ``max_attempts`` times in place (so later events of
   the same case never overtake it), then dead-lettered with its error, topic,
   partition, offset and attempt count; the batch goes on.

Database errors that mean "try later" (lost connection, locked database) are not
the event's fault: they propagate, the batch is rolled back and redelivered, and no
attempt is counted.
"""

import hashlib
import logging
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, TypeVar

from opentelemetry.trace import SpanKind, Status, StatusCode
from sqlalchemy import Select, insert, select, update

from rujukan.errors import safe_reason
from rujukan.runtime import tables
from rujukan.runtime import telemetry as tm
from rujukan.runtime.admission import Admission
from rujukan.runtime.db import UNAVAILABLE_ERRORS, dialect_of, keyed, per_dialect
from rujukan.runtime.keys import KeyRing
from rujukan.runtime.metrics import RuntimeMetrics
from rujukan.runtime.positions import record_positions
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.envelope import (
    H_SIGNATURE,
    Envelope,
    InvalidEvent,
    UnsealedEvent,
    decode_mapped,
    header_map,
)
from schemas.sealing import OpeningKeys
from schemas.signing import event_signing_fields

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
DLQ_SIGNATURE = "rujukan_dlq_signature"
"""The dead-lettering agency's detached JWS over the headers above and a digest of the
original record (:func:`dead_letter_fields`); the original keeps its own ce_signature."""
DLQ_FIELDS = (DLQ_REASON, DLQ_TOPIC, DLQ_PARTITION, DLQ_OFFSET, DLQ_ATTEMPTS, DLQ_CONSUMER, DLQ_AT)
DLQ_HEADERS = (*DLQ_FIELDS, DLQ_SIGNATURE)
DEAD_LETTER_TYPE = "id.rujukan.dead_letter"
DEAD_LETTER_CONTEXT = "rujukan-dead-letter-signature/1"

MAX_HEADERS = 32
MAX_HEADER_NAME = 64
MAX_HEADER_VALUE = 1024
"""Bounds on an inbound record's headers (a W3C tracestate is at most 512 characters, a
signature far less): a record past them is dead-lettered, never stored as it came."""
MAX_KEY = 128
"""The outbox's key column: a dead letter whose original key is longer gets its digest."""
OVERSIZED = "oversized_header"
INVALID = "invalid_event"


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
    rejected: str | None = None
    """The reason name of a record refused before any handler (counted on /status)."""
    source: str = ""
    """The proven sender ('' for a refused record): half of the de-duplication key."""
    unopened: str | None = None
    """Why its sealed values were refused, said once its sender is admitted."""

    @property
    def key(self) -> tuple[str, str]:
        return (self.source, self.dedup_key)

    def refuse(self, reason: str, detail: str) -> None:
        """Refused before any handler: keyed by a digest of the content, not by the
        (source, id) it claims."""
        self.invalid, self.rejected = f"{reason}: {detail}", reason
        self.dedup_key, self.source = _fingerprint(self.record), ""
        self.envelope = self.event = None


@dataclass
class BatchResult:
    handled: int = 0
    duplicates: int = 0
    dead_lettered: int = 0
    dead_letter_reasons: list[str] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)


class _HandlerFailed(Exception):
    """A handler of the batch raised, or the writes the handlers deferred did: the batch
    is run again with each record isolated."""

    def __init__(self, error: Exception) -> None:
        super().__init__(str(error))
        self.error = error


class InboxProcessor:
    def __init__(
        self,
        *,
        unit_of_work: Callable[[], UnitOfWork],
        dispatcher: Dispatcher,
        agency_id: str,
        dead_letter_topic: str,
        consumer_group: str,
        admission: Admission,
        keys: KeyRing,
        max_attempts: int = 3,
        retry_pause_s: float = 0.05,
        sealing: Sealing,
        metrics: RuntimeMetrics | None = None,
    ) -> None:
        self._metrics = metrics
        self._uow = unit_of_work
        self._sealing = sealing
        self._admission = admission
        self._keys = keys
        self.rejected: Counter[str] = Counter()
        """Records refused before any handler since start, by reason (``/status``)."""
        self._dispatcher = dispatcher
        self._agency_id = agency_id
        self._dlq_topic = dead_letter_topic
        self._group = consumer_group
        self._max_attempts = max_attempts
        self._retry_pause_s = retry_pause_s
        self.observers: list[Callable[[Sequence[str]], None]] = []
        """Called after each committed batch with the ce_ids it handled (measurements)."""

    def process(
        self, records: Sequence[InboundRecord], incarnation: str | None = None
    ) -> BatchResult:
        """Handle a batch exactly once per event; see the module docstring. With the
        broker ``incarnation`` the batch came from, the same transaction records where
        the inbox stands in each partition (``rujukan/runtime/positions.py``)."""
        keys = self._sealing.opening_keys()
        items = [self._admit(_decode(r, keys)) for r in records]
        try:
            return self._run(items, isolate=False, incarnation=incarnation)
        except _HandlerFailed:
            return self._run(items, isolate=True, incarnation=incarnation)

    def _admit(self, item: _Item) -> _Item:
        """Refuse a decoded record that fails the admission checks."""
        if item.envelope is None:
            return item
        rejection = self._admission.check(item.headers, item.record.value or b"", item.envelope)
        if rejection is not None:
            item.refuse(rejection.reason, rejection.detail)
        elif item.unopened is not None:
            item.refuse(INVALID, item.unopened)
            item.invalid = f"invalid event: {item.unopened}"
        return item

    def _run(self, items: list[_Item], *, isolate: bool, incarnation: str | None) -> BatchResult:
        result = BatchResult()
        with self._uow() as uow:
            known = _known_keys(uow, items)
            self._dispatcher.prefetch(uow, [_inbound(i) for i in items if _fresh(i, known)])
            seen: set[tuple[str, str]] = set()
            inbox_rows: list[dict[str, object]] = []
            for item in items:
                status = known.get(item.key)
                if item.key in seen or not _should_process(status, item.replay):
                    result.duplicates += 1
                    continue
                seen.add(item.key)
                outcome = self._apply(uow, item, isolate=isolate)
                if outcome is None:
                    result.handled += 1
                    row_status = tables.INBOX_HANDLED
                else:
                    result.dead_lettered += 1
                    result.dead_letter_reasons.append(outcome)
                    row_status = tables.INBOX_DEAD_LETTERED
                    if item.rejected is not None:
                        result.rejected.append(item.rejected)
                if status is None:
                    inbox_rows.append(_inbox_row(item, row_status))
                elif row_status == tables.INBOX_HANDLED:
                    _mark_handled(uow, item)
            if not isolate:  # isolated, each record's savepoint wrote its own
                _flush_deferred(uow)
            if inbox_rows:
                uow.session.execute(insert(tables.inbox), inbox_rows)
            if incarnation is not None:
                read = ((i.record.topic, i.record.partition, i.record.offset) for i in items)
                record_positions(uow.session, read, incarnation)
            uow.commit()
        self.rejected.update(result.rejected)
        for observer in self.observers:
            observer([str(row["dedup_key"]) for row in inbox_rows])
        return result

    def _apply(self, uow: UnitOfWork, item: _Item, *, isolate: bool) -> str | None:
        """Run the item's handler; return None, or the reason it was dead-lettered."""
        if item.invalid is not None:
            self._dead_letter(uow, item, item.invalid, attempts=1)
            return item.invalid
        inbound = _inbound(item)
        handler = self._dispatcher.handler_for(inbound.event)
        if handler is None:
            return None
        if not isolate:
            with self._span(item), self._timed(item):
                try:
                    handler(uow, inbound)
                    uow.handled(inbound.event, str(inbound.envelope.id))
                except UNAVAILABLE_ERRORS:
                    raise
                except Exception as error:
                    raise _HandlerFailed(error) from error
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
                    uow.handled(inbound.event, str(inbound.envelope.id))
            except UNAVAILABLE_ERRORS:
                raise
            except Exception as exc:
                error = exc
                if attempt < self._max_attempts:
                    time.sleep(self._retry_pause_s * attempt)
                continue
            return None
        assert error is not None
        reason = f"handler failed: {safe_reason(error)}"
        self._dead_letter(uow, item, reason, attempts=self._max_attempts)
        return reason

    def _dead_letter(self, uow: UnitOfWork, item: _Item, reason: str, *, attempts: int) -> None:
        record = item.record
        original = [
            (n[:MAX_HEADER_NAME], v.decode("utf-8", "replace")[:MAX_HEADER_VALUE])
            for n, v in record.headers[:MAX_HEADERS]
            if n not in DLQ_HEADERS
        ]
        value = record.value or b""
        marks = {
            DLQ_REASON: reason[:1000],
            DLQ_TOPIC: record.topic,
            DLQ_PARTITION: str(record.partition),
            DLQ_OFFSET: str(record.offset),
            DLQ_ATTEMPTS: str(attempts),
            DLQ_CONSUMER: self._agency_id,
            DLQ_AT: datetime.now(UTC).isoformat(),
        }
        signature = self._keys.sign_fields(dead_letter_fields(marks, dict(original), value))
        uow.publish_raw(
            topic=self._dlq_topic,
            key=_bounded_key(record.key),
            headers=[*original, *marks.items(), (DLQ_SIGNATURE, signature)],
            value=value,
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
            record_exception=False,
            set_status_on_exception=False,
        ) as span:
            try:
                yield
            except Exception as exc:
                # by type: an exception's message (and so OpenTelemetry's own record of
                # it) may carry a value from the event
                span.set_attribute("error.type", type(exc).__name__)
                span.set_status(Status(StatusCode.ERROR, safe_reason(exc)))
                raise


def _decode(record: InboundRecord, keys: OpeningKeys) -> _Item:
    oversized = _oversized(record)
    headers = {} if oversized else header_map(record.headers)
    replay = bool(headers.get(H_REPLAY))
    item = _Item(record, headers, "", replay=replay)
    if oversized:
        item.refuse(OVERSIZED, oversized)
        return item
    try:
        envelope, event = decode_mapped(headers, record.value, keys)
    except UnsealedEvent as exc:  # refused in _admit, after the sender's checks
        item.envelope, item.unopened = exc.envelope, str(exc)
        return item
    except InvalidEvent as exc:
        item.refuse(INVALID, str(exc))
        item.invalid = f"invalid event: {exc}"
        return item
    item.envelope, item.event = envelope, event
    item.dedup_key, item.source = str(envelope.id), envelope.source
    return item


def _flush_deferred(uow: UnitOfWork) -> None:
    """Write what the batch's handlers deferred; a failure is the batch's to isolate
    (no record is known to have caused it), a database that is unavailable is not."""
    try:
        uow.flush_deferred()
    except UNAVAILABLE_ERRORS:
        raise
    except Exception as error:
        raise _HandlerFailed(error) from error


def _oversized(record: InboundRecord) -> str | None:
    """Why a record's headers are past the bounds, or None."""
    if len(record.headers) > MAX_HEADERS:
        return f"more than {MAX_HEADERS} headers"
    for name, value in record.headers:
        if len(name) > MAX_HEADER_NAME or len(value or b"") > MAX_HEADER_VALUE:
            return f"a header is longer than {MAX_HEADER_NAME}/{MAX_HEADER_VALUE} bytes"
    return None


def dead_letter_fields(marks: dict[str, str], original: dict[str, str], value: bytes) -> list[str]:
    """What a dead letter's signature covers: the reason and place headers in order, and
    what the original's own signature covers (its CloudEvents headers, destination and
    data digest) with that signature. Trace headers are left out: the relay rewrites
    them when it sends the dead letter."""
    covered = [*event_signing_fields(original, value), original.get(H_SIGNATURE, "")]
    return [DEAD_LETTER_CONTEXT, *(marks.get(n, "") for n in DLQ_FIELDS), *covered]


def _bounded_key(key: bytes | None) -> str:
    text = (key or b"").decode("utf-8", "replace")
    return text if len(text) <= MAX_KEY else "sha256:" + hashlib.sha256(key or b"").hexdigest()


def _inbound(item: _Item) -> Inbound:
    assert item.envelope is not None
    assert item.event is not None
    return Inbound(item.envelope, item.event, item.record)


def _fresh(item: _Item, known: dict[tuple[str, str], str]) -> bool:
    """A valid event this batch will hand to its handler (not a known duplicate)."""
    return item.event is not None and _should_process(known.get(item.key), item.replay)


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


def _known_keys(uow: UnitOfWork, items: list[_Item]) -> dict[tuple[str, str], str]:
    """The inbox status of the batch's (source, id) keys, in one query: the rows of the
    batch's sources and ids (the few senders of a batch narrow it to the primary key's
    index, where the ids alone would read every row the inbox retains), matched by pair
    here."""
    found = uow.session.execute(
        _statuses(dialect_of(uow.session)),
        {"sources": list({i.source for i in items}), "keys": list({i.dedup_key for i in items})},
    )
    return {(str(source), str(key)): str(status) for source, key, status in found}


@per_dialect
def _statuses(dialect: str) -> Select[Any]:
    inbox = tables.inbox
    return select(inbox.c.source, inbox.c.dedup_key, inbox.c.status).where(
        keyed(inbox.c.source, dialect, "sources"), keyed(inbox.c.dedup_key, dialect)
    )


def _inbox_row(item: _Item, status: str) -> dict[str, object]:
    return {
        "dedup_key": item.dedup_key,
        "event_type": item.envelope.type if item.envelope else None,
        "source": item.source,
        "status": status,
        "topic": item.record.topic,
        "partition": item.record.partition,
        "offset": item.record.offset,
        "received_at": datetime.now(UTC),
    }


def _mark_handled(uow: UnitOfWork, item: _Item) -> None:
    inbox = tables.inbox
    uow.session.execute(
        update(inbox)
        .where(inbox.c.source == item.source, inbox.c.dedup_key == item.dedup_key)
        .values(status=tables.INBOX_HANDLED, received_at=datetime.now(UTC))
    )
