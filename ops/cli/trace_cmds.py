"""``rujukan trace CASE``: one timeline of everything the network did with a case.

It signs in as the district's auditor like any other client (an API token of the role
``auditor``; by default the local demo's), asks the case's hub for its journal
(``GET /trace/cases/{id}``), then every agency the journal names as a target that runs
software for its own records of the case, at its address in the local network
(``ops/data/local_network.csv``) or as given with ``--url AGENCY=URL``. The records are
joined by :func:`rujukan.runtime.case_trace.join`: each line has its time, agency, the
actor's role, the event and the OpenTelemetry trace id; where the hub's and an agency's
records disagree, the trace says so and the command exits 1. Ids only, never a name.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC
from typing import Annotated

import typer

from ops.cli.errors import Unreachable, UserError
from rujukan.runtime.case_trace import (
    TRACE_PATH,
    AgencyTrace,
    Timeline,
    TraceEntry,
    ask_agencies,
)

AUDITOR_ROLE = "auditor"


def register(app: typer.Typer) -> None:
    app.command()(trace)


def trace(
    case_id: Annotated[str, typer.Argument(help="The case id, e.g. demo-kh-1a2b3c.")],
    url: Annotated[
        list[str] | None,
        typer.Option(
            help="AGENCY=URL of an agency whose address differs from the local network's; "
            "repeatable."
        ),
    ] = None,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="RUJUKAN_AUDITOR_TOKEN",
            help="The district auditor's API token; default: the local demo's auditor.",
        ),
    ] = None,
    html: Annotated[
        str | None, typer.Option(help="Also write the trace as a page to this file.")
    ] = None,
) -> None:
    """Print the case's timeline across agencies, oldest first, then the disagreements
    between the hub's and the agencies' records; exit 1 if there are any."""
    from ops.network import load_members

    urls = {m.agency_id: m.url for m in load_members()}
    for item in url or []:
        agency_id, sep, address = item.partition("=")
        if not sep or not address:
            raise UserError(f"--url {item!r}: expected AGENCY=URL")
        urls[agency_id] = address.rstrip("/")
    timeline = gather(case_id, urls, token)
    typer.echo(render(timeline))
    if html:
        from ops.trace_page import page

        with open(html, "w", encoding="utf-8") as out:
            out.write(page(timeline))
    if timeline.disagreements:
        raise typer.Exit(1)


def gather(case_id: str, urls: Mapping[str, str], token: str | None = None) -> Timeline:
    """The case's hub trace and every online target's, joined."""
    import httpx

    from rujukan.directory import load_directory
    from rujukan.runtime.accounts.demo import demo_account_with, demo_token

    directory = load_directory()
    auditor = demo_account_with(AUDITOR_ROLE).account_id
    path = TRACE_PATH.format(case_id=case_id)

    def token_of(agency_id: str) -> str:
        return token or demo_token(directory.get(agency_id), auditor)

    hubs = [a for a in urls if a in directory and directory.get(a).kind == "intake"]
    hub, unreachable = None, []
    with httpx.Client(timeout=10.0) as client:
        for hub_id in hubs:
            try:
                response = client.get(
                    urls[hub_id] + path, headers={"Authorization": f"Bearer {token_of(hub_id)}"}
                )
            except httpx.TransportError:
                unreachable.append(hub_id)
                continue
            if response.status_code == 200:
                hub = AgencyTrace.model_validate(response.json())
                break
            if response.status_code in (401, 403):
                raise UserError(f"{hub_id} refused the auditor's token ({response.status_code})")
        if hub is None:
            if hubs and len(unreachable) == len(hubs):
                raise Unreachable("every hub", ", ".join(urls[h] for h in hubs))
            raise UserError(f"no hub knows case {case_id}")
        return ask_agencies(client, hub, urls, token_of, directory)


def line(entry: TraceEntry) -> str:
    """``2026-12-07T01:02:03.456Z  kh-rsud  desk_staff  referral.accepted  r-1  <trace>``."""
    at = entry.at.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z"
    return "  ".join(
        [
            at,
            f"{entry.agency_id:<30}",
            f"{entry.actor_role:<22}",
            f"{entry.event:<34}",
            f"{entry.referral_id or '-':<28}",
            entry.trace_id or "-",
            entry.detail,
        ]
    ).rstrip()


def render(timeline: Timeline) -> str:
    sources = ", ".join(["its hub", *timeline.asked])
    lines = [f"trace {timeline.case_id}: {len(timeline.lines)} records from {sources}"]
    lines += [line(entry) for entry in timeline.lines]
    for d in timeline.disagreements:
        where = f"{d.agency_id} {d.referral_id} {d.event} {d.key or ''}".rstrip()
        lines.append(f"DISAGREE {d.kind}: {where}")
    if not timeline.disagreements:
        lines.append("the hub's and the agencies' records agree")
    return "\n".join(lines)
