"""The tables of the network's accounts, in every agency's database (component
``accounts``, included by every service).

- ``accounts``: one row per person or system: its roles (space-separated names of
  ``roles.csv``), whether it is the district's rather than the agency instance's, a TPPK's
  school, a companion's supervisor, the argon2id hash of its password and the SHA-256
  digest of its API token (each optional; never the password or the token itself).
- ``account_sessions``: the web pages' server-side sessions: the digest of the cookie's
  token, the form (CSRF) token and the absolute expiry.
- ``sign_in_throttle``: failed sign-ins per (account, client address) and per client
  address, for the growing delay (never the password).
"""

from pathlib import Path

from sqlalchemy import Boolean, Column, DateTime, Index, Integer, String, Table

from rujukan.runtime.db import REF_LENGTH, new_metadata
from rujukan.runtime.migrate import Component

metadata = new_metadata()

accounts = Table(
    "accounts",
    metadata,
    Column("account_id", String(64), primary_key=True),
    Column("display_name", String(200), nullable=False),
    Column("roles", String(255), nullable=False),
    Column("district_level", Boolean, nullable=False),
    Column("school_id", String(REF_LENGTH), nullable=True),
    Column("supervisor_id", String(64), nullable=True),
    Column("password_hash", String(255), nullable=True),
    Column("token_digest", String(64), nullable=True, unique=True),
    Column("active", Boolean, nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("updated_at", DateTime(timezone=True), nullable=False),
)

account_sessions = Table(
    "account_sessions",
    metadata,
    Column("token_digest", String(64), primary_key=True),
    Column("account_id", String(64), nullable=False),
    Column("csrf_token", String(64), nullable=False),
    Column("created_at", DateTime(timezone=True), nullable=False),
    Column("expires_at", DateTime(timezone=True), nullable=False),
    Index("ix_account_sessions_account", "account_id"),
    Index("ix_account_sessions_expires_at", "expires_at"),
)

sign_in_throttle = Table(
    "sign_in_throttle",
    metadata,
    Column("key", String(255), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failed_at", DateTime(timezone=True), nullable=False),
)

ACCOUNTS = Component("accounts", metadata, Path(__file__).parent / "migrations" / "versions")
"""The accounts' migration component."""
