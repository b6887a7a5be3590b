"""Rows ↔ the education domain's frozen models, for the use cases' units of work.

The report row holds the pure ``SchoolReport`` as JSON (roles and local ids only); names
are written to ``education_identity`` alone and read back only by the routes that show
them to the school's own staff, or by a referral that needs the child's identity.
"""

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, func, insert, select, update
from sqlalchemy.orm import Session

from rujukan.errors import NotFound
from services.education import tables as t
from services.education.domain import Deadline, PartyIdentity, Record, SchoolReport


def add_report(session: Session, report: SchoolReport, now: datetime) -> None:
    session.execute(
        insert(t.report).values(
            reference=report.reference,
            origin=report.origin.value,
            handler=report.handler.value,
            status=report.status.value,
            received_on=report.received_on,
            state=report.model_dump(mode="json"),
            created_at=now,
            updated_at=now,
        )
    )


def load(session: Session, reference: str, *, for_update: bool = False) -> SchoolReport:
    """The report, locked for the command when ``for_update``; NotFound if unknown."""
    query = select(t.report.c.state).where(t.report.c.reference == reference)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no school report {reference!r}")
    return SchoolReport.model_validate(row.state)


def save(session: Session, report: SchoolReport, now: datetime) -> None:
    session.execute(
        update(t.report)
        .where(t.report.c.reference == report.reference)
        .values(
            handler=report.handler.value,
            status=report.status.value,
            state=report.model_dump(mode="json"),
            updated_at=now,
        )
    )


def reports(session: Session, handler: str | None = None) -> list[SchoolReport]:
    query = select(t.report.c.state).order_by(t.report.c.updated_at.desc())
    if handler is not None:
        query = query.where(t.report.c.handler == handler)
    return [SchoolReport.model_validate(row.state) for row in session.execute(query)]


def append_records(
    session: Session, reference: str, records: Iterable[Record], now: datetime
) -> None:
    last = session.execute(
        select(func.max(t.record.c.seq)).where(t.record.c.reference == reference)
    ).scalar()
    rows = [
        {
            "reference": reference,
            "seq": (last or 0) + number,
            "record_type": type(item).__name__,
            "article": item.article,
            "happened_on": item.on,
            "body": item.model_dump(mode="json"),
            "recorded_at": now,
        }
        for number, item in enumerate(records, start=1)
    ]
    if rows:
        session.execute(insert(t.record), rows)


def records_of(session: Session, reference: str) -> list[dict[str, Any]]:
    query = (
        select(t.record.c.seq, t.record.c.record_type, t.record.c.article, t.record.c.happened_on)
        .where(t.record.c.reference == reference)
        .order_by(t.record.c.seq)
    )
    return [dict(row._mapping) for row in session.execute(query)]


# --- identities -------------------------------------------------------------------------


def add_identities(session: Session, reference: str, identities: Iterable[PartyIdentity]) -> None:
    rows = [
        {"reference": reference, "party_id": i.party_id, "identity": i.model_dump(mode="json")}
        for i in identities
    ]
    if rows:
        session.execute(insert(t.identity), rows)


def identities(session: Session, reference: str) -> dict[str, PartyIdentity]:
    query = select(t.identity.c.identity).where(t.identity.c.reference == reference)
    found = [PartyIdentity.model_validate(row.identity) for row in session.execute(query)]
    return {i.party_id: i for i in found}


def add_process_code(
    session: Session, code_digest: str, reference: str, party_id: str, now: datetime
) -> None:
    session.execute(
        insert(t.process_code).values(
            code_digest=code_digest, reference=reference, party_id=party_id, issued_at=now
        )
    )


def process_code(session: Session, code_digest: str) -> tuple[str, str]:
    """The report and party a process code was issued for (404 when unknown)."""
    row = session.execute(
        select(t.process_code.c.reference, t.process_code.c.party_id).where(
            t.process_code.c.code_digest == code_digest
        )
    ).first()
    if row is None:
        raise NotFound("no such process code")
    return row.reference, row.party_id


# --- hub cases, referrals, outcomes, notices ----------------------------------------------


def hub_case(session: Session, reference: str, party_id: str) -> str | None:
    query = select(t.hub_case.c.case_id).where(
        t.hub_case.c.reference == reference, t.hub_case.c.party_id == party_id
    )
    return session.execute(query).scalar()


def hub_cases(session: Session, reference: str) -> list[dict[str, Any]]:
    query = select(t.hub_case).where(t.hub_case.c.reference == reference)
    return [dict(row._mapping) for row in session.execute(query)]


def add_hub_case(session: Session, **row: Any) -> None:
    session.execute(insert(t.hub_case).values(**row))


def add_referral(session: Session, **row: Any) -> None:
    session.execute(insert(t.referral).values(**row))


def referral(session: Session, referral_id: str, *, for_update: bool = False) -> dict[str, Any]:
    query = select(t.referral).where(t.referral.c.referral_id == referral_id)
    if for_update:
        query = query.with_for_update()
    row = session.execute(query).first()
    if row is None:
        raise NotFound(f"no referral {referral_id!r} issued by this service")
    return dict(row._mapping)


def update_referral(session: Session, referral_id: str, **values: Any) -> None:
    session.execute(
        update(t.referral).where(t.referral.c.referral_id == referral_id).values(**values)
    )


def referrals_of(session: Session, reference: str) -> list[dict[str, Any]]:
    query = (
        select(t.referral)
        .where(t.referral.c.reference == reference)
        .order_by(t.referral.c.issued_at, t.referral.c.referral_id)
    )
    return [dict(row._mapping) for row in session.execute(query)]


def add_outcome(session: Session, **row: Any) -> None:
    session.execute(insert(t.outcome).values(**row))


def outcomes_of(session: Session, referral_ids: Sequence[str]) -> list[dict[str, Any]]:
    if not referral_ids:
        return []
    query = (
        select(t.outcome)
        .where(t.outcome.c.referral_id.in_(referral_ids))
        .order_by(t.outcome.c.received_at)
    )
    return [dict(row._mapping) for row in session.execute(query)]


def add_notice(session: Session, **row: Any) -> None:
    session.execute(insert(t.notice).values(**row))


def _rows_of(
    session: Session, table: Table, reference: str, *order: ColumnElement[Any]
) -> list[dict[str, Any]]:
    """The rows of a report in ``table``, in the order given."""
    query = select(table).where(table.c.reference == reference).order_by(*order)
    return [dict(row._mapping) for row in session.execute(query)]


def notices_of(session: Session, reference: str) -> list[dict[str, Any]]:
    return _rows_of(session, t.notice, reference, t.notice.c.issued_at)


def add_unroutable(session: Session, **row: Any) -> None:
    session.execute(insert(t.unroutable).values(**row))


def unroutable_of(session: Session, reference: str) -> list[dict[str, Any]]:
    table = t.unroutable
    return _rows_of(session, table, reference, table.c.detected_at, table.c.id)


def add_copies(session: Session, **row: Any) -> None:
    session.execute(insert(t.copies).values(**row))


def copies_of(session: Session, reference: str) -> list[dict[str, Any]]:
    return _rows_of(session, t.copies, reference, t.copies.c.sent_at, t.copies.c.copies_id)


# --- deadlines --------------------------------------------------------------------------


def sync_deadlines(
    session: Session, reference: str, found: Iterable[Deadline], handler: str
) -> None:
    """Store the deadlines as computed now: new ones inserted, known ones updated; the
    record of an announced miss is kept."""
    existing = {
        (row.rule, row.party_id, row.starts_on): row.id
        for row in session.execute(
            select(
                t.deadline.c.id, t.deadline.c.rule, t.deadline.c.party_id, t.deadline.c.starts_on
            ).where(t.deadline.c.reference == reference)
        )
    }
    for deadline in found:
        values = {
            "due_on": deadline.due,
            "unit": deadline.unit.value,
            "kind": deadline.kind.value,
            "article": deadline.article,
            "status": deadline.status.value,
            "done_on": deadline.done_on,
            "handler": handler,
        }
        key = (deadline.rule, deadline.party_id or "", deadline.starts_on)
        if key in existing:
            session.execute(
                update(t.deadline).where(t.deadline.c.id == existing[key]).values(**values)
            )
        else:
            session.execute(
                insert(t.deadline).values(
                    reference=reference,
                    rule=deadline.rule,
                    party_id=deadline.party_id or "",
                    starts_on=deadline.starts_on,
                    **values,
                )
            )


def deadline_rows(
    session: Session, *, reference: str | None = None, missed_only: bool = False
) -> list[dict[str, Any]]:
    query = select(t.deadline).order_by(t.deadline.c.due_on, t.deadline.c.id)
    if reference is not None:
        query = query.where(t.deadline.c.reference == reference)
    if missed_only:
        query = query.where(t.deadline.c.status == "missed")
    return [dict(row._mapping) for row in session.execute(query)]


def references_to_check(session: Session, today: date) -> list[str]:
    """Reports with a duty past due and not done, or a miss not yet announced."""
    pending_past_due = (t.deadline.c.status == "pending") & (t.deadline.c.due_on < today)
    unannounced = (t.deadline.c.status == "missed") & t.deadline.c.missed_event_id.is_(None)
    query = (
        select(t.deadline.c.reference)
        .where((t.deadline.c.kind == "limit") & (pending_past_due | unannounced))
        .distinct()
    )
    return [str(row[0]) for row in session.execute(query)]


def unannounced_misses(session: Session, reference: str) -> list[dict[str, Any]]:
    query = select(t.deadline).where(
        t.deadline.c.reference == reference,
        t.deadline.c.status == "missed",
        t.deadline.c.missed_event_id.is_(None),
    )
    return [dict(row._mapping) for row in session.execute(query)]


def mark_announced(session: Session, row_id: int, event_id: str, at: datetime) -> None:
    session.execute(
        update(t.deadline)
        .where(t.deadline.c.id == row_id)
        .values(missed_event_id=event_id, missed_notified_at=at)
    )
