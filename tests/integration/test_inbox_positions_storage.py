"""The inbox's positions (`rujukan/runtime/positions.py`) on SQLite and PostgreSQL: one
statement per batch, compiled once for all batches, writes the next offset of each
partition, and a later batch, or a batch of another broker life, replaces it."""

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.orm import Session

from rujukan.runtime.positions import Position, load_positions, record_positions
from tests.support.databases import migrated_engine

TOPIC = "rujukan.inbox.kh-rsud"


@pytest.fixture
def engine(db_kind: str, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(db_kind, tmp_path) as engine:
        yield engine


def record(engine: Engine, read: list[tuple[str, int, int]], incarnation: str) -> None:
    with Session(engine) as session:
        record_positions(session, read, incarnation)
        session.commit()


def test_a_batch_records_the_next_offset_of_each_of_its_partitions(engine: Engine) -> None:
    record(engine, [(TOPIC, 0, 4), (TOPIC, 0, 5), (TOPIC, 2, 0)], "life-1")

    assert load_positions(engine, TOPIC) == {0: Position("life-1", 6), 2: Position("life-1", 1)}
    assert load_positions(engine, "rujukan.inbox.kh-hub") == {}


def test_a_later_batch_or_another_broker_life_replaces_the_position(engine: Engine) -> None:
    record(engine, [(TOPIC, 0, 5), (TOPIC, 1, 9)], "life-1")
    record(engine, [(TOPIC, 0, 7)], "life-1")
    record(engine, [(TOPIC, 1, 0)], "life-2")

    assert load_positions(engine, TOPIC) == {0: Position("life-1", 8), 1: Position("life-2", 1)}


def test_every_batch_after_the_first_reuses_the_compiled_statement(engine: Engine) -> None:
    # compiling the upsert afresh cost about a millisecond of every batch of every inbox
    found: list[CacheStats] = []

    @event.listens_for(engine, "after_cursor_execute")
    def seen(*args: Any) -> None:
        sql, context = args[2], args[4]
        if sql.lstrip().upper().startswith("INSERT INTO INBOX_POSITIONS"):
            found.append(context.cache_hit)

    batches = [[(TOPIC, 0, 4)], [(TOPIC, 0, 5), (TOPIC, 1, 0)]]  # one partition, or two
    for read in batches:
        record(engine, read, "life-1")
    found.clear()
    for read in batches:
        record(engine, read, "life-1")

    assert found
    assert set(found) == {CacheStats.CACHE_HIT}
