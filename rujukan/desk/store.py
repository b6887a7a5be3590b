"""Persistence of the desk: rows ↔ the domain's frozen models, one repository class
(:class:`DeskRepository`) over a unit of work's session, as the intake hub's
``CaseRepository``. No rules here: the domain decides, this module reads and writes."""

import uuid
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from pydantic import TypeAdapter
from sqlalchemy import Executable, Select, Table, bindparam, func, insert, select, update
from sqlalchemy.orm import Session

from rujukan.desk import tables as t
from rujukan.desk.domain import DeskReferral
from rujukan.desk.rules import DeskReport
from rujukan.errors import NotFound
from rujukan.runtime.db import dialect_of, keyed, per_dialect, upsert_in
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import aware, aware_or_none
from schemas.events import ChildIdentity
from schemas.facts import ServiceFact
from schemas.referral_status import ReferralStatus

_FACTS = TypeAdapter(list[ServiceFact])
_REFERRAL = select(t.referral).where(t.referral.c.referral_id == bindparam("referral_id"))
_REFERRAL_LOCKED = _REFERRAL.with_for_update()
"""Statements of every inbound referral: built once."""


@per_dialect
def _record_delivery(dialect: str) -> Executable:
    """A proof of delivery inserted, or the times a repeated notice adds filled in: one
    statement, atomic without a lock; a time once recorded stays the first."""
    statement = upsert_in(dialect, t.delivery)
    return statement.on_conflict_do_update(
        index_elements=[t.delivery.c.outcome_event_id],
        set_={
            name: func.coalesce(t.delivery.c[name], statement.excluded[name])
            for name in ("delivered_at", "acknowledged_at")
        },
    )


# --- referrals --------------------------------------------------------------------------


def _referral_values(referral: DeskReferral) -> dict[str, Any]:
    values = referral.model_dump(mode="python")
    values["issued_event_id"] = str(referral.issued_event_id)
    for name in ("service", "status", "category", "decline_reason"):
        if values[name] is not None:
            values[name] = str(values[name])
    return values


def _referral(row: Any) -> DeskReferral:
    data = dict(row._mapping)
    for name in ("received_at", "updated_at", "answer_due_at"):
        data[name] = aware_or_none(data[name])
    data["issued_event_id"] = uuid.UUID(data["issued_event_id"])
    return DeskReferral.model_validate(data)


KNOWN = "desk.known_referrals"
"""``uow.memo`` key: the referral ids of a batch this agency already holds."""


# --- reports ----------------------------------------------------------------------------


def _report(row: Any) -> DeskReport:
    data = dict(row._mapping)
    data["facts"] = tuple(_FACTS.validate_python(data["facts"]))
    data["warnings"] = tuple(data["warnings"])
    data["reported_at"] = aware(data["reported_at"])
    data.pop("event_id")
    return DeskReport.model_validate(data)


CASE_REPORTS = "desk.case_reports"
"""``uow.memo`` key: this agency's reports on the cases of a batch, by case id."""


def _oldest_first(report: DeskReport) -> tuple[datetime, str, int]:
    return (report.reported_at, report.referral_id, report.seq)


@dataclass(frozen=True, slots=True)
class QueueQuery:
    """Which referrals a queue lists, newest first: of ``statuses`` (any when empty) and
    of ``case_id`` (any when None), ``limit`` of them from ``offset``."""

    statuses: Sequence[ReferralStatus] = ()
    case_id: str | None = None
    limit: int = 100
    offset: int = 0


class DeskRepository:
    """The desk's tables seen through one session: a command's unit of work (which also
    stages the rows a batch writes together, and keeps the batch's look-ups in its
    ``memo``) or a read session. The use cases take it as a port (``Desk.referrals``),
    so their unit tests pass an in-memory repository instead."""

    def __init__(self, session: Session, uow: UnitOfWork | None = None) -> None:
        self.session = session
        self._uow = uow

    def _staging(self) -> UnitOfWork:
        if self._uow is None:
            raise RuntimeError("a read session stages no rows")
        return self._uow

    def _stage(self, table: Table, row: dict[str, Any]) -> None:
        """Stage ``row`` in the command's unit of work: the one place the repository
        writes through staging, so an in-memory repository keeps the rows by overriding
        it alone."""
        self._staging().insert(table, row)

    def _memo(self) -> dict[str, Any]:
        return self._staging().memo

    def remember_known(self, referral_ids: Sequence[str]) -> None:
        """Look up at once which of a batch's referrals this agency already holds."""
        found = self.session.execute(
            _known(dialect_of(self.session)), {"keys": list(set(referral_ids))}
        ).scalars()
        self._memo()[KNOWN] = set(found)

    def exists(self, referral_id: str) -> bool:
        known: set[str] | None = self._memo().get(KNOWN)
        if known is not None:
            return referral_id in known
        found = self.session.execute(
            select(t.referral.c.referral_id).where(t.referral.c.referral_id == referral_id)
        ).first()
        return found is not None

    def get(self, referral_id: str, *, for_update: bool = False) -> DeskReferral:
        """The referral, locked for the transaction when ``for_update`` (PostgreSQL; SQLite
        write transactions are serialised by BEGIN IMMEDIATE). Raises NotFound."""
        statement = _REFERRAL_LOCKED if for_update else _REFERRAL
        row = self.session.execute(statement, {"referral_id": referral_id}).first()
        if row is None:
            raise NotFound(f"no referral {referral_id} at this agency")
        return _referral(row)

    def add(self, referral: DeskReferral, identity: ChildIdentity | None) -> None:
        """Stage a new referral (written with the batch's others, before anything reads it)."""
        self._stage(t.referral, _referral_values(referral))
        if identity is not None:
            self._stage(
                t.child,
                {"referral_id": referral.referral_id, "identity": identity.model_dump(mode="json")},
            )
        known: set[str] | None = self._memo().get(KNOWN)
        if known is not None:
            known.add(referral.referral_id)

    def save(self, referral: DeskReferral) -> None:
        values = _referral_values(referral)
        values.pop("referral_id")
        self.session.execute(
            update(t.referral)
            .where(t.referral.c.referral_id == referral.referral_id)
            .values(values)
        )

    def child_of(self, referral_id: str) -> ChildIdentity | None:
        identity = self.session.execute(
            select(t.child.c.identity).where(t.child.c.referral_id == referral_id)
        ).scalar_one_or_none()
        return None if identity is None else ChildIdentity.model_validate(identity)

    def queue(self, query: QueueQuery) -> list[DeskReferral]:
        """Referrals, newest first."""
        statement = select(t.referral)
        if query.statuses:
            statuses = [str(s) for s in query.statuses]
            statement = statement.where(t.referral.c.status.in_(statuses))
        if query.case_id is not None:
            statement = statement.where(t.referral.c.case_id == query.case_id)
        statement = statement.order_by(
            t.referral.c.received_at.desc(), t.referral.c.referral_id.desc()
        )
        rows = self.session.execute(statement.limit(query.limit).offset(query.offset)).all()
        return [_referral(row) for row in rows]

    def count_by_status(self) -> dict[str, int]:
        rows = self.session.execute(
            select(t.referral.c.status, func.count()).group_by(t.referral.c.status)
        ).all()
        return {str(status): int(n) for status, n in rows}

    def case_reports(self, case_id: str) -> tuple[DeskReport, ...]:
        """This agency's reports on a case, oldest first."""
        rows = self.session.execute(
            select(t.report)
            .where(t.report.c.case_id == case_id)
            .order_by(t.report.c.reported_at, t.report.c.referral_id, t.report.c.seq)
        ).all()
        return tuple(_report(row) for row in rows)

    def remember_case_reports(self, case_ids: Collection[str]) -> None:
        """Look up at once this agency's reports on a batch's cases."""
        by_case: dict[str, list[DeskReport]] = {case_id: [] for case_id in case_ids}
        rows = self.session.execute(
            _reports_of(dialect_of(self.session)), {"keys": list(set(case_ids))}
        ).all()
        for row in rows:
            by_case[row.case_id].append(_report(row))
        for reports in by_case.values():
            reports.sort(key=_oldest_first)
        self._memo()[CASE_REPORTS] = by_case

    def case_history(self, case_id: str) -> tuple[DeskReport, ...]:
        """:func:`case_reports`, from the batch's prefetch when it holds the case."""
        by_case: dict[str, list[DeskReport]] | None = self._memo().get(CASE_REPORTS)
        if by_case is not None and case_id in by_case:
            return tuple(by_case[case_id])
        return self.case_reports(case_id)

    def add_report(self, report: DeskReport, event_id: uuid.UUID) -> None:
        """Stage a report (written with the batch's others, before anything reads it)."""
        values = report.model_dump(mode="json")
        values["reported_at"] = report.reported_at
        values["facts"] = [fact.model_dump(mode="json") for fact in report.facts]
        values["warnings"] = list(report.warnings)
        values["event_id"] = str(event_id)
        self._stage(t.report, values)
        by_case: dict[str, list[DeskReport]] | None = self._memo().get(CASE_REPORTS)
        if by_case is not None and report.case_id in by_case:
            by_case[report.case_id].append(report)
            by_case[report.case_id].sort(key=_oldest_first)

    def reports_of(self, referral_id: str) -> list[tuple[DeskReport, str]]:
        """A referral's reports with the ce_id each was sent under, in order."""
        rows = self.session.execute(
            select(t.report).where(t.report.c.referral_id == referral_id).order_by(t.report.c.seq)
        ).all()
        return [(_report(row), str(row.event_id)) for row in rows]

    def add_sent(
        self,
        *,
        referral_id: str,
        event_id: uuid.UUID,
        event_type: str,
        topic: str,
        at: datetime,
    ) -> None:
        self._stage(
            t.sent,
            {
                "event_id": str(event_id),
                "referral_id": referral_id,
                "event_type": event_type,
                "topic": topic,
                "sent_at": at,
            },
        )

    def sent_of(self, referral_id: str) -> list[dict[str, Any]]:
        rows = self.session.execute(
            select(t.sent)
            .where(t.sent.c.referral_id == referral_id)
            .order_by(t.sent.c.sent_at, t.sent.c.event_id)
        ).all()
        return [dict(row._mapping) | {"sent_at": aware(row.sent_at)} for row in rows]

    def record_delivery(
        self,
        *,
        outcome_event_id: uuid.UUID,
        referral_id: str,
        companion_id: str,
        delivered_at: datetime | None = None,
        acknowledged_at: datetime | None = None,
    ) -> None:
        """Remember that an outcome reached the companion (or that they acknowledged it);
        a repeated notice keeps the first time."""
        row = {
            "outcome_event_id": str(outcome_event_id),
            "referral_id": referral_id,
            "companion_id": companion_id,
            "delivered_at": delivered_at,
            "acknowledged_at": acknowledged_at,
        }
        self.session.execute(_record_delivery(dialect_of(self.session)), row)

    def deliveries_of(self, referral_id: str) -> dict[str, dict[str, Any]]:
        """The referral's delivery notices, by the ce_id of the delivered outcome."""
        rows = self.session.execute(
            select(t.delivery).where(t.delivery.c.referral_id == referral_id)
        )
        return {
            str(row.outcome_event_id): {
                "companion_id": row.companion_id,
                "delivered_at": aware_or_none(row.delivered_at),
                "acknowledged_at": aware_or_none(row.acknowledged_at),
            }
            for row in rows
        }

    def add_onward(
        self,
        *,
        onward_referral_id: str,
        origin_referral_id: str,
        target_id: str,
        stage: str,
        service: str,
        issued_at: datetime,
    ) -> None:
        self.session.execute(
            insert(t.onward).values(
                onward_referral_id=onward_referral_id,
                origin_referral_id=origin_referral_id,
                target_id=target_id,
                stage=stage,
                service=service,
                issued_at=issued_at,
            )
        )

    def onward_of(self, referral_id: str) -> list[dict[str, Any]]:
        rows = self.session.execute(
            select(t.onward)
            .where(t.onward.c.origin_referral_id == referral_id)
            .order_by(t.onward.c.issued_at)
        ).all()
        return [dict(row._mapping) | {"issued_at": aware(row.issued_at)} for row in rows]

    def add_capacity(
        self,
        *,
        service: str,
        available: int,
        capacity: int | None,
        as_of: datetime,
        event_id: uuid.UUID,
        sent_to: list[str],
    ) -> None:
        self.session.execute(
            insert(t.capacity).values(
                service=service,
                available=available,
                capacity=capacity,
                as_of=as_of,
                event_id=str(event_id),
                sent_to=sent_to,
            )
        )

    def latest_capacity(self) -> list[dict[str, Any]]:
        """The newest notice of each service."""
        newest = (
            select(t.capacity.c.service, func.max(t.capacity.c.id).label("id"))
            .group_by(t.capacity.c.service)
            .subquery()
        )
        rows = self.session.execute(
            select(t.capacity)
            .join(newest, t.capacity.c.id == newest.c.id)
            .order_by(t.capacity.c.service)
        ).all()
        return [dict(row._mapping) | {"as_of": aware(row.as_of)} for row in rows]


@per_dialect
def _known(dialect: str) -> Select[tuple[str]]:
    column = t.referral.c.referral_id
    return select(column).where(keyed(column, dialect))


@per_dialect
def _reports_of(dialect: str) -> Select[Any]:
    return select(t.report).where(keyed(t.report.c.case_id, dialect))
