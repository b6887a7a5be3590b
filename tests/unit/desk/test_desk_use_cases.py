"""The desk's use cases on in-memory tables (no database, no broker): a referral
received from the inbox, the staff's answers and reports, each in one unit of work that
commits the new state and its events for the case's hub together, or nothing."""

import pytest

from rujukan.desk import Desk
from rujukan.desk.rules import ReportDraft
from rujukan.errors import IllegalState
from rujukan.runtime.inbox import Inbound, InboundRecord
from schemas.envelope import envelope_for
from schemas.events import (
    ChildIdentity,
    ReferralAccepted,
    ReferralIssued,
    ReferralReceived,
    ServiceReported,
)
from schemas.facts import ServiceNote
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import OutcomeStatus
from tests.support.fakes import FakeUnitOfWork
from tests.support.referrals import issued
from tests.unit.desk.fakes import DeskState, desk_on

HUB_INBOX = "rujukan.inbox.kh-hub"
CHILD = ChildIdentity(name="(name)", sex="female", estimated_age=12)


@pytest.fixture
def state() -> DeskState:
    return DeskState()


@pytest.fixture
def desk(state: DeskState) -> Desk:
    return desk_on(state)


def deliver(desk: Desk, state: DeskState, event: ReferralIssued) -> None:
    """What the inbox does with one record: the handler in a unit of work, committed."""
    envelope = envelope_for(event, source="kh-hub")
    record = InboundRecord("rujukan.inbox.kh-rsud", 0, 0, None, (), None)
    with FakeUnitOfWork(state, "kh-rsud") as uow:
        desk.on_issued(uow, Inbound(envelope, event, record))
        uow.commit()


def test_a_referral_received_is_stored_and_the_case_hub_is_told(
    desk: Desk, state: DeskState
) -> None:
    """LT Pasal 17(3): the hub follows every referral it issued."""
    deliver(desk, state, issued(child=CHILD))

    assert state.referrals["r-0001"].status is ReferralStatus.RECEIVED
    assert state.children["r-0001"] == CHILD
    assert state.published() == [(ReferralReceived, HUB_INBOX)]


def test_a_referral_received_twice_is_answered_once(desk: Desk, state: DeskState) -> None:
    deliver(desk, state, issued())
    deliver(desk, state, issued())

    assert state.published() == [(ReferralReceived, HUB_INBOX)]


def test_accepting_tells_the_hub_and_shows_the_identity_only_through_the_audit(
    desk: Desk, state: DeskState
) -> None:
    deliver(desk, state, issued(child=CHILD))

    detail = desk.accept("r-0001", note="Kami terima")

    assert detail.status is ReferralStatus.ACCEPTED
    assert state.published()[-1] == (ReferralAccepted, HUB_INBOX)
    assert state.audit.reads == ["r-0001"]


def test_a_refused_answer_changes_nothing_and_sends_nothing(desk: Desk, state: DeskState) -> None:
    deliver(desk, state, issued())
    desk.accept("r-0001")
    before = (dict(state.referrals), len(state.outbox))

    with pytest.raises(IllegalState):
        desk.accept("r-0001")

    assert (dict(state.referrals), len(state.outbox)) == before


def test_a_final_report_closes_the_referral_and_reaches_the_hub_under_its_own_id(
    desk: Desk, state: DeskState
) -> None:
    deliver(desk, state, issued())
    desk.accept("r-0001")
    draft = ReportDraft(
        status=OutcomeStatus.COMPLETED, final=True, facts=[ServiceNote(summary="Selesai")]
    )

    report = desk.report("r-0001", draft)

    assert state.referrals["r-0001"].status is ReferralStatus.COMPLETED
    event, topic, envelope = state.outbox[-1]
    assert (type(event), topic) == (ServiceReported, HUB_INBOX)
    assert str(report.event_id) == str(envelope.id)
