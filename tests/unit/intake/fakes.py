"""The intake hub's use cases on in-memory cases: :class:`InMemoryCases` keeps every
write a command makes in a :class:`HubState`, and :func:`hub_on` wires an `IntakeHub`
to it through its ports (``unit_of_work``, ``cases_of``), with a fixed clock."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from sqlalchemy.orm import sessionmaker

from rujukan.identity_needs import load_identity_needs
from rujukan.runtime.uow import UnitOfWork
from schemas.events.agency import CapacityNotice
from services.intake.case_cache import CaseCache
from services.intake.domain import Case, Recorded, fold
from services.intake.domain.overdue import DueNotice
from services.intake.domain.projection import ProjectionChange
from services.intake.repository import CaseRepository, CaseWrite, Loaded, RefusedInbound
from services.intake.usecases import IntakeHub
from tests.support.fakes import FakeUnitOfWork, RecordedReads, State
from tests.unit.intake.support import KH, T0, network


class HubState(State):
    """The hub's tables, in memory."""

    def __init__(self) -> None:
        super().__init__()
        self.journals: dict[str, list[Recorded]] = {}
        self.cases: dict[str, Case] = {}
        self.notices: dict[str, list[DueNotice]] = {}
        self.numbers: dict[tuple[str, int], int] = {}
        self.refused: list[RefusedInbound] = []
        self.capacity: list[CapacityNotice] = []


class InMemoryCases(CaseRepository):
    """A `CaseRepository` whose every method a command uses works on a `HubState`."""

    def __init__(self, state: HubState) -> None:  # no session
        self.state = state
        self.cache = None

    def load(self, case_id: str, *, for_update: bool = False) -> Loaded:
        entries = self.state.journals.get(case_id, [])
        return Loaded(fold(entries), len(entries))

    def next_case_number(self, district: str, year: int) -> int:
        number = self.state.numbers.get((district, year), 0) + 1
        self.state.numbers[(district, year)] = number
        return number

    def append(
        self, case_id: str, start: int, entries: Sequence[Recorded], event_ids: Mapping[int, str]
    ) -> None:
        journal = self.state.journals.setdefault(case_id, [])
        assert len(journal) == start, "a second writer slipped past the case's lock"
        journal.extend(entries)

    def write(self, writes: Sequence[CaseWrite]) -> None:
        """Each case's writes one after the other (the real repository writes them
        together, in one statement per table)."""
        for w in writes:
            self.append(w.case.case_id, w.start, w.entries, w.event_ids)
            self.save(w.case, length=w.length, new=w.new, now=w.now)
            self.project_change(w.change)

    def save(self, case: Case, *, length: int, new: bool, now: datetime) -> None:
        assert new == (case.case_id not in self.state.cases)
        self.state.cases[case.case_id] = case

    def project(self, case: Case, notices: Sequence[DueNotice]) -> None:
        self.state.notices[case.case_id] = list(notices)

    def project_change(self, change: ProjectionChange) -> None:
        kept = self.state.notices.get(change.case_id, [])
        if change.referrals is None:
            kept = []
        kept = [n for n in kept if n.referral_id not in (change.referrals or ())]
        self.state.notices[change.case_id] = [*kept, *change.notices]

    def remember(self, case: Case, length: int, last: Recorded) -> None:
        """Nothing to cache: every load reads the state."""

    def record_refused(self, refused: RefusedInbound) -> None:
        self.state.refused.append(refused)

    def refused(self, case_id: str | None = None, limit: int = 200) -> list[RefusedInbound]:
        return [r for r in self.state.refused if case_id in (None, r.case_id)][:limit]

    def record_capacity(self, notice: CapacityNotice, event_id: str, now: datetime) -> None:
        self.state.capacity.append(notice)


def hub_on(state: HubState, now: datetime = T0) -> IntakeHub:
    """The Kapuas Hulu hub's use cases on ``state``, at ``now``."""

    def unit_of_work() -> UnitOfWork:
        return FakeUnitOfWork(state, "kh-hub")

    def cases_of(_uow: UnitOfWork, _cache: CaseCache | None) -> CaseRepository:
        return InMemoryCases(state)

    return IntakeHub(
        network=network(KH),
        identity_needs=load_identity_needs(),
        unit_of_work=unit_of_work,
        read_sessions=sessionmaker(),
        audit=RecordedReads(),
        clock=lambda: now,
        cases_of=cases_of,
    )
