"""Database engines: SQLite as the embedded default, PostgreSQL in production.

Write transactions on SQLite start with ``BEGIN IMMEDIATE`` so that two writers
queue instead of failing when a reader upgrades to a writer; read-only sessions keep a
deferred ``BEGIN`` so that readers never block writers (WAL mode). This also makes
SAVEPOINT work with the pysqlite driver.

SQLite admits one writer at a time. Writers of one process queue on a lock of the
engine before ``BEGIN IMMEDIATE``: a waiting thread starts the moment the writer before
it commits, where SQLite's busy handler would have it sleep and poll, and under load
(tens of request threads and the inbox) starve past any timeout.
"""

import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any, TypeVar

from sqlalchemy import (
    BigInteger,
    Engine,
    Integer,
    MetaData,
    Table,
    any_,
    bindparam,
    create_engine,
    event,
)
from sqlalchemy import exc as sa_exc
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.pool import QueuePool
from sqlalchemy.sql.elements import ColumnElement

READ_ONLY = "rujukan_read_only"
"""Execution option marking a read-only connection (deferred BEGIN on SQLite)."""

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


SURROGATE_KEY = BigInteger().with_variant(Integer(), "sqlite")
"""An autoincrementing surrogate key: BIGINT on PostgreSQL, INTEGER on SQLite (the only
type SQLite increments by itself)."""
REF_LENGTH = 64
"""Case, referral, report and other ids chosen by a client."""
AGENCY_LENGTH = 64
EVENT_ID_LENGTH = 36
"""A ``ce_id``: a UUID in its text form."""


def new_metadata() -> MetaData:
    """A MetaData with the naming convention migrations rely on. Each component has its
    own (several services run in one process in tests, and their tables must not share
    a registry): ``class Base(DeclarativeBase): metadata = new_metadata()``."""
    return MetaData(naming_convention=NAMING_CONVENTION)


UNAVAILABLE_ERRORS: tuple[type[Exception], ...] = (
    sa_exc.OperationalError,
    sa_exc.InterfaceError,
    sa_exc.DisconnectionError,
    sa_exc.TimeoutError,
)
"""Database errors that mean "try later": the server is gone, refuses connections, the
pool has no connection to give, or (SQLite) the file is locked. Not the request's or the
event's fault: HTTP answers 503, the inbox redelivers the batch without counting attempts."""

CONNECT_TIMEOUT_S = 5
"""How long opening a PostgreSQL connection may take before the caller hears "unavailable"."""
POOL_SIZE = 5
"""The connections a PostgreSQL pool keeps open."""
POOL_OVERFLOW = 10
"""The connections it may open beyond them under load."""
MAX_CONNECTIONS = POOL_SIZE + POOL_OVERFLOW
POOL_TIMEOUT_S = 10
"""How long a caller waits for a free pooled connection."""
STATEMENT_TIMEOUT_MS = 30_000
"""How long the server may run one statement (or wait for a lock)."""
TCP_USER_TIMEOUT_MS = 15_000
"""How long sent data may stay unacknowledged before the connection counts as lost: a
server that vanished without closing its sockets does not hang a statement forever."""


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def create_db_engine(url: str, **kwargs: Any) -> Engine:
    """An engine for ``url`` with the project's SQLite or PostgreSQL settings. Its errors
    never quote a statement's parameters (``hide_parameters``): they hold children's
    names and addresses, and an error's text reaches logs."""
    kwargs.setdefault("hide_parameters", True)
    if is_sqlite(url):
        engine = create_engine(
            url,
            connect_args={"check_same_thread": False, "timeout": 30},
            **kwargs,
        )
        _configure_sqlite(engine)
        return engine
    return create_engine(
        url,
        pool_pre_ping=True,
        pool_size=POOL_SIZE,
        max_overflow=POOL_OVERFLOW,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args=_POSTGRES_CONNECT_ARGS,
        **kwargs,
    )


_POSTGRES_CONNECT_ARGS: dict[str, Any] = {
    "connect_timeout": CONNECT_TIMEOUT_S,
    "options": f"-c statement_timeout={STATEMENT_TIMEOUT_MS}",
    "keepalives": 1,
    "keepalives_idle": 10,
    "keepalives_interval": 5,
    "keepalives_count": 3,
    "tcp_user_timeout": TCP_USER_TIMEOUT_MS,
}
"""libpq parameters that bound every wait on a PostgreSQL server that is gone. The pool
checks each connection before lending it (``pool_pre_ping``) and drops every pooled
connection on a disconnect, so it recovers by itself when the server returns."""


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.close()

    writer = threading.Lock()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        if connection.get_execution_options().get(READ_ONLY, False):
            connection.exec_driver_sql("BEGIN")
            return
        writer.acquire()
        connection.info[_HOLDS_WRITER] = True
        try:
            connection.exec_driver_sql("BEGIN IMMEDIATE")
        except BaseException:
            _release(connection.info)
            raise

    def _release(info: dict[str, Any]) -> None:
        if info.pop(_HOLDS_WRITER, False):
            writer.release()

    @event.listens_for(engine, "commit")
    def _on_commit(connection: Any) -> None:
        connection.exec_driver_sql("COMMIT")
        _release(connection.info)

    @event.listens_for(engine, "rollback")
    def _on_rollback(connection: Any) -> None:
        if connection.info.get(_HOLDS_WRITER):
            connection.exec_driver_sql("ROLLBACK")
        _release(connection.info)

    @event.listens_for(engine.pool, "checkin")
    def _on_checkin(_dbapi_connection: Any, record: Any) -> None:
        _release(record.info)  # a connection returned without commit or rollback


_HOLDS_WRITER = "rujukan_holds_writer"


def reading(engine: Engine) -> Engine:
    """``engine`` for statements that write nothing: on SQLite its transactions begin
    without the process's writer lock, so a periodic read never queues behind (or holds
    up) an inbox batch or a command."""
    return engine.execution_options(**{READ_ONLY: True})


def answers(engine: Engine) -> bool:
    """Whether the database behind ``engine`` answers a trivial query now (readiness).
    Read-only, so that on SQLite it never queues for the writer lock."""
    try:
        with reading(engine).connect() as connection:
            connection.exec_driver_sql("SELECT 1")
        return True
    except UNAVAILABLE_ERRORS:
        return False


def fill_pool(engine: Engine) -> None:
    """Open the pool's steady connections (``pool_size``) that it does not hold yet.

    A pool otherwise opens a connection at each new peak of concurrent use and keeps
    it, so the connections an agency holds creep up over hours and drop at each
    server restart; filled, they are a constant that capacity plans can count on
    (``max_connections``), and the first requests after a restart do not pay for
    connecting. Connections beyond ``pool_size`` (overflow) are still opened only
    for a peak and closed after it. SQLite has no pool to fill."""
    pool = engine.pool
    if not isinstance(pool, QueuePool) or is_sqlite(str(engine.url)):
        return
    if pool.checkedin() + pool.checkedout() >= pool.size():
        return
    # held at once: a connection returned in between would be lent again, not opened
    opened = [engine.connect() for _ in range(pool.size() - pool.checkedout())]
    for connection in opened:
        connection.close()


def reachable(url: str) -> bool:
    """Whether a database server answers at ``url`` (tests and benchmarks choose what
    to run with it)."""
    try:
        engine = create_engine(url)
        try:
            with engine.connect():
                return True
        finally:
            engine.dispose()
    except Exception:
        return False


@contextmanager
def scratch_database(server_url: str, prefix: str) -> Iterator[str]:
    """A new, empty PostgreSQL database on the server of ``server_url`` for as long as
    the block runs, then dropped (tests and benchmarks: one database each)."""
    name = f"{prefix}_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.exec_driver_sql(f'CREATE DATABASE "{name}"')
    try:
        yield server_url.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with admin.connect() as connection:
            connection.exec_driver_sql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.dispose()


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


def read_session_factory(engine: Engine) -> sessionmaker[Session]:
    """Sessions for queries only: no write lock on SQLite."""
    return sessionmaker(reading(engine), expire_on_commit=False)


def keyed(column: ColumnElement[Any], dialect: str, name: str = "keys") -> ColumnElement[bool]:
    """``column`` is one of the keys passed as the statement's parameter ``name`` (a
    list), for the hundreds of keys of a batch. On PostgreSQL one array parameter (``=
    ANY(...)``), elsewhere an expanding IN list: either way the statement is the same
    whatever the keys, so it can be built once (:func:`per_dialect`), and it is
    compiled once and, on PostgreSQL, parsed once."""
    if dialect == "postgresql":
        return column == any_(bindparam(name, type_=ARRAY(column.type)))
    return column.in_(bindparam(name, expanding=True))


_S = TypeVar("_S")


def per_dialect(build: Callable[[str], _S]) -> Callable[[str], _S]:
    """A statement built once per database dialect and reused. Building a statement
    (its clauses, then SQLAlchemy's cache key of it) took 3 to 5 times as long as
    executing the cached statement on SQLite, on every call: a statement of a path taken
    per event or per batch is built here once, its values bound at execution."""
    return cache(build)


def dialect_of(session: Session) -> str:
    return session.get_bind().dialect.name


def upsert(session: Session, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT into ``table`` that can end ``ON CONFLICT ... DO UPDATE``: one atomic
    statement, which PostgreSQL and SQLite spell the same way."""
    return upsert_in(dialect_of(session), table)


def upsert_in(dialect: str, table: Table) -> postgresql.Insert | sqlite.Insert:
    """:func:`upsert` for a ``dialect`` named (a statement built once per dialect)."""
    if dialect == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)
