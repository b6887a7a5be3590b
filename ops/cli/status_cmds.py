"""``rujukan status CASE``: a case's referrals and where each loop stands."""

from typing import Annotated, Any

import typer

from ops.cli.errors import Unreachable, UserError


def register(app: typer.Typer) -> None:
    app.command()(status)


def status(
    case_id: Annotated[str, typer.Argument(help="The case id, e.g. c-7f3a9c1e20b4.")],
    hub: Annotated[
        str | None,
        typer.Option(help="The hub's URL; default: look for the case at every local hub."),
    ] = None,
) -> None:
    """Print a case's referrals: stage, target, status and whether its loop is closed
    (final, with its final outcome acknowledged by the companion, LT Pasal 17(3))."""
    import httpx

    from ops.network import load_members
    from rujukan.directory import load_directory

    directory = load_directory()
    urls = (
        [hub]
        if hub
        else [m.url for m in load_members() if directory.get(m.agency_id).kind == "intake"]
    )
    case, unreachable = None, []
    with httpx.Client(timeout=5.0) as client:
        for url in urls:
            try:
                response = client.get(f"{url}/cases/{case_id}")
            except httpx.TransportError:
                unreachable.append(url)
                continue
            if response.status_code == 200:
                case = response.json()
                break
    if case is None and len(unreachable) == len(urls):
        raise Unreachable("the hub" if len(urls) == 1 else "every hub", ", ".join(urls))
    if case is None:
        raise UserError(f"no hub at {', '.join(urls)} knows case {case_id}")
    typer.echo(render(case))


def render(case: dict[str, Any]) -> str:
    """The status report of one case view (``GET /cases/{id}`` of the hub)."""
    loops = {loop["referral_id"]: loop for loop in case["loops"]}
    companion = (case.get("companion") or {}).get("companion_id", "-")
    lines = [
        f"case {case['case_id']} {case.get('case_number') or ''} ({case['district']}): "
        f"{case['phase']}, companion {companion}, open loops {case['open_loops']}",
    ]
    for referral in case["referrals"]:
        loop = loops.get(referral["referral_id"], {})
        state = "closed" if loop.get("closed") else "OPEN"
        waiting = loop.get("unacknowledged", 0)
        mark = f", {waiting} outcome(s) to acknowledge" if waiting else ""
        lines.append(
            f"  {referral['referral_id']}  {referral['stage']:<28} {referral['target_id']:<32} "
            f"{referral['status']:<11} loop {state}{mark}"
        )
        for change in referral["history"]:
            lines.append(f"      {change['at']}  {change['status']}")
    return "\n".join(lines)
