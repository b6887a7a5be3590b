"""The accounts migration keeps the users of an existing database: the hub's companion
accounts (password hash, supervisor, active flag, live sessions) and the education
service's staff accounts (role, school, token digest) move to the network's accounts, and
the old tables go; on SQLite and PostgreSQL."""

from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from argon2 import PasswordHasher

from rujukan.desk import DESK
from rujukan.directory import load_directory
from rujukan.runtime import db, migrate
from rujukan.runtime.accounts import ACCOUNTS, Accounts
from rujukan.runtime.accounts.passwords import Passwords
from rujukan.tokens import digest
from services.education.tables import EDUCATION
from services.intake.tables import INTAKE
from tests.support.databases import migrated_engine

NOW = datetime(2026, 12, 1, 8, 0, tzinfo=UTC)
EIGHT_HOURS = timedelta(hours=8)
CHEAP = Passwords(PasswordHasher(time_cost=1, memory_cost=8, parallelism=1))


def test_companion_accounts_and_their_sessions_survive_the_upgrade(
    db_kind: str, tmp_path: Path
) -> None:
    components = [migrate.RUNTIME, ACCOUNTS, INTAKE]
    with migrated_engine(db_kind, tmp_path, components, ["intake@0474f76d2017"]) as engine:
        old = {"created_at": NOW, "updated_at": NOW, "failed_logins": 0}
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO intake_companion_accounts (companion_id, display_name,"
                    " password_hash, supervisor_id, active, failed_logins, created_at,"
                    " updated_at) VALUES (:id, :name, :hash, :sup, :active, :failed_logins,"
                    " :created_at, :updated_at)"
                ),
                [
                    {
                        "id": "sup-ani",
                        "name": "Ani",
                        "hash": CHEAP.hash("sandi-ani-1"),
                        "sup": None,
                        "active": True,
                        **old,
                    },
                    {
                        "id": "comp-siti",
                        "name": "Siti",
                        "hash": CHEAP.hash("sandi-siti-1"),
                        "sup": "sup-ani",
                        "active": True,
                        **old,
                    },
                    {
                        "id": "comp-lama",
                        "name": "Lama",
                        "hash": CHEAP.hash("sandi-lama-1"),
                        "sup": None,
                        "active": False,
                        **old,
                    },
                ],
            )
            connection.execute(
                sa.text(
                    "INSERT INTO intake_companion_sessions (token_digest, companion_id,"
                    " csrf_token, created_at, expires_at) VALUES (:d, 'comp-siti', 'form',"
                    " :created_at, :expires_at)"
                ),
                {
                    "d": digest("sesi-siti"),
                    "created_at": NOW,
                    "expires_at": NOW + timedelta(hours=8),
                },
            )

        migrate.upgrade(engine, components)

        accounts = Accounts(
            db.session_factory(engine),
            load_directory().get("kh-hub"),
            clock=lambda: NOW,
            passwords=CHEAP,
        )
        login = accounts.log_in("comp-siti", "sandi-siti-1")
        assert login.session.account.supervisor_id == "sup-ani"
        assert login.session.account.roles == {"companion"}
        ani = accounts.get("sup-ani")
        assert ani is not None
        assert ani.roles == {"companion", "supervisor"}
        lama = accounts.get("comp-lama")
        assert lama is not None
        assert not lama.active
        session = accounts.session("sesi-siti")
        assert session is not None
        assert session.companion_id == "comp-siti"
        tables = sa.inspect(engine).get_table_names()
        assert "intake_companion_accounts" not in tables
        assert "intake_companion_sessions" not in tables


def test_school_staff_accounts_and_their_tokens_survive_the_upgrade(
    db_kind: str, tmp_path: Path
) -> None:
    components = [migrate.RUNTIME, ACCOUNTS, DESK, EDUCATION]
    with migrated_engine(db_kind, tmp_path, components, ["education@5c2ff919a901"]) as engine:
        with engine.begin() as connection:
            connection.execute(
                sa.text(
                    "INSERT INTO education_staff_account (account_id, display_name, role,"
                    " school_id, token_digest, active, created_at, updated_at) VALUES"
                    " (:id, :name, :role, :school, :digest, true, :now, :now)"
                ),
                [
                    {
                        "id": "tppk-1",
                        "name": "TPPK",
                        "role": "tppk",
                        "school": "20100001",
                        "digest": digest("token-lama-tppk"),
                        "now": NOW,
                    },
                    {
                        "id": "dinas",
                        "name": "Dinas",
                        "role": "dinas",
                        "school": None,
                        "digest": digest("token-lama-dinas"),
                        "now": NOW,
                    },
                ],
            )

        migrate.upgrade(engine, components)

        accounts = Accounts(db.session_factory(engine), load_directory().get("kh-disdikbud"))
        tppk = accounts.by_token("token-lama-tppk")
        assert tppk is not None
        assert (tppk.account_id, tppk.roles, tppk.school_id) == (
            "tppk-1",
            frozenset({"tppk"}),
            "20100001",
        )
        dinas = accounts.by_token("token-lama-dinas")
        assert dinas is not None
        assert dinas.roles == {"dinas"}
        assert "education_staff_account" not in sa.inspect(engine).get_table_names()
