"""Cases in the hub's database: load a case by folding its journal, append what a
decision recorded, keep the listing projection, the child's identity, case numbers,
capacity notices and refused inbound events.

Loading a case for a command locks its ``intake_cases`` row (``SELECT ... FOR UPDATE``
on PostgreSQL; SQLite's write transactions already run one at a time), so commands on
one case serialize and their outbox rows are written in commit order. The journal's
primary key (case id, sequence) refuses a second writer that slipped past the lock.

The child's identity lives only in ``intake_child_identities``: the journal keeps a
ReferralIssued without it, and the identity record as a pointer that is filled in again
from that table when the case is loaded.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, TypeVar

from pydantic import BaseModel
from sqlalchemy import RowMapping, bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from rujukan.runtime.db import dialect_of, keyed, upsert
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import aware
from schemas.events.agency import CapacityNotice
from schemas.events.case import ChildIdentity
from schemas.events.referral import ReferralIssued
from schemas.vocabulary import Escalation
from services.intake import tables
from services.intake.case_cache import CachedCase, CaseCache
from services.intake.domain import (
    Case,
    ChildIdentityRecorded,
    CorruptJournal,
    JournalItem,
    Recorded,
    fold,
    journal_item,
    journal_type,
    open_loops,
)
from services.intake.domain.model import Outcome
from services.intake.domain.overdue import DueNotice
from services.intake.domain.projection import ProjectionChange

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

D = TypeVar("D", bound="DataclassInstance | BaseModel")
"""A value class of this module or the domain's, or an event's model, read back from its
row."""

_OUTCOME_CHANGES = (
    "final",
    "summary",
    "escalation",
    "recipient_id",
    "delivered_at",
    "handed_over_from",
    "acknowledged_at",
)
"""What a command may change in an outcome's inbox row."""


@dataclass(frozen=True, slots=True)
class Loaded:
    """A case as loaded for a command: None before its complaint, and how many journal
    entries it has (the next entry's sequence number)."""

    case: Case | None
    length: int


@dataclass(frozen=True, slots=True)
class CaseWrite:
    """What one or more decisions on a case leave to write: the case after them, the
    journal length before them (``start``), the entries they added with the ce_id each
    was published with (by the entry's index), whether they opened the case, when the
    last of them was made, and what they changed in the case's projections."""

    case: Case
    start: int
    entries: tuple[Recorded, ...]
    event_ids: Mapping[int, str]
    new: bool
    now: datetime
    change: ProjectionChange

    @property
    def length(self) -> int:
        """The journal's length after the decisions."""
        return self.start + len(self.entries)


@dataclass(frozen=True, slots=True)
class RefusedInbound:
    """An inbound event the case's state refused, with the rule that refused it."""

    case_id: str
    event_id: str
    event_type: str
    source: str
    referral_id: str | None
    rule: str
    article: str | None
    detail: str
    received_at: datetime


@dataclass(frozen=True, slots=True)
class InboxItem:
    """One outcome in a companion's inbox (a row of ``intake_outcomes``)."""

    outcome_id: str
    case_id: str
    referral_id: str
    outcome_type: str
    agency_id: str
    final: bool
    summary: str
    escalation: str
    recipient_id: str | None
    recorded_at: datetime
    delivered_at: datetime | None
    handed_over_from: str | None
    acknowledged_at: datetime | None


@dataclass(frozen=True, slots=True)
class CaseSummary:
    """One row of the cases projection."""

    case_id: str
    case_number: str | None
    district: str
    category: str | None
    phase: str
    companion_id: str | None
    open_loops: int
    journal_length: int
    opened_at: datetime
    updated_at: datetime


def cases_in(uow: UnitOfWork, cache: CaseCache | None) -> CaseRepository:
    """The hub's cases as a command's unit of work sees them: through its session, with
    the process's cache. The use cases take this as a port (``IntakeHub.cases_of``), so
    their unit tests pass an in-memory repository instead."""
    return CaseRepository(uow.session, cache)


class CaseRepository:
    """The hub's tables, seen through one session (one unit of work or one read)."""

    def __init__(self, session: Session, cache: CaseCache | None = None) -> None:
        self.session = session
        self.cache = cache

    # --- writing what decisions decided ------------------------------------------------

    def write(self, writes: Sequence[CaseWrite]) -> None:
        """Append each case's entries, write its listing row and what changed in its
        projections, and offer it to the cache. The cases of an inbox batch are written
        together: one statement per table and kind of change, whatever their number."""
        self._append_rows(
            [
                row
                for w in writes
                for row in _journal_rows(w.case.case_id, w.start, w.entries, w.event_ids)
            ],
            [entry for w in writes for entry in w.entries],
        )
        self._save_rows(
            [(w.case, _case_values(w.case, w.length, w.now)) for w in writes if w.new],
            [(w.case, _case_values(w.case, w.length, w.now)) for w in writes if not w.new],
        )
        self._project_changes([w.change for w in writes])
        for w in writes:
            if w.entries:
                self.remember(w.case, w.length, w.entries[-1])

    # --- the journal ----------------------------------------------------------------

    def load(self, case_id: str, *, for_update: bool = False) -> Loaded:
        """The case folded from its journal; with ``for_update`` its row is locked
        until the transaction ends. A cached case whose journal length and last update
        are still the row's is used as it is, without reading the journal."""
        stamp = self._stamp(case_id, for_update=for_update)
        cached = self.cache.get(case_id) if self.cache else None
        if cached is not None:
            if stamp == (cached.length, cached.last_at):
                return Loaded(cached.case, cached.length)
            loaded = self._load_after(case_id, cached)
            if loaded is not None:
                return loaded
        rows = self._journal(case_id, since=0)
        entries = [self._entry(case_id, at, kind, payload) for _seq, at, kind, payload in rows]
        return Loaded(fold(entries), len(entries))

    def _stamp(self, case_id: str, *, for_update: bool) -> tuple[int, datetime] | None:
        """The case row's journal length and last update (locking the row when asked),
        None before the case is saved. Every command that appends to the journal writes
        both in the same transaction, with the time of its last entry."""
        query = _STAMP_LOCKED if for_update else _STAMP
        row = self.session.execute(query, {"case_id": case_id}).first()
        return None if row is None else (int(row[0]), aware(row[1]))

    def _load_after(self, case_id: str, cached: CachedCase) -> Loaded | None:
        """The cached case with the entries written since; None when the journal no
        longer ends, at the cached length, with the entry the cache ended with."""
        rows = self._journal(case_id, since=cached.length - 1)
        if not rows:
            return None
        seq, at, kind, _payload = rows[0]
        if (seq, kind, aware(at)) != (cached.length - 1, cached.last_kind, cached.last_at):
            return None
        entries = [self._entry(case_id, at, kind, payload) for _seq, at, kind, payload in rows[1:]]
        return Loaded(fold(entries, cached.case), cached.length + len(entries))

    def _journal(self, case_id: str, since: int) -> Sequence[Any]:
        journal = tables.journal.c
        return self.session.execute(
            select(journal.seq, journal.at, journal.kind, journal.payload)
            .where(journal.case_id == case_id, journal.seq >= since)
            .order_by(journal.seq)
        ).all()

    def remember(self, case: Case, length: int, last: Recorded) -> None:
        """Offer the case as it stands after this unit of work to the cache (checked
        against the journal before it is used)."""
        if self.cache is not None:
            cached = CachedCase(case, length, journal_type(last.item), aware(last.at))
            self.cache.put(case.case_id, cached)

    def append(
        self,
        case_id: str,
        start: int,
        entries: Sequence[Recorded],
        event_ids: Mapping[int, str],
    ) -> None:
        """Append a decision's entries after the ``start`` entries already stored;
        ``event_ids`` maps an entry's index to the ce_id it was published with."""
        self._append_rows(_journal_rows(case_id, start, entries, event_ids), entries)

    def _append_rows(self, rows: Sequence[dict[str, Any]], entries: Sequence[Recorded]) -> None:
        """Insert journal rows in one statement, then the child's identity of each
        identity record among ``entries`` (the journal keeps only a pointer to it)."""
        if rows:
            self.session.execute(_INSERT_JOURNAL, rows)
        for entry in entries:
            if isinstance(entry.item, ChildIdentityRecorded):
                self._store_identity(entry.item, entry.at)

    def journal_length(self, case_id: str) -> int:
        """How many entries the case's journal has (0 for an unknown case)."""
        count = self.session.execute(
            select(func.count()).where(tables.journal.c.case_id == case_id)
        ).scalar_one()
        return int(count)

    def _entry(self, case_id: str, at: datetime, kind: str, payload: Any) -> Recorded:
        """One stored entry, read by its stored type through the catalogue (upcast
        when stored as an older version); the identity record is filled in again from
        ``intake_child_identities``."""
        if kind == ChildIdentityRecorded.record_type:
            return Recorded(aware(at), self._identity_record(case_id))
        try:
            return Recorded(aware(at), journal_item(kind, payload))
        except CorruptJournal as corrupt:
            raise CorruptJournal(f"case {case_id}: {corrupt}") from None

    # --- the child's identity ------------------------------------------------------

    def _store_identity(self, record: ChildIdentityRecorded, at: datetime) -> None:
        child = record.child
        self.session.execute(
            insert(tables.child_identities).values(
                case_id=record.case_id,
                name=child.name,
                date_of_birth=child.date_of_birth,
                estimated_age=child.estimated_age,
                sex=child.sex.value,
                address=child.address,
                disability=child.disability,
                guardian_contact=child.guardian_contact,
                case_information=record.case_information,
                recorded_at=at,
            )
        )

    def identity(self, case_id: str) -> tuple[ChildIdentity, str | None] | None:
        """The child's identity and the case information of the complaint, if any."""
        row = (
            self.session.execute(
                select(tables.child_identities).where(tables.child_identities.c.case_id == case_id)
            )
            .mappings()
            .first()
        )
        if row is None:
            return None
        return _from_row(ChildIdentity, row), row["case_information"]

    def _identity_record(self, case_id: str) -> ChildIdentityRecorded:
        found = self.identity(case_id)
        if found is None:
            raise CorruptJournal(f"case {case_id}: the child's identity is missing")
        child, information = found
        return ChildIdentityRecorded(case_id=case_id, child=child, case_information=information)

    # --- the cases projection --------------------------------------------------------

    def save(self, case: Case, *, length: int, new: bool, now: datetime) -> None:
        """Write the listing row of ``case`` after a decision."""
        saved = [(case, _case_values(case, length, now))]
        self._save_rows(saved if new else [], [] if new else saved)

    def _save_rows(
        self,
        new: Sequence[tuple[Case, dict[str, Any]]],
        known: Sequence[tuple[Case, dict[str, Any]]],
    ) -> None:
        """Insert the listing rows of the ``new`` cases, update those of the ``known``
        ones: one statement each."""
        if new:
            rows = [
                values | {"case_id": case.case_id, "opened_at": case.complaint.received_at}
                for case, values in new
            ]
            self.session.execute(_INSERT_CASE, rows)
        if known:
            self.session.execute(
                _UPDATE_CASE, [values | {"key": case.case_id} for case, values in known]
            )

    def project(self, case: Case, notices: Sequence[DueNotice]) -> None:
        """Rewrite the case's rows of the companion inboxes and of the monitor's due
        notices from the case as it now is (`IntakeHub.reproject`, when the monitor met
        a notice the case no longer needs)."""
        for table in (tables.outcomes, tables.due_notices):
            self.session.execute(delete(table).where(table.c.case_id == case.case_id))
        outcome_rows = [_outcome_row(case.case_id, o) for o in case.outcomes.values()]
        if outcome_rows:
            self.session.execute(insert(tables.outcomes), outcome_rows)
        if notices:
            self.session.execute(insert(tables.due_notices), [_notice_row(n) for n in notices])

    def _project_changes(self, changes: Sequence[ProjectionChange]) -> None:
        """Write what decisions changed in their cases' inbox rows and due notices: one
        statement per kind of change for all the cases. A case's notices are deleted
        before its new ones are inserted; cases share no rows."""
        added = [_outcome_row(c.case_id, o) for c in changes for o in c.added]
        if added:
            self.session.execute(_INSERT_OUTCOME, added)
        changed = [_keyed_outcome(_outcome_row(c.case_id, o)) for c in changes for o in c.changed]
        if changed:
            self.session.execute(_UPDATE_OUTCOME, changed)
        removed = [key for c in changes for key in c.removed]
        if removed:
            table = tables.outcomes
            self.session.execute(delete(table).where(table.c.outcome_id.in_(removed)))
        whole = [{"case_id": c.case_id} for c in changes if c.referrals is None]
        if whole:
            self.session.execute(_DELETE_CASE_NOTICES, whole)
        some = [
            {"case_id": c.case_id, "referral_id": r} for c in changes for r in c.referrals or ()
        ]
        if some:
            self.session.execute(_DELETE_NOTICES, some)
        notices = [_notice_row(n) for c in changes for n in c.notices]
        if notices:
            self.session.execute(_INSERT_NOTICE, notices)

    def inbox(
        self, recipient_id: str, *, include_acknowledged: bool = False, limit: int = 200
    ) -> list[InboxItem]:
        """A companion's (or supervisor's) outcomes, unacknowledged first, oldest first."""
        table = tables.outcomes
        query = select(table).where(table.c.recipient_id == recipient_id)
        if not include_acknowledged:
            query = query.where(table.c.acknowledged_at.is_(None))
        query = query.order_by(table.c.acknowledged_at.is_not(None), table.c.recorded_at)
        return [_inbox_item(row) for row in self.session.execute(query.limit(limit)).mappings()]

    def due(self, now: datetime, limit: int = 100) -> list[DueNotice]:
        """Overdue notices whose time has come, earliest first."""
        table = tables.due_notices
        query = select(table).where(table.c.fire_at <= now).order_by(table.c.fire_at).limit(limit)
        return [_due_notice(row) for row in self.session.execute(query).mappings()]

    def count_overdue(self, now: datetime) -> int:
        """How many referrals have a milestone whose due time has passed (``/metrics``)."""
        table = tables.due_notices
        query = select(func.count(func.distinct(table.c.referral_id))).where(table.c.due_at <= now)
        return int(self.session.execute(query).scalar_one())

    def overdue(self, case_ids: Sequence[str], now: datetime) -> list[DueNotice]:
        """The pending notices of these cases whose due time has passed (the referral is
        overdue, whether or not the monitor has told anyone yet), earliest first."""
        if not case_ids:
            return []
        table = tables.due_notices
        among = keyed(table.c.case_id, dialect_of(self.session))
        query = select(table).where(among, table.c.due_at <= now).order_by(table.c.due_at)
        rows = self.session.execute(query, {"keys": list(case_ids)}).mappings()
        return [_due_notice(row) for row in rows]

    def cases(
        self,
        *,
        phase: str | None = None,
        companion_id: str | None = None,
        case_ids: Sequence[str] | None = None,
        limit: int = 100,
    ) -> list[CaseSummary]:
        """The most recently updated cases first; of one phase, of one current companion,
        or among ``case_ids``."""
        query = select(tables.cases).order_by(tables.cases.c.updated_at.desc()).limit(limit)
        if phase is not None:
            query = query.where(tables.cases.c.phase == phase)
        if companion_id is not None:
            query = query.where(tables.cases.c.companion_id == companion_id)
        keys = {}
        if case_ids is not None:
            query = query.where(keyed(tables.cases.c.case_id, dialect_of(self.session)))
            keys["keys"] = list(case_ids)
        rows = self.session.execute(query, keys).mappings()
        return [_from_row(CaseSummary, row) for row in rows]

    # --- case numbers ------------------------------------------------------------------

    def next_case_number(self, district: str, year: int) -> int:
        """The next number of the district's year, unique under concurrency: one atomic
        upsert that increments and returns the counter."""
        table = tables.case_numbers
        statement = (
            upsert(self.session, table)
            .values(district=district, year=year, last_number=1)
            .on_conflict_do_update(
                index_elements=[table.c.district, table.c.year],
                set_={"last_number": table.c.last_number + 1},
            )
            .returning(table.c.last_number)
        )
        return int(self.session.execute(statement).scalar_one())

    # --- capacity notices ------------------------------------------------------------

    def record_capacity(self, notice: CapacityNotice, event_id: str, now: datetime) -> None:
        self.session.execute(
            insert(tables.capacity_notices).values(
                event_id=event_id,
                agency_id=notice.agency_id,
                service=notice.service.value,
                available=notice.available,
                capacity=notice.capacity,
                as_of=notice.as_of,
                received_at=now,
            )
        )

    def latest_capacity(self, agency_ids: Sequence[str]) -> dict[tuple[str, str], CapacityNotice]:
        """The latest notice per (agency, service) of these agencies."""
        table = tables.capacity_notices
        rows = self.session.execute(
            select(table).where(table.c.agency_id.in_(agency_ids)).order_by(table.c.as_of)
        ).mappings()
        latest: dict[tuple[str, str], CapacityNotice] = {}
        for row in rows:
            latest[(row["agency_id"], row["service"])] = _from_row(CapacityNotice, row)
        return latest

    # --- refused inbound events ------------------------------------------------------

    def record_refused(self, refused: RefusedInbound) -> None:
        row = asdict(refused) | {"detail": refused.detail[:2000]}
        self.session.execute(insert(tables.refused_inbound).values(row))

    def refused(self, case_id: str | None = None, limit: int = 200) -> list[RefusedInbound]:
        """Refused inbound events, of one case or of all, oldest first."""
        table = tables.refused_inbound
        query = select(table).order_by(table.c.id).limit(limit)
        if case_id is not None:
            query = query.where(table.c.case_id == case_id)
        return [_from_row(RefusedInbound, row) for row in self.session.execute(query).mappings()]


def _stored(item: JournalItem) -> dict[str, Any]:
    """The journal payload of an entry, without the child's identity."""
    if isinstance(item, ChildIdentityRecorded):
        return {"case_id": item.case_id}
    if isinstance(item, ReferralIssued) and item.child is not None:
        item = item.model_copy(update={"child": None})
    return item.model_dump(mode="json")


_STAMP = select(tables.cases.c.journal_length, tables.cases.c.updated_at).where(
    tables.cases.c.case_id == bindparam("case_id")
)
_STAMP_LOCKED = _STAMP.with_for_update()
_INSERT_JOURNAL = insert(tables.journal)
_INSERT_CASE = insert(tables.cases)
_INSERT_OUTCOME = insert(tables.outcomes)
_INSERT_NOTICE = insert(tables.due_notices)
_UPDATE_CASE = update(tables.cases).where(tables.cases.c.case_id == bindparam("key"))
_UPDATE_OUTCOME = update(tables.outcomes).where(tables.outcomes.c.outcome_id == bindparam("key"))
_DELETE_NOTICES = delete(tables.due_notices).where(
    tables.due_notices.c.case_id == bindparam("case_id"),
    tables.due_notices.c.referral_id == bindparam("referral_id"),
)
_DELETE_CASE_NOTICES = delete(tables.due_notices).where(
    tables.due_notices.c.case_id == bindparam("case_id")
)
"""The statements every command runs, built once: an update sets the columns its
parameters name, and finds its row by ``key``; each takes one set of parameters or a
list of them (several cases of an inbox batch)."""


def _journal_rows(
    case_id: str, start: int, entries: Sequence[Recorded], event_ids: Mapping[int, str]
) -> list[dict[str, Any]]:
    """The journal rows of a case's ``entries`` after its ``start`` entries."""
    return [
        {
            "case_id": case_id,
            "seq": start + index,
            "at": entry.at,
            "kind": journal_type(entry.item),
            "payload": _stored(entry.item),
            "event_id": event_ids.get(index),
        }
        for index, entry in enumerate(entries)
    ]


def _case_values(case: Case, length: int, now: datetime) -> dict[str, Any]:
    """The listing row's values of ``case`` with ``length`` journal entries, at ``now``."""
    return {
        "case_number": case.case_number,
        "district": case.district,
        "category": case.category.value if case.category else None,
        "phase": case.phase.value,
        "companion_id": case.companion.companion_id if case.companion else None,
        "open_loops": open_loops(case),
        "journal_length": length,
        "updated_at": now,
    }


def _outcome_row(case_id: str, o: Outcome) -> dict[str, Any]:
    return {
        "outcome_id": o.outcome_id,
        "case_id": case_id,
        "referral_id": o.referral_id,
        "outcome_type": o.outcome_type,
        "agency_id": o.agency_id,
        "final": o.final,
        "summary": o.summary,
        "escalation": o.escalation.value,
        "recipient_id": o.recipient_id,
        "recorded_at": o.recorded_at,
        "delivered_at": o.delivered_at,
        "handed_over_from": o.handed_over_from,
        "acknowledged_at": o.acknowledged_at,
    }


def _keyed_outcome(row: dict[str, Any]) -> dict[str, Any]:
    """An outcome row as ``_UPDATE_OUTCOME`` takes it (the key under its own name)."""
    return {"key": row["outcome_id"]} | {name: row[name] for name in _OUTCOME_CHANGES}


def _notice_row(n: DueNotice) -> dict[str, Any]:
    return {
        "case_id": n.case_id,
        "referral_id": n.referral_id,
        "milestone": n.milestone,
        "escalation": n.escalation.value,
        "due_at": n.due_at,
        "fire_at": n.fire_at,
    }


def _inbox_item(row: RowMapping) -> InboxItem:
    return _from_row(InboxItem, row, final=bool(row["final"]))


def _due_notice(row: RowMapping) -> DueNotice:
    return _from_row(DueNotice, row, escalation=Escalation(row["escalation"]))


def _from_row(cls: type[D], row: RowMapping, **given: Any) -> D:
    """``cls`` filled from the columns its fields name, and from ``given`` for what the
    row stores differently: the rows and the values share their field names, so a row is
    not copied field by field. Every stored time comes back aware (`aware`)."""
    fields = cls.model_fields if issubclass(cls, BaseModel) else cls.__dataclass_fields__
    values = {
        name: aware(value) if isinstance(value, datetime) else value
        for name in fields
        if name not in given
        for value in (row[name],)
    }
    return cls(**values, **given)
