"""The intake hub's storage on SQLite and PostgreSQL, without a broker: commands on one
case serialize, case numbers stay unique under concurrency, the journal folds back into
the case and never holds the child's name."""

import uuid
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from rujukan.errors import IllegalState
from schemas.events.case import ChildIdentity
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
    AcceptReferral,
    AssignCompanion,
    Command,
    IssueReferral,
    MarkReferralReceived,
    ReassignCompanion,
    ReceiveComplaint,
    RegisterCase,
    ReportService,
    rules,
)
from services.intake.repository import CaseRepository
from services.intake.usecases import IntakeHub, just, new_case_id
from tests.support.intake_hub import hub_on_database

NAME = "Kenanga Putri Lestari"

EMERGENCY_TO_RSUD = IssueReferral(
    referral_id="r-0001", stage="REHABILITASI_KESEHATAN", target_id="kh-rsud", emergency=True
)
"""An emergency referral to the RSUD (health: the identity travels with it)."""


@pytest.fixture
def hub(db_kind: str, tmp_path: Path) -> Iterator[IntakeHub]:
    with hub_on_database(db_kind, tmp_path) as hub:
        yield hub


def open_case(hub: IntakeHub) -> str:
    command = ReceiveComplaint(
        case_id=new_case_id(),
        channel=ComplaintChannel.HOTLINE_129,
        complainant=ComplainantType.FAMILY,
        child=ChildIdentity(name=NAME, date_of_birth=date(2013, 2, 3), sex=Sex.FEMALE),
    )
    hub.act(command.case_id, just(command))
    return command.case_id


def test_case_numbers_are_unique_and_contiguous_under_concurrent_registrations(
    hub: IntakeHub,
) -> None:
    cases = [open_case(hub) for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        outcomes = list(
            pool.map(lambda case_id: hub.register(case_id, CaseCategory.TRAFFICKING), cases)
        )
    year = datetime.now(UTC).year
    numbers = sorted(str(o.case.case_number) for o in outcomes)
    assert numbers == [f"KH/{year}/{n:04d}" for n in range(1, 9)]


def test_concurrent_commands_on_one_case_serialize(hub: IntakeHub) -> None:
    case_id = open_case(hub)
    hub.register(case_id, CaseCategory.TRAFFICKING)

    def assign(person: str) -> str:
        command = AssignCompanion(
            companion_id=person,
            role=CompanionRole.SOCIAL_WORKER,
            assignment_letter_ref=f"800/{person}/2026",
        )
        try:
            hub.act(case_id, just(command))
        except IllegalState as refused:
            return refused.rule
        return "assigned"

    with ThreadPoolExecutor(max_workers=6) as pool:
        results = list(pool.map(assign, [f"comp-{n}" for n in range(6)]))

    assert sorted(results) == ["assigned"] + [rules.ONE_COMPANION_PER_CASE.name] * 5
    case = hub.read(case_id)
    assert case.companion is not None
    assert case.companion_history == ()


def test_the_journal_folds_back_into_the_case_and_never_holds_the_name(hub: IntakeHub) -> None:
    case_id = open_case(hub)
    issued = hub.issue_referral(case_id, EMERGENCY_TO_RSUD, override=None)
    assert issued.case.referrals["r-0001"].identity_included  # health needs the identity

    case = hub.read(case_id)
    assert case == issued.case
    assert case.child is not None
    assert case.child.name == NAME
    with hub.read_sessions() as session:
        payloads = session.execute(sa.text("select payload from intake_journal")).all()
        assert NAME not in str(payloads)
        assert CaseRepository(session).journal_length(case_id) == len(payloads)
        listed = CaseRepository(session).cases()
    assert [(c.case_id, c.phase, c.open_loops) for c in listed] == [
        (case_id, "complaint_received", 1)
    ]


def test_a_case_loaded_from_the_cache_equals_the_case_folded_from_its_journal(
    hub: IntakeHub,
) -> None:
    case_id = open_case(hub)
    hub.register(case_id, CaseCategory.TRAFFICKING)
    assert hub.cases.get(case_id) is not None
    with hub.unit_of_work() as uow:
        cached = CaseRepository(uow.session, hub.cases).load(case_id)
        folded = CaseRepository(uow.session).load(case_id)
    assert cached == folded


def test_a_rolled_back_command_leaves_nothing_in_the_cached_case(hub: IntakeHub) -> None:
    case_id = open_case(hub)
    hub.register(case_id, CaseCategory.TRAFFICKING)
    with hub.unit_of_work() as uow:  # decided and appended, then rolled back
        hub.run(uow, case_id, just(assign("comp-rolled-back")))
    assert hub.cases.get(case_id).case.companion.companion_id == "comp-rolled-back"  # type: ignore[union-attr]

    outcome = hub.act(case_id, just(assign("comp-kept")))

    assert outcome.case.companion is not None
    assert outcome.case.companion.companion_id == "comp-kept"
    with hub.read_sessions() as session:
        assert CaseRepository(session).load(case_id).case == outcome.case


def test_entries_another_hub_process_wrote_are_folded_into_the_cached_case(
    hub: IntakeHub,
) -> None:
    case_id = open_case(hub)
    other_process = replace(hub, cases=CaseCache())
    other_process.register(case_id, CaseCategory.TRAFFICKING)
    other_process.act(case_id, just(assign("comp-siti")))

    outcome = hub.issue_referral(case_id, EMERGENCY_TO_RSUD, override=None)

    with hub.read_sessions() as session:
        assert CaseRepository(session).load(case_id).case == outcome.case
    assert outcome.case.case_number is not None


def assign(companion_id: str) -> AssignCompanion:
    return AssignCompanion(
        companion_id=companion_id,
        role=CompanionRole.SOCIAL_WORKER,
        assignment_letter_ref="800/1/CACHE",
    )


def projection_rows(hub: IntakeHub, case_id: str) -> tuple[list[Any], list[Any]]:
    """The case's rows of the companions' inboxes and of the monitor's due notices."""
    with hub.read_sessions() as session:
        return tuple(  # type: ignore[return-value]
            sorted(
                tuple(row)
                for row in session.execute(sa.select(table).where(table.c.case_id == case_id)).all()
            )
            for table in (tables.outcomes, tables.due_notices)
        )


def test_the_rows_each_command_changes_equal_the_projection_written_afresh(
    hub: IntakeHub,
) -> None:
    """LT Pasal 17(3): the companion's inbox and the monitor's notices, written by what
    each command changed, are the rows the whole case would give."""
    case_id = open_case(hub)
    referral = "r-0001"
    steps: list[Command] = [
        RegisterCase(case_number="KH/2026/0001", category=CaseCategory.TRAFFICKING),
        IssueReferral(
            referral_id=referral,
            stage="REHABILITASI_KESEHATAN",
            target_id="kh-rsud",
            emergency=True,
        ),
        IssueReferral(
            referral_id="r-0002",
            stage="REHABILITASI_SOSIAL",
            target_id="kh-dinsos",
            emergency=True,
        ),
        MarkReferralReceived(referral_id=referral, agency_id="kh-rsud"),
        AcceptReferral(referral_id=referral, agency_id="kh-rsud", outcome_id=str(uuid.uuid4())),
        assign("comp-siti"),  # the waiting acceptance is delivered
        ReportService(
            referral_id=referral,
            agency_id="kh-rsud",
            report_id="rep-1",
            status=OutcomeStatus.COMPLETED,
            final=True,
            outcome_id=str(uuid.uuid4()),
        ),
        ReassignCompanion(
            companion_id="comp-dewi",
            role=CompanionRole.SOCIAL_WORKER,
            assignment_letter_ref="800/2/2026",
            replaces_companion_id="comp-siti",
        ),
    ]
    for command in steps:
        hub.act(case_id, just(command))
        written = projection_rows(hub, case_id)
        hub.reproject(case_id)
        assert projection_rows(hub, case_id) == written, type(command).__name__
    outcomes, notices = written
    assert len(outcomes) == 2
    assert {row[1] for row in notices} == {"r-0002"}  # only the open referral is owed


def test_a_cached_case_the_case_row_confirms_is_used_without_reading_the_journal(
    hub: IntakeHub,
) -> None:
    case_id = open_case(hub)
    hub.register(case_id, CaseCategory.TRAFFICKING)
    statements: list[str] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        statements.append(statement)

    with hub.unit_of_work() as uow:
        engine = uow.session.get_bind()
        sa.event.listen(engine, "before_cursor_execute", seen)
        try:
            cached = CaseRepository(uow.session, hub.cases).load(case_id, for_update=True)
        finally:
            sa.event.remove(engine, "before_cursor_execute", seen)
        folded = CaseRepository(uow.session).load(case_id)
    assert cached == folded
    assert [s for s in statements if "intake_journal" in s] == []
    assert [s for s in statements if s.startswith("SELECT")] == [statements[-1]]  # the row
