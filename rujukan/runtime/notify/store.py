"""Who wants to be told where: the recipients' channels and quiet hours, and which of
them a notice reaches.

An account chooses its channels by giving an address for each (an e-mail address, a
webhook URL); the agency's shared facility address is the owner ``@facility``. A
webhook's secret is made here and shown once, when the URL is set; only the notifier
reads it again, to sign.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import RowMapping, Select, bindparam, delete, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.runtime.accounts.tables import accounts
from rujukan.runtime.notify import webhooks
from rujukan.runtime.notify.notices import Notice
from rujukan.runtime.notify.quiet import parse_clock
from rujukan.runtime.notify.rules import EMAIL_ADDRESS, QUIET_HOURS, WEBHOOK_HOST, WEBHOOK_URL
from rujukan.runtime.notify.tables import FACILITY, recipients

EMAIL, WEBHOOK = "email", "webhook"
_EMAIL = re.compile(r"[^@\s<>\"]{1,64}@[A-Za-z0-9.-]{1,190}")


@dataclass(frozen=True, slots=True)
class Choice:
    """A recipient's channels and quiet hours, as they see them (never the secret)."""

    owner_id: str
    email: str | None = None
    webhook_url: str | None = None
    webhook_secret_set: bool = False
    quiet_from: str | None = None
    quiet_until: str | None = None

    @property
    def channels(self) -> tuple[str, ...]:
        return tuple(c for c, a in ((EMAIL, self.email), (WEBHOOK, self.webhook_url)) if a)


@dataclass(frozen=True, slots=True)
class Endpoint:
    """One (recipient, channel) a notice goes to."""

    recipient_id: str
    channel: str
    address: str
    quiet_from: str | None
    quiet_until: str | None


def _checked(
    email: str | None,
    webhook_url: str | None,
    quiet: tuple[str | None, ...],
    webhook_hosts: frozenset[str] | None,
) -> None:
    EMAIL_ADDRESS.check(email is None or bool(_EMAIL.fullmatch(email)), "email")
    if webhook_url is not None:
        parts = urlsplit(webhook_url)
        WEBHOOK_URL.check(
            parts.scheme in ("http", "https") and bool(parts.hostname) and len(webhook_url) <= 500,
            "webhook_url",
        )
        WEBHOOK_HOST.check(
            webhook_hosts is None or (parts.hostname or "").lower() in webhook_hosts,
            "webhook_url",
        )
    QUIET_HOURS.check((quiet[0] is None) == (quiet[1] is None), "quiet_from and quiet_until")
    for value in quiet:
        if value is not None:
            try:
                parse_clock(value)
            except ValueError as exc:
                QUIET_HOURS.refuse(str(exc))


class RecipientBook:
    """The ``notify_recipients`` table."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        clock: Callable[[], datetime],
        *,
        webhook_hosts: frozenset[str] | None = None,
    ) -> None:
        """``webhook_hosts``: the hosts a webhook may point at (None: any, for the
        operator's own command)."""
        self._sessions = sessions
        self._clock = clock
        self._webhook_hosts = webhook_hosts

    def get(self, owner_id: str) -> Choice:
        with self._sessions() as session:
            row = _row(session, owner_id)
        return Choice(owner_id) if row is None else _choice(row)

    def choose(
        self,
        owner_id: str,
        *,
        email: str | None,
        webhook_url: str | None,
        quiet_from: str | None = None,
        quiet_until: str | None = None,
        new_secret: bool = False,
    ) -> str | None:
        """Set the owner's channels and quiet hours (None clears one). Returns the new
        webhook secret when a webhook URL is set for the first time, changed, or
        ``new_secret`` asks for one; None otherwise."""
        _checked(email, webhook_url, (quiet_from, quiet_until), self._webhook_hosts)
        values: dict[str, Any] = {
            "email": email,
            "webhook_url": webhook_url,
            "quiet_from": quiet_from,
            "quiet_until": quiet_until,
            "updated_at": self._clock(),
        }
        with self._sessions.begin() as session:
            row = _row(session, owner_id)
            secret = None
            known = None if row is None else (row["webhook_url"], row["webhook_secret"])
            fresh = known is None or known[0] != webhook_url or not known[1]
            if webhook_url is not None and (fresh or new_secret):
                secret = values["webhook_secret"] = webhooks.new_secret()
            if webhook_url is None:
                values["webhook_secret"] = None
            if row is None:
                session.execute(insert(recipients).values(owner_id=owner_id, **values))
            else:
                where = recipients.c.owner_id == owner_id
                session.execute(update(recipients).where(where).values(values))
        return secret

    def forget(self, owner_id: str) -> None:
        with self._sessions.begin() as session:
            session.execute(delete(recipients).where(recipients.c.owner_id == owner_id))

    def secret(self, owner_id: str) -> str | None:
        with self._sessions() as session:
            row = _row(session, owner_id)
        return None if row is None else row["webhook_secret"]


def endpoints(session: Session, notice: Notice) -> list[Endpoint]:
    """Every (recipient, channel) ``notice`` reaches: the facility address if the notice
    is for the facility, and each active account of the agency that holds one of its
    roles or is named by it, on the channels it chose. One query: the recipients joined
    to their accounts."""
    roles = tuple(sorted(notice.roles))
    if not (notice.facility or notice.accounts or roles):
        return []
    query = _audience(notice.facility, bool(notice.accounts), roles)
    named = {"accounts": sorted(notice.accounts)} if notice.accounts else {}
    rows = session.execute(query, named).mappings()
    found = [_endpoints(row) for row in rows if _reaches(notice, row)]
    return sorted((e for group in found for e in group), key=lambda e: (e.recipient_id, e.channel))


@lru_cache(maxsize=64)
def _audience(facility: bool, accounts_named: bool, roles: tuple[str, ...]) -> Select[Any]:
    """The query of :func:`endpoints` for one shape of audience, built once: a notice of
    the same kind asks the same question of every event."""
    wanted = [recipients.c.owner_id == FACILITY] if facility else []
    if accounts_named:
        wanted.append(recipients.c.owner_id.in_(bindparam("accounts", expanding=True)))
    wanted.extend(accounts.c.roles.contains(role) for role in roles)
    return (
        select(recipients, accounts.c.roles, accounts.c.active)
        .outerjoin(accounts, accounts.c.account_id == recipients.c.owner_id)
        .where(or_(*wanted))
    )


def _reaches(notice: Notice, row: RowMapping) -> bool:
    """Whether the recipient of ``row`` (with its account's roles and state) is one
    ``notice`` is for; ``contains`` above matched roles as substrings."""
    if row["owner_id"] == FACILITY:
        return notice.facility
    if not row["active"]:
        return False
    return row["owner_id"] in notice.accounts or bool(notice.roles & set(str(row["roles"]).split()))


def _endpoints(row: RowMapping) -> list[Endpoint]:
    quiet = (row["quiet_from"], row["quiet_until"])
    pairs = ((EMAIL, row["email"]), (WEBHOOK, row["webhook_url"]))
    return [Endpoint(row["owner_id"], c, a, *quiet) for c, a in pairs if a]


def _row(session: Session, owner_id: str) -> RowMapping | None:
    return (
        session.execute(select(recipients).where(recipients.c.owner_id == owner_id))
        .mappings()
        .first()
    )


def _choice(row: RowMapping) -> Choice:
    return Choice(
        owner_id=row["owner_id"],
        email=row["email"],
        webhook_url=row["webhook_url"],
        webhook_secret_set=bool(row["webhook_secret"]),
        quiet_from=row["quiet_from"],
        quiet_until=row["quiet_until"],
    )
