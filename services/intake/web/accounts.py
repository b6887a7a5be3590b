"""Companion accounts and their web sessions, in the hub's database.

An account is a companion's id (the one cases are assigned to, LT Pasal 7(3)), a display
name, an argon2id password hash (argon2-cffi's `PasswordHasher`), an optional supervisor
and an active flag. Accounts are created by an operator (``rujukan companions add``).

A login opens a server-side session: a random token goes to the browser in a cookie,
only its SHA-256 digest is stored, with a form token (CSRF) and an absolute expiry
(``companion_session_hours`` after the login, however active the session is). Logout
deletes the session. A failed login answers the same, whether the id is unknown, the
account inactive or the password wrong, and takes as long (an unknown id is checked
against a dummy hash); after `MAX_FAILURES` failures in a row an account refuses logins
for `THROTTLE` with the same answer, even with the right password.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cached_property
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import RowMapping, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.tokens import digest, new_token
from services.intake import tables

Clock = Callable[[], datetime]

MIN_PASSWORD_LENGTH = 8
MAX_FAILURES = 5
"""Failed logins in a row after which an account is throttled."""
THROTTLE = timedelta(minutes=5)
"""How long a throttled account refuses logins after its last failure."""


class AccountError(Exception):
    """An operator's account command was refused (the message says why)."""


class LoginRefused(Exception):
    """Wrong id or password, inactive account, or too many failures: one answer for all."""


@dataclass(frozen=True, slots=True)
class Account:
    """Who may log in to the companion web app."""

    companion_id: str
    display_name: str
    supervisor_id: str | None
    active: bool


@dataclass(frozen=True, slots=True)
class WebSession:
    """A logged-in companion: who, the form token their forms must carry, and until when."""

    account: Account
    csrf_token: str
    created_at: datetime
    expires_at: datetime

    @property
    def companion_id(self) -> str:
        return self.account.companion_id

    def expired(self, now: datetime) -> bool:
        """Sessions end at an absolute time, however active they are."""
        return now >= self.expires_at


@dataclass(frozen=True, slots=True)
class Login:
    """A new session and the token the browser keeps (never stored by the hub)."""

    token: str
    session: WebSession


class Passwords:
    """argon2id hashing (argon2-cffi's defaults, RFC 9106's second recommendation)."""

    def __init__(self, hasher: PasswordHasher | None = None) -> None:
        self.hasher = hasher or PasswordHasher()

    def hash(self, password: str) -> str:
        return self.hasher.hash(password)

    def verify(self, password_hash: str, password: str) -> bool:
        try:
            return self.hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False

    def needs_rehash(self, password_hash: str) -> bool:
        return self.hasher.check_needs_rehash(password_hash)

    @cached_property
    def dummy_hash(self) -> str:
        """Checked when the account is unknown, so a failure takes as long either way."""
        return self.hash(secrets.token_urlsafe(16))


def _utc_now() -> datetime:
    return datetime.now(UTC)


class Accounts:
    """The hub's companion accounts and web sessions."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        *,
        clock: Clock = _utc_now,
        session_lifetime: timedelta = timedelta(hours=8),
        passwords: Passwords | None = None,
    ) -> None:
        self._sessions = sessions
        self.clock = clock
        self.session_lifetime = session_lifetime
        self.passwords = passwords or Passwords()

    # --- the operator's commands ---------------------------------------------------

    def add(
        self,
        companion_id: str,
        display_name: str,
        password: str,
        *,
        supervisor_id: str | None = None,
        replace: bool = False,
    ) -> Account:
        """Create an account; with ``replace`` an existing one gets the new name,
        supervisor and password, is active again, and loses its sessions."""
        companion_id, display_name = companion_id.strip(), display_name.strip()
        if not companion_id or len(companion_id) > 64:
            raise AccountError("a companion id has 1 to 64 characters")
        if not display_name or len(display_name) > 200:
            raise AccountError("a display name has 1 to 200 characters")
        if len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
        supervisor_id = (supervisor_id or "").strip() or None
        if supervisor_id == companion_id:
            raise AccountError("a companion is not their own supervisor")
        now = self.clock()
        values: dict[str, Any] = {
            "display_name": display_name,
            "password_hash": self.passwords.hash(password),
            "supervisor_id": supervisor_id,
            "active": True,
            "failed_logins": 0,
            "last_failed_at": None,
            "updated_at": now,
        }
        table = tables.companion_accounts
        with self._sessions.begin() as session:
            exists = session.execute(
                select(table.c.companion_id).where(table.c.companion_id == companion_id)
            ).first()
            if exists and not replace:
                raise AccountError(f"companion {companion_id} already has an account")
            if exists:
                session.execute(
                    update(table).where(table.c.companion_id == companion_id).values(values)
                )
                self._end_sessions(session, companion_id)
            else:
                session.execute(
                    insert(table).values(companion_id=companion_id, created_at=now, **values)
                )
        return Account(companion_id, display_name, supervisor_id, active=True)

    def deactivate(self, companion_id: str) -> None:
        """The companion may no longer log in; their sessions end now."""
        table = tables.companion_accounts
        with self._sessions.begin() as session:
            found = session.execute(
                select(table.c.companion_id).where(table.c.companion_id == companion_id)
            ).first()
            if found is None:
                raise AccountError(f"companion {companion_id} has no account")
            session.execute(
                update(table)
                .where(table.c.companion_id == companion_id)
                .values(active=False, updated_at=self.clock())
            )
            self._end_sessions(session, companion_id)

    def get(self, companion_id: str) -> Account | None:
        table = tables.companion_accounts
        with self._sessions() as session:
            row = (
                session.execute(select(table).where(table.c.companion_id == companion_id))
                .mappings()
                .first()
            )
        return None if row is None else _account(row)

    def all(self) -> list[Account]:
        table = tables.companion_accounts
        with self._sessions() as session:
            rows = session.execute(select(table).order_by(table.c.companion_id)).mappings()
            return [_account(row) for row in rows]

    # --- logging in and out ----------------------------------------------------------

    def log_in(self, companion_id: str, password: str) -> Login:
        """Open a session, or raise `LoginRefused` (the same for every reason)."""
        table = tables.companion_accounts
        now = self.clock()
        with self._sessions.begin() as session:
            row = (
                session.execute(
                    select(table).where(table.c.companion_id == companion_id).with_for_update()
                )
                .mappings()
                .first()
            )
            if row is None or not row["active"]:
                self.passwords.verify(self.passwords.dummy_hash, password)
                raise LoginRefused()
            last_failed = row["last_failed_at"]
            throttled = (
                row["failed_logins"] >= MAX_FAILURES
                and last_failed is not None
                and now < _aware(last_failed) + THROTTLE
            )
            valid = self.passwords.verify(row["password_hash"], password)
            if valid and not throttled:
                return self._open(session, row, password, now)
            if not throttled:
                session.execute(
                    update(table)
                    .where(table.c.companion_id == companion_id)
                    .values(failed_logins=table.c.failed_logins + 1, last_failed_at=now)
                )
        raise LoginRefused()

    def _open(self, session: Session, row: RowMapping, password: str, now: datetime) -> Login:
        table = tables.companion_accounts
        values: dict[str, Any] = {"failed_logins": 0, "last_failed_at": None}
        if self.passwords.needs_rehash(row["password_hash"]):
            values["password_hash"] = self.passwords.hash(password)
        session.execute(
            update(table).where(table.c.companion_id == row["companion_id"]).values(values)
        )
        sessions = tables.companion_sessions
        session.execute(delete(sessions).where(sessions.c.expires_at <= now))
        token = new_token()
        web = WebSession(
            account=_account(row),
            csrf_token=new_token(),
            created_at=now,
            expires_at=now + self.session_lifetime,
        )
        session.execute(
            insert(sessions).values(
                token_digest=digest(token),
                companion_id=web.companion_id,
                csrf_token=web.csrf_token,
                created_at=web.created_at,
                expires_at=web.expires_at,
            )
        )
        return Login(token, web)

    def session(self, token: str) -> WebSession | None:
        """The live session of this token: None when unknown, expired, or its account
        was deactivated."""
        if not token:
            return None
        accounts, sessions = tables.companion_accounts, tables.companion_sessions
        with self._sessions() as session:
            row = (
                session.execute(
                    select(
                        accounts,
                        sessions.c.csrf_token,
                        sessions.c.created_at.label("session_created_at"),
                        sessions.c.expires_at,
                    )
                    .join(accounts, accounts.c.companion_id == sessions.c.companion_id)
                    .where(sessions.c.token_digest == digest(token))
                )
                .mappings()
                .first()
            )
        if row is None or not row["active"]:
            return None
        web = WebSession(
            account=_account(row),
            csrf_token=row["csrf_token"],
            created_at=_aware(row["session_created_at"]),
            expires_at=_aware(row["expires_at"]),
        )
        return None if web.expired(self.clock()) else web

    def log_out(self, token: str) -> None:
        sessions = tables.companion_sessions
        with self._sessions.begin() as session:
            session.execute(delete(sessions).where(sessions.c.token_digest == digest(token)))

    def _end_sessions(self, session: Session, companion_id: str) -> None:
        sessions = tables.companion_sessions
        session.execute(delete(sessions).where(sessions.c.companion_id == companion_id))


def _account(row: RowMapping) -> Account:
    return Account(
        companion_id=row["companion_id"],
        display_name=row["display_name"],
        supervisor_id=row["supervisor_id"],
        active=bool(row["active"]),
    )


def _aware(value: datetime) -> datetime:
    """SQLite hands back naive timestamps; every stored time is UTC."""
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)
