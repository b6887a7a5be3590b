"""The relay keeps a case's order on each topic, and only there: Kafka orders records
within a partition, so a case's record to one topic does not wait for the broker's
acknowledgement of its record to another."""

import asyncio
from collections.abc import Awaitable
from pathlib import Path

from rujukan.runtime.uow import OutboxMessage
from tests.unit.runtime.support import started_relay

INBOX, JOURNAL = "rujukan.inbox.kh-rsud", "rujukan.journal.kh-hub"


class Unacknowledged:
    """A broker that acknowledges nothing until told to."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self.acks: dict[str, asyncio.Future[object]] = {}

    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[object]:
        event_id = dict(headers)["ce_id"].decode()
        self.sent.append(event_id)
        self.acks[event_id] = asyncio.get_running_loop().create_future()
        return self.acks[event_id]

    def acknowledge(self, event_id: str) -> None:
        self.acks[event_id].set_result(None)


def message(event_id: str, topic: str, case_id: str) -> OutboxMessage:
    return OutboxMessage(event_id, topic, case_id, "t", (("ce_id", event_id),), b"{}")


async def test_a_cases_records_to_one_topic_wait_for_each_other_and_to_two_topics_do_not(
    tmp_path: Path,
) -> None:
    broker = Unacknowledged()
    async with started_relay(tmp_path, broker) as relay:
        try:
            relay.notify(
                [
                    message("inbox-1", INBOX, "c-1"),
                    message("inbox-2", INBOX, "c-1"),
                    message("journal-1", JOURNAL, "c-1"),
                ]
            )
            await asyncio.sleep(0.1)
            assert broker.sent == ["inbox-1", "journal-1"]  # inbox-2 waits for inbox-1's ack

            broker.acknowledge("journal-1")
            await asyncio.sleep(0.1)
            assert broker.sent == ["inbox-1", "journal-1"]

            broker.acknowledge("inbox-1")
            await asyncio.sleep(0.1)
            assert broker.sent == ["inbox-1", "journal-1", "inbox-2"]
        finally:
            for ack in broker.acks.values():
                if not ack.done():
                    ack.set_result(None)
