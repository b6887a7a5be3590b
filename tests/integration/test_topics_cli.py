"""``rujukan topics create``: the operator creates every topic of the network and the
broker-incarnation record, so agencies start without any Create right (the ACLs of
``rujukan acls`` grant none), through the real broker."""

import asyncio

import pytest
from typer.testing import CliRunner

from ops.broker import LocalBroker
from ops.cli.main import app
from rujukan.directory import load_directory
from rujukan.runtime.kafka import BrokerAdmin
from rujukan.runtime.kafka_clients import new_admin, operator_kafka
from rujukan.topology import network_topics

pytestmark = pytest.mark.broker


async def _topics(bootstrap: str) -> set[str]:
    admin = new_admin(operator_kafka(bootstrap))
    await admin.start()
    try:
        return set(await admin.list_topics())
    finally:
        await admin.close()


async def _incarnation(bootstrap: str) -> str:
    admin = BrokerAdmin(operator_kafka(bootstrap), "test")
    try:
        return await admin.incarnation()
    finally:
        await admin.close()


def test_the_operator_creates_every_topic_and_the_incarnation_once(own_broker: LocalBroker) -> None:
    bootstrap = own_broker.bootstrap_servers
    args = ["topics", "create", "--kafka", bootstrap, "--partitions", "1"]

    first = CliRunner().invoke(app, args)
    incarnation = asyncio.run(_incarnation(bootstrap))
    again = CliRunner().invoke(app, args)

    assert first.exit_code == 0, first.output
    assert again.exit_code == 0, again.output
    assert set(network_topics(load_directory(), 1)) <= asyncio.run(_topics(bootstrap))
    assert incarnation in first.output
    assert incarnation in again.output
