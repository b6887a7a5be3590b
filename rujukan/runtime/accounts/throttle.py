"""Sign-in throttling that cannot be turned against a user.

Failures are counted per (account, client address) and per client address, never per
account alone: a burst of wrong passwords from one address slows that address down and
leaves the real user, signing in from elsewhere, untouched. After a few free failures
each further one doubles the wait (up to `MAX_DELAY`); a waiting client is refused
before any password is hashed, which bounds the hashing work spent on unknown ids.
A successful sign-in clears its pair.
"""

from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from rujukan.runtime.accounts.tables import sign_in_throttle
from rujukan.runtime.db import upsert
from rujukan.stamps import aware

FREE_FAILURES_PER_PAIR = 3
FREE_FAILURES_PER_ADDRESS = 20
FIRST_DELAY = timedelta(seconds=1)
MAX_DELAY = timedelta(minutes=15)
KEY_LENGTH = 255


def keys(account_id: str, client: str) -> tuple[str, str]:
    """The pair's key and the address's key."""
    return (f"pair {client} {account_id}"[:KEY_LENGTH], f"addr {client}"[:KEY_LENGTH])


def delay(failures: int, free: int) -> timedelta:
    """How long after the last failure the next attempt must wait: none within the free
    failures, then 1 s, 2 s, 4 s... up to `MAX_DELAY`."""
    if failures <= free:
        return timedelta(0)
    grown: timedelta = FIRST_DELAY * 2 ** min(failures - free - 1, 20)
    return min(MAX_DELAY, grown)


def waiting(session: Session, pair_and_address: tuple[str, str], now: datetime) -> bool:
    """Whether the pair or the address must still wait."""
    rows = session.execute(
        select(sign_in_throttle).where(sign_in_throttle.c.key.in_(pair_and_address))
    ).mappings()
    for row in rows:
        free = (
            FREE_FAILURES_PER_PAIR if row["key"].startswith("pair") else FREE_FAILURES_PER_ADDRESS
        )
        if now < aware(row["last_failed_at"]) + delay(row["failures"], free):
            return True
    return False


def record(session: Session, pair_and_address: tuple[str, str], now: datetime) -> None:
    """One more failure for the pair and for the address: an atomic upsert, so that
    concurrent failures of one key neither collide nor get lost."""
    table = sign_in_throttle
    for key in pair_and_address:
        session.execute(
            upsert(session, table)
            .values(key=key, failures=1, last_failed_at=now)
            .on_conflict_do_update(
                index_elements=[table.c.key],
                set_={"failures": table.c.failures + 1, "last_failed_at": now},
            )
        )


def forget(session: Session, pair: str) -> None:
    """The right password: the pair starts afresh (the address keeps its count)."""
    session.execute(delete(sign_in_throttle).where(sign_in_throttle.c.key == pair))
