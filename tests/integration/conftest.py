"""Fixtures shared by the integration tests that run two probe agencies on the real broker."""

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.databases import database
from tests.support.probe_service import ProbeNetwork, probe_network


@pytest.fixture
def net(tmp_path: Path) -> ProbeNetwork:
    """A directory of probe agencies (a hub and its peers) of this test alone."""
    return probe_network(tmp_path)


@pytest.fixture
def two_databases(db_kind: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The hub's and the first peer's databases, of the test's kind."""
    with database(db_kind, tmp_path) as hub_db, database(db_kind, tmp_path) as alpha_db:
        yield hub_db, alpha_db
