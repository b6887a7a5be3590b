"""The hub's inbox on SQLite and PostgreSQL, without a broker: a referral's answers that
arrive in one batch leave the case, its journal, its projections and its outbox as
handling each in a batch of its own does (LT Pasal 17(3)), and an answer whose handling
fails, or whose case's writes fail, is dead-lettered alone while the other answers of
its case apply. An answer delivered again is found among those handled by the inbox's
primary key."""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, fields
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from rujukan.directory import load_directory
from rujukan.runtime import tables as runtime_tables
from rujukan.runtime.admission import Admission
from rujukan.runtime.inbox import (
    DEAD_LETTER_TYPE,
    BatchResult,
    Dispatcher,
    Inbound,
    InboundRecord,
    InboxProcessor,
)
from rujukan.runtime.sealing import Sealing
from rujukan.runtime.uow import UnitOfWork
from rujukan.senders import load_sender_policy
from schemas.base import Event
from schemas.events import ReferralAccepted, ReferralReceived, ServiceReported
from schemas.events.case import ChildIdentity
from schemas.facts import ServiceNote
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    OutcomeStatus,
    Sex,
)
from services.intake import tables
from services.intake.case_cache import CaseCache
from services.intake.domain import (
    AssignCompanion,
    Command,
    IssueReferral,
    ReceiveComplaint,
)
from services.intake.handlers import register
from services.intake.repository import CaseRepository, CaseWrite, cases_in
from services.intake.usecases import IntakeHub, just
from tests.support.intake_hub import hub_on_database
from tests.support.keys import shared_keys, signed_record

HUB, RSUD = "kh-hub", "kh-rsud"
HUB_INBOX = "rujukan.inbox.kh-hub"
CASE, REFERRAL = "c-batch-0001", "r-batch-0001"
NOW = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""The hub's clock in every test, so two hubs decide the same."""

CasesOf = Callable[[UnitOfWork, CaseCache | None], CaseRepository]


@contextmanager
def hub_in(db_kind: str, tmp_path: Path, cases_of: CasesOf = cases_in) -> Iterator[IntakeHub]:
    """A Kapuas Hulu hub on a fresh database, with a registered case, its companion and
    an emergency referral to the RSUD (LT Pasal 10–12)."""
    with hub_on_database(db_kind, tmp_path, clock=lambda: NOW, cases_of=cases_of) as hub:
        refer(hub, CASE, REFERRAL)
        yield hub


def refer(hub: IntakeHub, case_id: str, referral_id: str) -> None:
    """Open, register and give a companion to a case, and refer it to the RSUD."""
    child = ChildIdentity(name="Melati", date_of_birth=date(2013, 2, 3), sex=Sex.FEMALE)
    complaint = ReceiveComplaint(
        case_id=case_id,
        channel=ComplaintChannel.HOTLINE_129,
        complainant=ComplainantType.FAMILY,
        child=child,
    )
    hub.act(case_id, just(complaint))
    hub.register(case_id, CaseCategory.TRAFFICKING)
    hub.act(case_id, just(companion()))
    referral = IssueReferral(
        referral_id=referral_id, stage="REHABILITASI_KESEHATAN", target_id=RSUD, emergency=True
    )
    hub.issue_referral(case_id, referral, override=None)


def companion() -> AssignCompanion:
    return AssignCompanion(
        companion_id="comp-siti", role=CompanionRole.SOCIAL_WORKER, assignment_letter_ref="800/1"
    )


def answers(
    case_id: str = CASE, referral_id: str = REFERRAL, first: int = 0
) -> list[InboundRecord]:
    """The RSUD's records for a referral, signed and sealed to the hub, from offset
    ``first``: received, accepted, a step of the service and the final report."""
    common = {"case_id": case_id, "referral_id": referral_id, "agency_id": RSUD}
    at = NOW + timedelta(hours=1)
    events: list[Event] = [
        ReferralReceived(**common),
        ReferralAccepted(**common, accepted_at=at, note="we take her today"),
        report("rep-step", OutcomeStatus.PARTIALLY_COMPLETED, final=False, **common),
        report("rep-final", OutcomeStatus.COMPLETED, final=True, **common),
    ]
    return [record(event, first + offset) for offset, event in enumerate(events)]


def report(report_id: str, status: OutcomeStatus, *, final: bool, **common: str) -> ServiceReported:
    return ServiceReported(
        **common,
        report_id=report_id,
        status=status,
        final=final,
        facts=[ServiceNote(summary=f"report {report_id}")],
        reported_at=NOW + timedelta(hours=2),
    )


def record(event: Event, offset: int) -> InboundRecord:
    signed = signed_record(event, source=RSUD, topic=HUB_INBOX)
    headers = tuple((name, value) for name, value in signed.headers)
    return InboundRecord(HUB_INBOX, 0, offset, signed.key, headers, signed.value)


def inbox_of(hub: IntakeHub) -> InboxProcessor:
    """The hub's inbox processor, as its runtime builds it (two attempts, no pause)."""
    dispatcher = Dispatcher()
    register(dispatcher, hub)
    directory = load_directory()
    agency = directory.get(HUB)
    ring = shared_keys().ring(HUB)
    return InboxProcessor(
        unit_of_work=hub.unit_of_work,
        dispatcher=dispatcher,
        agency_id=HUB,
        dead_letter_topic=agency.dead_letter_topic,
        consumer_group=f"rujukan.{HUB}",
        admission=Admission(
            agency=agency,
            directory=directory,
            keys=ring,
            policy=load_sender_policy(),
            max_age=timedelta(hours=1),
            max_ahead=timedelta(minutes=5),
        ),
        keys=ring,
        max_attempts=2,
        retry_pause_s=0.0,
        sealing=Sealing(ring),
    )


@dataclass(frozen=True)
class Stored:
    """What a hub's database holds of the case, without the ids each run makes anew."""

    journal: list[tuple[Any, ...]]
    outcomes: list[dict[str, Any]]
    notices: list[dict[str, Any]]
    case_row: dict[str, Any]
    outbox: list[tuple[str, str]]


def stored(hub: IntakeHub) -> Stored:
    journal = tables.journal.c
    outbox = runtime_tables.outbox.c
    with hub.read_sessions() as session:

        def rows(query: Any) -> list[dict[str, Any]]:
            return [dict(row) for row in session.execute(query).mappings()]

        return Stored(
            journal=[
                (seq, kind, payload, event_id is not None)
                for seq, kind, payload, event_id in session.execute(
                    sa.select(journal.seq, journal.kind, journal.payload, journal.event_id)
                    .where(journal.case_id == CASE)
                    .order_by(journal.seq)
                )
            ],
            outcomes=rows(sa.select(tables.outcomes).order_by(tables.outcomes.c.outcome_id)),
            notices=rows(
                sa.select(tables.due_notices).order_by(
                    tables.due_notices.c.referral_id, tables.due_notices.c.milestone
                )
            ),
            case_row=rows(sa.select(tables.cases))[0],
            outbox=[
                (str(topic), str(kind))
                for topic, kind in session.execute(
                    sa.select(outbox.topic, outbox.event_type).order_by(outbox.id)
                )
            ],
        )


@contextmanager
def statements() -> Iterator[list[str]]:
    """The SQL statements every engine runs inside the block (filled as they run)."""
    ran: list[str] = []

    def note(*args: Any) -> None:
        ran.append(args[2])

    sa.event.listen(sa.Engine, "before_cursor_execute", note)
    try:
        yield ran
    finally:
        sa.event.remove(sa.Engine, "before_cursor_execute", note)


def run(hub: IntakeHub, batches: Sequence[Sequence[InboundRecord]]) -> list[BatchResult]:
    inbox = inbox_of(hub)
    return [inbox.process(batch) for batch in batches]


def test_a_referrals_answers_in_one_batch_leave_what_one_batch_each_leaves(
    db_kind: str, tmp_path: Path
) -> None:
    """LT Pasal 17(3): every answer and report is recorded and delivered to the companion
    (the journal, the companion's inbox, the outcomes published), batched or not."""
    records = answers()
    with hub_in(db_kind, tmp_path) as batched, hub_in(db_kind, tmp_path) as alone:
        [together] = run(batched, [records])
        one_each = run(alone, [[r] for r in records])

        assert (together.handled, together.dead_lettered) == (4, 0)
        assert [r.handled for r in one_each] == [1, 1, 1, 1]
        assert batched.read(CASE) == alone.read(CASE)
        assert stored(batched) == stored(alone)
        assert batched.read(CASE).referrals[REFERRAL].status.value == "completed"


def test_the_cases_of_a_batch_are_written_together(db_kind: str, tmp_path: Path) -> None:
    """Three cases' answers in one batch: each case's journal entries, listing row,
    inbox rows and due notices are written, in one statement per table for all."""
    with hub_in(db_kind, tmp_path) as hub:
        refer(hub, "c-batch-0002", "r-batch-0002")
        refer(hub, "c-batch-0003", "r-batch-0003")
        records = [
            *answers()[:2],
            *answers("c-batch-0002", "r-batch-0002", first=2)[:2],
            *answers("c-batch-0003", "r-batch-0003", first=4),
        ]
        with statements() as ran:
            [result] = run(hub, [records])

        assert (result.handled, result.dead_lettered) == (8, 0)
        for table in ("intake_journal", "intake_outcomes", "intake_due_notices"):
            assert len([s for s in ran if s.startswith(f"INSERT INTO {table} ")]) == 1
        assert len([s for s in ran if s.startswith("UPDATE intake_cases ")]) == 1
        statuses = {}
        for case_id, referral_id in (
            (CASE, REFERRAL),
            *((f"c-batch-000{n}", f"r-batch-000{n}") for n in (2, 3)),
        ):
            statuses[case_id] = hub.read(case_id).referrals[referral_id].status.value
            with hub.read_sessions() as session:
                [listed] = CaseRepository(session).cases(case_ids=[case_id])
                assert listed.journal_length == CaseRepository(session).journal_length(case_id)
        assert statuses == {
            CASE: "accepted",
            "c-batch-0002": "accepted",
            "c-batch-0003": "completed",
        }


@dataclass
class FailingHub(IntakeHub):
    """A hub whose handling of one report fails after deciding and publishing it."""

    failing_report: str = ""

    def record_inbound(self, uow: UnitOfWork, inbound: Inbound, command: Command) -> None:
        super().record_inbound(uow, inbound, command)
        if getattr(inbound.event, "report_id", None) == self.failing_report:
            raise RuntimeError("this report's handler fails")


class FailingWrites(CaseRepository):
    """Cases whose writes fail when they hold one report."""

    failing_report = "rep-step"

    def write(self, writes: Sequence[CaseWrite]) -> None:
        for write in writes:
            for entry in write.entries:
                if getattr(entry.item, "report_id", None) == self.failing_report:
                    raise RuntimeError("the case's writes fail")
        super().write(writes)


def test_an_answer_whose_handler_fails_is_dead_lettered_alone_and_its_case_takes_the_others(
    db_kind: str, tmp_path: Path
) -> None:
    records = answers()
    with hub_in(db_kind, tmp_path) as hub, hub_in(db_kind, tmp_path) as alone:
        failing = FailingHub(
            **{f.name: getattr(hub, f.name) for f in fields(hub)}, failing_report="rep-step"
        )
        [result] = run(failing, [records])
        run(alone, [[r] for r in (records[0], records[1], records[3])])

        assert_step_dead_lettered_and_the_rest_applied(result, hub, alone)


def test_an_answer_whose_cases_writes_fail_is_dead_lettered_alone_and_its_case_takes_the_others(
    db_kind: str, tmp_path: Path
) -> None:
    records = answers()

    def failing_writes(uow: UnitOfWork, cache: CaseCache | None) -> CaseRepository:
        return FailingWrites(uow.session, cache)

    with hub_in(db_kind, tmp_path, failing_writes) as hub, hub_in(db_kind, tmp_path) as alone:
        [result] = run(hub, [records])
        run(alone, [[r] for r in (records[0], records[1], records[3])])

        assert_step_dead_lettered_and_the_rest_applied(result, hub, alone)


def assert_step_dead_lettered_and_the_rest_applied(
    result: BatchResult, hub: IntakeHub, alone: IntakeHub
) -> None:
    assert (result.handled, result.dead_lettered) == (3, 1)
    [reason] = result.dead_letter_reasons
    assert reason.startswith("handler failed: RuntimeError")
    case = hub.read(CASE)
    assert [r.report_id for r in case.referrals[REFERRAL].reports] == ["rep-final"]
    assert case == alone.read(CASE)
    got, expected = stored(hub), stored(alone)
    assert (got.journal, got.outcomes, got.notices) == (
        expected.journal,
        expected.outcomes,
        expected.notices,
    )
    letters = [entry for entry in got.outbox if entry[1] == DEAD_LETTER_TYPE]
    assert letters == [("rujukan.dlq.kh-hub", DEAD_LETTER_TYPE)]
    assert [entry for entry in got.outbox if entry not in letters] == expected.outbox


def test_an_answer_delivered_again_has_no_second_effect(db_kind: str, tmp_path: Path) -> None:
    records = answers()
    with hub_in(db_kind, tmp_path) as hub, hub_in(db_kind, tmp_path) as once:
        first, again = run(hub, [records, [records[3], records[1]]])
        run(once, [records])

        assert (first.handled, again.handled, again.duplicates) == (4, 0, 2)
        assert stored(hub) == stored(once)


def test_a_batchs_duplicates_are_looked_up_by_the_inbox_primary_key(tmp_path: Path) -> None:
    """The de-duplication reads the rows of the batch's keys, not every row the inbox
    retains (SQLite's plan of the statement the inbox ran)."""
    with hub_in("sqlite", tmp_path) as hub, statements() as ran:
        run(hub, [answers()])
        [lookup] = [s for s in ran if s.startswith("SELECT inbox.source")]
        with hub.read_sessions() as session:
            keys = ["x"] * lookup.count("?")
            plan = session.execute(
                sa.text("EXPLAIN QUERY PLAN " + _numbered(lookup)), _params(keys)
            )
            details = [str(row[-1]) for row in plan]

    assert any(d.startswith("SEARCH inbox USING") for d in details), details
    assert not any(d.startswith("SCAN inbox") for d in details), details


def _numbered(sql: str) -> str:
    """``sql`` with its ``?`` parameters named ``:p0``, ``:p1``... (for ``sa.text``)."""
    parts = sql.split("?")
    return "".join(f"{part}:p{n}" for n, part in enumerate(parts[:-1])) + parts[-1]


def _params(values: Sequence[str]) -> dict[str, str]:
    return {f"p{n}": value for n, value in enumerate(values)}
