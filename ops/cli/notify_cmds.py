"""``rujukan accounts notify``: how an account, or the agency's facility, is told.

Writes the agency's own database, like the other account commands. Giving an address
chooses a channel; ``--no-email`` and ``--no-webhook`` turn one off. A new webhook's
signing secret is printed once.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from ops.cli.agency_db import agency_sessions
from ops.cli.errors import UserError
from rujukan.stamps import utcnow

FACILITY_HELP = "The agency's shared facility address instead of an account."


def notify(
    agency: Annotated[str, typer.Option("--agency", help="The agency, e.g. kh-rsud.")],
    account_id: Annotated[
        str | None, typer.Option("--id", help="The account that chooses, e.g. comp-siti.")
    ] = None,
    facility: Annotated[bool, typer.Option("--facility", help=FACILITY_HELP)] = False,
    email: Annotated[str | None, typer.Option("--email", help="Send e-mail here.")] = None,
    webhook: Annotated[
        str | None, typer.Option("--webhook", help="POST signed notices to this URL.")
    ] = None,
    no_email: Annotated[bool, typer.Option("--no-email", help="Stop e-mail.")] = False,
    no_webhook: Annotated[bool, typer.Option("--no-webhook", help="Stop the webhook.")] = False,
    quiet: Annotated[
        str | None,
        typer.Option("--quiet", help="Quiet hours, local: 22:00-06:00 ('none' to clear)."),
    ] = None,
    new_secret: Annotated[
        bool, typer.Option("--new-secret", help="Replace the webhook's signing secret.")
    ] = False,
) -> None:
    """Choose the channels and quiet hours of an account or of the facility; with no
    choice, print the current ones."""
    from rujukan.errors import RuleViolation
    from rujukan.runtime.notify.store import RecipientBook
    from rujukan.runtime.notify.tables import FACILITY

    if facility == (account_id is not None):
        raise UserError("name either --id ACCOUNT or --facility")
    owner = FACILITY if facility else str(account_id)
    with agency_sessions(agency, None, "an agency") as sessions:
        book = RecipientBook(sessions, utcnow)
        current = book.get(owner)
        if not facility and not _is_account(sessions, owner):
            raise UserError(f"{agency} has no account {owner}")
        changing = any((email, webhook, no_email, no_webhook, quiet, new_secret))
        if changing:
            quiet_from, quiet_until = _quiet(quiet, current.quiet_from, current.quiet_until)
            try:
                secret = book.choose(
                    owner,
                    email=None if no_email else (email or current.email),
                    webhook_url=None if no_webhook else (webhook or current.webhook_url),
                    quiet_from=quiet_from,
                    quiet_until=quiet_until,
                    new_secret=new_secret,
                )
            except RuleViolation as exc:
                raise UserError(str(exc)) from exc
            if secret is not None:
                typer.echo(f"{agency}: webhook signing secret of {owner} (shown once)", err=True)
                typer.echo(secret)
            current = book.get(owner)
    channels = ", ".join(current.channels) or "none"
    quiet_text = f"{current.quiet_from}-{current.quiet_until}" if current.quiet_from else "none"
    typer.echo(
        f"{agency}: {owner} channels {channels}; email={current.email or '-'} "
        f"webhook={current.webhook_url or '-'} quiet={quiet_text}"
    )


def _quiet(given: str | None, start: str | None, end: str | None) -> tuple[str | None, str | None]:
    if given is None:
        return start, end
    if given == "none":
        return None, None
    first, sep, second = given.partition("-")
    if not sep:
        raise UserError("--quiet: give two times, e.g. 22:00-06:00, or 'none'")
    return first.strip(), second.strip()


def _is_account(sessions: object, account_id: str) -> bool:
    from sqlalchemy import select
    from sqlalchemy.orm import Session, sessionmaker

    from rujukan.runtime.accounts.tables import accounts

    assert isinstance(sessions, sessionmaker)
    factory: sessionmaker[Session] = sessions
    with factory() as session:
        found = session.execute(
            select(accounts.c.account_id).where(accounts.c.account_id == account_id)
        ).first()
    return found is not None


def seed_demo_recipients(agency_id: str, state_dir: Path, account_ids: list[str]) -> None:
    """``rujukan up``: the facility and every demo person of the agency get an e-mail
    address the local mail catcher receives (``<who>@<agency>.demo.invalid``)."""
    from rujukan.runtime.notify.store import RecipientBook
    from rujukan.runtime.notify.tables import FACILITY
    from rujukan.runtime.settings import AgencySettings

    url = AgencySettings(agency_id=agency_id, state_dir=state_dir).resolved_database_url()
    with agency_sessions(agency_id, None, "an agency", url, create=True) as sessions:
        book = RecipientBook(sessions, utcnow)
        for owner in [FACILITY, *account_ids]:
            name = "desk" if owner == FACILITY else owner
            book.choose(owner, email=f"{name}@{agency_id}.demo.invalid", webhook_url=None)
