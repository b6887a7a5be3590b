"""A service started with ``migrate_on_start`` off trusts the step before it (``rujukan
db upgrade``, or ``rujukan up``, which migrates every agency's database before it starts
them) and never loads Alembic, which is about a sixteenth of an agency's memory; it
still refuses a database that no migration has run on, on SQLite and PostgreSQL."""

import subprocess
import sys
from pathlib import Path

import pytest

from rujukan.directory import load_directory
from rujukan.runtime import migrate
from rujukan.runtime.db import create_db_engine
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.settings import AgencySettings
from tests.support.databases import database
from tests.support.keys import shared_keys
from tests.support.probe_service import PROBE

LOADED_BY_THE_LAUNCHER = """
import sys
from ops.zygote import prepare
prepare(["kh-hub", "kh-rsud", "kh-disdikbud"], migrations=sys.argv[1] == "yes")
unused = {"alembic", "mako", "rich", "pygments", "holidays.countries"}
print(sorted(m for m in unused if m in sys.modules))
"""


def _loaded_by_the_launcher(migrations: bool) -> str:
    run = subprocess.run(
        [sys.executable, "-c", LOADED_BY_THE_LAUNCHER, "yes" if migrations else "no"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    return run.stdout.strip()


def test_the_launcher_of_agencies_that_do_not_migrate_never_loads_the_migration_tool() -> None:
    # nor httpx's command-line client (Rich, Pygments) nor other countries' holidays
    assert _loaded_by_the_launcher(migrations=False) == "[]"
    assert (
        _loaded_by_the_launcher(migrations=True) == "['alembic', 'mako', 'pygments']"
    )  # Mako's highlighter


def _runtime(url: str, *, migrate_on_start: bool) -> AgencyRuntime:
    settings = AgencySettings(
        agency_id="kh-rsud",
        database_url=url,
        migrate_on_start=migrate_on_start,
        **shared_keys().settings("kh-rsud"),
    )
    return AgencyRuntime(settings, PROBE, load_directory())


def test_a_service_that_does_not_migrate_refuses_a_database_without_schema(
    db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        runtime = _runtime(url, migrate_on_start=False)
        try:
            with pytest.raises(migrate.NotMigrated, match="rujukan db upgrade"):
                runtime.migrate()
            assert not runtime.state.migrated
        finally:
            runtime.engine.dispose()


def test_a_service_that_does_not_migrate_starts_on_a_database_migrated_before(
    db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        engine = create_db_engine(url)
        runtime = _runtime(url, migrate_on_start=False)
        try:
            migrate.upgrade(engine, runtime.definition.migration_components)
            runtime.migrate()
            assert runtime.state.migrated
        finally:
            runtime.engine.dispose()
            engine.dispose()
