"""The database of one agency, opened by an operator command (accounts of the companion
app, staff accounts of the education service, the audit trail): ``DATABASE_URL``, or the
agency's SQLite file under ``RUJUKAN_STATE_DIR`` (``AgencySettings.resolved_database_url``),
migrated first so a command works before the service ever ran."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import typer
from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import UnknownAgency, load_directory
from rujukan.runtime import db, migrate
from rujukan.runtime.settings import AgencySettings
from schemas.vocabulary import AgencyKind


@contextmanager
def agency_sessions(
    agency_id: str, kind: AgencyKind | None, what: str, database_url: str | None = None
) -> Iterator[sessionmaker[Session]]:
    """Sessions on ``agency_id``'s database, which must be an agency of ``kind``
    (``what`` names it in the refusal: "an intake hub"); of any kind with None."""
    from ops.services import definition_for

    try:
        agency = load_directory().get(agency_id)
    except UnknownAgency as exc:
        raise typer.BadParameter(str(exc), param_hint="--agency") from exc
    if kind is not None and agency.kind is not kind:
        raise typer.BadParameter(
            f"{agency_id} is a {agency.kind} agency, not {what}", param_hint="--agency"
        )
    url = database_url or AgencySettings(agency_id=agency_id).resolved_database_url()
    engine = db.create_db_engine(url)
    try:
        migrate.upgrade(engine, definition_for(agency.kind).migration_components)
        yield db.session_factory(engine)
    finally:
        engine.dispose()
