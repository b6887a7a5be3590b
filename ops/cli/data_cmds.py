"""The network's data: ``agencies``, ``matrix show|check``, ``deadline``."""

from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from ops.cli.errors import UserError
from rujukan.datafiles import DataFileError
from rujukan.directory import load_directory
from rujukan.matrix import (
    UnknownDistrict,
    available_districts,
    check_matrix,
    load_matrix,
    matrix_path,
)
from rujukan.rule_sets import check_rule_sets

matrix_app = typer.Typer(help="The district referral matrices.", no_args_is_help=True)


def register(app: typer.Typer) -> None:
    app.command()(agencies)
    app.command()(deadline)


def agencies(
    district: Annotated[str | None, typer.Option(help="Only this district.")] = None,
) -> None:
    """Print the agency directory: id, name, kind, district, online or offline."""
    directory = load_directory()
    rows = directory.in_district(district) if district else tuple(directory)
    typer.echo(f"{'id':<34} {'kind':<10} {'district':<12} {'status':<8} name")
    for agency in rows:
        status = "online" if agency.runs_software else "offline"
        typer.echo(
            f"{agency.id:<34} {agency.kind:<10} {agency.district:<12} {status:<8} {agency.name}"
        )


def deadline(
    start: Annotated[str, typer.Argument(help="Start date, YYYY-MM-DD (not counted).")],
    days: Annotated[int, typer.Argument(help="Number of working days.")],
    district: Annotated[str | None, typer.Option(help="Add this district's holidays.")] = None,
) -> None:
    """Print the N-th working day after START (Mon–Fri without national holidays and
    cuti bersama) in ISO form."""
    from rujukan.calendar import WorkingDayCalendar

    try:
        first = date.fromisoformat(start)
    except ValueError as exc:
        raise UserError(f"start date {start!r} is not a date in YYYY-MM-DD form") from exc
    try:
        calendar = WorkingDayCalendar.for_district(district)
        typer.echo(calendar.add_working_days(first, days).isoformat())
    except ValueError as exc:  # a district that is no slug, a malformed holidays file
        raise UserError(str(exc)) from exc


@matrix_app.command("show")
def matrix_show(
    district: Annotated[str, typer.Option(help="District id, e.g. kapuas-hulu.")],
) -> None:
    """Print a district's referral matrix: stage, institution, service, duty."""
    directory = load_directory()
    try:
        matrix = load_matrix(district, directory)
    except UnknownDistrict as exc:
        raise UserError(str(exc)) from exc
    for stage in matrix.stages():
        typer.echo(stage)
        for row in matrix.rows_for(stage):
            targets = ", ".join(a.id for a in matrix.targets_for(stage, directory)[:4])
            more = len(matrix.targets_for(stage, directory)) - 4
            suffix = f" (+{more} more)" if more > 0 else ""
            label = row.institution if row.institution.startswith("category:") else ""
            typer.echo(
                f"  {row.institution:<28} {row.service:<22} {row.duty}"
                + (f"  [{label} → {targets}{suffix}]" if label else "")
            )
        typer.echo("")
    typer.echo(f"source: {matrix.rows[0].source if matrix.rows else '-'}")


@matrix_app.command("check")
def matrix_check(
    path: Annotated[Path | None, typer.Argument(help="A matrix CSV; default: all.")] = None,
    directory_file: Annotated[
        Path | None, typer.Option("--directory", help="An agency directory CSV.")
    ] = None,
) -> None:
    """Validate matrix files against the agency directory, with line-precise errors, and
    (without a file named) every district's rule sets (``rule_sets.csv``)."""
    try:
        directory = load_directory(directory_file)
    except DataFileError as exc:
        for error in exc.errors:
            typer.echo(error, err=True)
        raise typer.Exit(1) from exc
    if path is not None and not path.is_file():
        raise UserError(f"{path}: no such matrix file")
    paths = [path] if path else [matrix_path(d) for d in available_districts()]
    errors = [e for p in paths for e in check_matrix(p, directory)]
    if path is None:
        errors += [e for d in available_districts() for e in check_rule_sets(d)]
    for error in errors:
        typer.echo(error, err=True)
    if errors:
        raise typer.Exit(1)
    typer.echo(
        f"ok: {len(paths)} matrix file(s) match the directory ({len(directory)} agencies)"
        + ("" if path else "; every district says which rule sets it applies")
    )
