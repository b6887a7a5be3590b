"""Retention: the outbox and the inbox stay bounded over months of operation.

- An outbox row is kept after it was published for the outbox retention, so that it can
  be sent again to a broker that lost its data (``OutboxRelay.republish_retained`` sends
  what was created within the same period); then it is deleted. A row never published is
  never deleted.
- An inbox row is kept for the inbox retention, the window within which a redelivered
  event is still recognised as a duplicate. It must cover the senders' outbox retention
  and the broker's retention of the inbox topic (both can deliver old events again), so
  the settings refuse an inbox retention shorter than the outbox's.
- A dead letter is an outbox row too, kept (and sent again after a broker loss) for the
  inbox retention instead: as long as the inbox remembers an event as dead-lettered, it
  drops that event's redeliveries, so the dead letter is the one place the event is
  kept; losing it with a broker would lose the event without a trace.

Rows go in small batches, one short transaction each, so that pruning never holds the
SQLite writer lock or a PostgreSQL lock for long. Batches are cut by time, never by key
columns: the de-duplication key of the inbox may change; its receipt time does not.
"""

import logging
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import Column, Engine, Table, delete, select
from sqlalchemy.sql.elements import ColumnElement

from rujukan.runtime import tables
from rujukan.runtime.inbox import DEAD_LETTER_TYPE

log = logging.getLogger("rujukan.retention")


@dataclass(frozen=True)
class Retention:
    """How long each table keeps its rows, and how the pruning goes."""

    outbox: timedelta
    inbox: timedelta
    batch: int = 1000
    interval_s: float = 60.0

    @property
    def dead_letters(self) -> timedelta:
        """Dead letters outlive the inbox rows that make redeliveries drop."""
        return max(self.outbox, self.inbox)


@dataclass(frozen=True)
class Pruned:
    outbox: int
    inbox: int


def prune(engine: Engine, retention: Retention, now: datetime | None = None) -> Pruned:
    """Delete every published outbox row and every inbox row past its retention (a
    dead letter past the dead letters' retention)."""
    now = now or datetime.now(UTC)
    outbox, inbox = tables.outbox, tables.inbox
    published = outbox.c.published_at.is_not(None)
    dead_letter = outbox.c.event_type == DEAD_LETTER_TYPE
    pruned = Pruned(
        outbox=prune_rows(
            engine,
            outbox,
            outbox.c.created_at,
            now - retention.outbox,
            retention.batch,
            published,
            ~dead_letter,
        )
        + prune_rows(
            engine,
            outbox,
            outbox.c.created_at,
            now - retention.dead_letters,
            retention.batch,
            published,
            dead_letter,
        ),
        inbox=prune_rows(
            engine, inbox, inbox.c.received_at, now - retention.inbox, retention.batch
        ),
    )
    if pruned.outbox or pruned.inbox:
        log.info("pruned %d outbox and %d inbox rows", pruned.outbox, pruned.inbox)
    return pruned


def prune_rows(
    engine: Engine,
    table: Table,
    time: Column[Any],
    before: datetime,
    batch: int,
    *only: ColumnElement[bool],
) -> int:
    """Delete, in batches, the rows of ``table`` older than ``before`` that match
    ``only``: the runtime's outbox and inbox, and another component's table (the
    notifier's delivered notices)."""
    total = 0
    while True:
        deleted, more = _prune_batch(engine, table, time, before, batch, *only)
        total += deleted
        if not more:
            return total


def _prune_batch(
    engine: Engine,
    table: Table,
    time: Column[Any],
    before: datetime,
    batch: int,
    *only: ColumnElement[bool],
) -> tuple[int, bool]:
    """Delete about ``batch`` of the oldest rows before ``before`` (rows sharing the
    batch's last timestamp go with it); return how many, and whether more may remain."""
    nth = select(time).where(time < before, *only).order_by(time).offset(batch - 1).limit(1)
    with engine.begin() as connection:
        bound = connection.execute(nth).scalar()
        upto = time < before if bound is None else time <= bound
        deleted = int(connection.execute(delete(table).where(upto, *only)).rowcount or 0)
    return deleted, bound is not None
