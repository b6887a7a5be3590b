"""SQLite admits one writer at a time: the writers of one process queue on the engine's
lock, so many request threads and the inbox never starve each other into a timeout, and
a writer that fails or leaves without committing lets the next one in. Readers, the
relay's sweep and the notifier's round among them, do not queue behind a writer."""

import asyncio
import threading
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from rujukan.runtime import tables
from rujukan.runtime.db import create_db_engine, read_session_factory, session_factory
from rujukan.runtime.notify import tables as notify_tables
from rujukan.runtime.notify.dispatcher import DeliveryDispatcher
from rujukan.runtime.relay import OutboxRelay

metadata = sa.MetaData()
marks = sa.Table(
    "marks",
    metadata,
    sa.Column("id", sa.Integer, primary_key=True),
    sa.Column("writer", sa.Integer, nullable=False),
)


@pytest.fixture
def engine(tmp_path: Path) -> sa.Engine:
    engine = create_db_engine(f"sqlite:///{tmp_path / 'writers.db'}")
    metadata.create_all(engine)
    return engine


def test_many_threads_write_without_a_lock_error(engine: sa.Engine) -> None:
    sessions = session_factory(engine)
    errors: list[BaseException] = []

    def write(writer: int) -> None:
        try:
            for _ in range(25):
                with sessions() as session, session.begin():
                    count = session.execute(sa.select(sa.func.count()).select_from(marks))
                    assert count.scalar_one() >= 0
                    session.execute(marks.insert().values(writer=writer))
        except BaseException as exc:  # pragma: no cover - the failure being tested
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(24)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert errors == []
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(marks)).scalar() == 600


def test_a_failed_or_abandoned_writer_lets_the_next_one_in(engine: sa.Engine) -> None:
    sessions = session_factory(engine)

    def fail_while_writing() -> None:
        with sessions() as session, session.begin():
            session.execute(marks.insert().values(writer=1))
            raise RuntimeError("the handler failed")

    with pytest.raises(RuntimeError):
        fail_while_writing()
    abandoned = sessions()
    abandoned.execute(marks.insert().values(writer=2))
    abandoned.close()  # neither committed nor rolled back by the caller

    done = threading.Event()

    def write() -> None:
        with sessions() as session, session.begin():
            session.execute(marks.insert().values(writer=3))
        done.set()

    threading.Thread(target=write, daemon=True).start()
    assert done.wait(10)
    with engine.connect() as connection:
        writers = connection.execute(sa.select(marks.c.writer)).scalars().all()
    assert writers == [3]


def finishes_while_a_writer_holds(
    engine: sa.Engine, table: sa.Table, work: Callable[[], object]
) -> bool:
    """Whether ``work``, run in a thread of its own, finishes within 5 s while another
    session holds ``engine``'s write lock (an uncommitted statement on ``table``)."""
    writing = session_factory(engine)()
    writing.execute(table.delete().where(sa.false()))  # holds the write lock, uncommitted
    done = threading.Event()

    def run() -> None:
        work()
        done.set()

    threading.Thread(target=run, daemon=True).start()
    try:
        return done.wait(5)
    finally:
        writing.rollback()
        writing.close()


def test_readers_do_not_wait_for_a_writer(engine: sa.Engine) -> None:
    def read() -> None:
        with read_session_factory(engine)() as session:
            session.execute(sa.select(marks)).all()

    assert finishes_while_a_writer_holds(engine, marks, read)


def test_the_relays_sweep_reads_while_a_writer_holds_the_database(tmp_path: Path) -> None:
    """The relay reads its unpublished rows every few seconds: that must not queue
    behind an inbox batch or a command, nor hold them up."""
    runtime = create_db_engine(f"sqlite:///{tmp_path / 'runtime.db'}")
    tables.metadata.create_all(runtime)
    relay = OutboxRelay(runtime, _Unused(), sweep_interval_s=60)

    async def start_and_stop() -> None:
        await relay.start()  # its first sweep
        await relay.stop()

    assert finishes_while_a_writer_holds(
        runtime, tables.outbox, lambda: asyncio.run(start_and_stop())
    )


class _Unused:
    async def send(
        self, topic: str, key: bytes, value: bytes, headers: list[tuple[str, bytes]]
    ) -> Awaitable[object]:
        raise AssertionError("nothing is sent")


def test_the_notifiers_round_reads_what_is_due_while_a_writer_holds_the_database(
    tmp_path: Path,
) -> None:
    """The notifier looks for deliveries due every few seconds in every agency."""
    engine = create_db_engine(f"sqlite:///{tmp_path / 'notify.db'}")
    notify_tables.metadata.create_all(engine)
    dispatcher = DeliveryDispatcher(
        session_factory(engine),
        read_session_factory(engine),
        {},
        lambda: datetime.now(UTC),
        max_backoff_s=60,
        on_result=lambda *_: None,
    )
    tried: list[int] = []

    def one_round() -> None:
        tried.append(asyncio.run(dispatcher.deliver_due()))

    assert finishes_while_a_writer_holds(engine, notify_tables.deliveries, one_round)
    assert tried == [0]
