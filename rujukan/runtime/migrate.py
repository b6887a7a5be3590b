"""Schema migrations with Alembic, one branch per component.

Every agency database holds the runtime's tables (branch ``runtime``) plus the
tables of the components its service uses (``desk`` for agency services,
``intake``, ``education``...). Each component keeps its revisions next to its
code; ``upgrade`` applies the heads of all of them.
"""

import fcntl
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, MetaData, text

from rujukan.runtime import tables

_SCRIPT_LOCATION = Path(__file__).parent / "migrations"


@dataclass(frozen=True)
class Component:
    """A set of tables with its own migration history."""

    label: str
    metadata: MetaData
    versions: Path


RUNTIME = Component("runtime", tables.metadata, _SCRIPT_LOCATION / "versions")


def _config(engine_connection: object, components: Sequence[Component]) -> Config:
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


def upgrade(engine: Engine, components: Sequence[Component]) -> None:
    """Bring the database to the head of every component's branch.

    Two processes may start against one database at once (two replicas, or
    ``rujukan db upgrade`` beside a starting service): each takes the database's
    migration lock first, so the second waits, then finds every branch at its head and
    does nothing. PostgreSQL: a transaction-level advisory lock. SQLite: an exclusive
    lock on a file beside the database."""
    with _LOCK, _file_lock(engine), engine.begin() as connection:
        _advisory_lock(connection)
        command.upgrade(_config(connection, components), "heads")


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
