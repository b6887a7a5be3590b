"""Per-test databases: a SQLite file, or a fresh PostgreSQL database that is
dropped afterwards. The PostgreSQL server is named by RUJUKAN_TEST_POSTGRES_URL
(default: the local server's ``test`` database)."""

import os
import uuid
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine

from rujukan.runtime import migrate
from rujukan.runtime.db import create_db_engine, reachable, scratch_database
from rujukan.runtime.migrate import Component

POSTGRES_ADMIN_URL = os.environ.get(
    "RUJUKAN_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)


def postgres_available() -> bool:
    return reachable(POSTGRES_ADMIN_URL)


@contextmanager
def postgres_database() -> Iterator[str]:
    with scratch_database(POSTGRES_ADMIN_URL, "rj") as url:
        yield url


@contextmanager
def database(kind: str, directory: Path) -> Iterator[str]:
    """A fresh database URL of ``kind`` ("sqlite" or "postgres")."""
    if kind == "sqlite":
        yield f"sqlite:///{directory / f'{uuid.uuid4().hex[:8]}.db'}"
    else:
        with postgres_database() as url:
            yield url


@contextmanager
def migrated_engine(
    kind: str,
    directory: Path,
    components: Sequence[Component] = (migrate.RUNTIME,),
    targets: Sequence[str] = ("heads",),
) -> Iterator[Engine]:
    """An engine on a fresh database of ``kind`` holding ``components``' tables (the
    runtime's unless told), at their heads or at ``targets`` (a migration test's
    database as it was before the step it checks)."""
    with database(kind, directory) as url:
        engine = create_db_engine(url)
        try:
            migrate.upgrade(engine, components, targets)
            yield engine
        finally:
            engine.dispose()
