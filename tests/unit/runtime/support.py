"""The relay on the runtime's tables in a SQLite file, for the relay's unit tests."""

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path

from rujukan.runtime import tables
from rujukan.runtime.db import create_db_engine
from rujukan.runtime.relay import OutboxRelay, Transport


@asynccontextmanager
async def started_relay(
    tmp_path: Path, transport: Transport, on_send_failure: Callable[[], None] | None = None
) -> AsyncIterator[OutboxRelay]:
    """A started relay sending to ``transport``, its sweep too slow to matter; stopped
    and its database closed afterwards."""
    engine = create_db_engine(f"sqlite:///{tmp_path}/r.db")
    tables.metadata.create_all(engine)
    relay = OutboxRelay(engine, transport, sweep_interval_s=60, on_send_failure=on_send_failure)
    await relay.start()
    try:
        yield relay
    finally:
        await relay.stop()
        engine.dispose()
