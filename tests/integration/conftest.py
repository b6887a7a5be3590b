"""Fixtures shared by the integration tests: two probe agencies on the real broker, or the
Kapuas Hulu hub on it."""

from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from ops.broker import LocalBroker
from services.intake import SERVICE as HUB
from tests.support.databases import database
from tests.support.probe_service import ProbeNetwork, probe_network
from tests.support.services import RunningService, running


@pytest.fixture
def net(tmp_path: Path) -> ProbeNetwork:
    """A directory of probe agencies (a hub and its peers) of this test alone."""
    return probe_network(tmp_path)


@pytest.fixture
def two_databases(db_kind: str, tmp_path: Path) -> Iterator[tuple[str, str]]:
    """The hub's and the first peer's databases, of the test's kind."""
    with database(db_kind, tmp_path) as hub_db, database(db_kind, tmp_path) as alpha_db:
        yield hub_db, alpha_db


@pytest.fixture
async def kh_hub(broker: LocalBroker, tmp_path: Path) -> AsyncIterator[RunningService]:
    """The Kapuas Hulu hub running on the session's broker and a SQLite file of its own."""
    async with running(
        HUB,
        agency_id="kh-hub",
        bootstrap=broker.bootstrap_servers,
        database_url=f"sqlite:///{tmp_path / 'kh-hub.db'}",
    ) as service:
        yield service
