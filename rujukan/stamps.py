"""What every agency stamps its records with: the time, always aware and in UTC, and
fresh opaque ids. One module, so a clock injected for a test and the ids of every
service look alike."""

import uuid
from datetime import UTC, datetime


def utcnow() -> datetime:
    """Now, in UTC: the default clock of every use case."""
    return datetime.now(UTC)


def new_id(prefix: str) -> str:
    """A fresh id such as ``r-1b2c3d4e5f60``: a prefix naming what it identifies and 12
    random hex digits. It never encodes a child's identity."""
    return f"{prefix}-{uuid.uuid4().hex[:12]}"


def aware(value: datetime) -> datetime:
    """A stored time as an aware one: SQLite hands back naive timestamps, and every time
    the network stores is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def aware_or_none(value: datetime | None) -> datetime | None:
    """`aware` for a time that may not have happened yet."""
    return None if value is None else aware(value)
