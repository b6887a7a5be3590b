"""The intake hub's use cases: one unit of work each.

Every state change runs the same steps in one transaction: lock and load the case (the
cached case when the case row says it is current, else folded from its journal),
``decide`` the command, append the decision's journal entries, write the cases
projection, the inbox and due-notice rows the decision changed and the child's identity,
stage each public event for the topic `routing.destination` names, commit. A refused
command raises `RuleViolation` / `IllegalState` before anything is written, and the unit
of work rolls back.

An inbound answer or report that the case's state refuses is a legitimate race (an
acceptance that crossed the hub's cancellation, a report on a referral the hub never
issued), not a poison event: it is recorded in the refused-inbound table with the rule
that refused it, and the handler returns normally so the event is not dead-lettered.

The inbound events of one inbox batch share their case's work: a referral's target
sends its answers and reports together, and they mostly arrive in one batch. The first
event of a case loads (and locks) it; each event is decided on the case the events
before it left, in offset order, and its public events are staged at once, as a
command's are; the case's journal entries, listing row and projections are written once
for all of them when the unit of work writes what was deferred (`_InboundCases`): at
the batch's commit, or, when the inbox isolates each event after a failure, at the end
of the event's own savepoint, as if it were alone.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from functools import partial

from sqlalchemy.orm import Session, sessionmaker

from rujukan.directory import AgencyDirectory
from rujukan.errors import NotFound, RuleViolation
from rujukan.identity_needs import IdentityNeeds
from rujukan.matrix import DistrictMatrix, TargetNotInMatrix, UnknownStage, load_matrix
from rujukan.referral_deadlines import ReferralDeadline, load_referral_deadlines
from rujukan.runtime.audit import IdentityAudit
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.uow import UnitOfWork
from rujukan.stamps import new_id, utcnow
from schemas.base import CaseEvent
from schemas.events.agency import CapacityNotice
from schemas.events.case import ChildIdentity
from schemas.vocabulary import CaseCategory
from services.intake.case_cache import CaseCache
from services.intake.domain import (
    AcknowledgeOutcome,
    Case,
    Command,
    Decision,
    IssueReferral,
    Network,
    Recorded,
    RecordOverdue,
    RegisterCase,
    RerouteReferral,
    apply,
    decide,
)
from services.intake.domain.overdue import due_notices
from services.intake.domain.projection import projection_change
from services.intake.numbering import format_case_number
from services.intake.repository import (
    CaseRepository,
    CaseWrite,
    InboxItem,
    Loaded,
    RefusedInbound,
    cases_in,
)
from services.intake.routing import destinations

Clock = Callable[[], datetime]
Builder = Callable[[Loaded, CaseRepository], Command]
"""Builds the command from the loaded case, inside the command's unit of work."""
CasesOf = Callable[[UnitOfWork, CaseCache | None], CaseRepository]
"""The cases port: what a unit of work's cases are (``cases_in``, or a fake)."""


def just(command: Command) -> Builder:
    """A builder for a command that does not depend on the loaded case."""
    return lambda _loaded, _repository: command


IDENTITY_READ = "hub.case.identity.read"
IDENTITY_PURPOSE = "case management (LT Pasal 5; UU 27/2022)"
"""Why the hub's staff are shown a child's identity: the case's handling, confidential."""


new_case_id = partial(new_id, "c")
new_referral_id = partial(new_id, "r")
new_report_id = partial(new_id, "rep")


@dataclass(frozen=True, slots=True)
class Outcome:
    """What one command did: the case after it, the decision, where each public event
    went (referral or event class name → topic) and, when the answer shows them, the
    case's refused inbound events, as the command's own unit of work saw them (its
    answer needs no second read)."""

    case: Case
    decision: Decision
    topics: dict[str, str] = field(default_factory=dict)
    refused: tuple[RefusedInbound, ...] = ()


@dataclass(frozen=True, slots=True)
class Decided:
    """A command decided in a unit of work, not yet recorded."""

    repository: CaseRepository
    loaded: Loaded
    decision: Decision
    case: Case
    now: datetime


@dataclass
class IntakeHub:
    """The hub's use cases, wired to its unit-of-work factory and reference data."""

    network: Network
    identity_needs: IdentityNeeds
    unit_of_work: Callable[[], UnitOfWork]
    read_sessions: sessionmaker[Session]
    audit: IdentityAudit
    clock: Clock = utcnow
    cases_of: CasesOf = cases_in
    deadline_rules: tuple[ReferralDeadline, ...] = field(default_factory=load_referral_deadlines)
    _matrices: dict[str, DistrictMatrix] = field(default_factory=dict, repr=False)
    cases: CaseCache = field(default_factory=CaseCache, repr=False)
    """Cases folded by this process, so a busy case is not folded from its whole journal
    for every command or read."""

    @property
    def directory(self) -> AgencyDirectory:
        return self.network.directory

    # --- commands from the hub's staff -----------------------------------------------

    def act(self, case_id: str, build: Builder, *, with_refused: bool = True) -> Outcome:
        """Run one command on one case in its own unit of work and commit; the case's
        refused inbound events are read in it too unless the answer does not show them."""
        with self.unit_of_work() as uow:
            outcome = self.run(uow, case_id, build)
            if with_refused:
                outcome = replace(outcome, refused=tuple(self.cases_of(uow, None).refused(case_id)))
            uow.commit()
        return outcome

    def register(self, case_id: str, category: CaseCategory) -> Outcome:
        """Registrasi (LT Pasal 11) with the next case number of the district and year;
        a refused registration rolls the number back with everything else."""

        def build(_loaded: Loaded, repository: CaseRepository) -> Command:
            year = self.clock().year
            number = repository.next_case_number(self.network.district, year)
            return RegisterCase(
                case_number=format_case_number(self.network.district, year, number),
                category=category,
            )

        return self.act(case_id, build)

    def issue_referral(
        self, case_id: str, command: IssueReferral, override: bool | None
    ) -> Outcome:
        """Issue a referral; whether it carries the identity is the caller's choice, else
        the service's default (``identity_needs.csv``). Neither depends on the case, so
        the command is complete before its unit of work begins."""
        include = override if override is not None else self._default_identity(command)
        command = replace(command, include_identity=include)
        return self.act(case_id, just(command), with_refused=False)

    def reroute_referral(
        self, case_id: str, command: RerouteReferral, override: bool | None
    ) -> Outcome:
        """Re-route a declined or expired referral within its stage; the identity default
        follows the predecessor's service, which the loaded case knows."""

        def build(loaded: Loaded, _repository: CaseRepository) -> Command:
            predecessor = loaded.case.referrals.get(command.predecessor_id) if loaded.case else None
            service = predecessor.service if predecessor else None
            include = self.identity_needs.decide(service, override) if service else bool(override)
            return replace(command, include_identity=include)

        return self.act(case_id, build, with_refused=False)

    # --- the core of every use case ------------------------------------------------------

    def run(
        self,
        uow: UnitOfWork,
        case_id: str,
        build: Builder,
        *,
        causation_id: uuid.UUID | None = None,
    ) -> Outcome:
        """Load (locked), decide, append, project, publish — inside ``uow``; the caller
        commits. Raises `RuleViolation` before writing anything when refused."""
        return self._record(uow, self._decide(uow, case_id, build), causation_id)

    def _decide(self, uow: UnitOfWork, case_id: str, build: Builder) -> Decided:
        """Load the case (locked), build the command and decide it: nothing is written
        but what ``build`` writes (a case number), so a refusal leaves nothing to undo."""
        repository = self.cases_of(uow, self.cases)
        loaded = repository.load(case_id, for_update=True)
        command = build(loaded, repository)
        now = self.clock()
        decision = decide(loaded.case, command, now, self.network)
        return Decided(repository, loaded, decision, apply(loaded.case, decision), now)

    def _record(self, uow: UnitOfWork, decided: Decided, causation_id: uuid.UUID | None) -> Outcome:
        """Stage the public events, append what was decided, write the projections."""
        loaded, decision, case = decided.loaded, decided.decision, decided.case
        event_ids, topics = self._publish(uow, decision, case, causation_id)
        write = _write(loaded, case, decision.journal, event_ids, decided.now, self.deadline_rules)
        decided.repository.write([write])
        return Outcome(case, decision, topics)

    def _publish(
        self,
        uow: UnitOfWork,
        decision: Decision,
        case: Case,
        causation_id: uuid.UUID | None,
        first: int = 0,
    ) -> tuple[dict[int, str], dict[str, str]]:
        """Stage each public event of ``decision`` for the topics it goes to; return the
        ce_id of each entry's first copy, by the entry's index counted from ``first``,
        and the topic of each referral (or event class name)."""
        event_ids: dict[int, str] = {}
        topics: dict[str, str] = {}
        for index, entry in enumerate(decision.journal, start=first):
            item = entry.item
            if not isinstance(item, CaseEvent):
                continue
            for topic in destinations(item, case, self.network):
                envelope = uow.publish(item, topic=topic, causation_id=causation_id)
                event_ids.setdefault(index, str(envelope.id))
                topics.setdefault(getattr(item, "referral_id", None) or type(item).__name__, topic)
        return event_ids, topics

    def _default_identity(self, command: IssueReferral) -> bool:
        """The identity default of the service the matrix gives this target at this
        stage; False when the matrix does not list it (``decide`` then refuses the
        referral, citing the matrix)."""
        try:
            service = self.network.matrix.service_for(
                command.stage, command.target_id, self.directory
            )
        except (TargetNotInMatrix, UnknownStage):
            return False
        return self.identity_needs.needed(service)

    # --- closing the loop (LT Pasal 17(3)) ---------------------------------------------------

    def acknowledge(self, case_id: str, outcome_id: str, companion_id: str) -> Outcome:
        """The recipient of an outcome has seen it."""
        return self.act(
            case_id, just(AcknowledgeOutcome(outcome_id=outcome_id, companion_id=companion_id))
        )

    def overdue_referrals(self) -> int:
        """How many referrals are overdue now (a milestone past its due time, LT Pasal
        17(3)), for the operators' metrics."""
        with self.read_sessions() as session:
            return CaseRepository(session).count_overdue(self.clock())

    def fire_due_notices(self, limit: int = 100) -> int:
        """Send every overdue notice whose time has come; return how many were sent.

        A notice the case no longer needs (answered meanwhile, or already sent by a
        second hub process) is refused by the domain; the case's notices are then
        recomputed so the monitor does not try it again.
        """
        with self.read_sessions() as session:
            due = CaseRepository(session).due(self.clock(), limit)
        sent = 0
        for notice in due:
            command = RecordOverdue(
                referral_id=notice.referral_id,
                milestone=notice.milestone,
                escalation=notice.escalation,
                due_at=notice.due_at,
                outcome_id=str(uuid.uuid4()),
            )
            try:
                self.act(notice.case_id, just(command))
                sent += 1
            except RuleViolation:
                self.reproject(notice.case_id)
        return sent

    def reproject(self, case_id: str) -> None:
        """Rewrite a case's inbox and due-notice rows from its journal."""
        with self.unit_of_work() as uow:
            repository = self.cases_of(uow, None)
            case = repository.load(case_id, for_update=True).case
            if case is not None:
                repository.project(case, due_notices(case, self.deadline_rules))
            uow.commit()

    # --- inbound events ----------------------------------------------------------------

    def record_inbound(self, uow: UnitOfWork, inbound: Inbound, command: Command) -> None:
        """Apply an inbound event's command to its case as the batch's events before it
        left the case, and stage its public events; the case is written once for the
        batch (the module's docstring). A refusal by the case's state is recorded with
        its rule instead of raised (it would be dead-lettered)."""
        pending = self._inbound_cases(uow).of(inbound.envelope.subject)
        now = self.clock()
        try:
            decision = decide(pending.case, command, now, self.network)
        except RuleViolation as refused:  # refused before anything was decided
            self.refuse_inbound(uow, inbound, refused)
            return
        case = apply(pending.case, decision)
        first = len(pending.entries)
        event_ids, _topics = self._publish(uow, decision, case, inbound.envelope.id, first)
        pending.add(case, decision.journal, event_ids, now)

    def _inbound_cases(self, uow: UnitOfWork) -> _InboundCases:
        """The cases this unit of work's inbound events were applied to, not written yet."""
        found = uow.deferred.get(_INBOUND)
        if isinstance(found, _InboundCases):
            return found
        cases = _InboundCases(self.cases_of(uow, self.cases), self.deadline_rules)
        uow.deferred[_INBOUND] = cases
        return cases

    def refuse_inbound(self, uow: UnitOfWork, inbound: Inbound, refused: RuleViolation) -> None:
        """Keep an inbound event the case refused, with the rule, for the case's view."""
        self.cases_of(uow, None).record_refused(
            RefusedInbound(
                case_id=inbound.envelope.subject,
                event_id=str(inbound.envelope.id),
                event_type=inbound.envelope.type,
                source=inbound.envelope.source,
                referral_id=getattr(inbound.event, "referral_id", None),
                rule=refused.rule,
                article=refused.article,
                detail=str(refused),
                received_at=self.clock(),
            )
        )

    def record_capacity(self, uow: UnitOfWork, inbound: Inbound, notice: CapacityNotice) -> None:
        self.cases_of(uow, None).record_capacity(notice, str(inbound.envelope.id), self.clock())

    # --- reads -------------------------------------------------------------------------

    def read(self, case_id: str) -> Case:
        """The case folded from its journal; `NotFound` if no complaint opened it."""
        with self.read_sessions() as session:
            case = CaseRepository(session, self.cases).load(case_id).case
        if case is None:
            raise NotFound(f"no case {case_id!r}")
        return case

    def identity(self, case_id: str) -> tuple[ChildIdentity, str | None]:
        """The child's identity, recorded in the audit trail before it is returned."""
        with self.read_sessions() as session:
            found = CaseRepository(session).identity(case_id)
        if found is None:
            raise NotFound(f"no child identity for case {case_id!r}")
        self.audit.identity_read(IDENTITY_READ, IDENTITY_PURPOSE, case_id=case_id)
        return found

    def inbox(self, recipient_id: str, *, include_acknowledged: bool = False) -> list[InboxItem]:
        """A companion's (or supervisor's) inbox across cases."""
        with self.read_sessions() as session:
            return CaseRepository(session).inbox(
                recipient_id, include_acknowledged=include_acknowledged
            )

    def reading(self) -> ReadSession:
        """A read-only repository for several queries."""
        return ReadSession(self.read_sessions, self.cases)

    def today(self) -> date:
        return self.clock().date()

    def matrix(self, district: str) -> DistrictMatrix:
        """A district's matrix (the hub's own, or another district's for reference)."""
        if district == self.network.district:
            return self.network.matrix
        if district not in self._matrices:
            self._matrices[district] = load_matrix(district, self.directory)
        return self._matrices[district]


def _write(
    loaded: Loaded,
    case: Case,
    entries: tuple[Recorded, ...],
    event_ids: dict[int, str],
    now: datetime,
    rules: tuple[ReferralDeadline, ...],
) -> CaseWrite:
    """What to write for decisions that took ``loaded`` to ``case``."""
    change = projection_change(loaded.case, case, rules)
    return CaseWrite(case, loaded.length, entries, event_ids, loaded.case is None, now, change)


_INBOUND = "intake.inbound_cases"
"""``uow.deferred`` key of the cases a batch's inbound events were applied to."""


@dataclass
class _PendingCase:
    """One case as a batch's inbound events left it: loaded (and locked) once, with the
    entries they added, the ce_ids those were published with (by index) and when the
    last of them was decided (None while none was)."""

    loaded: Loaded
    case: Case | None
    entries: list[Recorded] = field(default_factory=list)
    event_ids: dict[int, str] = field(default_factory=dict)
    now: datetime | None = None

    def add(
        self, case: Case, entries: tuple[Recorded, ...], event_ids: dict[int, str], now: datetime
    ) -> None:
        """One more decision applied."""
        self.case, self.now = case, now
        self.entries.extend(entries)
        self.event_ids.update(event_ids)

    def write(self, rules: tuple[ReferralDeadline, ...]) -> CaseWrite | None:
        """What to write for the decisions applied; None when none was."""
        if self.now is None or self.case is None:
            return None
        entries = tuple(self.entries)
        return _write(self.loaded, self.case, entries, self.event_ids, self.now, rules)


class _InboundCases:
    """The cases of one batch's inbound events (a deferred write of the unit of work):
    written together, each once, when the unit of work writes what was deferred."""

    def __init__(self, repository: CaseRepository, rules: tuple[ReferralDeadline, ...]) -> None:
        self._repository = repository
        self._rules = rules
        self._cases: dict[str, _PendingCase] = {}

    def of(self, case_id: str) -> _PendingCase:
        """The case as the batch's events so far left it, loaded and locked at its first."""
        pending = self._cases.get(case_id)
        if pending is None:
            loaded = self._repository.load(case_id, for_update=True)
            pending = self._cases[case_id] = _PendingCase(loaded, loaded.case)
        return pending

    def flush(self) -> None:
        writes = [p.write(self._rules) for p in self._cases.values()]
        self._repository.write([w for w in writes if w is not None])
        self._cases.clear()


class ReadSession:
    """``with hub.reading() as repository: ...``: a read-only repository."""

    def __init__(self, sessions: sessionmaker[Session], cache: CaseCache) -> None:
        self._sessions = sessions
        self._cache = cache

    def __enter__(self) -> CaseRepository:
        self._session = self._sessions()
        return CaseRepository(self._session, self._cache)

    def __exit__(self, *_exc: object) -> None:
        self._session.close()
