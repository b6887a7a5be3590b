"""The database of one agency, opened by an operator command (accounts of the companion
app, staff accounts of the education service, the audit trail): ``DATABASE_URL``, or the
agency's SQLite file under ``RUJUKAN_STATE_DIR`` (``AgencySettings.resolved_database_url``).

The database must exist: a command run in the wrong folder, or with a mistyped URL, says
so in one line instead of creating and migrating an empty database the service never
reads. Only ``rujukan up``, which is asked to create its network, passes ``create``.
An existing database is migrated first, so a command works before the service ever ran.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import Session, sessionmaker

from ops.cli.errors import UserError, known_agency
from rujukan.runtime import db, migrate
from rujukan.runtime.settings import AgencySettings
from schemas.vocabulary import AgencyKind


@contextmanager
def agency_sessions(
    agency_id: str,
    kind: AgencyKind | None,
    what: str,
    database_url: str | None = None,
    *,
    create: bool = False,
) -> Iterator[sessionmaker[Session]]:
    """Sessions on ``agency_id``'s database, which must be an agency of ``kind`` (``what``
    names it in the refusal: "an intake hub"; of any kind with None) and, unless
    ``create``, exist."""
    from ops.services import definition_for

    agency = known_agency(agency_id)
    if kind is not None and agency.kind is not kind:
        raise UserError(f"{agency_id} is a {agency.kind} agency, not {what}")
    settings = AgencySettings(agency_id=agency_id)
    url = database_url or settings.database_url or f"sqlite:///{settings.sqlite_path()}"
    if not create:
        _require_sqlite_file(url, agency_id)
    url = database_url or settings.resolved_database_url()
    engine = db.create_db_engine(url)
    try:
        if not create:
            _require_connection(engine, agency_id)
        migrate.upgrade(engine, definition_for(agency.kind).migration_components)
        yield db.session_factory(engine)
    finally:
        engine.dispose()


def _require_sqlite_file(url: str, agency_id: str) -> None:
    """SQLite would create a missing file on the first connection."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return
    if not parsed.database or not Path(parsed.database).is_file():
        raise UserError(
            f"{agency_id} has no database at {parsed.database or '(memory)'}: run the command "
            "where the service keeps its state (RUJUKAN_STATE_DIR) or set DATABASE_URL"
        )


def _require_connection(engine: Engine, agency_id: str) -> None:
    """A server database that does not exist (or does not answer) refuses the connection;
    the message names neither the URL nor its password."""
    try:
        with engine.connect():
            pass
    except OperationalError as exc:
        raise UserError(
            f"cannot open {agency_id}'s database ({engine.dialect.name}): it does not exist "
            "or does not answer"
        ) from exc
