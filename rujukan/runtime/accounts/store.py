"""The accounts of one agency database: operators' commands, API tokens, sign-in and
web sessions.

An account belongs to the agency instance whose database holds it, or to its district
(``district_level``: the district's auditor). People sign in with a password (argon2id,
:mod:`.passwords`); a sign-in opens a server-side session: a random token for the
browser, only its SHA-256 digest stored with a form token (CSRF) and an absolute expiry.
Agency systems call with an API token ``rjk_<agency-or-district>_<secret>``
(:func:`api_token`): the visible prefix lets a service tell another agency's token
(403) from a wrong one (401); only the digest is stored (:mod:`rujukan.tokens`).

A failed sign-in answers the same whether the id is unknown, the account inactive, or
the password wrong, and takes as long (a dummy hash for an unknown id). Failures slow
down the pair (account, client address) and the client address with a growing delay
(:mod:`.throttle`): a burst from one address never locks the real user out elsewhere,
and a throttled address spends no hashing at all.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import RowMapping, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import Agency
from rujukan.runtime.accounts import throttle
from rujukan.runtime.accounts.passwords import Passwords
from rujukan.runtime.accounts.principal import Principal
from rujukan.runtime.accounts.roles import network_roles
from rujukan.runtime.accounts.tables import account_sessions, accounts
from rujukan.runtime.db import REF_LENGTH
from rujukan.runtime.metrics import RuntimeMetrics, failed_signin
from rujukan.stamps import aware, utcnow
from rujukan.tokens import digest, new_token

log = logging.getLogger("rujukan.accounts")

Clock = Callable[[], datetime]
MIN_PASSWORD_LENGTH = 8
TOKEN_PREFIX = "rjk"
SCHOOL_ROLE = "tppk"
MIN_SECRET_LENGTH = 32
"""A registered token's secret: at least this many characters (``make-secrets.sh`` makes
32 random letters and digits)."""
_SECRET = re.compile(rf"[A-Za-z0-9_-]{{{MIN_SECRET_LENGTH},256}}")
TOKEN_SURFACE = "token"
"""The ``surface`` label of a refused API token (unknown, or its account inactive)."""
_BY_TOKEN = select(accounts).where(accounts.c.token_digest == bindparam("digest"))
_BY_SESSION = (
    select(
        accounts,
        account_sessions.c.csrf_token,
        account_sessions.c.created_at.label("session_created_at"),
        account_sessions.c.expires_at,
    )
    .join(accounts, accounts.c.account_id == account_sessions.c.account_id)
    .where(account_sessions.c.token_digest == bindparam("digest"))
)
"""Asked on every request with a token or a session cookie: built once."""


class AccountError(Exception):
    """An operator's account command was refused (the message says why)."""


class LoginRefused(Exception):
    """Wrong id or password, inactive account, or a throttled client: one answer."""


class WrongAgency(Exception):
    """An API token of another agency or district: the caller is known, not here."""


@dataclass(frozen=True, slots=True)
class Account:
    """One account as an operator sees it (never its password or token)."""

    account_id: str
    agency_id: str
    display_name: str
    roles: frozenset[str]
    school_id: str | None
    supervisor_id: str | None
    active: bool
    has_password: bool = False
    has_token: bool = False

    @property
    def principal(self) -> Principal:
        return Principal(
            account_id=self.account_id,
            agency_id=self.agency_id,
            roles=self.roles,
            display_name=self.display_name,
            school_id=self.school_id,
            supervisor_id=self.supervisor_id,
        )

    @property
    def companion_id(self) -> str:
        """The id cases are assigned to (LT Pasal 7(3)) is the account's."""
        return self.account_id


@dataclass(frozen=True, slots=True)
class WebSession:
    """A signed-in person: who, the form token their forms must carry, until when."""

    account: Account
    csrf_token: str
    created_at: datetime
    expires_at: datetime

    @property
    def companion_id(self) -> str:
        return self.account.account_id

    @property
    def principal(self) -> Principal:
        return self.account.principal

    def expired(self, now: datetime) -> bool:
        """Sessions end at an absolute time, however active they are."""
        return now >= self.expires_at


@dataclass(frozen=True, slots=True)
class Login:
    """A new session and the token the browser keeps (never stored)."""

    token: str
    session: WebSession


def api_token(owner_id: str, secret: str | None = None) -> str:
    """An API token of ``owner_id`` (an agency or district id): ``rjk_<owner>_<secret>``.
    Agency and district ids have no underscore, so the owner is the second field."""
    return f"{TOKEN_PREFIX}_{owner_id}_{secret or new_token()}"


def token_owner(token: str) -> str | None:
    """The agency or district a token names in its prefix, if it has one."""
    parts = token.split("_", 2)
    return parts[1] if len(parts) == 3 and parts[0] == TOKEN_PREFIX else None


class Accounts:
    """The accounts of one agency instance's database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        agency: Agency,
        *,
        clock: Clock = utcnow,
        session_lifetime: timedelta = timedelta(hours=8),
        passwords: Passwords | None = None,
        metrics: RuntimeMetrics | None = None,
        read_sessions: sessionmaker[Session] | None = None,
    ) -> None:
        self._sessions = sessions
        self._reads = read_sessions or sessions
        """For lookups that write nothing (every request's token or session): on SQLite
        they then read without queueing for the process's one writer lock."""
        self.agency = agency
        self.clock = clock
        self.session_lifetime = session_lifetime
        self.passwords = passwords or Passwords()
        self.metrics = metrics
        """Where refused sign-ins are counted (none for the operator's commands)."""

    # --- the operator's commands ---------------------------------------------------

    def add(
        self,
        account_id: str,
        display_name: str,
        roles: Iterable[str],
        *,
        password: str | None = None,
        school_id: str | None = None,
        supervisor_id: str | None = None,
        district_level: bool = False,
        replace: bool = False,
    ) -> Account:
        """Create an account; with ``replace`` an existing one gets the new values, is
        active again and loses its sessions (its API token stays unless replaced)."""
        values = self._checked(
            account_id,
            display_name,
            frozenset(roles),
            password,
            school_id,
            supervisor_id,
            district_level,
        )
        account_id = account_id.strip()
        now = self.clock()
        values.update(active=True, updated_at=now)
        with self._sessions.begin() as session:
            if self._row(session, account_id) is not None:
                if not replace:
                    raise AccountError(f"account {account_id} exists (--replace resets it)")
                session.execute(
                    update(accounts).where(accounts.c.account_id == account_id).values(values)
                )
                _end_sessions(session, account_id)
            else:
                session.execute(
                    insert(accounts).values(account_id=account_id, created_at=now, **values)
                )
        found = self.get(account_id)
        assert found is not None
        return found

    def _checked(
        self,
        account_id: str,
        display_name: str,
        roles: frozenset[str],
        password: str | None,
        school_id: str | None,
        supervisor_id: str | None,
        district_level: bool,
    ) -> dict[str, Any]:
        account_id, display_name = account_id.strip(), display_name.strip()
        school_id = (school_id or "").strip() or None
        supervisor_id = (supervisor_id or "").strip() or None
        if not account_id or len(account_id) > 64:
            raise AccountError("an account id has 1 to 64 characters")
        if not display_name or len(display_name) > 200:
            raise AccountError("a display name has 1 to 200 characters")
        if not roles:
            raise AccountError("an account has at least one role (--role)")
        unfit = network_roles().unfit(roles, self.agency.kind, district_level=district_level)
        if unfit:
            where = "a district" if district_level else f"a {self.agency.kind} agency"
            allowed = ", ".join(network_roles().for_kind(self.agency.kind))
            raise AccountError(f"{', '.join(unfit)}: not a role at {where} (roles: {allowed})")
        if password is not None and len(password) < MIN_PASSWORD_LENGTH:
            raise AccountError(f"a password has at least {MIN_PASSWORD_LENGTH} characters")
        if (SCHOOL_ROLE in roles) != bool(school_id):
            raise AccountError("a tppk account names its school (--school, the NPSN); no other")
        if school_id and len(school_id) > REF_LENGTH:
            raise AccountError(f"a school id has at most {REF_LENGTH} characters")
        if supervisor_id == account_id:
            raise AccountError("an account is not its own supervisor")
        values: dict[str, Any] = {
            "display_name": display_name,
            "roles": " ".join(sorted(roles)),
            "district_level": district_level,
            "school_id": school_id,
            "supervisor_id": supervisor_id,
        }
        if password is not None:
            values["password_hash"] = self.passwords.hash(password)
        return values

    def issue_token(self, account_id: str, secret: str | None = None) -> str:
        """Give the account a new API token (the old one stops now); returned once.
        ``secret`` is for the public demo accounts only."""
        with self._sessions.begin() as session:
            row = self._existing(session, account_id)
            token = api_token(self._owner(row), secret)
            self._update(session, account_id, token_digest=digest(token))
        return token

    def register_token(self, account_id: str, token: str) -> None:
        """Make ``token``, made elsewhere (a deployment's secret file, which a scraper
        reads too), the account's API token; the old one stops now. It must be
        ``rjk_<owner>_<secret>`` naming the account's agency (or district), its secret
        as random as ours: at least `MIN_SECRET_LENGTH` URL-safe characters."""
        owner, secret = token_owner(token), token.split("_", 2)[-1]
        if owner is None or not _SECRET.fullmatch(secret):
            raise AccountError(
                f"not an API token: rjk_<agency>_<secret of {MIN_SECRET_LENGTH} or more "
                "letters, digits, - or _>"
            )
        with self._sessions.begin() as session:
            row = self._existing(session, account_id)
            if owner != self._owner(row):
                raise AccountError(
                    f"the token names {owner}; account {account_id} is of {self._owner(row)}"
                )
            self._update(session, account_id, token_digest=digest(token))

    def _update(self, session: Session, account_id: str, **values: Any) -> None:
        """Change the account's ``values``, stamped with when."""
        session.execute(
            update(accounts)
            .where(accounts.c.account_id == account_id)
            .values(**values, updated_at=self.clock())
        )

    def deactivate(self, account_id: str) -> None:
        """No more sign-ins or token calls; the account's sessions end now."""
        with self._sessions.begin() as session:
            self._existing(session, account_id)
            self._update(session, account_id, active=False)
            _end_sessions(session, account_id)

    def get(self, account_id: str) -> Account | None:
        with self._reads() as session:
            row = self._row(session, account_id)
        return None if row is None else self._account(row)

    def all(self) -> list[Account]:
        with self._reads() as session:
            rows = session.execute(select(accounts).order_by(accounts.c.account_id))
            return [self._account(row) for row in rows.mappings()]

    # --- API tokens ------------------------------------------------------------------

    def by_token(self, token: str) -> Principal | None:
        """The active account of an API token; `WrongAgency` when its prefix names
        another agency or district than this database's (checked before any lookup)."""
        if not token:
            return None
        owner = token_owner(token)
        if owner is not None and owner not in (self.agency.id, self.agency.district):
            raise WrongAgency(owner)
        with self._reads() as session:
            row = session.execute(_BY_TOKEN, {"digest": digest(token)}).mappings().first()
        if row is None or not row["active"]:
            self._refused(TOKEN_SURFACE)
            return None
        return self._account(row).principal

    # --- signing in and out ----------------------------------------------------------

    def log_in(
        self, account_id: str, password: str, client: str = "", *, surface: str = "password"
    ) -> Login:
        """Open a session, or raise `LoginRefused` (the same for every reason), counted
        by ``surface`` (the page or API signed in to)."""
        now = self.clock()
        with self._sessions.begin() as session:
            keys = throttle.keys(account_id, client)
            if throttle.waiting(session, keys, now):
                _log_failure(account_id, client, throttled=True)
                self._refused(surface)
                raise LoginRefused()
            row = self._row(session, account_id)
            known = row is not None and row["active"] and row["password_hash"]
            hashed = row["password_hash"] if known and row else self.passwords.dummy_hash
            valid = self.passwords.verify(hashed, password) and bool(known)
            if valid and row is not None:
                throttle.forget(session, keys[0])
                return self._open(session, row, password, now)
            throttle.record(session, keys, now)
        _log_failure(account_id, client, throttled=False)
        self._refused(surface)
        raise LoginRefused()

    def _refused(self, surface: str) -> None:
        """Count one refused sign-in (``rujukan_failed_signins_total``)."""
        if self.metrics is not None:
            failed_signin(self.metrics, surface)

    def _open(self, session: Session, row: RowMapping, password: str, now: datetime) -> Login:
        if self.passwords.needs_rehash(row["password_hash"]):
            session.execute(
                update(accounts)
                .where(accounts.c.account_id == row["account_id"])
                .values(password_hash=self.passwords.hash(password))
            )
        session.execute(delete(account_sessions).where(account_sessions.c.expires_at <= now))
        token = new_token()
        web = WebSession(
            account=self._account(row),
            csrf_token=new_token(),
            created_at=now,
            expires_at=now + self.session_lifetime,
        )
        session.execute(
            insert(account_sessions).values(
                token_digest=digest(token),
                account_id=row["account_id"],
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
        with self._reads() as session:
            row = session.execute(_BY_SESSION, {"digest": digest(token)}).mappings().first()
        if row is None or not row["active"]:
            return None
        web = WebSession(
            account=self._account(row),
            csrf_token=row["csrf_token"],
            created_at=aware(row["session_created_at"]),
            expires_at=aware(row["expires_at"]),
        )
        return None if web.expired(self.clock()) else web

    def log_out(self, token: str) -> None:
        with self._sessions.begin() as session:
            session.execute(
                delete(account_sessions).where(account_sessions.c.token_digest == digest(token))
            )

    # --- rows ------------------------------------------------------------------------

    @staticmethod
    def _row(session: Session, account_id: str) -> RowMapping | None:
        query = select(accounts).where(accounts.c.account_id == account_id)
        return session.execute(query).mappings().first()

    def _existing(self, session: Session, account_id: str) -> RowMapping:
        row = self._row(session, account_id)
        if row is None:
            raise AccountError(f"no account {account_id}")
        return row

    def _owner(self, row: RowMapping) -> str:
        return self.agency.district if row["district_level"] else self.agency.id

    def _account(self, row: RowMapping) -> Account:
        return Account(
            account_id=row["account_id"],
            agency_id=self._owner(row),
            display_name=row["display_name"],
            roles=frozenset(row["roles"].split()),
            school_id=row["school_id"],
            supervisor_id=row["supervisor_id"],
            active=bool(row["active"]),
            has_password=row["password_hash"] is not None,
            has_token=row["token_digest"] is not None,
        )


def _end_sessions(session: Session, account_id: str) -> None:
    session.execute(delete(account_sessions).where(account_sessions.c.account_id == account_id))


def _log_failure(account_id: str, client: str, *, throttled: bool) -> None:
    """Every failed sign-in is logged with the id tried and the client, never a password."""
    log.warning(
        "sign-in refused",
        extra={"account_id": account_id[:64], "client": client, "throttled": throttled},
    )
