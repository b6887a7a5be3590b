"""``rujukan db upgrade --agency ID`` migrates an agency's database on its own; two
started at once (two replicas) both succeed, one after the other, on SQLite and
PostgreSQL."""

import fcntl
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, inspect, make_url, text
from typer.testing import CliRunner

from ops.cli.main import app
from rujukan.runtime.migrate import MIGRATION_LOCK_KEY
from tests.support.databases import database


def upgrade_process(database_url: str) -> subprocess.Popen[str]:
    env = os.environ | {"DATABASE_URL": database_url}
    command = [sys.executable, "-m", "ops.cli.main", "db", "upgrade", "--agency", "kh-hub"]
    return subprocess.Popen(
        command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def test_two_upgrades_at_once_both_succeed_and_migrate_once(db_kind: str, tmp_path: Path) -> None:
    with database(db_kind, tmp_path) as url:
        first, second = upgrade_process(url), upgrade_process(url)
        outputs = [p.communicate(timeout=240) for p in (first, second)]
        for process, (out, err) in zip((first, second), outputs, strict=True):
            assert process.returncode == 0, err
            components = "runtime, audit, accounts, notify, intake"
            assert out.strip() == f"kh-hub: database at the head of {components}"
        engine = create_engine(url)
        try:
            assert {"outbox", "inbox", "intake_cases"} <= set(inspect(engine).get_table_names())
            with engine.connect() as connection:
                heads = connection.execute(text("SELECT version_num FROM alembic_version"))
                assert len(heads.all()) == 4  # one head per branch: runtime, audit, notify, intake
        finally:
            engine.dispose()


def test_an_offline_or_unknown_agency_has_no_database_to_upgrade(tmp_path: Path) -> None:
    for agency in ("kh-nowhere", "kh-kodim"):
        result = CliRunner().invoke(
            app, ["db", "upgrade", "--agency", agency], env={"RUJUKAN_STATE_DIR": str(tmp_path)}
        )
        assert result.exit_code == 2
        assert len(result.stderr.splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@contextmanager
def migration_lock_held(url: str) -> Iterator[None]:
    """Hold the database's migration lock the way another replica's upgrade would."""
    if url.startswith("sqlite"):
        with open(f"{make_url(url).database}.migrate-lock", "a") as lock_file:
            fcntl.flock(lock_file, fcntl.LOCK_EX)
            yield
        return
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT pg_advisory_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
            yield
            connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": MIGRATION_LOCK_KEY})
    finally:
        engine.dispose()


def waits_for_the_lock(url: str, pid: int) -> bool:
    if url.startswith("sqlite"):  # a blocked flock waiter shows as "->" in /proc/locks
        locks = Path("/proc/locks").read_text().splitlines()
        return any("->" in line and f" {pid} " in line for line in locks)
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            waiting = connection.execute(
                text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted")
            ).scalar_one()
            return bool(waiting)
    finally:
        engine.dispose()


def test_an_upgrade_waits_while_another_holds_the_migration_lock(
    db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        with migration_lock_held(url):
            process = upgrade_process(url)
            deadline = time.monotonic() + 120
            while not waits_for_the_lock(url, process.pid):
                assert process.poll() is None, process.communicate()
                assert time.monotonic() < deadline, "the upgrade never waited for the lock"
                time.sleep(0.2)
            assert process.poll() is None  # still waiting: nothing migrated yet
        _out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
