"""The referral desk's tables (migration component ``desk``), in every agency database
whose service uses the desk.

- ``desk_referrals``: the referrals addressed to this agency and their status.
- ``desk_child_identities``: the child's identity when a referral carried it: personal data, kept
  apart, only in this agency's database, never logged or sent on (LT Pasal 5).
- ``desk_reports``: the service reports this agency made, as it sent them.
- ``desk_sent_events``: every event the desk sent about a referral, for its timeline.
- ``desk_deliveries``: the hub's proof that an outcome reached the companion
  (OutcomeDeliveredToCompanion, LT Pasal 17(3)) and the companion's acknowledgement.
- ``desk_onward_referrals``: the onward referrals this agency issued from a referral.
- ``desk_capacity_notices``: the capacity notices this agency published, newest last.
"""

from pathlib import Path

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    String,
    Table,
    Text,
)

from rujukan.runtime.db import AGENCY_LENGTH as _AGENCY
from rujukan.runtime.db import EVENT_ID_LENGTH as _EVENT_ID
from rujukan.runtime.db import REF_LENGTH as _REF
from rujukan.runtime.db import SURROGATE_KEY as _Id
from rujukan.runtime.db import new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()


referral = Table(
    "desk_referrals",
    metadata,
    Column("referral_id", String(_REF), primary_key=True),
    Column("case_id", String(_REF), nullable=False),
    Column("agency_id", String(_AGENCY), nullable=False),
    Column("district", String(64), nullable=False),
    Column("stage", String(64), nullable=False),
    Column("service", String(32), nullable=False),
    Column("referrer_id", String(_AGENCY), nullable=False),
    Column("hub_id", String(_AGENCY), nullable=False),
    Column("status", String(16), nullable=False),
    Column("issued_event_id", String(_EVENT_ID), nullable=False),
    Column("received_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
    Column("duty", String(300), nullable=True),
    Column("category", String(32), nullable=True),
    Column("note", Text, nullable=True),
    Column("answer_due_at", DateTime(timezone=True), nullable=True),
    Column("outcome_due_on", Date, nullable=True),
    Column("parent_referral_id", String(_REF), nullable=True),
    Column("predecessor_id", String(_REF), nullable=True),
    Column("has_child_identity", Boolean, nullable=False, default=False),
    Column("decline_reason", String(32), nullable=True),
    Column("decline_detail", Text, nullable=True),
    Column("hold_reason", Text, nullable=True),
    Column("closed_reason", Text, nullable=True),
    Index("ix_desk_referral_status_received", "status", "received_at"),
    Index("ix_desk_referral_received", "received_at"),
    Index("ix_desk_referral_case", "case_id"),
)

child = Table(
    "desk_child_identities",
    metadata,
    Column(
        "referral_id",
        String(_REF),
        ForeignKey("desk_referrals.referral_id", ondelete="CASCADE"),
        primary_key=True,
    ),
    Column("identity", JSON, nullable=False),
)

report = Table(
    "desk_reports",
    metadata,
    Column("report_id", String(_REF), primary_key=True),
    Column("referral_id", String(_REF), ForeignKey("desk_referrals.referral_id"), nullable=False),
    Column("case_id", String(_REF), nullable=False),
    Column("seq", Integer, nullable=False),
    Column("status", String(32), nullable=False),
    Column("final", Boolean, nullable=False),
    Column("not_delivered_reason", String(32), nullable=True),
    Column("facts", JSON, nullable=False),
    Column("document_ref", String(120), nullable=True),
    Column("warnings", JSON, nullable=False),
    Column("reported_at", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False, unique=True),
    Index("ix_desk_report_case", "case_id", "reported_at"),
    Index("ix_desk_report_referral", "referral_id", "seq", unique=True),
)

sent = Table(
    "desk_sent_events",
    metadata,
    Column("event_id", String(_EVENT_ID), primary_key=True),
    Column("referral_id", String(_REF), ForeignKey("desk_referrals.referral_id"), nullable=False),
    Column("event_type", String(128), nullable=False),
    Column("topic", String(255), nullable=False),
    Column("sent_at", DateTime(timezone=True), nullable=False),
    Index("ix_desk_sent_referral", "referral_id", "sent_at"),
)

delivery = Table(
    "desk_deliveries",
    metadata,
    Column("outcome_event_id", String(_EVENT_ID), primary_key=True),
    Column("referral_id", String(_REF), nullable=False),
    Column("companion_id", String(_REF), nullable=False),
    Column("delivered_at", DateTime(timezone=True), nullable=True),
    Column("acknowledged_at", DateTime(timezone=True), nullable=True),
    Index("ix_desk_delivery_referral", "referral_id"),
)

onward = Table(
    "desk_onward_referrals",
    metadata,
    Column("onward_referral_id", String(_REF), primary_key=True),
    Column(
        "origin_referral_id",
        String(_REF),
        ForeignKey("desk_referrals.referral_id"),
        nullable=False,
    ),
    Column("target_id", String(_AGENCY), nullable=False),
    Column("stage", String(64), nullable=False),
    Column("service", String(32), nullable=False),
    Column("issued_at", DateTime(timezone=True), nullable=False),
    Index("ix_desk_onward_origin", "origin_referral_id"),
)

capacity = Table(
    "desk_capacity_notices",
    metadata,
    Column("id", _Id, primary_key=True, autoincrement=True),
    Column("service", String(32), nullable=False),
    Column("available", Integer, nullable=False),
    Column("capacity", Integer, nullable=True),
    Column("as_of", DateTime(timezone=True), nullable=False),
    Column("event_id", String(_EVENT_ID), nullable=False),
    Column("sent_to", JSON, nullable=False),
    Index("ix_desk_capacity_service", "service", "id"),
)

DESK = Component("desk", metadata, Path(__file__).parent / "migrations" / "versions")
"""The desk's migration component: every agency service lists it first."""
