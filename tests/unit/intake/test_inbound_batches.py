"""The hub's inbound events of one inbox batch share their case's work: each case is
loaded once and written once, and the case, its projections and what it published are
what handling each event in a unit of work of its own leaves (LT Pasal 17(3): every
answer and report still reaches the companion, in order)."""

from collections.abc import Callable, Sequence
from datetime import timedelta
from typing import Any

import pytest

from rujukan.runtime.inbox import Dispatcher, Inbound, InboundRecord
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.envelope import envelope_for
from schemas.events import (
    OutcomeDeliveredToCompanion,
    ReferralAccepted,
    ReferralReceived,
    ServiceReported,
)
from schemas.facts import ServiceNote
from schemas.vocabulary import CaseCategory, OutcomeStatus
from services.intake.domain import IssueReferral, rules
from services.intake.handlers import register
from services.intake.usecases import IntakeHub, just
from tests.unit.intake.fakes import HubState, hub_on
from tests.unit.intake.support import T0, assignment, complaint

CASE = "c-kh-0001"
RSUD = "kh-rsud"
HUB_INBOX = "rujukan.inbox.kh-hub"
HUB_JOURNAL = "rujukan.journal.kh-hub"


def referred(state: HubState) -> IntakeHub:
    """A hub on ``state`` with a registered case, its companion, referred to the RSUD in
    an emergency (LT Pasal 10, 11, 12)."""
    hub = hub_on(state)
    hub.act(CASE, just(complaint(CASE)))
    hub.register(CASE, CaseCategory.TRAFFICKING)
    hub.act(CASE, just(assignment(letter="800/1")))
    referral = IssueReferral(
        referral_id="r-0001", stage="REHABILITASI_KESEHATAN", target_id=RSUD, emergency=True
    )
    hub.issue_referral(CASE, referral, override=None)
    return hub


def answers(referral_id: str = "r-0001", source: str = RSUD) -> list[Inbound]:
    """What the RSUD sends back for a referral: received, accepted, a step of the
    service, the final report, each in its own envelope."""
    at = T0 + timedelta(hours=1)
    common = {"case_id": CASE, "referral_id": referral_id, "agency_id": RSUD}
    events: list[Event] = [
        ReferralReceived(**common),
        ReferralAccepted(**common, accepted_at=at),
        ServiceReported(
            **common,
            report_id="rep-1",
            status=OutcomeStatus.PARTIALLY_COMPLETED,
            facts=[ServiceNote(summary="first visit")],
            reported_at=at,
        ),
        ServiceReported(
            **common,
            report_id="rep-2",
            status=OutcomeStatus.COMPLETED,
            final=True,
            facts=[ServiceNote(summary="treated")],
            reported_at=at,
        ),
    ]
    record = InboundRecord(HUB_INBOX, 0, 0, CASE.encode(), (), None)
    return [Inbound(envelope_for(e, source=source), e, record) for e in events]


def handled(hub: IntakeHub, uow: UnitOfWork, inbound: Inbound) -> None:
    """``inbound`` through the hub's inbox handler, as the inbox runs it."""
    dispatcher = Dispatcher()
    register(dispatcher, hub)
    handler = dispatcher.handler_for(inbound.event)
    assert handler is not None
    handler(uow, inbound)


def in_one_batch(hub: IntakeHub, inbounds: Sequence[Inbound]) -> None:
    with hub.unit_of_work() as uow:
        for inbound in inbounds:
            handled(hub, uow, inbound)
        uow.commit()


def one_by_one(hub: IntakeHub, inbounds: Sequence[Inbound]) -> None:
    for inbound in inbounds:
        in_one_batch(hub, [inbound])


def published(state: HubState) -> list[tuple[Event, str, object]]:
    """What was published, with the inbound event each was caused by (ids of its own
    differ between runs)."""
    return [(event, topic, envelope.causation_id) for event, topic, envelope in state.outbox]


def test_a_referrals_answers_in_one_batch_leave_what_handling_each_alone_leaves() -> None:
    """LT Pasal 17(3): each answer and report is recorded and delivered to the companion
    in the order it came, whether or not it shares a batch."""
    batched, alone = HubState(), HubState()
    inbounds = answers()
    in_one_batch(referred(batched), inbounds)
    one_by_one(referred(alone), inbounds)

    assert batched.journals == alone.journals
    assert batched.cases == alone.cases
    assert batched.notices == alone.notices
    assert published(batched) == published(alone)
    delivered = [
        e
        for e, topic, _ in batched.outbox
        if isinstance(e, OutcomeDeliveredToCompanion) and topic == HUB_JOURNAL
    ]
    assert [e.outcome_type for e in delivered] == [
        ReferralAccepted.event_type,
        ServiceReported.event_type,
        ServiceReported.event_type,
    ]
    assert batched.cases[CASE].referrals["r-0001"].status.value == "completed"


def test_the_due_notices_a_batch_leaves_are_those_of_its_last_answer() -> None:
    """LT Pasal 17(3): once accepted, the first report and the outcome are due; the notices the
    monitor keeps is the one its last answer leaves, batched or not."""
    batched, alone = HubState(), HubState()
    received_and_accepted = answers()[:2]
    in_one_batch(referred(batched), received_and_accepted)
    one_by_one(referred(alone), received_and_accepted)

    assert batched.notices == alone.notices
    assert [n.milestone for n in batched.notices[CASE]] == ["first_report", "outcome"]
    assert batched.cases == alone.cases


def counted(calls: list[str], name: str, method: Callable[..., Any]) -> Callable[..., Any]:
    """``method``, noting its ``name`` in ``calls`` whenever it is called."""

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        calls.append(name)
        return method(*args, **kwargs)

    return wrapper


def test_a_case_is_loaded_once_and_written_once_for_all_of_its_events_in_a_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    state = HubState()
    hub = referred(state)
    calls: list[str] = []
    repository = type(hub.cases_of(None, None))  # type: ignore[arg-type]
    for name in ("load", "append", "save", "project_change"):
        monkeypatch.setattr(repository, name, counted(calls, name, getattr(repository, name)))

    in_one_batch(hub, answers())

    assert calls == ["load", "append", "save", "project_change"]


def test_nothing_of_a_batch_is_written_before_its_commit() -> None:
    state = HubState()
    hub = referred(state)
    before = len(state.journals[CASE])

    with hub.unit_of_work() as uow:
        for inbound in answers():
            handled(hub, uow, inbound)
        assert len(state.journals[CASE]) == before  # the case waits in memory

    assert len(state.journals[CASE]) == before  # rolled back: never written
    assert state.outbox[-1][0].event_type != ServiceReported.event_type


def test_an_answer_its_case_refuses_is_kept_while_the_others_of_the_batch_apply() -> None:
    """An answer on a referral the hub never issued is refused with its rule and kept,
    not dead-lettered; the case's other answers in the batch still apply."""
    state = HubState()
    hub = referred(state)
    good = answers()
    stray = answers(referral_id="r-never-issued")[1]

    in_one_batch(hub, [good[0], stray, *good[1:]])

    assert [r.event_id for r in state.refused] == [str(stray.envelope.id)]
    assert state.cases[CASE].referrals["r-0001"].status.value == "completed"


def test_an_answer_in_another_agencys_name_is_refused_and_its_batch_goes_on() -> None:
    state = HubState()
    hub = referred(state)
    good = answers()
    spoofed = answers(source="kh-dinsos")[1]

    in_one_batch(hub, [good[0], spoofed, *good[1:]])

    assert [r.rule for r in state.refused] == [rules.ANSWER_SENT_BY_ITS_AGENCY.name]
    assert state.cases[CASE].referrals["r-0001"].status.value == "completed"


def failing(hub: IntakeHub, uow: UnitOfWork, inbound: Inbound) -> None:
    """``inbound`` handled in a savepoint that then fails."""
    with uow.savepoint():
        handled(hub, uow, inbound)
        raise RuntimeError("the handler failed after deciding its event")


def test_an_event_that_fails_in_its_savepoint_takes_none_of_its_cases_other_events_along() -> None:
    """The inbox's isolated run: each event in a savepoint of its own; the one that fails
    is undone, written or not, and the events before and after it on the same case stay
    applied (the inbox then dead-letters it)."""
    state = HubState()
    hub = referred(state)
    received, accepted, step, final = answers()

    with hub.unit_of_work() as uow:
        for inbound in (received, accepted):
            with uow.savepoint():
                handled(hub, uow, inbound)
        with pytest.raises(RuntimeError):
            failing(hub, uow, step)
        with uow.savepoint():
            handled(hub, uow, final)
        uow.commit()

    alone = HubState()
    one_by_one(referred(alone), [received, accepted, final])
    assert state.journals == alone.journals
    assert state.cases == alone.cases
    assert published(state) == published(alone)
