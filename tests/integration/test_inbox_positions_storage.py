"""The inbox's positions (`rujukan/runtime/positions.py`) on SQLite and PostgreSQL: one
statement per batch writes the next offset of each partition, and a later batch, or a
batch of another broker life, replaces it."""

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine
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
