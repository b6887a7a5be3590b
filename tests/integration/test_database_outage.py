"""An agency whose PostgreSQL server becomes unreachable (a loopback proxy in front of
the real server, cut by the test) answers 503 with Retry-After instead of failing or
hanging, turns not-ready, and recovers by itself when the server returns: the pool
reconnects and an event that arrived meanwhile is handled once."""

import asyncio
import time
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ops.broker import LocalBroker
from tests.support.databases import POSTGRES_ADMIN_URL
from tests.support.probe_service import (
    ProbeNetwork,
    hub_and_alpha,
    probe_as,
    publish,
    referral,
    rows,
)
from tests.support.services import eventually
from tests.support.tcp_proxy import TcpProxy

pytestmark = [
    pytest.mark.broker,
    pytest.mark.asyncio(loop_scope="function"),
    pytest.mark.parametrize("db_kind", ["postgres"], indirect=True),
]

FAST_PROBE: dict[str, Any] = {"database_check_interval_s": 0.2}


@pytest.fixture
def proxy() -> Iterator[TcpProxy]:
    upstream = make_url(POSTGRES_ADMIN_URL)
    with TcpProxy((upstream.host or "127.0.0.1", upstream.port or 5432)) as cut_able:
        yield cut_able


async def test_a_request_while_the_database_is_unreachable_gets_503_and_succeeds_after(
    broker: LocalBroker, two_databases: tuple[str, str], proxy: TcpProxy, net: ProbeNetwork
) -> None:
    bootstrap = broker.bootstrap_servers
    database_url = proxy.in_front_of(two_databases[1])
    async with probe_as(net, net.alpha, bootstrap, database_url, **FAST_PROBE) as alpha:
        assert (await alpha.http.get("/probe/received")).status_code == 200
        proxy.cut()

        started = time.monotonic()
        refused = await alpha.http.get("/probe/received")
        assert refused.status_code == 503
        assert int(refused.headers["Retry-After"]) > 0
        assert refused.json()["rule"] == "database_available"
        assert time.monotonic() - started < 10  # an answer, not a hang
        await eventually(lambda: not alpha.runtime.ready, timeout=10)
        assert (await alpha.http.get("/readyz")).status_code == 503

        proxy.restore()
        await eventually(lambda: alpha.runtime.ready, timeout=20)
        assert (await alpha.http.get("/readyz")).status_code == 200
        answered = await alpha.http.get("/probe/received")
        assert answered.status_code == 200
        assert answered.json() == []


async def test_an_event_arriving_while_the_database_is_cut_is_handled_once_after_it_returns(
    broker: LocalBroker, two_databases: tuple[str, str], proxy: TcpProxy, net: ProbeNetwork
) -> None:
    hub_db, alpha_db = two_databases
    dbs = (hub_db, proxy.in_front_of(alpha_db))
    async with hub_and_alpha(broker.bootstrap_servers, net, dbs, **FAST_PROBE) as (hub, alpha):
        proxy.cut()
        await eventually(lambda: not alpha.runtime.state.database_reachable, timeout=10)
        publish(hub, referral(net, "c-db-cut", "r-db-cut"), net.inbox(net.alpha))
        await asyncio.sleep(3.0)  # the inbox fetches it and cannot write: nothing committed
        proxy.restore()

        await eventually(lambda: rows(hub.runtime), timeout=60)
        await asyncio.sleep(2.0)  # room for a second effect, were there one
        assert [r["referral_id"] for r in rows(alpha.runtime)] == ["r-db-cut"]
        assert [r["event_type"] for r in rows(hub.runtime)] == ["id.rujukan.referral.received.v1"]


async def test_an_agency_holds_its_pools_steady_connections_again_after_they_are_cut(
    broker: LocalBroker, two_databases: tuple[str, str], net: ProbeNetwork
) -> None:
    """The connections an agency holds are a constant (the pool's size), not whatever
    peak of concurrent use it last met: a long run's connection count stays flat."""
    database_url = two_databases[1]
    bootstrap = broker.bootstrap_servers
    async with probe_as(net, net.alpha, bootstrap, database_url, **FAST_PROBE) as alpha:
        steady = alpha.runtime.engine.pool.size()  # type: ignore[attr-defined]
        await eventually(lambda: server_connections(database_url) >= steady, timeout=10)

        server_connections(database_url, terminate=True)
        await eventually(lambda: server_connections(database_url) >= steady, timeout=10)
        assert (await alpha.http.get("/probe/received")).status_code == 200


def server_connections(database_url: str, *, terminate: bool = False) -> int:
    """The sessions the server holds for ``database_url``'s database (ended, if asked)."""
    name = make_url(database_url).database
    engine = create_engine(POSTGRES_ADMIN_URL)
    query = "SELECT {} FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"
    what = "count(pg_terminate_backend(pid))" if terminate else "count(*)"
    try:
        with engine.begin() as connection:
            return int(connection.execute(text(query.format(what)), {"name": name}).scalar_one())
    finally:
        engine.dispose()
