"""The audit trail of an agency: ``audit show`` and ``audit verify``.

Both open the agency's own database (``DATABASE_URL``, or its SQLite file under
``RUJUKAN_STATE_DIR``); ``verify`` also reads the agency's anchor file
(``RUJUKAN_AUDIT_ANCHOR_PATH``, or ``--anchors``) and checks each anchor's signature
with the agency's published keys (``RUJUKAN_PUBLIC_KEYS_FILE``, or ``--public-keys``).
"""

from pathlib import Path
from typing import Annotated

import typer

from ops.cli.agency_db import agency_sessions
from rujukan.runtime.audit import Record
from rujukan.runtime.audit.chain import utc_text
from schemas.keys import SIG, PublicKeyRecord, PublicKeysError, read_public_keys

app = typer.Typer(
    help="The audit trail: every command, every read of a child's identity.",
    no_args_is_help=True,
)

Agency = Annotated[str, typer.Option("--agency", help="The agency, e.g. kh-hub.")]


@app.command()
def show(
    agency: Agency,
    case: Annotated[
        str | None, typer.Option("--case", help="Only records about this case.")
    ] = None,
    limit: Annotated[int, typer.Option("--limit", min=1, help="The newest this many.")] = 50,
) -> None:
    """Print the newest audit records, oldest first: ids, never names."""
    from rujukan.runtime.audit import trail

    with agency_sessions(agency, None, "an agency") as sessions, sessions() as session:
        trail.read_snapshot(session)
        found = trail.latest(session, limit, case_id=case)
    if not found:
        typer.echo(f"{agency}: no audit records")
    for record in found:
        typer.echo(_line(record))


@app.command()
def verify(
    agency: Agency,
    anchors: Annotated[
        Path | None,
        typer.Option("--anchors", help="The anchor file; default: the agency's own."),
    ] = None,
    public_keys: Annotated[
        Path | None,
        typer.Option(envvar="RUJUKAN_PUBLIC_KEYS_FILE", help="The network's public keys file."),
    ] = None,
) -> None:
    """Check the hash chain and the anchors and their signatures: one line per problem;
    exit 1 if broken."""
    from rujukan.runtime.audit import chain, trail
    from rujukan.runtime.audit.anchors import AnchorFile, BadAnchors, signature_problems
    from rujukan.runtime.settings import AgencySettings

    settings = AgencySettings(agency_id=agency)
    path = anchors or settings.resolved_audit_anchor_path()
    try:
        anchored = AnchorFile(path).read(agency)  # before the snapshot: every anchor is in it
    except BadAnchors as exc:
        raise typer.BadParameter(str(exc), param_hint="--anchors") from exc
    keys = _signing_keys(agency, public_keys or settings.resolved_public_keys_file())
    with agency_sessions(agency, None, "an agency") as sessions, sessions() as session:
        trail.read_snapshot(session)
        head = trail.stored_head(session)
        problems = signature_problems(anchored, keys)
        problems += chain.verify(trail.records(session), head, anchored)
    for problem in problems:
        typer.echo(problem)
    if problems:
        typer.echo(f"{agency}: the audit chain is broken ({len(problems)} problems)")
        raise typer.Exit(1)
    last = head[0] if head else 0
    typer.echo(f"{agency}: the audit chain is intact: {last} records, {len(anchored)} anchors")
    if not anchored:
        typer.echo(f"warning: no anchors in {path}: a deleted tail cannot be found", err=True)


def _signing_keys(agency: str, path: Path) -> list[PublicKeyRecord]:
    """The signing keys ``agency`` publishes in ``path``; exit 2 if it cannot be read."""
    try:
        records = read_public_keys(path)
    except PublicKeysError as exc:
        raise typer.BadParameter(str(exc), param_hint="--public-keys") from exc
    return [r for r in records if r.agency_id == agency and r.use == SIG]


def _line(record: Record) -> str:
    e = record.entry
    about = " ".join(
        f"{name}={value}"
        for name, value in (
            ("case", e.case_id),
            ("referral", e.referral_id),
            ("report", e.report_ref),
            ("purpose", e.purpose),
        )
        if value
    )
    return (
        f"{record.seq:>6} {utc_text(record.recorded_at)[:19]}Z {e.actor_id}"
        f"[{e.actor_roles or '-'}@{e.actor_agency or '-'}] {e.action} -> {e.outcome} {about}"
    ).rstrip()
