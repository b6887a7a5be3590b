"""Persistence of violence in schools: rows ↔ the domain's frozen models and small typed
rows, one repository class (:class:`SchoolRepository`) over a unit of work's session or a
read session, as the desk's ``DeskRepository`` and the intake hub's ``CaseRepository``.
No rules here: the domain decides, this module reads and writes.

The report row holds the pure ``SchoolReport`` as JSON (roles and local ids only); names
are written to ``education_party_identities`` alone and read back only by the routes that show
them to the school's own staff, or by a referral that needs the child's identity.
"""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import ColumnElement, Table, func, insert, select, update
from sqlalchemy.orm import Session

from rujukan.errors import NotFound
from rujukan.stamps import aware
from schemas.events import (
    ReferralAnswer,
    SchoolCopiesSent,
    SchoolNoticeIssued,
    SchoolReferralUnroutable,
    ServiceReported,
)
from schemas.vocabulary import ServiceType
from services.education import tables as t
from services.education.domain import (
    BatangReferral,
    Deadline,
    IssuedReferral,
    PartyIdentity,
    Record,
    SchoolReport,
)
from services.education.domain.values import Notice
from services.education.views import (
    CopiesView,
    HubCaseView,
    NoticeView,
    OutcomeView,
    RecordView,
    UnroutableView,
)


@dataclass(frozen=True, slots=True)
class HubCase:
    """The intake hub's case opened for a child of a report (``education_hub_cases``)."""

    case_id: str
    reference: str
    party_id: str
    hub_id: str
    submitted_at: datetime
    event_id: str


@dataclass(frozen=True, slots=True)
class ReferralRow(IssuedReferral):
    """A referral the service issued (``education_referrals``), its BTG 18(6) steps parsed."""

    party_id: str | None
    purpose: str
    article: str
    stage: str
    identity_included: bool
    status: str
    issued_at: datetime
    event_id: str
    steps: BatangReferral | None = None


@dataclass(frozen=True, slots=True)
class DeadlineRow:
    """A deadline as last computed (``education_deadlines``); ``party_id`` "" for none."""

    id: int
    reference: str
    rule: str
    party_id: str
    starts_on: date
    due_on: date
    unit: str
    kind: str
    article: str
    status: str
    done_on: date | None
    handler: str
    missed_event_id: str | None
    missed_notified_at: datetime | None


def _referral(row: Mapping[Any, Any]) -> ReferralRow:
    data = dict(row)
    steps = data["steps"]
    data["steps"] = None if steps is None else BatangReferral.model_validate(steps)
    return ReferralRow(
        **data | {"service": ServiceType(data["service"]), "issued_at": aware(data["issued_at"])}
    )


def _deadline(row: Mapping[Any, Any]) -> DeadlineRow:
    notified = row["missed_notified_at"]
    return DeadlineRow(**dict(row) | {"missed_notified_at": notified and aware(notified)})


class SchoolRepository:
    """The education tables seen through one session: a command's unit of work or a
    read session. The use cases take it as a port (``School.repository``), so their unit
    tests pass an in-memory repository instead."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- reports and their records --------------------------------------------------------

    def add_report(self, report: SchoolReport, now: datetime) -> None:
        self.session.execute(
            insert(t.report).values(
                reference=report.reference,
                origin=report.origin.value,
                received_on=report.received_on,
                created_at=now,
                **self._report_values(report, now),
            )
        )

    @staticmethod
    def _report_values(report: SchoolReport, now: datetime) -> dict[str, Any]:
        return {
            "handler": report.handler.value,
            "status": report.status.value,
            "state": report.model_dump(mode="json"),
            "updated_at": now,
        }

    def load(self, reference: str, *, for_update: bool = False) -> SchoolReport:
        """The report, locked for the command when ``for_update``; NotFound if unknown."""
        query = select(t.report.c.state).where(t.report.c.reference == reference)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        if row is None:
            raise NotFound(f"no school report {reference!r}")
        return SchoolReport.model_validate(row.state)

    def save(self, report: SchoolReport, now: datetime) -> None:
        self.session.execute(
            update(t.report)
            .where(t.report.c.reference == report.reference)
            .values(**self._report_values(report, now))
        )

    def reports(self, handler: str | None = None) -> list[SchoolReport]:
        query = select(t.report.c.state).order_by(t.report.c.updated_at.desc())
        if handler is not None:
            query = query.where(t.report.c.handler == handler)
        return [SchoolReport.model_validate(row.state) for row in self.session.execute(query)]

    def append_records(self, reference: str, records: Iterable[Record], now: datetime) -> None:
        last = self.session.execute(
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
            self.session.execute(insert(t.record), rows)

    def records_of(self, reference: str) -> list[RecordView]:
        return [
            RecordView.model_validate(r) for r in self._rows(t.record, reference, t.record.c.seq)
        ]

    # --- identities and process codes -----------------------------------------------------

    def add_identities(self, reference: str, identities: Iterable[PartyIdentity]) -> None:
        rows = [
            {"reference": reference, "party_id": i.party_id, "identity": i.model_dump(mode="json")}
            for i in identities
        ]
        if rows:
            self.session.execute(insert(t.identity), rows)

    def identities(self, reference: str) -> dict[str, PartyIdentity]:
        query = select(t.identity.c.identity).where(t.identity.c.reference == reference)
        found = [PartyIdentity.model_validate(row.identity) for row in self.session.execute(query)]
        return {i.party_id: i for i in found}

    def add_process_code(
        self, code_digest: str, reference: str, party_id: str, now: datetime
    ) -> None:
        self.session.execute(
            insert(t.process_code).values(
                code_digest=code_digest, reference=reference, party_id=party_id, issued_at=now
            )
        )

    def process_code(self, code_digest: str) -> tuple[str, str]:
        """The report and party a process code was issued for (404 when unknown)."""
        code = t.process_code.c
        query = select(code.reference, code.party_id).where(code.code_digest == code_digest)
        row = self.session.execute(query).first()
        if row is None:
            raise NotFound("no such process code")
        return row.reference, row.party_id

    # --- hub cases, referrals, outcomes -----------------------------------------------------

    def hub_case(self, reference: str, party_id: str) -> str | None:
        query = select(t.hub_case.c.case_id).where(
            t.hub_case.c.reference == reference, t.hub_case.c.party_id == party_id
        )
        return self.session.execute(query).scalar()

    def hub_cases(self, reference: str) -> list[HubCaseView]:
        return [HubCaseView.model_validate(r) for r in self._rows(t.hub_case, reference)]

    def add_hub_case(self, case: HubCase) -> None:
        self.session.execute(insert(t.hub_case).values(**asdict(case)))

    def add_referral(self, row: ReferralRow) -> None:
        values = asdict(row) | {"service": row.service.value, "steps": None}
        self.session.execute(insert(t.referral).values(**values))

    def referral(self, referral_id: str, *, for_update: bool = False) -> ReferralRow:
        query = select(t.referral).where(t.referral.c.referral_id == referral_id)
        if for_update:
            query = query.with_for_update()
        row = self.session.execute(query).first()
        if row is None:
            raise NotFound(f"no referral {referral_id!r} issued by this service")
        return _referral(row._mapping)

    def update_referral(
        self, referral_id: str, *, status: str | None = None, steps: BatangReferral | None = None
    ) -> None:
        values: dict[str, Any] = {"status": status} if status is not None else {}
        if steps is not None:
            values["steps"] = steps.model_dump(mode="json")
        self.session.execute(
            update(t.referral).where(t.referral.c.referral_id == referral_id).values(**values)
        )

    def referrals_of(self, reference: str) -> list[ReferralRow]:
        order = (t.referral.c.issued_at, t.referral.c.referral_id)
        return [_referral(row) for row in self._rows(t.referral, reference, *order)]

    def add_outcome(self, answer: ReferralAnswer, event_id: str, received_at: datetime) -> None:
        """An answer or report about a referral of this service, as received."""
        reported = answer if isinstance(answer, ServiceReported) else None
        self.session.execute(
            insert(t.outcome).values(
                event_id=event_id,
                referral_id=answer.referral_id,
                event_type=answer.event_type,
                agency_id=answer.agency_id,
                status=reported.status.value if reported else None,
                final=reported is not None and reported.final,
                body=answer.model_dump(mode="json"),
                received_at=received_at,
            )
        )

    def outcomes_of(self, referral_ids: Sequence[str]) -> dict[str, list[OutcomeView]]:
        """The answers and reports about each referral, oldest first."""
        found: dict[str, list[OutcomeView]] = {r: [] for r in referral_ids}
        if referral_ids:
            query = (
                select(t.outcome)
                .where(t.outcome.c.referral_id.in_(referral_ids))
                .order_by(t.outcome.c.received_at)
            )
            for row in self.session.execute(query):
                found[row.referral_id].append(OutcomeView.model_validate(row._mapping))
        return found

    # --- what BTG 18 and SKW 47, 52 made the school send ------------------------------------

    def add_notice(self, issued: SchoolNoticeIssued, party_id: str | None, event_id: str) -> None:
        """A notice as announced, with the pupil it is about (a party id stays here)."""
        self.session.execute(
            insert(t.notice).values(
                notice_id=issued.notice_id,
                reference=issued.case_id,
                kind=issued.kind.value,
                party_id=party_id,
                article=issued.article,
                by_letter=issued.by_letter,
                services=[s.value for s in issued.services],
                issued_at=issued.issued_at,
                event_id=event_id,
            )
        )

    def notices_of(self, reference: str) -> list[NoticeView]:
        rows = self._rows(t.notice, reference, t.notice.c.issued_at)
        return [NoticeView.model_validate(r) for r in rows]

    def add_unroutable(
        self, announced: SchoolReferralUnroutable, party_id: str | None, purpose: str, event_id: str
    ) -> None:
        """A referral owed at once that could not be routed, as announced, with its pupil."""
        self.session.execute(
            insert(t.unroutable).values(
                reference=announced.case_id,
                party_id=party_id or "",
                purpose=purpose,
                service=announced.service.value,
                article=announced.article,
                about=[role.value for role in announced.about],
                detected_at=announced.detected_at,
                event_id=event_id,
            )
        )

    def unroutable_of(self, reference: str) -> list[UnroutableView]:
        rows = self._rows(t.unroutable, reference, t.unroutable.c.detected_at, t.unroutable.c.id)
        return [
            UnroutableView.model_validate(r | {"party_id": r["party_id"] or None}) for r in rows
        ]

    def add_copies(self, sent: SchoolCopiesSent, copies: Iterable[Notice], event_id: str) -> None:
        """A document as announced, with each person it went to (recipient, party id)."""
        self.session.execute(
            insert(t.copies).values(
                copies_id=sent.copies_id,
                reference=sent.case_id,
                document=sent.document.value,
                article=sent.article,
                recipients=[copy.model_dump(mode="json") for copy in copies],
                issued_on=sent.issued_on,
                sent_at=sent.sent_at,
                event_id=event_id,
            )
        )

    def copies_of(self, reference: str) -> list[CopiesView]:
        rows = self._rows(t.copies, reference, t.copies.c.sent_at, t.copies.c.copies_id)
        return [CopiesView.model_validate(r) for r in rows]

    def _rows(self, table: Table, reference: str, *order: ColumnElement[Any]) -> list[Any]:
        """The rows of a report in ``table``, in the order given, as mappings."""
        query = select(table).where(table.c.reference == reference).order_by(*order)
        return [dict(row._mapping) for row in self.session.execute(query)]

    # --- deadlines ------------------------------------------------------------------------

    def sync_deadlines(self, reference: str, found: Iterable[Deadline], handler: str) -> None:
        """Store the deadlines as computed now: new ones inserted, known ones updated; the
        record of an announced miss is kept."""
        existing = {(r.rule, r.party_id, r.starts_on): r.id for r in self.deadlines(reference)}
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
                where = t.deadline.c.id == existing[key]
                self.session.execute(update(t.deadline).where(where).values(**values))
            else:
                keys = dict(zip(("rule", "party_id", "starts_on"), key, strict=True))
                self.session.execute(
                    insert(t.deadline).values(reference=reference, **keys, **values)
                )

    def deadlines(
        self, reference: str | None = None, *, missed_only: bool = False, unannounced: bool = False
    ) -> list[DeadlineRow]:
        """The deadlines of one report or of all, by due date; only the missed ones, or
        only those whose miss is not announced yet."""
        query = select(t.deadline).order_by(t.deadline.c.due_on, t.deadline.c.id)
        if reference is not None:
            query = query.where(t.deadline.c.reference == reference)
        if missed_only or unannounced:
            query = query.where(t.deadline.c.status == "missed")
        if unannounced:
            query = query.where(t.deadline.c.missed_event_id.is_(None))
        return [_deadline(row._mapping) for row in self.session.execute(query)]

    def references_to_check(self, today: date) -> list[str]:
        """Reports with a duty past due and not done, or a miss not yet announced."""
        pending_past_due = (t.deadline.c.status == "pending") & (t.deadline.c.due_on < today)
        unannounced = (t.deadline.c.status == "missed") & t.deadline.c.missed_event_id.is_(None)
        query = (
            select(t.deadline.c.reference)
            .where((t.deadline.c.kind == "limit") & (pending_past_due | unannounced))
            .distinct()
        )
        return [str(row[0]) for row in self.session.execute(query)]

    def mark_announced(self, row_id: int, event_id: str, at: datetime) -> None:
        self.session.execute(
            update(t.deadline)
            .where(t.deadline.c.id == row_id)
            .values(missed_event_id=event_id, missed_notified_at=at)
        )
