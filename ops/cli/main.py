"""``rujukan``: every operator action of the network."""

from importlib.metadata import version as installed_version
from typing import Annotated

import typer

from ops.cli import (
    account_cmds,
    acl_cmds,
    audit_cmds,
    bench_cmds,
    compose_cmds,
    data_cmds,
    db_cmds,
    demo_cmds,
    dlq_cmds,
    key_cmds,
    network_cmds,
    notify_cmds,
    report_cmds,
    schema_cmds,
    status_cmds,
    topic_cmds,
    trace_cmds,
)
from ops.cli.errors import OneLineErrors

app = typer.Typer(
    help="Rujukan: interagency referral network for child protection.",
    no_args_is_help=True,
    add_completion=False,
    cls=OneLineErrors,
)


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"rujukan {installed_version('rujukan')}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_print_version, is_eager=True, help="Print the version."
        ),
    ] = False,
) -> None:
    """Rujukan: interagency referral network for child protection."""


network_cmds.register(app)
data_cmds.register(app)
status_cmds.register(app)
report_cmds.register(app)
bench_cmds.register(app)
demo_cmds.register(app)
trace_cmds.register(app)
acl_cmds.register(app)
app.add_typer(schema_cmds.app, name="schemas")
app.add_typer(dlq_cmds.app, name="dlq")
app.add_typer(key_cmds.app, name="keys")
app.add_typer(data_cmds.matrix_app, name="matrix")
account_cmds.app.command("notify")(notify_cmds.notify)
app.add_typer(account_cmds.app, name="accounts")
app.add_typer(topic_cmds.app, name="topics")
app.add_typer(audit_cmds.app, name="audit")
app.add_typer(db_cmds.app, name="db")
compose_cmds.register(app)

if __name__ == "__main__":
    app()
