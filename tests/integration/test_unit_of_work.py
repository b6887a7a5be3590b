"""A step of a unit of work that fails alone (one inbound event of a batch, in the
inbox's slow path) leaves nothing behind: not its database writes, not the rows it
staged, not the events it put in the outbox."""

from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from rujukan.runtime import db, tables
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.uow import OutboxMessage, UnitOfWork
from schemas.events import ReferralCancelled
from tests.support.databases import migrated_engine
from tests.support.keys import shared_keys

marks = sa.Table("uow_marks", db.new_metadata(), sa.Column("mark", sa.String(16), primary_key=True))


@pytest.fixture
def units(db_kind: str, tmp_path: Path) -> Iterator[tuple[sa.Engine, list[OutboxMessage]]]:
    with migrated_engine(db_kind, tmp_path) as engine:
        marks.metadata.create_all(engine)
        yield engine, []


def cancellation(referral_id: str) -> ReferralCancelled:
    return ReferralCancelled(
        case_id="c-uow", referral_id=referral_id, referrer_id="kh-hub", reason="test"
    )


def failing_step(uow: UnitOfWork) -> None:
    with uow.savepoint():
        uow.insert(marks, {"mark": "failed"})
        uow.session.execute(marks.insert().values(mark="failed-now"))
        uow.publish(cancellation("r-failed"), topic="rujukan.inbox.kh-rsud")
        raise RuntimeError("the handler failed")


def test_a_failed_step_leaves_no_rows_and_no_outbox_messages(
    units: tuple[sa.Engine, list[OutboxMessage]],
) -> None:
    engine, handed_over = units
    with hub_unit(units) as uow:
        uow.insert(marks, {"mark": "before"})
        uow.publish(cancellation("r-before"), topic="rujukan.inbox.kh-rsud")
        uow.memo["batch"] = {"looked up": True}
        with pytest.raises(RuntimeError):
            failing_step(uow)
        with uow.savepoint():
            uow.insert(marks, {"mark": "after"})
            uow.publish(cancellation("r-after"), topic="rujukan.inbox.kh-rsud")
        uow.commit()

    assert uow.memo == {}  # what the failed step may have added to it is gone
    with engine.connect() as connection:
        written = set(connection.execute(sa.select(marks.c.mark)).scalars())
        outbox = connection.execute(sa.select(sa.func.count()).select_from(tables.outbox))
        assert outbox.scalar_one() == 2
    assert written == {"before", "after"}
    assert [m.key for m in handed_over] == ["c-uow", "c-uow"]
    assert len({m.event_id for m in handed_over}) == 2


class Marks:
    """Marks a handler puts off to the end of its batch (a deferred write)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.marks: list[str] = []

    @classmethod
    def of(cls, uow: UnitOfWork) -> "Marks":
        found = uow.deferred.get("marks")
        if isinstance(found, Marks):
            return found
        uow.deferred["marks"] = made = cls(uow)
        return made

    def flush(self) -> None:
        self.uow.session.execute(marks.insert(), [{"mark": m} for m in self.marks])


def failing_deferred_step(uow: UnitOfWork) -> None:
    with uow.savepoint():
        Marks.of(uow).marks.append("failed")
        raise RuntimeError("the handler failed")


def test_deferred_writes_are_written_once_at_commit_or_at_the_end_of_their_savepoint(
    units: tuple[sa.Engine, list[OutboxMessage]],
) -> None:
    """Several steps share one deferred write; in a savepoint it is the step's alone: a
    step that fails takes what it deferred with it, one that succeeds writes it there."""
    engine, _ = units
    with hub_unit(units) as uow:
        Marks.of(uow).marks.append("first")
        Marks.of(uow).marks.append("second")
        with uow.savepoint():  # what was deferred before belongs to the transaction
            Marks.of(uow).marks.append("in-savepoint")
        assert uow.deferred == {}
        with pytest.raises(RuntimeError):
            failing_deferred_step(uow)
        assert uow.deferred == {}
        Marks.of(uow).marks.append("at-commit")
        assert len(uow.deferred) == 1
        uow.commit()

    with engine.connect() as connection:
        written = set(connection.execute(sa.select(marks.c.mark)).scalars())
    assert written == {"first", "second", "in-savepoint", "at-commit"}


def hub_unit(units: tuple[sa.Engine, list[OutboxMessage]]) -> UnitOfWork:
    """A hub's unit of work on the test's database, handing its messages to the list."""
    engine, handed_over = units
    ring = shared_keys().ring("kh-hub")
    sessions = db.session_factory(engine)
    return UnitOfWork(
        sessions, "kh-hub", handed_over.extend, signer=ring.sign, sealing=Sealing(ring)
    )
