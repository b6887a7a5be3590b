"""The local network of ``rujukan up`` for end-to-end tests: agency processes on free
loopback ports, with the demo accounts, started and ready, and stopped afterwards."""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ops.broker import free_port
from ops.cli import account_cmds
from ops.network import Member, Network, load_members


@contextmanager
def local_network(
    data_dir: Path, agency_ids: Iterable[str] | None = None, timeout: float = 120
) -> Iterator[Network]:
    """The network of ``agency_ids`` (every member of ``rujukan up`` by default), with
    the demo accounts `rujukan demo` signs in as, ready within ``timeout`` seconds."""
    ids = [m.agency_id for m in load_members()] if agency_ids is None else list(agency_ids)
    members = [Member(agency_id, free_port()) for agency_id in ids]
    running = Network(data_dir=data_dir, members=members)
    for member in members:
        account_cmds.seed_demo(member.agency_id, running.data_dir)
    try:
        running.start()
        running.wait_ready(timeout=timeout)
        yield running
    finally:
        running.stop()
