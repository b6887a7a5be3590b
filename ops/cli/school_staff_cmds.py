"""Staff accounts of an education service's violence-in-schools API: ``school-staff add``,
``list``, ``deactivate``.

Each account is the TPPK of one school (``--role tppk --school NPSN``), the Satgas PPK or
the Dinas; ``add`` prints its API token once (only a digest is kept). The commands write
to the education service's own database: ``DATABASE_URL``, or its SQLite file under
``RUJUKAN_STATE_DIR``, migrated first.
"""

from __future__ import annotations

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
    from services.education.staff import StaffAccounts

app = typer.Typer(
    help="Staff accounts (TPPK, Satgas, Dinas) of an education service.", no_args_is_help=True
)

DEMO_SCHOOL = "20100001"
"""The NPSN of the demo TPPK account."""
DEMO_STAFF = (
    ("tppk-demo", "TPPK (demo school)", "tppk", DEMO_SCHOOL, "demo-tppk"),
    ("satgas-demo", "Satgas PPK (demo)", "satgas", None, "demo-satgas"),
    ("dinas-demo", "Dinas Pendidikan (demo)", "dinas", None, "demo-dinas"),
)
"""(id, name, role, school, token) of the demo accounts ``rujukan up`` creates: the
tokens are public, for the local demo only, never ``serve``."""

Agency = Annotated[str, typer.Option("--agency", help="The education service, e.g. kh-disdikbud.")]


@contextmanager
def staff_accounts(
    agency_id: str, database_url: str | None = None, *, create: bool = False
) -> Iterator[StaffAccounts]:
    """The staff accounts of an education service's database (migrated first; it must
    exist unless ``create``)."""
    from services.education.staff import StaffAccounts

    with agency_sessions(
        agency_id, AgencyKind.EDUCATION, "an education service", database_url, create=create
    ) as sessions:
        yield StaffAccounts(sessions)


def seed_demo_staff(agency_id: str, state_dir: Path) -> None:
    """The demo accounts of ``rujukan up`` in the service's SQLite file under
    ``state_dir`` (reset if they exist, so the demo tokens always work)."""
    from services.education.domain.access import StaffRole

    settings = AgencySettings(agency_id=agency_id, state_dir=state_dir, database_url=None)
    with staff_accounts(agency_id, settings.resolved_database_url(), create=True) as accounts:
        for account_id, name, role, school, token in DEMO_STAFF:
            accounts.add(
                account_id, name, StaffRole(role), school_id=school, replace=True, token=token
            )


@app.command()
def add(
    agency: Agency,
    account_id: Annotated[str, typer.Option("--id", help="The account's id, e.g. tppk-smpn2.")],
    name: Annotated[str, typer.Option("--name", help="Who it is, e.g. TPPK SMP Negeri 2.")],
    role: Annotated[str, typer.Option("--role", help="tppk, satgas or dinas.")],
    school: Annotated[str | None, typer.Option("--school", help="A TPPK's school (NPSN).")] = None,
    replace: Annotated[
        bool, typer.Option("--replace", help="Reset an existing account with a new token.")
    ] = False,
) -> None:
    """Create a staff account and print its API token (shown this once)."""
    from services.education.domain.access import StaffRole
    from services.education.staff import StaffAccountError

    try:
        staff_role = StaffRole(role)
    except ValueError as exc:
        raise typer.BadParameter("one of tppk, satgas, dinas", param_hint="--role") from exc
    with staff_accounts(agency) as accounts:
        try:
            issued = accounts.add(account_id, name, staff_role, school_id=school, replace=replace)
        except StaffAccountError as exc:
            raise UserError(str(exc)) from exc
    staff = issued.account.staff
    at = f" of school {staff.school_id}" if staff.school_id else ""
    typer.echo(f"{agency}: account {staff.account_id} ({staff.role}{at})", err=True)
    typer.echo(issued.token)


@app.command("list")
def list_(agency: Agency) -> None:
    """Print the service's staff accounts (never a token)."""
    with staff_accounts(agency) as accounts:
        found = accounts.all()
    if not found:
        typer.echo(f"{agency}: no staff accounts")
        return
    for account in found:
        state = "active" if account.active else "inactive"
        staff = account.staff
        typer.echo(
            f"{staff.account_id:<20} {state:<9} {staff.role:<7} "
            f"school={staff.school_id or '-':<10} {account.display_name}"
        )


@app.command()
def deactivate(
    account_id: Annotated[str, typer.Argument(help="The account whose access ends.")],
    agency: Agency,
) -> None:
    """End an account's access: its token stops working now."""
    from services.education.staff import StaffAccountError

    with staff_accounts(agency) as accounts:
        try:
            accounts.deactivate(account_id)
        except StaffAccountError as exc:
            raise UserError(str(exc)) from exc
    typer.echo(f"{agency}: account {account_id} deactivated")
