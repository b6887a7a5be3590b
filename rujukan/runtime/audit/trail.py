"""The audit trail of one agency: appending records to the chain, and anchoring it.

Appends happen one at a time: the chain-head row is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; on SQLite every write transaction already holds the engine's writer lock,
``rujukan/runtime/db.py``), the next record is chained to it, inserted, and the head
moved, in the caller's transaction. So concurrent requests never fork the chain, and a
command's record commits or rolls back with the command.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Protocol, TypedDict, Unpack

from sqlalchemy import RowMapping, bindparam, insert, select, update
from sqlalchemy.orm import Session, sessionmaker

from rujukan.runtime.audit import tables as t
from rujukan.runtime.audit.actor import Actor, RequestAudit, current_actor, current_request
from rujukan.runtime.audit.anchors import AnchorFile
from rujukan.runtime.audit.chain import Anchor, Entry, Record, chained
from rujukan.runtime.db import READ_ONLY
from rujukan.stamps import utcnow

log = logging.getLogger("rujukan.audit")

HEAD_ID = 1
OK = "ok"

_HEAD = select(t.chain_head.c.seq, t.chain_head.c.hash).where(t.chain_head.c.id == HEAD_ID)
_LOCK_HEAD = _HEAD.with_for_update()
_INSERT_RECORD = insert(t.record)
_MOVE_HEAD = (
    update(t.chain_head)
    .where(t.chain_head.c.id == HEAD_ID)
    .values(seq=bindparam("new_seq"), hash=bindparam("new_hash"))
)
"""Every command appends with these three statements: built once, not per command."""


class ReadAbout(TypedDict, total=False):
    """Whose identity an identity read shows: the child of a case, a referral or a
    school report (the keywords of every ``identity_read``)."""

    case_id: str | None
    referral_id: str | None
    report_ref: str | None


class IdentityAudit(Protocol):
    """The one thing a use case asks of the audit trail: to record that staff are shown
    a child's identity (:meth:`AuditTrail.identity_read`); unit tests pass a fake."""

    def identity_read(self, action: str, purpose: str, **about: Unpack[ReadAbout]) -> None: ...


class AuditTrail:
    """The audit trail of ``agency_id``'s database."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        read_sessions: sessionmaker[Session],
        agency_id: str,
        anchors: AnchorFile,
        *,
        anchor_every: int = 100,
        clock: Callable[[], datetime] = utcnow,
    ) -> None:
        self._sessions = sessions
        self._read_sessions = read_sessions
        self.agency_id = agency_id
        self.anchors = anchors
        self.anchor_every = anchor_every
        self.clock = clock
        self._anchored = 0
        self._anchor_lock = threading.Lock()

    # --- appending -----------------------------------------------------------------

    def append(self, session: Session, entry: Entry) -> Record:
        """Chain ``entry`` in ``session``'s transaction; it holds the chain head locked
        until it ends. Call :meth:`committed` once the transaction committed."""
        head = session.execute(_LOCK_HEAD).one()
        record = chained(head.seq, head.hash, self.clock(), entry)
        session.execute(_INSERT_RECORD, _row(record))
        session.execute(_MOVE_HEAD, {"new_seq": record.seq, "new_hash": record.hash})
        return record

    def record(self, entry: Entry) -> Record:
        """Append ``entry`` in a transaction of its own, committed when this returns."""
        with self._sessions.begin() as session:
            record = self.append(session, entry)
        self.committed(record)
        return record

    def committed(self, record: Record) -> None:
        """A record's transaction committed: anchor the head every ``anchor_every``."""
        if record.seq - self._anchored >= self.anchor_every:
            self._anchor(record.seq, record.hash)

    def identity_read(self, action: str, purpose: str, **about: Unpack[ReadAbout]) -> None:
        """Record that the current actor is shown a child's identity. Call it before the
        identity is returned: if the record cannot be written this raises, and the
        identity must not leave (fail closed). It commits a transaction of its own: call
        it outside any open unit of work (SQLite's writer lock is not re-entrant)."""
        self.record(_entry(current_actor(), action, OK, purpose=purpose, **about))

    def command_entry(self, request: RequestAudit, outcome: str) -> Entry:
        return _entry(request.actor(), request.action(), outcome, **request.subject())

    def in_transaction(self, session: Session) -> Callable[[], None] | None:
        """For a unit of work about to commit: record the current request's command in
        the same transaction, once. Returns what to call after the commit."""
        request = current_request.get()
        if request is None or not request.command or request.recorded:
            return None
        record = self.append(session, self.command_entry(request, OK))

        def after_commit() -> None:
            request.recorded = True
            self.committed(record)

        return after_commit

    # --- anchoring -----------------------------------------------------------------

    def anchor_now(self) -> None:
        """Anchor the head as it is in the database, if it moved since the last anchor
        (every ``RUJUKAN_AUDIT_ANCHOR_INTERVAL_S`` and at shutdown)."""
        seq, hash_ = self.head()
        if seq > 0 and seq != self._anchored:
            self._anchor(seq, hash_)

    def _anchor(self, seq: int, hash_: str) -> None:
        """Write one anchor. A failure is logged and tried again with the next record or
        interval: the records are committed, and the command or read they belong to
        must not fail for it."""
        with self._anchor_lock:
            if seq <= self._anchored:
                return
            try:
                self.anchors.append(Anchor(self.agency_id, seq, hash_, self.clock()))
            except OSError:
                log.exception("could not write the audit anchor to %s", self.anchors.path)
                return
            self._anchored = seq

    # --- reading -------------------------------------------------------------------

    def head(self) -> tuple[int, str]:
        """The last sequence number and hash (0 and the genesis hash before any record)."""
        with self._read_sessions() as session:
            row = session.execute(_HEAD).one()
        return int(row.seq), str(row.hash)


def read_snapshot(session: Session) -> None:
    """Read the whole chain from one snapshot, without the writer lock: REPEATABLE READ
    on PostgreSQL (a SQLite read transaction is a snapshot already). Call it first."""
    options: dict[str, object] = {READ_ONLY: True}
    if session.get_bind().dialect.name == "postgresql":
        options["isolation_level"] = "REPEATABLE READ"
    session.connection(execution_options=options)


def records(session: Session, *, case_id: str | None = None) -> Iterator[Record]:
    """The records in sequence order (those about one case with ``case_id``)."""
    query = select(t.record).order_by(t.record.c.seq)
    if case_id is not None:
        query = query.where(t.record.c.case_id == case_id)
    for row in session.execute(query.execution_options(yield_per=1000)).mappings():
        yield _record(row)


def latest(session: Session, limit: int, *, case_id: str | None = None) -> list[Record]:
    """The newest ``limit`` records, oldest first."""
    query = select(t.record).order_by(t.record.c.seq.desc()).limit(limit)
    if case_id is not None:
        query = query.where(t.record.c.case_id == case_id)
    return [_record(row) for row in reversed(session.execute(query).mappings().all())]


def stored_head(session: Session) -> tuple[int, str] | None:
    """The chain-head row, if it is still there."""
    row = session.execute(_HEAD).first()
    return None if row is None else (int(row.seq), str(row.hash))


_ENTRY_FIELDS = tuple(Entry.__dataclass_fields__)


def _entry(actor: Actor, action: str, outcome: str, **about: str | None) -> Entry:
    """What ``actor`` did, a command or an identity read alike; ``about`` names the case,
    referral or report and, where a regulation asks for one, the purpose."""
    return Entry(
        actor_id=actor.actor_id,
        actor_roles=actor.roles,
        actor_agency=actor.agency_id,
        action=action,
        outcome=outcome,
        **about,
    )


def _row(record: Record) -> dict[str, object]:
    entry = record.entry
    return {
        "seq": record.seq,
        "recorded_at": record.recorded_at,
        "prev_hash": record.prev_hash,
        "hash": record.hash,
        **{name: getattr(entry, name) for name in _ENTRY_FIELDS},
    }


def _record(row: RowMapping) -> Record:
    return Record(
        seq=int(row["seq"]),
        recorded_at=row["recorded_at"],
        entry=Entry(**{name: row[name] for name in _ENTRY_FIELDS}),
        prev_hash=str(row["prev_hash"]),
        hash=str(row["hash"]),
    )
