"""``rujukan report``: the district's report for the task force and the Bupati, joined
from the sections its hub and education service publish to the reporting role.

The agencies apply disclosure control before they answer (``docs/reports.md``); this
command signs in like any client (``RUJUKAN_TOKEN``: the district's ``report_officer``
token; default: the local demo's), joins the sections and writes one format.
"""

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.cli.errors import UserError

if TYPE_CHECKING:
    from rujukan.directory import AgencyDirectory
    from rujukan.report_periods import Period


def register(app: typer.Typer) -> None:
    app.command()(report)


def report(
    district: Annotated[str, typer.Option("--district", help="The district, e.g. kapuas-hulu.")],
    start: Annotated[
        str | None, typer.Option("--from", help="First day of the period (YYYY-MM-DD).")
    ] = None,
    end: Annotated[
        str | None, typer.Option("--to", help="Last day of the period (YYYY-MM-DD).")
    ] = None,
    period: Annotated[
        str | None,
        typer.Option(
            "--period",
            help="Instead of --from/--to: semester:YYYY-1|2 (BTG 16(6)), 6m:YYYY-MM-DD "
            "(BLU 18(d)), year:YYYY or 5y:YYYY (BLU 4f).",
        ),
    ] = None,
    form: Annotated[str, typer.Option("--format", help="csv, json, html or pdf.")] = "json",
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write here; default: stdout.")
    ] = None,
    url: Annotated[
        list[str] | None,
        typer.Option(
            "--url",
            help="AGENCY=URL of a reporting agency; default: the local network's members.",
        ),
    ] = None,
    port_offset: Annotated[
        int, typer.Option(help="The local network's port offset (as given to rujukan up).")
    ] = 0,
    token: Annotated[
        str | None,
        typer.Option(
            envvar="RUJUKAN_TOKEN",
            help="The district's report_officer API token; default: the local demo's.",
        ),
    ] = None,
) -> None:
    """Counts of the district's cases, referrals and school reports in a period and the
    one before: never a child's identity, never free text, no count under 5."""
    from ops.reports.collect import fetch_sections, reporting_agencies
    from ops.reports.collect import report as joined
    from ops.reports.formats import FORMATS, write
    from rujukan.directory import load_directory

    if form not in FORMATS:
        raise UserError(f"--format must be one of {', '.join(FORMATS)}, not {form!r}")
    chosen = _period(start, end, period)
    directory = load_directory()
    name = _district_name(district)
    agencies = reporting_agencies(directory, district)
    urls = _urls(agencies, url or [], port_offset)
    bearer = token or _demo_token(directory, agencies[0])
    sections = fetch_sections(urls, bearer, chosen)
    data = write(joined(district, name, sections), form, output)
    if output is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()


def _period(start: str | None, end: str | None, preset: str | None) -> "Period":
    from rujukan.report_periods import PeriodError, span
    from rujukan.report_periods import preset as named

    try:
        if preset is not None:
            if start or end:
                raise UserError("give either --period or --from and --to, not both")
            return named(preset)
        if start is None or end is None:
            raise UserError("give --from and --to, or --period")
        return span(date.fromisoformat(start), date.fromisoformat(end))
    except (PeriodError, ValueError) as exc:
        raise UserError(str(exc)) from exc


def _district_name(district: str) -> str:
    from rujukan.report_html import district_name

    name = district_name(district)
    if name is None:
        raise UserError(f"unknown district {district!r}")
    return name


def _urls(agencies: list[str], given: list[str], port_offset: int) -> dict[str, str]:
    """Agency id → base URL: from ``--url AGENCY=URL``, else the local network's."""
    from ops.network import load_members

    if not agencies:
        raise UserError("the district has no online hub or education service")
    if given:
        pairs = dict(item.split("=", 1) for item in given if "=" in item)
        unknown = sorted(set(pairs) - set(agencies))
        if unknown or len(pairs) != len(given):
            raise UserError(f"--url takes AGENCY=URL of {', '.join(agencies)}")
        return pairs
    local = {m.agency_id: m.url for m in load_members(port_offset=port_offset)}
    missing = [a for a in agencies if a not in local]
    if missing:
        raise UserError(f"no URL for {', '.join(missing)}: give --url AGENCY=URL")
    return {a: local[a] for a in agencies}


def _demo_token(directory: "AgencyDirectory", agency_id: str) -> str:
    from rujukan.runtime.accounts.demo import demo_account_with, demo_token

    return demo_token(directory.get(agency_id), demo_account_with("report_officer").account_id)
