"""The inbox's key becomes (source, ce_id) without losing a row: an event handled
before the migration is still a duplicate after it, from its source only."""

from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from rujukan.runtime import db, migrate, tables
from tests.support.databases import database

BEFORE = "dd8716593026"


def _row(key: str, source: str | None) -> dict[str, object]:
    return {
        "dedup_key": key,
        "event_type": None if source is None else "id.rujukan.referral.issued.v1",
        "source": source,
        "status": tables.INBOX_HANDLED,
        "topic": "rujukan.inbox.kh-rsud",
        "partition": 0,
        "offset": 1,
        "received_at": datetime.now(UTC),
    }


def test_existing_inbox_rows_survive_and_the_key_becomes_source_and_id(
    db_kind: str, tmp_path: Path
) -> None:
    with database(db_kind, tmp_path) as url:
        engine = db.create_db_engine(url)
        try:
            migrate.upgrade(engine, [migrate.RUNTIME], [BEFORE])
            old = sa.table("inbox", *(sa.column(c.name) for c in tables.inbox.columns))
            with engine.begin() as connection:
                connection.execute(
                    sa.insert(old),
                    [
                        _row("11111111-1111-4111-8111-111111111111", "kh-hub"),
                        _row("sha256:abc", None),
                    ],
                )

            migrate.upgrade(engine, [migrate.RUNTIME])

            with engine.begin() as connection:
                found = connection.execute(
                    sa.select(tables.inbox.c.source, tables.inbox.c.dedup_key)
                ).all()
                assert sorted(found) == [
                    ("", "sha256:abc"),
                    ("kh-hub", "11111111-1111-4111-8111-111111111111"),
                ]
                same_id_other_source = _row("11111111-1111-4111-8111-111111111111", "kh-polres")
                connection.execute(sa.insert(tables.inbox), [same_id_other_source])
            again = _row("11111111-1111-4111-8111-111111111111", "kh-hub")
            with engine.begin() as connection, pytest.raises(sa.exc.IntegrityError):
                connection.execute(sa.insert(tables.inbox), [again])
        finally:
            engine.dispose()
