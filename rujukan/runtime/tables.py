"""The runtime's own tables, present in every agency database.

- ``outbox``: events committed with the state change that caused them, until the
  relay has published them (then kept for the retention period, so that they can be
  re-published to a broker that lost its data).
- ``inbox``: the de-duplication key (source, ``ce_id``) of every event this agency has
  handled or dead-lettered, written in the same transaction as the handler's effects;
  a record refused before any handler is keyed ('', digest of its content).
- ``broker_incarnation``: the last broker incarnation this agency has seen.
- ``inbox_positions``: the next offset of each partition of the inbox topic, and the
  broker incarnation it belongs to, written in the transaction of each batch
  (``rujukan/runtime/positions.py``).
"""

from sqlalchemy import (
    JSON,
    BigInteger,
    Column,
    DateTime,
    Index,
    Integer,
    LargeBinary,
    String,
    Table,
    Text,
)

from rujukan.runtime.db import SURROGATE_KEY as _Id
from rujukan.runtime.db import new_metadata

metadata = new_metadata()

outbox = Table(
    "outbox",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("topic", String(255), nullable=False),
    Column("key", String(128), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("headers", JSON, nullable=False),
    Column("value", LargeBinary, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("published_at", DateTime(timezone=True), nullable=True),
    Column("last_error", Text, nullable=True),
    Index("ix_outbox_unpublished", "published_at", "id"),
    Index("ix_outbox_created_at", "created_at"),
)

INBOX_HANDLED = "handled"
INBOX_DEAD_LETTERED = "dead_lettered"

inbox = Table(
    "inbox",
    metadata,
    Column("source", String(128), primary_key=True),
    Column("dedup_key", String(80), primary_key=True),
    Column("event_type", String(128), nullable=True),
    Column("status", String(16), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("partition", Integer, nullable=False),
    Column("offset", BigInteger, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_inbox_received_at", "received_at"),
)

broker_incarnation = Table(
    "broker_incarnation",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("incarnation", String(200), nullable=False),
    Column("seen_at", DateTime(timezone=True), nullable=False),
)

inbox_positions = Table(
    "inbox_positions",
    metadata,
    Column("topic", String(255), primary_key=True),
    Column("partition", Integer, primary_key=True),
    Column("incarnation", String(200), nullable=False),
    Column("next_offset", BigInteger, nullable=False),
)
