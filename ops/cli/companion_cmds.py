"""Companion accounts of an intake hub's web app: ``companions add``, ``list``, ``deactivate``.

The commands write to the hub's own database: ``DATABASE_URL``, or the hub's SQLite file
under ``RUJUKAN_STATE_DIR`` (``AgencySettings.resolved_database_url``), migrated first.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.cli.agency_db import agency_sessions
from ops.cli.errors import UserError
from rujukan.runtime.settings import AgencySettings
from schemas.vocabulary import AgencyKind

if TYPE_CHECKING:
    from services.intake.web.accounts import Accounts

app = typer.Typer(help="Companion accounts of an intake hub's web app.", no_args_is_help=True)

DEMO_PASSWORD = "demo-pendamping"
"""The password of the demo accounts ``rujukan up`` creates: local demos only."""
DEMO_COMPANIONS = (
    ("sup-ani", "Ani Suryani (penyelia)", None),
    ("comp-siti", "Siti Rahmawati", "sup-ani"),
    ("comp-budi", "Budi Santoso", "sup-ani"),
)
"""(id, display name, supervisor) of the demo accounts."""

Agency = Annotated[str, typer.Option("--agency", help="The intake hub, e.g. kh-hub.")]


@contextmanager
def hub_accounts(
    agency_id: str, database_url: str | None = None, *, create: bool = False
) -> Iterator[Accounts]:
    """The accounts of an intake hub's database (migrated first; it must exist unless
    ``create``)."""
    from services.intake.web.accounts import Accounts

    with agency_sessions(
        agency_id, AgencyKind.INTAKE, "an intake hub", database_url, create=create
    ) as sessions:
        yield Accounts(sessions)


def seed_demo_accounts(agency_id: str, state_dir: Path) -> None:
    """The demo accounts of ``rujukan up`` in the hub's SQLite file under ``state_dir``
    (replaced if they exist, so the demo password always works)."""
    settings = AgencySettings(agency_id=agency_id, state_dir=state_dir, database_url=None)
    with hub_accounts(agency_id, settings.resolved_database_url(), create=True) as accounts:
        for companion_id, name, supervisor_id in DEMO_COMPANIONS:
            accounts.add(
                companion_id, name, DEMO_PASSWORD, supervisor_id=supervisor_id, replace=True
            )


@app.command()
def add(
    agency: Agency,
    companion_id: Annotated[str, typer.Option("--id", help="The companion's id, e.g. comp-siti.")],
    name: Annotated[str, typer.Option("--name", help="The name shown in the app.")],
    supervisor: Annotated[
        str | None, typer.Option("--supervisor", help="Who overdue referrals escalate to.")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="Reset an existing account (name, password, active)."),
    ] = False,
) -> None:
    """Create a companion's account (the password is hashed with argon2id)."""
    from services.intake.web.accounts import AccountError

    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
    else:
        password = typer.prompt("Password", hide_input=True, confirmation_prompt=True)
    with hub_accounts(agency) as accounts:
        try:
            account = accounts.add(
                companion_id, name, password, supervisor_id=supervisor, replace=replace
            )
        except AccountError as exc:
            raise UserError(str(exc)) from exc
    supervised = f", supervisor {account.supervisor_id}" if account.supervisor_id else ""
    typer.echo(f"{agency}: account {account.companion_id} ({account.display_name}{supervised})")


@app.command("list")
def list_(agency: Agency) -> None:
    """Print the hub's companion accounts."""
    with hub_accounts(agency) as accounts:
        found = accounts.all()
    if not found:
        typer.echo(f"{agency}: no companion accounts")
        return
    for account in found:
        state = "active" if account.active else "inactive"
        supervisor = account.supervisor_id or "-"
        typer.echo(
            f"{account.companion_id:<20} {state:<9} supervisor={supervisor:<16} "
            f"{account.display_name}"
        )


@app.command()
def deactivate(
    companion_id: Annotated[str, typer.Argument(help="The companion whose account ends.")],
    agency: Agency,
) -> None:
    """End a companion's access: no more logins, and their sessions end now."""
    from services.intake.web.accounts import AccountError

    with hub_accounts(agency) as accounts:
        try:
            accounts.deactivate(companion_id)
        except AccountError as exc:
            raise UserError(str(exc)) from exc
    typer.echo(f"{agency}: account {companion_id} deactivated")
