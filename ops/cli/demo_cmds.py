"""``rujukan demo``: two scripted cases through the running local network."""

from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    app.command()(demo)


def demo(
    url: Annotated[
        list[str] | None,
        typer.Option(
            help="AGENCY=URL of an agency whose address differs from the local network's "
            "(ops/data/local_network.csv); repeatable."
        ),
    ] = None,
    timeout: Annotated[
        float, typer.Option(help="Seconds until a loop still open fails the demo.")
    ] = 60.0,
    pace: Annotated[
        float,
        typer.Option(help="Seconds the scripted staff wait between their actions (0: at once)."),
    ] = 0.5,
    via_desk: Annotated[
        bool,
        typer.Option(
            "--via-desk",
            help="The agencies' staff answer through the desk web app's forms (as a "
            "browser: sign-in, cookies, form tokens) instead of the JSON API.",
        ),
    ] = False,
) -> None:
    """Drive a Kapuas Hulu trafficking case and a Luwu Timur child-violence case through
    the network `rujukan up` runs, over its public APIs only: the companion at each hub,
    the staff at each agency's referral desk. Prints each referral's timeline as the hub
    records it; exits non-zero unless every referral's loop is closed (LT Pasal 17(3))."""
    import asyncio

    from ops.demo import timeline
    from ops.demo.runner import DemoError, run
    from ops.network import load_members

    urls = {m.agency_id: m.url for m in load_members()}
    for item in url or []:
        agency_id, sep, address = item.partition("=")
        if not sep or not address:
            raise typer.BadParameter(f"{item!r}: expected AGENCY=URL", param_hint="--url")
        urls[agency_id] = address.rstrip("/")
    try:
        result = asyncio.run(
            run(urls, timeout=timeout, pace=pace, echo=typer.echo, via_desk=via_desk)
        )
    except DemoError as exc:
        typer.echo(f"demo: {exc}", err=True)
        raise typer.Exit(2) from exc
    typer.echo(
        timeline.closing_line(
            len(result.case_ids), result.referrals, result.still_open, result.elapsed_s
        )
    )
    if result.still_open:
        raise typer.Exit(1)
