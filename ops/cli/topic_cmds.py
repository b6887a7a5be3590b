"""``rujukan topics create``: the operator creates the network's topics, so agencies
need no Create right on the broker (see ``rujukan acls``)."""

from typing import Annotated

import typer

from ops.cli.errors import against_broker

app = typer.Typer(help="The network's Kafka topics.", no_args_is_help=True)

Kafka = Annotated[
    str,
    typer.Option(envvar="KAFKA_BOOTSTRAP_SERVERS", help="Kafka bootstrap servers."),
]


@app.command("create")
def create(
    kafka: Kafka = "127.0.0.1:9092",
    partitions: Annotated[
        int, typer.Option(envvar="RUJUKAN_TOPIC_PARTITIONS", min=1, help="Per topic.")
    ] = 3,
) -> None:
    """Create every inbox, dead-letter and journal topic of the directory and the
    broker-incarnation record (run it with a super user's credentials, in the
    RUJUKAN_KAFKA_* settings, before the agencies start and after the directory
    changes). Topics that exist are left as they are."""
    from rujukan.directory import load_directory
    from rujukan.topology import network_topics

    topics = network_topics(load_directory(), partitions)
    incarnation = against_broker(_create(kafka, topics), kafka)
    typer.echo(f"{len(topics)} topics present; broker incarnation {incarnation}")


async def _create(bootstrap: str, topics: dict[str, int]) -> str:
    from rujukan.runtime.kafka import BrokerAdmin
    from rujukan.runtime.kafka_clients import operator_kafka
    from rujukan.topology import INCARNATION_TOPIC

    admin = BrokerAdmin(operator_kafka(bootstrap), "rujukan-topics")
    try:
        incarnation = await admin.incarnation()
        await admin.ensure_topics(topics, compacted=[INCARNATION_TOPIC])
        return incarnation
    finally:
        await admin.close()
