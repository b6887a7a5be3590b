"""The desk's use cases on in-memory tables: :class:`InMemoryReferrals` keeps every
write in a :class:`DeskState`, and :func:`desk_on` wires a `Desk` to it through its
ports (``unit_of_work``, ``referrals``, ``audit``), with a fixed clock."""

from __future__ import annotations

import uuid
from collections.abc import Collection, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Table
from sqlalchemy.orm import Session, sessionmaker

from rujukan.desk import Desk
from rujukan.desk import tables as t
from rujukan.desk.domain import DeskReferral
from rujukan.desk.rules import DeskReport, no_policy
from rujukan.desk.store import DeskRepository, QueueQuery
from rujukan.directory import load_directory
from rujukan.errors import NotFound
from rujukan.runtime.uow import UnitOfWork
from schemas.events import ChildIdentity
from tests.support.fakes import FakeUnitOfWork, RecordedReads, State
from tests.support.referrals import NOW


class DeskState(State):
    """The desk's tables, in memory, and the audit of identity reads."""

    def __init__(self) -> None:
        super().__init__()
        self.referrals: dict[str, DeskReferral] = {}
        self.children: dict[str, ChildIdentity] = {}
        self.reports: list[tuple[DeskReport, str]] = []
        self.sent: list[dict[str, Any]] = []
        self.onward: list[dict[str, Any]] = []
        self.audit = RecordedReads()


class InMemoryReferrals(DeskRepository):
    """A `DeskRepository` whose every method the desk's use cases call works on a
    `DeskState` (deliveries and capacity notices are not kept)."""

    def __init__(self, state: DeskState) -> None:  # no session
        self.state = state

    def remember_known(self, referral_ids: Sequence[str]) -> None:
        """Every look-up reads the state."""

    def exists(self, referral_id: str) -> bool:
        return referral_id in self.state.referrals

    def get(self, referral_id: str, *, for_update: bool = False) -> DeskReferral:
        try:
            return self.state.referrals[referral_id]
        except KeyError:
            raise NotFound(f"no referral {referral_id} at this agency") from None

    def add(self, referral: DeskReferral, identity: ChildIdentity | None) -> None:
        self.state.referrals[referral.referral_id] = referral
        if identity is not None:
            self.state.children[referral.referral_id] = identity

    def save(self, referral: DeskReferral) -> None:
        assert referral.referral_id in self.state.referrals
        self.state.referrals[referral.referral_id] = referral

    def child_of(self, referral_id: str) -> ChildIdentity | None:
        return self.state.children.get(referral_id)

    def queue(self, query: QueueQuery) -> list[DeskReferral]:
        listed = [
            r
            for r in self.state.referrals.values()
            if (not query.statuses or r.status in query.statuses)
            and query.case_id in (None, r.case_id)
        ]
        return listed[query.offset : query.offset + query.limit]

    def case_reports(self, case_id: str) -> tuple[DeskReport, ...]:
        return tuple(r for r, _ in self.state.reports if r.case_id == case_id)

    def remember_case_reports(self, case_ids: Collection[str]) -> None:
        """Every look-up reads the state."""

    def case_history(self, case_id: str) -> tuple[DeskReport, ...]:
        return self.case_reports(case_id)

    def add_report(self, report: DeskReport, event_id: uuid.UUID) -> None:
        self.state.reports.append((report, str(event_id)))

    def reports_of(self, referral_id: str) -> list[tuple[DeskReport, str]]:
        return [(r, e) for r, e in self.state.reports if r.referral_id == referral_id]

    def _stage(self, table: Table, row: dict[str, Any]) -> None:
        """The use cases stage only their sent events through here (`add` and
        `add_report` are kept above)."""
        assert table is t.sent, table
        self.state.sent.append(row)

    def sent_of(self, referral_id: str) -> list[dict[str, Any]]:
        return [s for s in self.state.sent if s["referral_id"] == referral_id]

    def deliveries_of(self, referral_id: str) -> dict[str, dict[str, Any]]:
        return {}

    def onward_of(self, referral_id: str) -> list[dict[str, Any]]:
        return [o for o in self.state.onward if o["origin_referral_id"] == referral_id]


def desk_on(state: DeskState, agency_id: str = "kh-rsud", now: datetime = NOW) -> Desk:
    """The desk of ``agency_id`` on ``state``, at ``now``."""
    directory = load_directory()

    def unit_of_work() -> UnitOfWork:
        return FakeUnitOfWork(state, agency_id)

    def referrals(_session: Session, _uow: UnitOfWork | None) -> DeskRepository:
        return InMemoryReferrals(state)

    return Desk(
        agency=directory.get(agency_id),
        directory=directory,
        unit_of_work=unit_of_work,
        read_sessions=sessionmaker(),
        audit=state.audit,
        policy=no_policy,
        clock=lambda: now,
        referrals=referrals,
    )
