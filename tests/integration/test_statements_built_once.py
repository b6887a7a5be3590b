"""Statements of the per-event and per-request paths are built once and take their
values at execution (`rujukan/runtime/db.py` `keyed`, `per_dialect`), on SQLite and
PostgreSQL: building one cost several times what executing it did."""

from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, Select, event, insert, select
from sqlalchemy.engine.interfaces import CacheStats
from sqlalchemy.orm import Session

from rujukan.runtime import tables
from rujukan.runtime.db import keyed, per_dialect
from tests.support.databases import migrated_engine


@pytest.fixture
def engine(db_kind: str, tmp_path: Path) -> Iterator[Engine]:
    with migrated_engine(db_kind, tmp_path) as engine:
        yield engine


@per_dialect
def _statuses(dialect: str) -> Select[Any]:
    inbox = tables.inbox
    return select(inbox.c.dedup_key).where(
        keyed(inbox.c.source, dialect, "sources"), keyed(inbox.c.dedup_key, dialect)
    )


def _received(engine: Engine, *keys: tuple[str, str]) -> None:
    rows = [
        {
            "dedup_key": key,
            "source": source,
            "status": tables.INBOX_HANDLED,
            "topic": "rujukan.inbox.kh-rsud",
            "partition": 0,
            "offset": n,
            "received_at": datetime.now(UTC),
        }
        for n, (source, key) in enumerate(keys)
    ]
    with Session(engine) as session:
        session.execute(insert(tables.inbox), rows)
        session.commit()


def test_one_statement_answers_for_any_keys_bound_at_execution(engine: Engine) -> None:
    _received(engine, ("kh-hub", "e-1"), ("kh-hub", "e-2"), ("kh-rsud", "e-3"))
    dialect = engine.dialect.name
    statement = _statuses(dialect)

    def found(sources: list[str], keys: list[str]) -> set[str]:
        with Session(engine) as session:
            rows = session.execute(_statuses(dialect), {"sources": sources, "keys": keys})
            return set(rows.scalars())

    assert found(["kh-hub"], ["e-1"]) == {"e-1"}
    assert found(["kh-hub", "kh-rsud"], ["e-1", "e-2", "e-3", "e-4"]) == {"e-1", "e-2", "e-3"}
    assert found(["kh-rsud"], ["e-1", "e-2"]) == set()
    assert found([], []) == set()
    assert _statuses(dialect) is statement  # built once, for every call after


def test_the_statement_is_compiled_once_for_any_number_of_keys(engine: Engine) -> None:
    # an IN list of the values themselves is another statement for each count of keys
    hits: list[object] = []

    @event.listens_for(engine, "after_cursor_execute")
    def seen(*args: Any) -> None:
        if args[2].lstrip().upper().startswith("SELECT"):
            hits.append(args[4].cache_hit)

    dialect = engine.dialect.name
    with Session(engine) as session:
        for count in (1, 3, 7):
            keys = [f"e-{n}" for n in range(count)]
            session.execute(_statuses(dialect), {"sources": ["kh-hub"], "keys": keys})

    assert hits == [CacheStats.CACHE_MISS, CacheStats.CACHE_HIT, CacheStats.CACHE_HIT]
