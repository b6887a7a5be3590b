"""The pure parts of the hub around the domain: case numbers (LT Pasal 11) and where each
public event of a decision is published."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from schemas.base import CaseEvent
from schemas.events.case import ComplaintReceived, ComplaintSubmitted
from schemas.events.outcome import ServiceReported
from schemas.events.referral import (
    ReferralAccepted,
    ReferralReceived,
)
from schemas.vocabulary import DeclineReason, TerminationReason
from services.intake.domain import (
    AcceptReferral,
    CancelReferral,
    CasePhase,
    IssueReferral,
    MarkReferralReceived,
    ReceiveComplaint,
    RecordOfflineAnswer,
    RecordOnwardReferral,
    TerminateCase,
)
from services.intake.handlers import command_for
from services.intake.numbering import district_code, format_case_number
from services.intake.routing import destinations
from tests.support import referrals
from tests.unit.intake.support import LT, Story, story

HEALTH = "REHABILITASI_KESEHATAN"

# --- case numbers ---------------------------------------------------------------------


def test_a_case_number_is_the_district_code_the_year_and_four_digits() -> None:
    assert format_case_number("kapuas-hulu", 2026, 1) == "KH/2026/0001"
    assert format_case_number("luwu-timur", 2027, 42) == "LT/2027/0042"
    assert format_case_number("kapuas-hulu", 2026, 12345) == "KH/2026/12345"


def test_a_district_without_an_id_prefix_uses_its_initials() -> None:
    assert district_code("kota-sambas") == "KS"
    assert district_code("sintang") == "S"


def test_the_new_districts_number_their_cases_with_their_id_prefix() -> None:
    assert district_code("belu") == "BLU"
    assert format_case_number("singkawang", 2026, 1) == "SKW/2026/0001"


def test_case_numbers_start_at_one() -> None:
    with pytest.raises(ValueError, match="start at 1"):
        format_case_number("kapuas-hulu", 2026, 0)


# --- where events go ------------------------------------------------------------------


Routed = str | tuple[str, ...] | None


def routed(tale: Story, command: object) -> list[tuple[str, Routed]]:
    """Each public event of the command's decision and where it goes: None (stays in
    the hub), one topic, or a tuple of topics."""
    decision = tale.do(command)  # type: ignore[arg-type]
    return [(type(e).__name__, _shown(e, tale)) for e in decision.events]


def _shown(event: CaseEvent, tale: Story) -> Routed:
    topics = destinations(event, tale.current, tale.network)
    if not topics:
        return None
    return topics[0] if len(topics) == 1 else tuple(topics)


def test_journal_events_go_to_the_hubs_journal_topic_never_its_inbox() -> None:
    tale = story(until=CasePhase.COMPLAINT_RECEIVED)
    first = tale.journal[0].item
    assert isinstance(first, ComplaintReceived)
    assert destinations(first, tale.current, tale.network) == ["rujukan.journal.kh-hub"]
    tale = story(LT, until=CasePhase.PLAN_AGREED)
    assert routed(tale, TerminateCase(reason=TerminationReason.CHILD_DIED)) == [
        ("CaseTerminated", "rujukan.journal.lt-hub")
    ]


def test_a_referral_goes_to_its_online_target_and_nowhere_when_sent_by_letter() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    assert routed(tale, IssueReferral(referral_id="r-1", stage=HEALTH, target_id="kh-rsud")) == [
        ("ReferralIssued", "rujukan.inbox.kh-rsud")
    ]
    offline = IssueReferral(referral_id="r-2", stage="REHABILITASI_SOSIAL", target_id="kh-merangat")
    assert routed(tale, offline) == [("ReferralIssued", None)]


def test_answers_are_recorded_but_never_republished() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id="kh-rsud"))
    assert routed(tale, MarkReferralReceived(referral_id="r-1", agency_id="kh-rsud")) == [
        ("ReferralReceived", None)
    ]
    assert routed(tale, AcceptReferral(referral_id="r-1", agency_id="kh-rsud")) == [
        ("ReferralAccepted", None),
        ("OutcomeDeliveredToCompanion", ("rujukan.journal.kh-hub", "rujukan.inbox.kh-rsud")),
    ]
    tale.do(IssueReferral(referral_id="r-2", stage="REHABILITASI_SOSIAL", target_id="kh-merangat"))
    by_hand = RecordOfflineAnswer(
        referral_id="r-2", accepted=False, reason=DeclineReason.NO_CAPACITY
    )
    assert routed(tale, by_hand) == [
        ("ReferralReceived", None),
        ("ReferralDeclined", None),
        ("OutcomeDeliveredToCompanion", "rujukan.journal.kh-hub"),  # an offline institution
    ]


def test_a_cancellation_tells_an_online_target_only() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id="kh-rsud"))
    tale.do(IssueReferral(referral_id="r-2", stage="REHABILITASI_SOSIAL", target_id="kh-merangat"))
    assert routed(tale, CancelReferral(referral_id="r-1", reason="Plan changed")) == [
        ("ReferralCancelled", "rujukan.inbox.kh-rsud")
    ]
    assert routed(tale, CancelReferral(referral_id="r-2", reason="Plan changed")) == [
        ("ReferralCancelled", None)
    ]


def test_the_copy_of_an_onward_referral_is_not_sent_again() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(
        IssueReferral(
            referral_id="r-1", stage=HEALTH, target_id="kh-puskesmas-badau", emergency=True
        )
    )
    onward = RecordOnwardReferral(
        referral_id="r-pkm-1",
        parent_referral_id="r-1",
        referrer_id="kh-puskesmas-badau",
        hub_id="kh-hub",
        stage=HEALTH,
        target_id="kh-rsud",
    )
    assert routed(tale, onward) == [("ReferralIssued", None)]


# --- inbound events become commands ---------------------------------------------------------


def test_inbound_answers_become_the_targets_commands() -> None:
    ids = {"case_id": "c-1", "referral_id": "r-1", "agency_id": "kh-rsud"}
    assert command_for(ReferralReceived(**ids)) == MarkReferralReceived(
        referral_id="r-1", agency_id="kh-rsud"
    )
    at = datetime(2026, 11, 23, tzinfo=UTC)
    accepted = command_for(ReferralAccepted(**ids, accepted_at=at))
    assert accepted == AcceptReferral(referral_id="r-1", agency_id="kh-rsud", accepted_at=at)
    report = command_for(
        ServiceReported(**ids, report_id="rep-1", status="completed", final=True, reported_at=at)
    )
    assert getattr(report, "final", None) is True


def test_an_inbound_referral_is_read_as_the_copy_of_an_onward_referral() -> None:
    onward = referrals.issued(
        case_id="c-1",
        referral_id="r-pkm-1",
        referrer_id="kh-puskesmas-badau",
        hub_id="kh-hub",
        parent_referral_id="r-1",
    )
    command = command_for(onward)
    assert isinstance(command, RecordOnwardReferral)
    assert command.hub_id == "kh-hub"
    assert command.parent_referral_id == "r-1"
    assert not command.identity_included


def test_a_submitted_complaint_remembers_the_agency_that_sent_it() -> None:
    submitted = ComplaintSubmitted.model_validate(
        ComplaintSubmitted.model_json_schema()["examples"][0]
    )
    command = command_for(submitted, "e-1", "kh-disdikbud")
    assert isinstance(command, ReceiveComplaint)
    assert command.submitted_by == "kh-disdikbud"
