"""The relay holds its sends while the broker may have changed: nothing is written to a
new broker before the process has created its topics there."""

import asyncio
from collections.abc import Awaitable
from pathlib import Path

from rujukan.runtime.relay import OutboxRelay
from rujukan.runtime.uow import OutboxMessage
from tests.unit.runtime.support import started_relay


class Transport:
    def __init__(self) -> None:
        self.sent: list[str] = []
        self.failing = False

    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[object]:
        if self.failing:
            raise ConnectionError("the broker is gone")
        self.sent.append(key.decode())
        done: asyncio.Future[object] = asyncio.get_running_loop().create_future()
        done.set_result(None)
        return done


def message(n: int) -> OutboxMessage:
    return OutboxMessage(f"e-{n}", "rujukan.inbox.kh-rsud", f"c-{n}", "t", (), b"{}")


async def test_a_held_relay_sends_nothing_until_it_is_released(tmp_path: Path) -> None:
    transport = Transport()
    async with started_relay(tmp_path, transport) as relay:
        relay.hold()
        relay.notify([message(1), message(2)])
        await asyncio.sleep(0.2)
        assert transport.sent == []

        relay.release()
        await asyncio.sleep(0.2)
        assert sorted(transport.sent) == ["c-1", "c-2"]


async def test_a_failed_send_is_held_by_whoever_asked_to_be_told(tmp_path: Path) -> None:
    transport = Transport()
    relay: OutboxRelay
    async with started_relay(tmp_path, transport, lambda: relay.hold()) as relay:
        transport.failing = True
        relay.notify([message(1)])
        await asyncio.sleep(0.2)
        transport.failing = False
        await asyncio.sleep(0.5)  # past any backoff: still held
        assert transport.sent == []
        assert relay.held

        relay.resume()
        await asyncio.sleep(0.2)
        assert transport.sent == ["c-1"]
