"""The audit trail's tables (migration component ``audit``), in every agency database.

- ``audit_record``: one row per command and per read of a child's identity, appended
  and never updated: who (ids and roles only), what (the action), on which case,
  referral or school report, why (the purpose a regulation asks for), when, and the
  outcome; each row carries the hash of the row before it and its own hash.
- ``audit_chain_head``: one row, the last sequence number and hash. Appending locks it,
  so that appends on PostgreSQL happen one at a time and the chain never forks.
"""

from pathlib import Path

from sqlalchemy import BigInteger, Column, DateTime, Integer, String, Table

from rujukan.runtime.db import AGENCY_LENGTH as _AGENCY
from rujukan.runtime.db import REF_LENGTH as _REF
from rujukan.runtime.db import new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()

HASH_LENGTH = 64
"""A SHA-256 digest in hex."""

record = Table(
    "audit_record",
    metadata,
    Column("seq", BigInteger, primary_key=True, autoincrement=False),
    Column("recorded_at", DateTime(timezone=True), nullable=False),
    Column("actor_id", String(_REF), nullable=False),
    Column("actor_roles", String(200), nullable=False),
    Column("actor_agency", String(_AGENCY), nullable=True),
    Column("action", String(200), nullable=False),
    Column("case_id", String(_REF), nullable=True, index=True),
    Column("referral_id", String(_REF), nullable=True),
    Column("report_ref", String(_REF), nullable=True),
    Column("purpose", String(100), nullable=True),
    Column("outcome", String(16), nullable=False),
    Column("prev_hash", String(HASH_LENGTH), nullable=False),
    Column("hash", String(HASH_LENGTH), nullable=False),
)

chain_head = Table(
    "audit_chain_head",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=False),
    Column("seq", BigInteger, nullable=False),
    Column("hash", String(HASH_LENGTH), nullable=False),
)

AUDIT = Component("audit", metadata, Path(__file__).parent / "migrations" / "versions")
