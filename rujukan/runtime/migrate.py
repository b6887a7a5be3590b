"""Schema migrations with Alembic, one branch per component.

Every agency database holds the runtime's tables (branch ``runtime``) plus the
tables of the components its service uses (``desk`` for agency services,
``intake``, ``education``...). Each component keeps its revisions next to its
code; ``upgrade`` applies the heads of all of them.

Alembic is imported only when a migration runs: with its templates and their
highlighter it is about a fifth of an agency process's memory, which a service that
starts on a database migrated before (``migrate_on_start`` off) never needs.
"""

import fcntl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, MetaData, text
from sqlalchemy.exc import OperationalError, ProgrammingError

from rujukan.runtime import tables

if TYPE_CHECKING:
    from alembic.config import Config

_SCRIPT_LOCATION = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Component:
    """A set of tables with its own migration history."""

    label: str
    metadata: MetaData
    versions: Path


RUNTIME = Component("runtime", tables.metadata, _SCRIPT_LOCATION / "versions")


def _config(engine_connection: object, components: Sequence[Component]) -> "Config":
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(_SCRIPT_LOCATION))
    config.set_main_option("version_locations", " ".join(str(c.versions) for c in components))
    config.set_main_option("path_separator", "space")
    config.attributes["connection"] = engine_connection
    return config


_LOCK = threading.Lock()
"""Alembic's ``context`` and ``op`` are process-wide proxies: two agencies of one process
(tests, benchmarks) must not migrate at the same time."""


MIGRATION_LOCK_KEY = 0x52554A554B414E  # "RUJUKAN"
"""The PostgreSQL advisory lock every migration of a database takes first."""


def upgrade(
    engine: Engine, components: Sequence[Component], targets: Sequence[str] = ("heads",)
) -> None:
    """Bring the database to the head of every component's branch (or to ``targets``,
    e.g. ``intake@0474f76d2017``: a test that upgrades a database holding old rows).

    Two processes may start against one database at once (two replicas, or
    ``rujukan db upgrade`` beside a starting service): each takes the database's
    migration lock first, so the second waits, then finds every branch at its head and
    does nothing. PostgreSQL: a transaction-level advisory lock. SQLite: an exclusive
    lock on a file beside the database."""
    from alembic import command

    with _LOCK, _file_lock(engine), engine.begin() as connection:
        _advisory_lock(connection)
        for target in targets:
            command.upgrade(_config(connection, components), target)


class NotMigrated(RuntimeError):
    """A service told that its database was migrated before it started finds no schema."""


def require_migrated(engine: Engine) -> None:
    """Refuse a database that no migration has run on, without loading Alembic: its
    version table must name at least one revision. Whether they are this release's
    heads is the migrating step's to ensure."""
    try:
        with engine.connect() as connection:
            revisions = connection.execute(text("SELECT count(*) FROM alembic_version"))
            migrated = bool(revisions.scalar_one())
    except (OperationalError, ProgrammingError) as exc:
        if "alembic_version" not in str(exc.orig):  # no such table / relation
            raise  # unavailable: the caller waits for the server
        migrated = False
    if not migrated:
        raise NotMigrated(
            "the database has no schema: run `rujukan db upgrade` before the service, or "
            "start it with RUJUKAN_MIGRATE_ON_START=true"
        )


def _advisory_lock(connection: Connection) -> None:
    """Held until the migration's transaction ends (commit or rollback)."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK_KEY})


@contextmanager
def _file_lock(engine: Engine) -> Iterator[None]:
    """An exclusive ``flock`` on ``<database>.migrate-lock`` for a SQLite file."""
    path = engine.url.database
    if engine.dialect.name != "sqlite" or not path or path == ":memory:":
        yield
        return
    with open(f"{path}.migrate-lock", "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


def new_revision(
    engine: Engine, components: Sequence[Component], component: Component, message: str
) -> None:
    """Autogenerate the next revision of ``component`` against an up-to-date database."""
    from alembic import command

    upgrade(engine, components)
    with engine.begin() as connection:
        config = _config(connection, components)
        config.attributes["target_metadata"] = component.metadata
        config.attributes["include_tables"] = set(component.metadata.tables)
        command.revision(
            config,
            message=message,
            autogenerate=True,
            head=_head_of(component),
            version_path=str(component.versions),
            branch_label=None if _has_revisions(component) else component.label,
        )


def _has_revisions(component: Component) -> bool:
    return any(component.versions.glob("*.py"))


def _head_of(component: Component) -> str:
    return f"{component.label}@head" if _has_revisions(component) else "base"
