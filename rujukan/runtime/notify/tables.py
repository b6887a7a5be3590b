"""The notifier's tables, in every agency's database (component ``notify``).

- ``notify_recipients``: where a recipient wants to be told: an account of the agency
  (its id), or the agency's shared facility address (owner ``@facility``). Each channel
  is chosen by giving its address: an e-mail address, a webhook URL with the endpoint's
  own signing secret. Quiet hours are local times of the agency's district.
- ``notify_deliveries``: one row per (event, recipient, channel), written in the
  transaction of the event that causes it (a notification outbox). ``key`` is stable
  (the e-mail's Message-ID, the webhook's ``webhook-id``), so a receiver drops a
  repeat. Rows hold ids and administrative words only, never a child's name.
"""

from pathlib import Path

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table, Text

from rujukan.runtime.db import REF_LENGTH, new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()

FACILITY = "@facility"
"""The owner id of the agency's shared address (no account id starts with ``@``)."""

recipients = Table(
    "notify_recipients",
    metadata,
    Column("owner_id", String(64), primary_key=True),
    Column("email", String(254), nullable=True),
    Column("webhook_url", String(500), nullable=True),
    Column("webhook_secret", String(200), nullable=True),
    Column("quiet_from", String(5), nullable=True),
    Column("quiet_until", String(5), nullable=True),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

deliveries = Table(
    "notify_deliveries",
    metadata,
    Column("key", String(64), primary_key=True),
    Column("event_id", String(REF_LENGTH), nullable=False),
    Column("notice", String(32), nullable=False),
    Column("recipient_id", String(64), nullable=False),
    Column("channel", String(16), nullable=False),
    Column("address", String(500), nullable=False),
    Column("urgent", Boolean, nullable=False),
    Column("subject", String(200), nullable=False),
    Column("body", Text, nullable=False),
    Column("payload", Text, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("next_attempt_at", DateTime(timezone=True), nullable=False),
    Column("attempts", Integer, nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("last_error", String(200), nullable=True),
    Index("ix_notify_deliveries_due", "delivered_at", "next_attempt_at"),
)

NOTIFY = Component("notify", metadata, Path(__file__).parent / "migrations" / "versions")
"""The notifier's migration component."""
