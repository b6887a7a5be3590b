"""``rujukan``: every operator action of the network."""

import typer

from ops.cli import (
    acl_cmds,
    audit_cmds,
    bench_cmds,
    companion_cmds,
    data_cmds,
    demo_cmds,
    dlq_cmds,
    key_cmds,
    network_cmds,
    schema_cmds,
    school_staff_cmds,
    status_cmds,
    topic_cmds,
)

app = typer.Typer(
    help="Rujukan: interagency referral network for child protection.",
    no_args_is_help=True,
    add_completion=False,
)
network_cmds.register(app)
data_cmds.register(app)
status_cmds.register(app)
bench_cmds.register(app)
demo_cmds.register(app)
acl_cmds.register(app)
app.add_typer(schema_cmds.app, name="schemas")
app.add_typer(dlq_cmds.app, name="dlq")
app.add_typer(key_cmds.app, name="keys")
app.add_typer(data_cmds.matrix_app, name="matrix")
app.add_typer(companion_cmds.app, name="companions")
app.add_typer(school_staff_cmds.app, name="school-staff")
app.add_typer(topic_cmds.app, name="topics")
app.add_typer(audit_cmds.app, name="audit")

if __name__ == "__main__":
    app()
