"""Retention on SQLite and PostgreSQL: published outbox rows and inbox rows past their
retention are deleted in small batches, rows never published are kept, and the
re-publish after a broker loss sends only what is still retained."""

import asyncio
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, func, insert, select, update

from ops.broker import LocalBroker
from rujukan.runtime import tables
from rujukan.runtime.inbox import DEAD_LETTER_TYPE
from rujukan.runtime.relay import OutboxRelay
from rujukan.runtime.retention import Retention, prune
from tests.support.databases import database, migrated_engine
from tests.support.probe_service import (
    ProbeNetwork,
    hub_and_alpha,
    probe_network,
    publish,
    referral,
    rows,
)
from tests.support.services import eventually

NOW = datetime(2026, 12, 6, 12, 0, tzinfo=UTC)
WEEK = Retention(outbox=timedelta(days=7), inbox=timedelta(days=30), batch=2)


@pytest.fixture
def engine(db_kind: str, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(db_kind, tmp_path) as engine:
        yield engine


def outbox_row(
    engine: Engine,
    created_days_ago: float,
    *,
    published: bool,
    event_type: str = "id.rujukan.referral.issued.v1",
    now: datetime = NOW,
) -> str:
    event_id = str(uuid.uuid4())
    created = now - timedelta(days=created_days_ago)
    with engine.begin() as connection:
        connection.execute(
            insert(tables.outbox).values(
                event_id=event_id,
                topic="rujukan.inbox.kh-rsud",
                key="c-1",
                event_type=event_type,
                headers=[],
                value=b"{}",
                created_at=created,
                published_at=created if published else None,
            )
        )
    return event_id


def outbox_ids(engine: Engine) -> set[str]:
    with engine.connect() as connection:
        return set(connection.scalars(select(tables.outbox.c.event_id)))


def test_published_outbox_rows_past_retention_are_pruned_in_batches_and_unpublished_kept(
    engine: Engine,
) -> None:
    old = {outbox_row(engine, 8 + n / 10, published=True) for n in range(5)}
    never_sent = outbox_row(engine, 9, published=False)
    recent = outbox_row(engine, 6, published=True)

    pruned = prune(engine, WEEK, now=NOW)

    assert pruned.outbox == len(old)  # five rows, in batches of two
    assert outbox_ids(engine) == {never_sent, recent}
    assert prune(engine, WEEK, now=NOW).outbox == 0


def test_dead_letters_are_kept_for_the_inbox_retention_past_the_outbox_retention(
    engine: Engine,
) -> None:
    kept = outbox_row(engine, 20, published=True, event_type=DEAD_LETTER_TYPE)
    outbox_row(engine, 31, published=True, event_type=DEAD_LETTER_TYPE)
    outbox_row(engine, 20, published=True)

    assert prune(engine, WEEK, now=NOW).outbox == 2
    assert outbox_ids(engine) == {kept}


@pytest.mark.asyncio(loop_scope="function")
async def test_a_broker_loss_re_sends_the_dead_letters_the_inbox_still_remembers(
    engine: Engine,
) -> None:
    """The inbox drops redeliveries of a dead-lettered event for the inbox retention: its
    dead letter must survive a broker loss that long (the relay is not started here, so
    nothing is sent: what counts is which rows are unpublished again)."""
    day, now = timedelta(days=1), datetime.now(UTC)
    dead_letter = outbox_row(engine, 20, published=True, event_type=DEAD_LETTER_TYPE, now=now)
    event = outbox_row(engine, 20, published=True, now=now)
    outbox_row(engine, 31, published=True, event_type=DEAD_LETTER_TYPE, now=now)
    relay = OutboxRelay(engine, _NeverSends(), retention=7 * day, dead_letter_retention=30 * day)

    assert await relay.republish_retained() == 1
    assert unpublished(engine) == {dead_letter}  # not the event, nor the older letter
    assert event in outbox_ids(engine)


class _NeverSends:
    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Any:
        raise AssertionError("the relay was not started: it sends nothing")


def unpublished(engine: Engine) -> set[str]:
    """The event ids of the outbox rows the relay has not marked published yet."""
    outbox = tables.outbox
    with engine.connect() as connection:
        return set(
            connection.scalars(select(outbox.c.event_id).where(outbox.c.published_at.is_(None)))
        )


def count(engine: Engine, table: Any) -> int:
    with engine.connect() as connection:
        return int(connection.execute(select(func.count()).select_from(table)).scalar_one())


def age(engine: Engine, table: Any, column: Any, by: timedelta) -> None:
    """Move every row of ``table`` back in time, as if it were ``by`` older."""
    with engine.begin() as connection:
        connection.execute(update(table).values({column: column - by}))


@pytest.mark.broker
@pytest.mark.asyncio(loop_scope="function")
async def test_the_runtime_prunes_past_retention_and_republishes_only_what_is_retained(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    net: ProbeNetwork = probe_network(tmp_path)
    retention: dict[str, Any] = {
        "outbox_retention_minutes": 60,
        "inbox_retention_minutes": 120,  # the inbox outlives the outbox
        "retention_interval_s": 0.2,
    }
    with database(db_kind, tmp_path) as hub_db, database(db_kind, tmp_path) as alpha_db:
        dbs = (hub_db, alpha_db)
        async with hub_and_alpha(broker.bootstrap_servers, net, dbs, **retention) as (hub, alpha):
            for n in range(2):
                publish(hub, referral(net, f"c-old-{n}", f"r-old-{n}"), net.inbox(net.alpha))
            await eventually(lambda: len(rows(hub.runtime)) == 2)
            await eventually(lambda: not unpublished(hub.runtime.engine))
            hub_engine, alpha_engine = hub.runtime.engine, alpha.runtime.engine
            age(hub_engine, tables.outbox, tables.outbox.c.created_at, timedelta(hours=2))
            age(alpha_engine, tables.inbox, tables.inbox.c.received_at, timedelta(hours=2))
            publish(hub, referral(net, "c-new", "r-new"), net.inbox(net.alpha))
            await eventually(lambda: len(rows(hub.runtime)) == 3)
            await eventually(lambda: not unpublished(hub.runtime.engine))

            await eventually(lambda: count(hub_engine, tables.outbox) == 1, timeout=10)
            await eventually(lambda: count(alpha_engine, tables.inbox) == 1, timeout=10)
            assert await hub.runtime.relay.republish_retained() == 1
            await asyncio.sleep(1.0)
            handled = sorted(str(r["referral_id"]) for r in rows(alpha.runtime))
            assert handled == ["r-new", "r-old-0", "r-old-1"]  # the re-sent one dropped
