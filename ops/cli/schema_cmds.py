"""The public contract: ``schemas export`` and ``schemas snapshot``."""

import json
from pathlib import Path
from typing import Annotated

import typer

app = typer.Typer(help="Event schemas and the AsyncAPI document.", no_args_is_help=True)


@app.command("export")
def export(
    directory: Annotated[Path, typer.Argument(help="Where to write the documents.")],
) -> None:
    """Write the JSON Schema of every event type and the network's AsyncAPI document."""
    from ops.asyncapi import network_asyncapi
    from rujukan.directory import load_directory
    from schemas.snapshot import write_json_schemas

    written = write_json_schemas(directory / "events")
    asyncapi = directory / "asyncapi.json"
    asyncapi.write_text(json.dumps(network_asyncapi(load_directory()), indent=2) + "\n")
    typer.echo(f"wrote {len(written)} event schemas to {directory / 'events'} and {asyncapi}")


@app.command("snapshot")
def snapshot() -> None:
    """Update the checked-in schema snapshots (review the diff: it is the contract)."""
    from schemas.snapshot import SNAPSHOT_DIR, write_json_schemas

    written = write_json_schemas(SNAPSHOT_DIR)
    typer.echo(f"wrote {len(written)} snapshots to {SNAPSHOT_DIR}")
