"""The intake hub's tables (component ``intake``).

- ``intake_journal``: every case's journal, append-only and ordered per case (``seq``);
  folding it rebuilds the case. Public events and internal records, with the ``ce_id``
  of the envelope when the entry was published. It never holds the child's identity: a
  ReferralIssued is stored without it, and the identity record only points to
  ``intake_child_identities``.
- ``intake_cases``: one row per case, the projection for listing (number, district,
  category, phase, current companion, open loops) and the row a command locks, so that
  commands on one case serialize and the outbox order is the commit order.
- ``intake_child_identities``: the only table holding a child's name (LT Pasal 5
  kerahasiaan), with the case information of an agency's request letter.
- ``intake_case_numbers``: the last case number given per district and year.
- ``intake_capacity_notices``: what agencies said they can take (CapacityNotice).
- ``intake_refused_inbound``: answers and reports the case's state refused (a legitimate
  race, e.g. an acceptance after the hub cancelled), with the rule that refused them.
- ``intake_outcomes``: the companions' inboxes (LT Pasal 17(3)): every outcome of every
  case, to whom it was delivered and when it was acknowledged; a projection of the
  journal, rewritten with the case.
- ``intake_due_notices``: the overdue notices the deadline monitor must send and when; a
  projection of the journal and the service standards, rewritten with the case, so the
  monitor finds them after a restart.
"""

from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from rujukan.runtime.db import SURROGATE_KEY as _Id
from rujukan.runtime.db import new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()


cases = Table(
    "intake_cases",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("case_number", String(40), nullable=True, unique=True),
    Column("district", String(64), nullable=False),
    Column("category", String(40), nullable=True),
    Column("phase", String(40), nullable=False),
    Column("companion_id", String(64), nullable=True),
    Column("open_loops", Integer, nullable=False),
    Column("journal_length", Integer, nullable=False),
    Column("opened_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Index("ix_intake_cases_updated_at", "updated_at"),
)

journal = Table(
    "intake_journal",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("seq", Integer, primary_key=True, autoincrement=False),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("kind", String(64), nullable=False),
    Column("payload", JSON, nullable=False),
    Column("event_id", String(36), nullable=True),
)

child_identities = Table(
    "intake_child_identities",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("name", String(200), nullable=False),
    Column("date_of_birth", Date, nullable=True),
    Column("estimated_age", Integer, nullable=True),
    Column("sex", String(16), nullable=False),
    Column("address", String(300), nullable=True),
    Column("disability", String(200), nullable=True),
    Column("guardian_contact", String(200), nullable=True),
    Column("case_information", Text, nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
)

case_numbers = Table(
    "intake_case_numbers",
    metadata,
    Column("district", String(64), primary_key=True),
    Column("year", Integer, primary_key=True, autoincrement=False),
    Column("last_number", Integer, nullable=False),
)

capacity_notices = Table(
    "intake_capacity_notices",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("event_id", String(36), nullable=False, unique=True),
    Column("agency_id", String(64), nullable=False),
    Column("service", String(40), nullable=False),
    Column("available", Integer, nullable=False),
    Column("capacity", Integer, nullable=True),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_intake_capacity_notices_agency", "agency_id", "service", "as_of"),
)

refused_inbound = Table(
    "intake_refused_inbound",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("case_id", String(64), nullable=False),
    Column("event_id", String(36), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("source", String(128), nullable=False),
    Column("referral_id", String(64), nullable=True),
    Column("rule", String(80), nullable=False),
    Column("article", String(120), nullable=True),
    Column("detail", Text, nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Index("ix_intake_refused_inbound_case_id", "case_id"),
)

outcomes = Table(
    "intake_outcomes",
    metadata,
    Column("outcome_id", String(36), primary_key=True),
    Column("case_id", String(64), nullable=False),
    Column("referral_id", String(64), nullable=False),
    Column("outcome_type", String(128), nullable=False),
    Column("agency_id", String(64), nullable=False),
    Column("final", Boolean, nullable=False),
    Column("summary", Text, nullable=False),
    Column("escalation", String(16), nullable=False),
    Column("recipient_id", String(64), nullable=True),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("handed_over_from", String(64), nullable=True),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Index("ix_intake_outcomes_case_id", "case_id"),
    Index("ix_intake_outcomes_recipient", "recipient_id", "acknowledged_at"),
)

due_notices = Table(
    "intake_due_notices",
    metadata,
    Column("case_id", String(64), primary_key=True),
    Column("referral_id", String(64), primary_key=True),
    Column("milestone", String(16), primary_key=True),
    Column("escalation", String(16), nullable=False),
    Column("due_at", DateTime(timezone=True), nullable=False),
    Column("fire_at", DateTime(timezone=True), nullable=False),
    Index("ix_intake_due_notices_fire_at", "fire_at"),
)

INTAKE = Component("intake", metadata, Path(__file__).parent / "migrations" / "versions")
"""The intake hub's migration component."""
