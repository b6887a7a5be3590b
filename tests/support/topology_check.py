"""The cross-check of the broker's ACLs against what the code really publishes: every
topic in an agency's outbox after a test's flow must be one that
``rujukan.topology.writes_of`` grants it (and so one ``rujukan acls`` allows)."""

from collections.abc import Iterable

import sqlalchemy as sa

from rujukan.matrix import available_districts, load_matrix
from rujukan.runtime import tables
from rujukan.runtime.service import AgencyRuntime
from rujukan.topology import writes_of


def published_topics(runtime: AgencyRuntime) -> set[str]:
    """Every topic the agency's outbox holds a row for."""
    with runtime.engine.connect() as connection:
        return set(connection.execute(sa.select(tables.outbox.c.topic).distinct()).scalars())


def assert_published_within_topology(runtimes: Iterable[AgencyRuntime]) -> None:
    """Fail naming the agency and the topics it wrote without a grant."""
    for runtime in runtimes:
        directory = runtime.directory
        matrices = {d: load_matrix(d, directory) for d in available_districts()}
        beyond = published_topics(runtime) - writes_of(runtime.agency, directory, matrices)
        assert not beyond, f"{runtime.agency.id} published beyond its ACLs: {sorted(beyond)}"
