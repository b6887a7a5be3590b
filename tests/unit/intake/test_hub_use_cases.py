"""The hub's use cases on in-memory cases (no database, no broker): each command runs
in one unit of work that commits what it decided and the events it published, or
nothing at all."""

import pytest

from rujukan.errors import RuleViolation
from rujukan.identity_needs import load_identity_needs
from schemas.events import ComplaintReceived, ReferralIssued
from schemas.vocabulary import CaseCategory, ServiceType
from services.intake.domain import IssueReferral
from services.intake.numbering import format_case_number
from services.intake.usecases import IntakeHub, just
from tests.unit.intake.fakes import HubState, hub_on
from tests.unit.intake.support import KH, T0, complaint

RSUD_INBOX = "rujukan.inbox.kh-rsud"


@pytest.fixture
def state() -> HubState:
    return HubState()


@pytest.fixture
def hub(state: HubState) -> IntakeHub:
    return hub_on(state)


def opened(hub: IntakeHub, case_id: str) -> str:
    hub.act(case_id, just(complaint(case_id)))
    return case_id


def emergency_health_referral(referral_id: str = "r-0001") -> IssueReferral:
    return IssueReferral(
        referral_id=referral_id,
        stage="REHABILITASI_KESEHATAN",
        target_id="kh-rsud",
        emergency=True,
    )


def test_a_complaint_is_journaled_and_published_to_the_hubs_journal_at_commit(
    hub: IntakeHub, state: HubState
) -> None:
    outcome = hub.act("c-kh-0001", just(complaint("c-kh-0001")))

    assert state.cases["c-kh-0001"] == outcome.case
    assert len(state.journals["c-kh-0001"]) == len(outcome.decision.journal)
    assert [(type(e), t) for e, t, _ in state.outbox] == [
        (ComplaintReceived, "rujukan.journal.kh-hub")
    ]


def test_registrations_number_a_districts_cases_one_after_another(hub: IntakeHub) -> None:
    """LT Pasal 11: registration gives the case its number in the district's year."""
    first = hub.register(opened(hub, "c-kh-0001"), CaseCategory.TRAFFICKING)
    second = hub.register(opened(hub, "c-kh-0002"), CaseCategory.TRAFFICKING)

    assert (first.case.case_number, second.case.case_number) == (
        format_case_number(KH, T0.year, 1),
        format_case_number(KH, T0.year, 2),
    )


def test_a_refused_registration_writes_nothing_and_gives_its_number_back(
    hub: IntakeHub, state: HubState
) -> None:
    with pytest.raises(RuleViolation):
        hub.register("c-never-opened", CaseCategory.TRAFFICKING)

    assert state.journals == {}
    assert state.outbox == []
    assert state.numbers == {}
    registered = hub.register(opened(hub, "c-kh-0001"), CaseCategory.TRAFFICKING)
    assert registered.case.case_number == format_case_number(KH, T0.year, 1)


def test_a_referral_goes_to_its_targets_inbox_with_the_identity_its_service_needs(
    hub: IntakeHub, state: HubState
) -> None:
    """The identity goes only where the referral's service needs it (identity_needs.csv)."""
    case_id = opened(hub, "c-kh-0001")
    assert load_identity_needs().decide(ServiceType.HEALTH, None)

    outcome = hub.issue_referral(case_id, emergency_health_referral(), override=None)

    assert outcome.topics["r-0001"] == RSUD_INBOX
    (issued,) = [(e, t) for e, t, _ in state.outbox if isinstance(e, ReferralIssued)]
    assert issued[1] == RSUD_INBOX
    assert isinstance(issued[0], ReferralIssued)
    assert issued[0].child is not None


def test_a_referral_whose_sender_withholds_the_identity_carries_none(
    hub: IntakeHub, state: HubState
) -> None:
    case_id = opened(hub, "c-kh-0001")

    hub.issue_referral(case_id, emergency_health_referral(), override=False)

    (issued,) = [e for e, _, _ in state.outbox if isinstance(e, ReferralIssued)]
    assert issued.child is None
