"""The network's accounts: argon2id hashes, one answer for every failed sign-in, throttling
by (account, address) and by address, sessions that end at an absolute time (an injected
clock), API tokens that name their agency, and roles as data, on SQLite and PostgreSQL."""

import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from argon2 import PasswordHasher
from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import load_directory
from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import (
    ACCOUNTS,
    AccountError,
    Accounts,
    LoginRefused,
    Principal,
    WrongAgency,
)
from rujukan.runtime.accounts.demo import DemoPasswords
from rujukan.runtime.accounts.passwords import Passwords
from rujukan.runtime.accounts.tables import accounts as accounts_table
from rujukan.runtime.accounts.throttle import FREE_FAILURES_PER_PAIR, MAX_DELAY
from rujukan.tokens import digest as token_digest
from tests.support.databases import migrated_engine

T0 = datetime(2026, 11, 23, 8, 0, tzinfo=UTC)
HUB = load_directory().get("kh-hub")
HERE, THERE = "10.0.0.1", "10.0.0.2"
CHEAP = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


class Counting(Passwords):
    """Cheap passwords that keep every hash they checked a password against."""

    def __init__(self) -> None:
        super().__init__(CHEAP.hasher)
        self.checked: list[str] = []

    def verify(self, password_hash: str, password: str) -> bool:
        self.checked.append(password_hash)
        return super().verify(password_hash, password)


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
def sessions(tmp_path: Path, db_kind: str) -> Iterator[sessionmaker[Session]]:
    with migrated_engine(db_kind, tmp_path, [migrate.RUNTIME, ACCOUNTS]) as engine:
        yield db.session_factory(engine)


@pytest.fixture
def accounts(sessions: sessionmaker[Session], clock: Clock) -> Accounts:
    store = Accounts(
        sessions, HUB, clock=clock, session_lifetime=timedelta(hours=8), passwords=CHEAP
    )
    store.add(
        "comp-siti", "Siti Rahmawati", ["companion"], password="rahasia-siti",
        supervisor_id="sup-ani",
    )  # fmt: skip
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


def test_the_demo_s_public_passwords_are_hashed_once_each_and_still_verified() -> None:
    # `rujukan up` seeds some forty demo accounts with four public passwords: one
    # argon2id hash each, not one per account, is what its start-up waited for
    demo = DemoPasswords()
    first = demo.hash("demo-pendamping")
    assert demo.hash("demo-pendamping") == first
    assert demo.hash("demo-layanan") != first
    assert first.startswith("$argon2id$")
    assert demo.verify(first, "demo-pendamping")
    assert not demo.verify(first, "demo-layanan")


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
    accounts.add("comp-budi", "Budi Santoso", ["companion"], password="rahasia-budi")
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
    counting = Counting()
    store = Accounts(sessions, HUB, passwords=counting)
    with pytest.raises(LoginRefused):
        store.log_in("comp-nobody", "rahasia-siti")
    assert counting.checked == [counting.dummy_hash]
    with pytest.raises(LoginRefused):
        store.log_in("comp-siti", "salah-sandi")
    assert len(counting.checked) == 2


def test_a_burst_from_one_address_does_not_stop_the_real_user_from_another(
    accounts: Accounts, clock: Clock
) -> None:
    for _ in range(FREE_FAILURES_PER_PAIR + 5):
        with pytest.raises(LoginRefused):
            accounts.log_in("comp-siti", "salah-sandi", HERE)
    login = accounts.log_in("comp-siti", "rahasia-siti", THERE)
    assert login.session.companion_id == "comp-siti"


def test_failures_slow_the_pair_down_with_a_growing_delay(accounts: Accounts, clock: Clock) -> None:
    for _ in range(FREE_FAILURES_PER_PAIR + 1):
        with pytest.raises(LoginRefused):
            accounts.log_in("comp-siti", "salah-sandi", HERE)
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "rahasia-siti", HERE)  # waiting: even the right one
    clock.now += timedelta(seconds=1)
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "salah-sandi", HERE)  # one more: now 2 s
    clock.now += timedelta(seconds=1)
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "rahasia-siti", HERE)
    clock.now += MAX_DELAY
    assert accounts.log_in("comp-siti", "rahasia-siti", HERE)
    with pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "salah-sandi", HERE)  # the pair starts afresh
    assert accounts.log_in("comp-siti", "rahasia-siti", HERE)


def test_a_waiting_address_spends_no_hashing_on_unknown_ids(
    sessions: sessionmaker[Session], clock: Clock
) -> None:
    counting = Counting()
    store = Accounts(sessions, HUB, clock=clock, passwords=counting)
    for n in range(200):
        with pytest.raises(LoginRefused):
            store.log_in(f"comp-{n}", "tebakan", HERE)
    assert len(counting.checked) <= 30


def test_a_failed_sign_in_is_logged_without_the_password(
    accounts: Accounts, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level("WARNING", logger="rujukan.accounts"), pytest.raises(LoginRefused):
        accounts.log_in("comp-siti", "salah-sandi-rahasia", HERE)
    [record] = caplog.records
    assert record.__dict__["account_id"] == "comp-siti"
    assert record.__dict__["client"] == HERE
    assert "salah-sandi-rahasia" not in str(record.__dict__)


def test_an_api_token_names_its_agency_and_opens_only_its_account(
    sessions: sessionmaker[Session], accounts: Accounts
) -> None:
    accounts.add("petugas", "Petugas", ["intake_officer"])
    token = accounts.issue_token("petugas")
    assert token.startswith("rjk_kh-hub_")
    assert accounts.by_token(token) == Principal(
        "petugas", "kh-hub", frozenset({"intake_officer"}), "Petugas"
    )
    assert accounts.by_token(token + "x") is None
    assert accounts.by_token("") is None
    with pytest.raises(WrongAgency):
        accounts.by_token(token.replace("kh-hub", "lt-hub"))
    other = Accounts(sessions, load_directory().get("lt-hub"), passwords=CHEAP)
    with pytest.raises(WrongAgency):
        other.by_token(token)
    renewed = accounts.issue_token("petugas")
    assert accounts.by_token(token) is None  # the old token stops at once
    assert accounts.by_token(renewed) is not None
    accounts.deactivate("petugas")
    assert accounts.by_token(renewed) is None


def test_a_request_s_token_and_session_are_read_while_a_writer_holds_the_database(
    sessions: sessionmaker[Session], clock: Clock
) -> None:
    """Every request looks its caller up: on SQLite that must not queue behind the one
    writer (an inbox batch, a command) the process lets in at a time."""
    store = Accounts(
        sessions, HUB, clock=clock, passwords=CHEAP,
        read_sessions=db.read_session_factory(sessions.kw["bind"]),
    )  # fmt: skip
    store.add("petugas", "Petugas", ["intake_officer"], password="rahasia-petugas")
    token = store.issue_token("petugas")
    login = store.log_in("petugas", "rahasia-petugas")
    writer = sessions()
    writer.execute(
        update(accounts_table).where(accounts_table.c.account_id == "nobody").values(roles="")
    )
    found: dict[str, object] = {}

    def look_up() -> None:
        found["token"] = store.by_token(token)
        found["session"] = store.session(login.token)

    reader = threading.Thread(target=look_up, daemon=True)
    reader.start()
    try:
        reader.join(5)
        assert found["token"] is not None
        assert found["session"] is not None
    finally:
        writer.rollback()
        writer.close()


def test_a_district_account_s_token_names_the_district(accounts: Accounts) -> None:
    accounts.add("auditor", "Auditor", ["auditor"], district_level=True)
    token = accounts.issue_token("auditor")
    assert token.startswith("rjk_kapuas-hulu_")
    principal = accounts.by_token(token)
    assert principal is not None
    assert principal.agency_id == "kapuas-hulu"


def test_roles_are_held_only_where_the_roles_file_allows(accounts: Accounts) -> None:
    with pytest.raises(AccountError, match="desk_staff: not a role at a intake agency"):
        accounts.add("x", "X", ["desk_staff"])
    with pytest.raises(AccountError, match="companion: not a role at a district"):
        accounts.add("x", "X", ["companion"], district_level=True)
    with pytest.raises(AccountError, match="nobody: not a role"):
        accounts.add("x", "X", ["nobody"])
    with pytest.raises(AccountError, match="at least one role"):
        accounts.add("x", "X", [])
    assert accounts.add("ops", "Ops", ["operator", "monitoring"]).roles == {
        "operator",
        "monitoring",
    }


def test_deactivating_or_replacing_an_account_ends_its_sessions(accounts: Accounts) -> None:
    login = accounts.log_in("comp-siti", "rahasia-siti")
    accounts.add("comp-siti", "Siti R.", ["companion"], password="sandi-baru-siti", replace=True)
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
    with pytest.raises(AccountError, match="exists"):
        accounts.add("comp-siti", "Siti", ["companion"], password="rahasia-siti")
    with pytest.raises(AccountError, match="at least 8"):
        accounts.add("comp-budi", "Budi", ["companion"], password="pendek")
    with pytest.raises(AccountError, match="own supervisor"):
        accounts.add("comp-budi", "Budi", ["companion"], supervisor_id="comp-budi")
    with pytest.raises(AccountError, match="no account"):
        accounts.deactivate("comp-nobody")
    assert [a.companion_id for a in accounts.all()] == ["comp-siti"]


def test_an_outdated_hash_is_upgraded_at_the_next_login(
    sessions: sessionmaker[Session], accounts: Accounts, clock: Clock
) -> None:
    stronger = Passwords(PasswordHasher(time_cost=2, memory_cost=16, parallelism=1))
    assert stronger.needs_rehash(CHEAP.hash("x"))
    upgraded = Accounts(sessions, HUB, clock=clock, passwords=stronger)
    upgraded.log_in("comp-siti", "rahasia-siti")
    table = accounts_table
    with sessions() as session:
        stored = session.execute(
            select(table.c.password_hash).where(table.c.account_id == "comp-siti")
        ).scalar_one()
    assert not stronger.needs_rehash(stored)
    assert upgraded.log_in("comp-siti", "rahasia-siti")
