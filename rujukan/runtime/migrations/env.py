"""Alembic environment shared by every component (runtime, agency desk, services).

Run through :func:`rujukan.runtime.migrate.upgrade`, which passes the connection
and the target metadata in ``config.attributes``; there is no alembic.ini.
"""

from alembic import context

config = context.config
connection = config.attributes["connection"]
target_metadata = config.attributes.get("target_metadata")
include_tables = config.attributes.get("include_tables")


def include_object(obj, name, type_, reflected, compare_to):  # type: ignore[no-untyped-def]
    if include_tables is not None and type_ == "table":
        return name in include_tables
    return True


context.configure(
    connection=connection,
    target_metadata=target_metadata,
    include_object=include_object,
    render_as_batch=True,
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
