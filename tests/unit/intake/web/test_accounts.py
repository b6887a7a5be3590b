"""Companion accounts and sessions: argon2id hashes, one answer for every failed login,
throttling, and sessions that end at an absolute time (an injected clock), on a SQLite
file."""

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from rujukan.runtime import db, migrate
from rujukan.tokens import digest as token_digest
from services.intake import tables
from services.intake.tables import INTAKE
from services.intake.web.accounts import (
    MAX_FAILURES,
    THROTTLE,
    AccountError,
    Accounts,
    LoginRefused,
    Passwords,
)

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
CHEAP = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))
"""Fast hashing where the hash is not what a test is about."""


class Clock:
    def __init__(self) -> None:
        self.now = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def sessions(tmp_path: Path) -> Iterator[sessionmaker[Session]]:
    engine = db.create_db_engine(f"sqlite:///{tmp_path / 'hub.db'}")
    migrate.upgrade(engine, [migrate.RUNTIME, INTAKE])
    yield db.session_factory(engine)
    engine.dispose()


@pytest.fixture
def accounts(sessions: sessionmaker[Session], clock: Clock) -> Accounts:
    store = Accounts(sessions, clock=clock, session_lifetime=timedelta(hours=8), passwords=CHEAP)
    store.add("comp-siti", "Siti Rahmawati", "rahasia-siti", supervisor_id="sup-ani")
    return store


def test_a_password_is_kept_as_an_argon2id_hash_and_verified() -> None:
    passwords = Passwords()
    stored = passwords.hash("rahasia-siti")
    assert stored.startswith("$argon2id$")
    assert "rahasia-siti" not in stored
    assert passwords.verify(stored, "rahasia-siti")
    assert not passwords.verify(stored, "rahasia-budi")
    assert not passwords.verify("not a hash", "rahasia-siti")
    assert stored != passwords.hash("rahasia-siti")  # salted


def test_a_session_ends_at_its_absolute_expiry(accounts: Accounts, clock: Clock) -> None:
    login = accounts.log_in("comp-siti", "rahasia-siti")
    assert login.session.expires_at == T0 + timedelta(hours=8)
    assert login.session.account.supervisor_id == "sup-ani"
    clock.now = T0 + timedelta(hours=7, minutes=59)
    session = accounts.session(login.token)
    assert session is not None
    assert session.companion_id == "comp-siti"
    assert session.csrf_token == login.session.csrf_token
    clock.now = T0 + timedelta(hours=8)
    assert accounts.session(login.token) is None


def test_logging_out_ends_the_session_and_tokens_are_not_guessable(accounts: Accounts) -> None:
    first = accounts.log_in("comp-siti", "rahasia-siti")
    second = accounts.log_in("comp-siti", "rahasia-siti")
    assert first.token != second.token
    assert first.session.csrf_token != second.session.csrf_token
    assert len(first.token) >= 40
    accounts.log_out(first.token)
    assert accounts.session(first.token) is None
    assert accounts.session(second.token) is not None
    assert accounts.session("") is None
    assert accounts.session("made-up") is None
    assert token_digest(first.token) != first.token


def test_every_failed_login_answers_the_same(accounts: Accounts) -> None:
    accounts.add("comp-budi", "Budi Santoso", "rahasia-budi")
    accounts.deactivate("comp-budi")
    for companion_id, password in [
        ("comp-siti", "salah-sandi"),
        ("comp-nobody", "rahasia-siti"),
        ("comp-budi", "rahasia-budi"),
    ]:
        with pytest.raises(LoginRefused) as refused:
            accounts.log_in(companion_id, password)
        assert str(refused.value) == ""


def test_an_unknown_companion_costs_a_password_check_too(
    sessions: sessionmaker[Session], accounts: Accounts
) -> None:
    checked: list[str] = []

    class Counting(Passwords):
        def verify(self, password_hash: str, password: str) -> bool:
            checked.append(password_hash)
            return super().verify(password_hash, password)

    counting = Counting(CHEAP.hasher)
    store = Accounts(sessions, passwords=counting)
    with pytest.raises(LoginRefused):
        store.log_in("comp-nobody", "rahasia-siti")
    assert checked == [counting.dummy_hash]
    with pytest.raises(LoginRefused):
        store.log_in("comp-siti", "salah-sandi")
    assert len(checked) == 2


def test_failures_in_a_row_throttle_the_account(accounts: Accounts, clock: Clock) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises(LoginRefused):
            accounts.log_in("comp-siti", "salah-sandi")
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "rahasia-siti")  # even the right password
    clock.now += THROTTLE
    assert accounts.log_in("comp-siti", "rahasia-siti").session.companion_id == "comp-siti"
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "salah-sandi")  # the count starts again
    assert accounts.log_in("comp-siti", "rahasia-siti")


def test_deactivating_or_replacing_an_account_ends_its_sessions(accounts: Accounts) -> None:
    login = accounts.log_in("comp-siti", "rahasia-siti")
    accounts.add("comp-siti", "Siti R.", "sandi-baru-siti", replace=True)
    assert accounts.session(login.token) is None
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "rahasia-siti")
    login = accounts.log_in("comp-siti", "sandi-baru-siti")
    assert login.session.account.display_name == "Siti R."
    accounts.deactivate("comp-siti")
    assert accounts.session(login.token) is None
    account = accounts.get("comp-siti")
    assert account is not None
    assert not account.active


def test_the_operator_gets_a_reason_for_a_refused_account(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="already has an account"):
        accounts.add("comp-siti", "Siti", "rahasia-siti")
    with pytest.raises(AccountError, match="at least 8"):
        accounts.add("comp-budi", "Budi", "pendek")
    with pytest.raises(AccountError, match="own supervisor"):
        accounts.add("comp-budi", "Budi", "rahasia-budi", supervisor_id="comp-budi")
    with pytest.raises(AccountError, match="no account"):
        accounts.deactivate("comp-nobody")
    assert [a.companion_id for a in accounts.all()] == ["comp-siti"]


def test_an_outdated_hash_is_upgraded_at_the_next_login(
    sessions: sessionmaker[Session], accounts: Accounts, clock: Clock
) -> None:
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert stronger.needs_rehash(CHEAP.hash("x"))
    upgraded = Accounts(sessions, clock=clock, passwords=stronger)
    upgraded.log_in("comp-siti", "rahasia-siti")
    table = tables.companion_accounts
    with sessions() as session:
        stored = session.execute(
            select(table.c.password_hash).where(table.c.companion_id == "comp-siti")
        ).scalar_one()
    assert not stronger.needs_rehash(stored)
    assert upgraded.log_in("comp-siti", "rahasia-siti")
