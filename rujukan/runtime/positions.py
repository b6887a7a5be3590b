"""Where the inbox stands in each partition of its topic, kept in the agency's database.

A consumer group starts where the broker's committed offset says. The local broker
takes a commit from a member it does not know, so a commit of the broker's old life,
blocked through an outage, can land on the new broker after the agency saw the change,
and its process can be killed before it overwrites it (``docs/reliability.md``). The
next life would start from that offset and skip the records before it.

So the inbox writes, in the transaction of each batch, the next offset of every
partition the batch came from and the broker incarnation those offsets belong to. A
batch that begins past that offset skipped records, and the consumer reads again from
it (``rujukan/runtime/kafka.py`` ``InboxConsumer``). The database is the truth: it
changes only with the effects of the records, whereas a commit may come from anywhere.
"""

import asyncio
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from sqlalchemy import Engine, Executable, select
from sqlalchemy.orm import Session

from rujukan.runtime import tables
from rujukan.runtime.db import dialect_of, per_dialect, upsert_in


def reread_from(
    first: Mapping[int, int],
    gaps: Mapping[int, int],
    beginnings: Mapping[int, int],
    sought: Mapping[int, int],
) -> dict[int, int]:
    """The partitions of a batch to read again, and from which offset: those whose first
    record (``first``) lies past where the inbox stands (``gaps``), but not before the
    topic's beginning (retention deleted the rest). Not a partition this batch was read
    from that very offset (``sought``): its first record is then the first there is
    from it, the offsets before it hold none (a broker may leave offsets unused, as
    Kafka does for transaction markers), and reading again would find the same batch
    forever."""
    again = {}
    for partition, expected in gaps.items():
        target = max(expected, beginnings.get(partition, 0))
        if first[partition] > target and sought.get(partition) != target:
            again[partition] = target
    return again


@dataclass(frozen=True)
class Position:
    """The next offset to read in a partition, in the broker life ``incarnation``."""

    incarnation: str
    next_offset: int

    def expected(self, incarnation: str) -> int:
        """Where a batch of ``incarnation`` may begin at the latest: the next offset in
        the same broker life; in another life nothing of this partition was read yet."""
        return self.next_offset if incarnation == self.incarnation else 0


def record_positions(
    session: Session, read: Iterable[tuple[str, int, int]], incarnation: str
) -> None:
    """Write, in the batch's own transaction, the next offset of each partition among
    ``read`` (topic, partition, offset of a record the batch holds)."""
    next_offsets: dict[tuple[str, int], int] = {}
    for topic, partition, offset in read:
        key = (topic, partition)
        next_offsets[key] = max(next_offsets.get(key, 0), offset + 1)
    if not next_offsets:
        return
    rows = [
        {"topic": t, "partition": p, "incarnation": incarnation, "next_offset": n}
        for (t, p), n in next_offsets.items()
    ]
    # the rows as parameters, not as the statement's VALUES: SQLAlchemy caches the
    # compiled form only of the former, and compiling it took a millisecond per batch
    session.execute(_upsert_positions(dialect_of(session)), rows)


@per_dialect
def _upsert_positions(dialect: str) -> Executable:
    table = tables.inbox_positions
    statement = upsert_in(dialect, table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.topic, table.c.partition],
        set_={
            "incarnation": statement.excluded.incarnation,
            "next_offset": statement.excluded.next_offset,
        },
    )


def load_positions(engine: Engine, topic: str) -> dict[int, Position]:
    """The recorded position of each partition of ``topic``."""
    table = tables.inbox_positions
    query = select(table.c.partition, table.c.incarnation, table.c.next_offset).where(
        table.c.topic == topic
    )
    with engine.connect() as connection:
        return {
            row.partition: Position(row.incarnation, row.next_offset)
            for row in connection.execute(query)
        }


class InboxPositions:
    """The positions of one inbox topic: read from the database once, kept current by
    the consumer after each batch, and read again before a gap is believed (another
    member of the group may have handled the partition since); and the broker life the
    agency has adopted, which a verified batch belongs to (None before it has one)."""

    def __init__(
        self, load: Callable[[], dict[int, Position]], incarnation: Callable[[], str | None]
    ) -> None:
        self._load = load
        self.incarnation = incarnation
        self._known: dict[int, Position] | None = None

    async def gaps(self, first_offsets: Mapping[int, int], incarnation: str) -> dict[int, int]:
        """The partitions whose batch begins past where the inbox stands, with that
        offset; a partition with no recorded position has none (a new database starts
        where the broker says)."""
        if self._known is None or self._past(first_offsets, incarnation, self._known):
            self._known = await asyncio.to_thread(self._load)
        return self._past(first_offsets, incarnation, self._known)

    def advance(self, last_offsets: Mapping[int, int], incarnation: str) -> None:
        """A batch ending at ``last_offsets`` committed."""
        if self._known is not None:
            for partition, offset in last_offsets.items():
                self._known[partition] = Position(incarnation, offset + 1)

    @staticmethod
    def _past(
        first_offsets: Mapping[int, int], incarnation: str, known: Mapping[int, Position]
    ) -> dict[int, int]:
        gaps = {}
        for partition, first in first_offsets.items():
            position = known.get(partition)
            if position is not None and first > position.expected(incarnation):
                gaps[partition] = position.expected(incarnation)
        return gaps
