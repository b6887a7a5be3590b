"""The unit of work: one session and one transaction per request or per batch of
messages. The state change, the inbox marks and the outbox rows commit together or
not at all; nothing is published before the commit (transactional outbox).
"""

import uuid
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol, Self

from sqlalchemy import Table, insert
from sqlalchemy import event as sa_event
from sqlalchemy.orm import ORMExecuteState, Session, sessionmaker

from rujukan.runtime import tables
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.telemetry import current_trace_headers
from schemas.base import Event
from schemas.envelope import (
    H_TRACEPARENT,
    H_TRACESTATE,
    EncodedEvent,
    Envelope,
    encode,
    envelope_for,
    new_event_id,
)
from schemas.sealing import SealingKey, sealed_paths


@dataclass(frozen=True, slots=True)
class OutboxMessage:
    """A committed outbox row, as the relay publishes it."""

    event_id: str
    topic: str
    key: str
    event_type: str
    headers: tuple[tuple[str, str], ...]
    value: bytes

    @classmethod
    def of_row(cls, row: Mapping[Any, Any]) -> Self:
        """From an outbox row: as staged by a unit of work or as read by a sweep."""
        return cls(
            event_id=str(row["event_id"]),
            topic=str(row["topic"]),
            key=str(row["key"]),
            event_type=str(row["event_type"]),
            headers=tuple((str(n), str(v)) for n, v in row["headers"]),
            value=bytes(row["value"]),
        )


CommitListener = Callable[[Sequence[OutboxMessage]], None]
Signer = Callable[[EncodedEvent, str], EncodedEvent]
"""Addresses an encoded event to a topic and signs it (``KeyRing.sign``)."""
EventObserver = Callable[["UnitOfWork", Event, str, bool], None]
"""Told of every event a unit of work publishes (``inbound`` False) or handled
(``inbound`` True), with its id, before it commits: the notifier stages its deliveries
in the same transaction."""
BeforeCommit = Callable[[Session], Callable[[], None] | None]
"""Writes in the transaction just before it commits (the audit record of the request's
command); returns what to call once the commit succeeded."""


class Deferred(Protocol):
    """Writes a handler puts off to the end of its batch (see ``UnitOfWork.deferred``)."""

    def flush(self) -> None: ...


class UnitOfWork:
    """Use as ``with runtime.unit_of_work() as uow: ...; uow.commit()``.

    Leaving the block without :meth:`commit` rolls everything back.
    """

    def __init__(
        self,
        sessions: sessionmaker[Session],
        source: str,
        on_commit: CommitListener,
        *,
        signer: Signer,
        sealing: Sealing,
        before_commit: BeforeCommit | None = None,
        observer: EventObserver | None = None,
    ) -> None:
        self._sessions = sessions
        self._on_commit = on_commit
        self._signer = signer
        self._sealing = sealing
        self._before_commit = before_commit
        self._observer = observer
        self.source = source
        self._staged: list[dict[str, object]] = []
        self._rows: dict[Table, list[dict[str, Any]]] = {}
        self._writing_rows = False
        self._committed = False
        self.memo: dict[str, Any] = {}
        """Facts a handler looked up for the whole batch (see ``Dispatcher.on(prefetch=)``)."""
        self.deferred: dict[str, Deferred] = {}
        """Writes handlers put off so that several events of a batch share them (the hub
        writes a case once for all of its events), by name. A handler that defers keeps
        what it has not written yet in memory and reads it from there. They are written by
        :meth:`flush_deferred`: at :meth:`commit`, and at the end of the savepoint they
        were begun in; a savepoint that raises forgets them with its other writes."""

    def __enter__(self) -> Self:
        self.session = self._sessions()
        sa_event.listen(self.session, "do_orm_execute", self._before_statement)
        self.session.begin()
        return self

    def __exit__(self, *_exc: object) -> None:
        if not self._committed:
            self.session.rollback()
        self.session.close()

    def insert(self, table: Table, row: dict[str, Any]) -> None:
        """Stage one row for ``table``. The rows of a table are written together, in one
        statement, at commit — or as soon as any other statement of this unit of work
        runs, so what was staged is always visible to what follows. A batch of inbound
        events thus costs one INSERT per table instead of one per event."""
        self._rows.setdefault(table, []).append(row)

    def write_rows(self) -> None:
        """Write every staged row now, tables in the order they were first staged (so a
        referenced row is written before the rows that reference it)."""
        if not self._rows:
            return
        self._writing_rows = True
        try:
            for table, rows in list(self._rows.items()):
                self.session.execute(insert(table), rows)
            self._rows.clear()
        finally:
            self._writing_rows = False

    def flush_deferred(self) -> None:
        """Write what handlers deferred, in the order they first deferred it."""
        while self.deferred:
            self.deferred.pop(next(iter(self.deferred))).flush()

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """A nested transaction for one step that may fail alone (one inbound event of a
        batch). The step's deferred writes are written inside it, so they fail with the
        step. If the step raises, the database is rolled back to before it, and so is
        what it staged: its rows, deferred writes and outbox messages are forgotten, and
        ``memo`` is cleared (it may hold what the step added; readers fall back to the
        database)."""
        self.flush_deferred()  # what was put off before belongs to the enclosing transaction
        self.write_rows()
        staged = len(self._staged)
        nested = self.session.begin_nested()
        try:
            yield
            self.flush_deferred()
        except BaseException:
            nested.rollback()
            del self._staged[staged:]
            self._rows.clear()
            self.deferred.clear()
            self.memo.clear()
            raise
        nested.commit()

    def _before_statement(self, _state: ORMExecuteState) -> None:
        if self._rows and not self._writing_rows:
            self.write_rows()

    def publish(
        self,
        event: Event,
        *,
        topic: str,
        causation_id: uuid.UUID | None = None,
        event_id: uuid.UUID | None = None,
    ) -> Envelope:
        """Stage ``event`` for ``topic``; it is published only after :meth:`commit`.

        The envelope carries the current trace context, so the consumer's span joins
        the trace of the operation that caused the event. Sealed values (a child's
        identity, free text) are sealed to the agency ``topic`` belongs to, then the
        record is addressed to ``topic`` and signed (over the ciphertext), so the outbox
        row holds the sealed, signed record and a re-publish sends it unchanged.
        """
        event = self._outgoing(event)
        trace_headers = current_trace_headers()
        envelope = envelope_for(
            event,
            source=self.source,
            causation_id=causation_id,
            event_id=event_id,
            traceparent=trace_headers.get(H_TRACEPARENT),
            tracestate=trace_headers.get(H_TRACESTATE),
        )
        encoded = self._signer(encode(event, envelope, self._seal_to(event, topic)), topic)
        self.publish_raw(
            topic=topic,
            key=encoded.key.decode(),
            headers=[(name, value.decode()) for name, value in encoded.headers],
            value=encoded.value,
            event_type=event.event_type,
            event_id=str(envelope.id),
        )
        if self._observer is not None:
            self._observer(self, event, str(envelope.id), False)
        return envelope

    def _outgoing(self, event: Event) -> Event:
        """What of ``event`` is published: all of it. A subclass may publish less (the
        benchmark's run without trust leaves out the sealed values)."""
        return event

    def handled(self, event: Event, event_id: str) -> None:
        """An inbound event was handled in this unit of work (the inbox calls this)."""
        if self._observer is not None:
            self._observer(self, event, event_id, True)

    def _seal_to(self, event: Event, topic: str) -> SealingKey | None:
        if not sealed_paths(event):
            return None
        return self._sealing.key_for(topic)

    def publish_raw(
        self,
        *,
        topic: str,
        key: str,
        headers: Sequence[tuple[str, str]],
        value: bytes,
        event_type: str,
        event_id: str | None = None,
    ) -> str:
        """Stage an already-encoded record (dead letters, replays)."""
        row_id = event_id or str(new_event_id())
        self._staged.append(
            {
                "event_id": row_id,
                "topic": topic,
                "key": key,
                "event_type": event_type,
                "headers": [list(h) for h in headers],
                "value": value,
                "created_at": datetime.now(UTC),
            }
        )
        return row_id

    def commit(self) -> None:
        """Write the deferred writes, the staged rows and outbox rows (and the audit record
        of the request's command), commit, then hand the outbox rows to the relay."""
        self.flush_deferred()
        self.write_rows()
        messages = self._flush_outbox()
        after = self._before_commit(self.session) if self._before_commit else None
        self.session.commit()
        self._committed = True
        if after is not None:
            after()
        if messages:
            self._on_commit(messages)

    def _flush_outbox(self) -> list[OutboxMessage]:
        """Insert the staged outbox rows in one statement. Their database ids are not
        read back: the relay sends rows in the order it is handed them and marks them
        published by their unique event id."""
        if not self._staged:
            return []
        self.session.execute(insert(tables.outbox), self._staged)
        messages = [OutboxMessage.of_row(row) for row in self._staged]
        self._staged.clear()
        return messages
