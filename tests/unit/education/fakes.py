"""The education use cases on in-memory tables: :class:`InMemorySchool` keeps every write
in a :class:`SchoolState`, and :func:`school_on` wires a `SchoolService` to it through
its ports (``unit_of_work``, ``repository``, ``audit``), with a fixed clock."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import load_directory
from rujukan.errors import NotFound
from rujukan.runtime.uow import UnitOfWork
from schemas.events import (
    ReferralAnswer,
    SchoolCopiesSent,
    SchoolNoticeIssued,
    SchoolReferralUnroutable,
)
from services.education.domain import BatangReferral, Deadline, PartyIdentity, Record, SchoolReport
from services.education.domain.procedure import district_procedure
from services.education.domain.values import Notice
from services.education.repository import (
    DeadlineRow,
    HubCase,
    ReferralRow,
    SchoolRepository,
)
from services.education.usecases import SchoolService
from services.education.views import OutcomeView
from tests.support.fakes import FakeUnitOfWork, RecordedReads, State

NOON = datetime(2026, 3, 10, 5, 0, tzinfo=UTC)
"""Tuesday 10 March 2026, noon in Batang and Singkawang (WIB)."""


class SchoolState(State):
    """The education tables, in memory, and the audit of identity reads."""

    def __init__(self) -> None:
        super().__init__()
        self.reports: dict[str, SchoolReport] = {}
        self.records: dict[str, list[Record]] = {}
        self.identities: dict[str, dict[str, PartyIdentity]] = {}
        self.hub_cases: list[HubCase] = []
        self.referrals: dict[str, ReferralRow] = {}
        self.outcomes: list[ReferralAnswer] = []
        self.notices: list[SchoolNoticeIssued] = []
        self.unroutable: list[SchoolReferralUnroutable] = []
        self.copies: list[SchoolCopiesSent] = []
        self.deadlines: list[DeadlineRow] = []
        self.audit = RecordedReads()


class InMemorySchool(SchoolRepository):
    """A `SchoolRepository` whose writes and the reads the commands make work on a
    `SchoolState` (the views of a report's detail are not kept)."""

    def __init__(self, state: SchoolState) -> None:  # no session
        self.state = state

    def add_report(self, report: SchoolReport, now: datetime) -> None:
        self.state.reports[report.reference] = report

    def load(self, reference: str, *, for_update: bool = False) -> SchoolReport:
        try:
            return self.state.reports[reference]
        except KeyError:
            raise NotFound(f"no school report {reference!r}") from None

    def save(self, report: SchoolReport, now: datetime) -> None:
        self.state.reports[report.reference] = report

    def reports(self, handler: str | None = None) -> list[SchoolReport]:
        return [r for r in self.state.reports.values() if handler in (None, r.handler.value)]

    def append_records(self, reference: str, records: Iterable[Record], now: datetime) -> None:
        self.state.records.setdefault(reference, []).extend(records)

    def add_identities(self, reference: str, identities: Iterable[PartyIdentity]) -> None:
        self.state.identities.setdefault(reference, {}).update({i.party_id: i for i in identities})

    def identities(self, reference: str) -> dict[str, PartyIdentity]:
        return dict(self.state.identities.get(reference, {}))

    def hub_case(self, reference: str, party_id: str) -> str | None:
        cases = self.state.hub_cases
        return next(
            (c.case_id for c in cases if (c.reference, c.party_id) == (reference, party_id)), None
        )

    def add_hub_case(self, case: HubCase) -> None:
        self.state.hub_cases.append(case)

    def hub_cases(self, reference: str) -> list[Any]:
        return [c for c in self.state.hub_cases if c.reference == reference]

    def add_referral(self, row: ReferralRow) -> None:
        self.state.referrals[row.referral_id] = row

    def referral(self, referral_id: str, *, for_update: bool = False) -> ReferralRow:
        try:
            return self.state.referrals[referral_id]
        except KeyError:
            raise NotFound(f"no referral {referral_id!r} issued by this service") from None

    def update_referral(
        self, referral_id: str, *, status: str | None = None, steps: BatangReferral | None = None
    ) -> None:
        row = self.referral(referral_id)
        row = replace(row, status=status) if status is not None else row
        self.state.referrals[referral_id] = replace(row, steps=steps) if steps else row

    def referrals_of(self, reference: str) -> list[ReferralRow]:
        return [r for r in self.state.referrals.values() if r.reference == reference]

    def add_outcome(self, answer: ReferralAnswer, event_id: str, received_at: datetime) -> None:
        self.state.outcomes.append(answer)

    def outcomes_of(self, referral_ids: Sequence[str]) -> dict[str, list[OutcomeView]]:
        found: dict[str, list[OutcomeView]] = {r: [] for r in referral_ids}
        for answer in self.state.outcomes:
            if answer.referral_id in found:
                found[answer.referral_id].append(
                    OutcomeView(
                        event_type=answer.event_type,
                        agency_id=answer.agency_id,
                        final=False,
                        body=answer.model_dump(mode="json"),
                        received_at=NOON,
                    )
                )
        return found

    def add_notice(self, issued: SchoolNoticeIssued, party_id: str | None, event_id: str) -> None:
        self.state.notices.append(issued)

    def add_unroutable(
        self, announced: SchoolReferralUnroutable, party_id: str | None, purpose: str, event_id: str
    ) -> None:
        self.state.unroutable.append(announced)

    def add_copies(self, sent: SchoolCopiesSent, copies: Iterable[Notice], event_id: str) -> None:
        self.state.copies.append(sent)

    def sync_deadlines(self, reference: str, found: Iterable[Deadline], handler: str) -> None:
        kept = [d for d in self.state.deadlines if d.reference != reference]
        self.state.deadlines = kept + [
            DeadlineRow(
                id=len(kept) + number,
                reference=reference,
                rule=d.rule,
                party_id=d.party_id or "",
                starts_on=d.starts_on,
                due_on=d.due,
                unit=d.unit.value,
                kind=d.kind.value,
                article=d.article,
                status=d.status.value,
                done_on=d.done_on,
                handler=handler,
                missed_event_id=None,
                missed_notified_at=None,
            )
            for number, d in enumerate(found, start=1)
        ]

    def deadlines(
        self, reference: str | None = None, *, missed_only: bool = False, unannounced: bool = False
    ) -> list[DeadlineRow]:
        return [
            d
            for d in self.state.deadlines
            if reference in (None, d.reference)
            and (d.status == "missed" or not (missed_only or unannounced))
            and (d.missed_event_id is None or not unannounced)
        ]

    def references_to_check(self, today: date) -> list[str]:
        return sorted({d.reference for d in self.state.deadlines if d.kind == "limit"})


def school_on(state: SchoolState, agency_id: str, now: datetime = NOON) -> SchoolService:
    """The education service of ``agency_id`` on ``state``, at ``now``."""
    directory = load_directory()
    agency = directory.get(agency_id)

    def unit_of_work() -> UnitOfWork:
        return FakeUnitOfWork(state, agency_id)

    def repository(_session: Session) -> SchoolRepository:
        return InMemorySchool(state)

    return SchoolService(
        agency=agency,
        directory=directory,
        unit_of_work=unit_of_work,
        read_sessions=sessionmaker(),
        audit=state.audit,
        procedure=district_procedure(agency),
        clock=lambda: now,
        repository=repository,
    )
