"""``rujukan topics create``: the operator creates the network's topics, so agencies
need no Create right on the broker (see ``rujukan acls``)."""

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from ops.cli.errors import Kafka, UserError, against_broker
from ops.cli.key_cmds import KeyFile, PublicKeys, StateDir

if TYPE_CHECKING:
    from rujukan.runtime.marker import MarkerSeal

app = typer.Typer(help="The network's Kafka topics.", no_args_is_help=True)


@app.command("create")
def create(
    agency: Annotated[
        str,
        typer.Option(
            "--agency",
            envvar="RUJUKAN_AGENCY_ID",
            help="The agency whose key signs the incarnation record (the operator's host).",
        ),
    ],
    kafka: Kafka = "127.0.0.1:9092",
    partitions: Annotated[
        int, typer.Option(envvar="RUJUKAN_TOPIC_PARTITIONS", min=1, help="Per topic.")
    ] = 3,
    key_file: KeyFile = None,
    public_keys: PublicKeys = None,
    state_dir: StateDir = Path(".rujukan"),
) -> None:
    """Create every inbox, dead-letter and journal topic of the directory and the
    broker-incarnation record, signed with an agency's key (agencies only count a signed
    one). Run it with a super user's credentials, in the RUJUKAN_KAFKA_* settings, before
    the agencies start and after the directory changes. Topics that exist are left as
    they are."""
    from rujukan.directory import load_directory
    from rujukan.topology import network_topics

    seal = _seal(agency, key_file, public_keys, state_dir)
    topics = network_topics(load_directory(), partitions)
    incarnation = against_broker(_create(kafka, topics, seal), kafka)
    typer.echo(f"{len(topics)} topics present; broker incarnation {incarnation}")


def _seal(
    agency: str, key_file: Path | None, public_keys: Path | None, state_dir: Path
) -> "MarkerSeal":
    from rujukan.directory import load_directory
    from rujukan.runtime.keys import KeyRing, KeyRingError
    from rujukan.runtime.marker import MarkerSeal
    from rujukan.runtime.settings import default_key_file, default_public_keys_file

    try:
        keys = KeyRing(
            agency,
            key_file or default_key_file(state_dir, agency),
            public_keys or default_public_keys_file(state_dir),
        )
    except KeyRingError as exc:
        raise UserError(str(exc)) from None
    return MarkerSeal(agency, keys, load_directory())


async def _create(bootstrap: str, topics: dict[str, int], seal: "MarkerSeal") -> str:
    from rujukan.runtime.kafka import BrokerAdmin
    from rujukan.runtime.kafka_clients import operator_kafka
    from rujukan.topology import INCARNATION_TOPIC

    admin = BrokerAdmin(operator_kafka(bootstrap), "rujukan-topics", seal)
    try:
        incarnation = await admin.incarnation()
        await admin.ensure_topics(topics, compacted=[INCARNATION_TOPIC])
        return incarnation
    finally:
        await admin.close()
