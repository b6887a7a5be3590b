"""Delivering staged notices at least once.

The dispatcher reads the deliveries that are due (not delivered, ``next_attempt_at``
passed: quiet hours and back-off both move it), sends each on its channel, then marks
it delivered. A crash between sending and marking sends it again after the restart,
with the same key, which the receiver drops. A failure keeps the row, counts the
attempt, records the error's kind, and waits 2^attempts seconds (capped) before the
next try; nothing is ever given up, and what keeps failing is visible on ``/status``
and ``/metrics``.

``step`` is called after each step of one delivery (``due``, ``sent``, ``marked``) with
its key: the seam through which a test stops the dispatcher at any point.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.errors import safe_reason
from rujukan.runtime.notify.channels import Channel, ChannelError, Delivery
from rujukan.runtime.notify.tables import deliveries

log = logging.getLogger("rujukan.notify")

Step = Callable[[str, str], None]
_COLUMNS = (
    deliveries.c.key,
    deliveries.c.notice,
    deliveries.c.recipient_id,
    deliveries.c.channel,
    deliveries.c.address,
    deliveries.c.urgent,
    deliveries.c.subject,
    deliveries.c.body,
    deliveries.c.payload,
    deliveries.c.attempts,
)
_DELIVERED = (
    update(deliveries)
    .where(deliveries.c.key == bindparam("k"))
    .values(delivered_at=bindparam("at"), attempts=bindparam("attempts"))
)
"""Marks each notice delivered: built once."""


def _no_step(_step: str, _key: str) -> None:
    """No test is watching."""


class DeliveryDispatcher:
    def __init__(
        self,
        sessions: sessionmaker[Session],
        reads: sessionmaker[Session],
        channels: Mapping[str, Channel],
        clock: Callable[[], datetime],
        *,
        max_backoff_s: float,
        on_result: Callable[[str, bool, str | None], None],
        batch: int = 50,
    ) -> None:
        self._sessions = sessions
        self._reads = reads
        self._channels = channels
        self._clock = clock
        self._max_backoff = timedelta(seconds=max_backoff_s)
        self._on_result = on_result
        self._batch = batch
        self.step: Step = _no_step

    async def deliver_due(self) -> int:
        """Send every delivery due now, one after the other, each channel over one
        connection for the round; how many were tried."""
        due = await asyncio.to_thread(self._due)
        try:
            for delivery in due:
                await self._deliver(delivery)
        finally:
            for channel in self._channels.values():
                await channel.close()
        return len(due)

    async def _deliver(self, delivery: Delivery) -> None:
        self.step("due", delivery.key)
        error = await self._send(delivery)
        if error is not None:
            await asyncio.to_thread(self._failed, delivery, error)
            return
        self.step("sent", delivery.key)
        await asyncio.to_thread(self._delivered, delivery)
        self.step("marked", delivery.key)

    async def _send(self, delivery: Delivery) -> str | None:
        channel = self._channels.get(delivery.channel)
        try:
            if channel is None:
                raise ChannelError(f"no {delivery.channel} channel is configured")
            await channel.send(delivery, self._clock())
        except asyncio.CancelledError:
            raise
        except ChannelError as exc:
            return str(exc)
        except Exception as exc:
            return safe_reason(exc)
        return None

    def _due(self) -> list[Delivery]:
        query = (
            select(*_COLUMNS)
            .where(deliveries.c.delivered_at.is_(None))
            .where(deliveries.c.next_attempt_at <= self._clock())
            .order_by(deliveries.c.urgent.desc(), deliveries.c.next_attempt_at)
            .limit(self._batch)
        )
        with self._reads() as session:
            return [Delivery(**row) for row in session.execute(query).mappings()]

    def _delivered(self, delivery: Delivery) -> None:
        with self._sessions.begin() as session:
            session.execute(
                _DELIVERED,
                {"k": delivery.key, "at": self._clock(), "attempts": delivery.attempts + 1},
            )
        self._on_result(delivery.channel, True, None)

    def _failed(self, delivery: Delivery, error: str) -> None:
        attempts = delivery.attempts + 1
        wait = min(timedelta(seconds=2**attempts), self._max_backoff)
        with self._sessions.begin() as session:
            session.execute(
                update(deliveries)
                .where(deliveries.c.key == delivery.key)
                .values(
                    attempts=attempts, last_error=error[:200], next_attempt_at=self._clock() + wait
                )
            )
        log.warning(
            "%s notice not delivered by %s; retrying",
            delivery.notice,
            delivery.channel,
            extra={"reason": error},
        )
        self._on_result(delivery.channel, False, error)


def backlog(session: Session) -> dict[str, int]:
    """Deliveries waiting, and those of them that failed at least once."""
    waiting = deliveries.c.delivered_at.is_(None)
    counts = session.execute(
        select(func.count(), func.count().filter(deliveries.c.attempts > 0)).where(waiting)
    ).one()
    return {"waiting": int(counts[0]), "failing": int(counts[1])}
