"""``rujukan acls``: the broker's ACLs, generated from the directory and the matrices."""

from enum import StrEnum
from typing import Annotated

import typer


class AclFormat(StrEnum):
    """How the ACLs are printed."""

    KAFKA_ACLS = "kafka-acls"
    JSON = "json"


def register(app: typer.Typer) -> None:
    app.command()(acls)


def acls(
    district: Annotated[
        str | None, typer.Option(help="The district whose agencies to grant.")
    ] = None,
    all_districts: Annotated[bool, typer.Option("--all", help="Every district.")] = False,
    output: Annotated[
        AclFormat, typer.Option("--format", help="A kafka-acls.sh script, or JSON.")
    ] = AclFormat.KAFKA_ACLS,
) -> None:
    """Print the Kafka ACLs of every online agency: each reads only its own inbox and
    consumer group and writes only where its role and its district's matrix send it."""
    from rujukan.acls import as_json, as_script, network_acls
    from rujukan.directory import load_directory
    from rujukan.matrix import available_districts, load_matrix
    from rujukan.topology import network_access

    if (district is not None) == all_districts:
        typer.echo("give --district D or --all", err=True)
        raise typer.Exit(2)
    directory = load_directory()
    if district is not None and district not in directory.districts():
        known = ", ".join(directory.districts())
        typer.echo(f"unknown district {district!r}; known: {known}", err=True)
        raise typer.Exit(2)
    matrices = {d: load_matrix(d, directory) for d in available_districts()}
    chosen = [district] if district is not None else None
    entries = network_acls(network_access(directory, matrices, chosen))
    if output is AclFormat.JSON:
        typer.echo(as_json(entries))
        return
    command = f"rujukan acls --district {district}" if district else "rujukan acls --all"
    typer.echo(as_script(entries, command), nl=False)
