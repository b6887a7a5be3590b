"""``rujukan db upgrade --agency ID``: an agency's migrations, on their own.

For deployments that migrate before the service starts (a release step, an init
container). The service still migrates at start, so both orders work; the migration
lock (``rujukan.runtime.migrate.upgrade``) lets two replicas, or this command and a
starting service, run at once: the second waits and finds nothing to do.
"""

from typing import Annotated

import typer
from sqlalchemy.exc import OperationalError

from ops.cli.errors import UserError, known_agency

app = typer.Typer(help="An agency's database.", no_args_is_help=True)


@app.command("upgrade")
def upgrade(
    agency: Annotated[str, typer.Option("--agency", help="The agency, e.g. kh-hub.")],
) -> None:
    """Bring the agency's database (``DATABASE_URL``, or its SQLite file under
    ``RUJUKAN_STATE_DIR``) to the head of every migration branch of its service."""
    from ops.services import IMPLEMENTATIONS, definition_for
    from rujukan.runtime import db, migrate
    from rujukan.runtime.settings import AgencySettings

    kind = known_agency(agency).kind
    if kind not in IMPLEMENTATIONS:
        raise UserError(f"{agency} is an {kind} agency: it runs no service and has no database")
    components = definition_for(kind).migration_components
    engine = db.create_db_engine(AgencySettings(agency_id=agency).resolved_database_url())
    try:
        migrate.upgrade(engine, components)
    except OperationalError as exc:
        raise UserError(
            f"cannot open {agency}'s database ({engine.dialect.name}): it does not exist "
            "or does not answer"
        ) from exc
    finally:
        engine.dispose()
    typer.echo(f"{agency}: database at the head of {', '.join(c.label for c in components)}")
