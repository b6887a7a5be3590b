"""The accounts of an agency's database: ``accounts add``, ``list``, ``deactivate``,
``token``.

The commands write to the agency's own database: ``DATABASE_URL``, or its SQLite file
under ``RUJUKAN_STATE_DIR`` (``AgencySettings.resolved_database_url``), migrated first.
Bad input answers one line and exit status 2. ``token`` prints an API token once (only
its digest is kept); ``rujukan up`` seeds the demo accounts with `seed_demo`.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.cli.agency_db import agency_sessions
from ops.cli.errors import UserError, known_agency
from rujukan.runtime.settings import AgencySettings

if TYPE_CHECKING:
    from rujukan.runtime.accounts import Accounts
    from rujukan.runtime.accounts.demo import DemoAccount
    from rujukan.runtime.accounts.passwords import Passwords

app = typer.Typer(help="Accounts of an agency: people and agency systems.", no_args_is_help=True)

AgencyOption = Annotated[str, typer.Option("--agency", help="The agency, e.g. kh-hub.")]


@contextmanager
def agency_accounts(
    agency_id: str,
    database_url: str | None = None,
    *,
    create: bool = False,
    passwords: Passwords | None = None,
) -> Iterator[Accounts]:
    """The accounts of an agency's database (migrated first; it must exist unless
    ``create``: only ``rujukan up`` and tests create one), hashing with ``passwords``
    (argon2id with a salt per account unless told)."""
    from rujukan.runtime.accounts import Accounts

    agency = known_agency(agency_id)
    if not agency.runs_software:
        raise UserError(f"{agency_id} runs no software: it has no accounts")
    what = f"a {agency.kind} agency"
    with agency_sessions(agency_id, agency.kind, what, database_url, create=create) as s:
        yield Accounts(s, agency, passwords=passwords)


def seed_demo(
    agency_id: str, state_dir: Path, database_url: str | None = None
) -> list[DemoAccount]:
    """The demo accounts of ``rujukan up`` in the agency's database: ``database_url``, or
    its SQLite file under ``state_dir`` (reset if they exist, so the demo values always
    work)."""
    from rujukan.runtime.accounts.demo import DEMO_PASSWORDS, seed

    settings = AgencySettings(agency_id=agency_id, state_dir=state_dir, database_url=database_url)
    url = settings.resolved_database_url()
    with agency_accounts(agency_id, url, create=True, passwords=DEMO_PASSWORDS) as accounts:
        return seed(accounts)


@app.command()
def add(
    agency: AgencyOption,
    account_id: Annotated[str, typer.Option("--id", help="The account's id, e.g. comp-siti.")],
    name: Annotated[str, typer.Option("--name", help="Who it is, shown in the apps.")],
    role: Annotated[list[str], typer.Option("--role", help="A role (repeatable).")],
    school: Annotated[str | None, typer.Option("--school", help="A TPPK's school (NPSN).")] = None,
    supervisor: Annotated[
        str | None, typer.Option("--supervisor", help="A companion's supervisor.")
    ] = None,
    district: Annotated[
        bool, typer.Option("--district", help="The district's account (an auditor).")
    ] = False,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read a password from standard input.")
    ] = False,
    replace: Annotated[
        bool, typer.Option("--replace", help="Reset an existing account (active again).")
    ] = False,
) -> None:
    """Create an account (a password is hashed with argon2id; `token` gives an API token)."""
    from rujukan.runtime.accounts import AccountError

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    with agency_accounts(agency) as accounts:
        try:
            account = accounts.add(
                account_id,
                name,
                role,
                password=password,
                school_id=school,
                supervisor_id=supervisor,
                district_level=district,
                replace=replace,
            )
        except AccountError as exc:
            raise UserError(str(exc)) from exc
    roles = " ".join(sorted(account.roles))
    typer.echo(f"{agency}: account {account.account_id} ({roles}) of {account.agency_id}")


@app.command("list")
def list_(agency: AgencyOption) -> None:
    """Print the agency's accounts (never a password or token)."""
    with agency_accounts(agency) as accounts:
        found = accounts.all()
    if not found:
        typer.echo(f"{agency}: no accounts")
        return
    for account in found:
        state = "active" if account.active else "inactive"
        typer.echo(
            f"{account.account_id:<16} {state:<9} {' '.join(sorted(account.roles)):<24} "
            f"of={account.agency_id} school={account.school_id or '-'} "
            f"supervisor={account.supervisor_id or '-'} "
            f"password={'yes' if account.has_password else 'no'} "
            f"token={'yes' if account.has_token else 'no'}  {account.display_name}"
        )


@app.command()
def deactivate(
    account_id: Annotated[str, typer.Argument(help="The account whose access ends.")],
    agency: AgencyOption,
) -> None:
    """End an account's access: no sign-in, its token and sessions stop now."""
    from rujukan.runtime.accounts import AccountError

    with agency_accounts(agency) as accounts:
        try:
            accounts.deactivate(account_id)
        except AccountError as exc:
            raise UserError(str(exc)) from exc
    typer.echo(f"{agency}: account {account_id} deactivated")


@app.command()
def token(
    account_id: Annotated[str, typer.Argument(help="The account that gets a new token.")],
    agency: AgencyOption,
    token_file: Annotated[
        Path | None,
        typer.Option(
            "--token-file",
            help="Register the token in this file (rjk_<agency>_<secret>, e.g. the "
            "monitoring token make-secrets.sh wrote) instead of making one.",
        ),
    ] = None,
) -> None:
    """Issue (or replace) the account's API token and print it, this once; with
    ``--token-file``, register the file's token instead and print nothing of it."""
    from rujukan.runtime.accounts import AccountError

    given = None if token_file is None else _read_token(token_file)
    with agency_accounts(agency) as accounts:
        try:
            if given is not None:
                accounts.register_token(account_id, given)
            else:
                issued = accounts.issue_token(account_id)
        except AccountError as exc:
            raise UserError(f"--token-file: {exc}" if given is not None else str(exc)) from exc
    if given is not None:
        typer.echo(f"{agency}: API token of {account_id} registered from {token_file}")
        return
    typer.echo(f"{agency}: new API token of {account_id} (shown once)", err=True)
    typer.echo(issued)


def _read_token(path: Path) -> str:
    """The token a file holds (one line; a final newline is not part of it)."""
    try:
        return path.read_text(encoding="ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"--token-file: cannot read {path}: {exc.__class__.__name__}") from exc
