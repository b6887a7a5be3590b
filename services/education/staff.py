"""Staff accounts of the education service: the TPPK of a school, the Satgas PPK and the
Dinas, each with an API token.

The service is used by other systems and staff tools as an HTTP API, so an account
authenticates with a bearer token rather than a browser session: ``Authorization:
Bearer <token>``. An operator creates the account (``rujukan school-staff add``) and
hands the token over once; the service keeps only its SHA-256 digest, so a copy of the
database opens nothing. ``--replace`` gives an account a new token (the old one stops
working at once); ``deactivate`` ends an account's access.

What an account may see and do is decided by the pure rule of
:mod:`services.education.domain.access`, from its role and, for a TPPK, its school.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import RowMapping, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.runtime.db import REF_LENGTH
from rujukan.tokens import digest, new_token
from services.education.domain.access import Staff, StaffRole
from services.education.tables import staff_account

TOKEN_BYTES = 32


class StaffAccountError(Exception):
    """An operator's account command was refused (the message says why)."""


@dataclass(frozen=True, slots=True)
class StaffAccount:
    """Who may use the education API, and as what."""

    staff: Staff
    display_name: str
    active: bool


@dataclass(frozen=True, slots=True)
class IssuedToken:
    """A new account's (or a replaced one's) token: shown once, never stored."""

    account: StaffAccount
    token: str


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _checked(account_id: str, display_name: str, role: StaffRole, school_id: str | None) -> Staff:
    if not account_id or len(account_id) > 64:
        raise StaffAccountError("an account id has 1 to 64 characters")
    if not display_name or len(display_name) > 200:
        raise StaffAccountError("a display name has 1 to 200 characters")
    if role is StaffRole.TPPK and not school_id:
        raise StaffAccountError("a TPPK account names its school (--school, the NPSN)")
    if role is not StaffRole.TPPK and school_id:
        raise StaffAccountError(f"a {role} account is not a school's: leave out --school")
    if school_id and len(school_id) > REF_LENGTH:
        raise StaffAccountError(f"a school id has at most {REF_LENGTH} characters")
    return Staff(account_id=account_id, role=role, school_id=school_id or None)


class StaffAccounts:
    """The education service's staff accounts, in its own database."""

    def __init__(
        self, sessions: sessionmaker[Session], *, clock: Callable[[], datetime] = _utc_now
    ) -> None:
        self._sessions = sessions
        self.clock = clock

    def add(
        self,
        account_id: str,
        display_name: str,
        role: StaffRole,
        *,
        school_id: str | None = None,
        replace: bool = False,
        token: str | None = None,
    ) -> IssuedToken:
        """Create an account with a new token; ``replace`` resets an existing one (new
        name, role, school and token; active again). ``token`` is for seeded demo
        accounts only: otherwise a random one is made."""
        staff = _checked(account_id.strip(), display_name.strip(), role, (school_id or "").strip())
        token = token or new_token(TOKEN_BYTES)
        now = self.clock()
        values: dict[str, Any] = {
            "display_name": display_name.strip(),
            "role": staff.role.value,
            "school_id": staff.school_id,
            "token_digest": digest(token),
            "active": True,
            "updated_at": now,
        }
        table = staff_account
        with self._sessions.begin() as session:
            exists = session.execute(
                select(table.c.account_id).where(table.c.account_id == staff.account_id)
            ).first()
            if exists and not replace:
                raise StaffAccountError(f"account {staff.account_id} exists (--replace resets it)")
            if exists:
                session.execute(
                    update(table).where(table.c.account_id == staff.account_id).values(values)
                )
            else:
                session.execute(
                    insert(table).values(account_id=staff.account_id, created_at=now, **values)
                )
        return IssuedToken(StaffAccount(staff, values["display_name"], active=True), token)

    def deactivate(self, account_id: str) -> None:
        """The account's token stops working now."""
        table = staff_account
        with self._sessions.begin() as session:
            found = session.execute(
                select(table.c.account_id).where(table.c.account_id == account_id)
            ).first()
            if found is None:
                raise StaffAccountError(f"no account {account_id}")
            session.execute(
                update(table)
                .where(table.c.account_id == account_id)
                .values(active=False, updated_at=self.clock())
            )

    def all(self) -> list[StaffAccount]:
        with self._sessions() as session:
            rows = session.execute(select(staff_account).order_by(staff_account.c.account_id))
            return [_account(row) for row in rows.mappings()]

    def by_token(self, token: str) -> Staff | None:
        """The active account the token belongs to, if any."""
        if not token:
            return None
        with self._sessions() as session:
            row = (
                session.execute(
                    select(staff_account).where(staff_account.c.token_digest == digest(token))
                )
                .mappings()
                .first()
            )
        return None if row is None or not row["active"] else _account(row).staff


def _account(row: RowMapping) -> StaffAccount:
    staff = Staff(row["account_id"], StaffRole(row["role"]), row["school_id"])
    return StaffAccount(staff, row["display_name"], bool(row["active"]))
