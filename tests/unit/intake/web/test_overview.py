"""What the companion app shows: one timeline per referral (issued → answered → in
progress → outcome → acknowledged), overdue marks, and "my cases" with the overdue
referrals first."""

from datetime import UTC, datetime, timedelta

from schemas.events import ReferralAccepted, SchoolReferralHandedOver, ServiceReported
from schemas.events.referral import ReferralOverdue
from schemas.vocabulary import DeclineReason, Escalation
from services.intake.domain import (
    AcceptReferral,
    AcknowledgeOutcome,
    CasePhase,
    DeclineReferral,
    IssueReferral,
    MarkReferralReceived,
    RecordOverdue,
)
from services.intake.domain.overdue import DueNotice
from services.intake.repository import CaseSummary, InboxItem
from services.intake.web.overview import ReferralTimeline, detail_of, overview_of
from tests.unit.intake.support import COMPANION, Story, directory, story

RSUD, HEALTH = "kh-rsud", "REHABILITASI_KESEHATAN"
T0 = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def referred() -> Story:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id=RSUD))
    return tale


def timeline(tale: Story, due: list[DueNotice] | None = None) -> ReferralTimeline:
    detail = detail_of(tale.current, due or [], COMPANION, directory())
    (only,) = [r for r in detail.referrals if r.referral_id == "r-1"]
    return only


def states(line: ReferralTimeline) -> list[tuple[str, str, str | None]]:
    return [(s.step, s.state, s.result) for s in line.steps]


def test_a_served_referral_walks_every_step_with_times_and_the_agency() -> None:
    tale = referred()
    tale.do(MarkReferralReceived(referral_id="r-1", agency_id=RSUD))
    line = timeline(tale)
    assert states(line)[:2] == [("issued", "done", None), ("answered", "current", "received")]
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.complete("r-1", RSUD, report_id="rep-1")
    line = timeline(tale)
    assert states(line) == [
        ("issued", "done", None),
        ("answered", "done", "accepted"),
        ("in_progress", "done", None),
        ("outcome", "done", "completed"),
        ("acknowledged", "current", None),
    ]
    assert all(s.at is not None for s in line.steps if s.state == "done")
    assert {s.agency_name for s in line.steps[:4]} == {directory().get(RSUD).name}
    assert line.unacknowledged == 2
    assert not line.loop_closed
    for outcome in list(tale.current.outcomes.values()):
        tale.do(AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=COMPANION))
    line = timeline(tale)
    assert line.steps[-1].state == "done"
    assert line.steps[-1].by == COMPANION
    assert line.loop_closed
    assert line.unacknowledged == 0


def test_a_declined_referral_skips_the_service_and_waits_for_the_acknowledgement() -> None:
    tale = referred()
    tale.do(MarkReferralReceived(referral_id="r-1", agency_id=RSUD))
    tale.do(DeclineReferral(referral_id="r-1", agency_id=RSUD, reason=DeclineReason.NO_CAPACITY))
    assert [(step, state) for step, state, _ in states(timeline(tale))] == [
        ("issued", "done"),
        ("answered", "done"),
        ("in_progress", "skipped"),
        ("outcome", "skipped"),
        ("acknowledged", "current"),
    ]
    assert timeline(tale).steps[1].result == "declined"


def test_an_unanswered_referral_is_marked_overdue_and_escalated_then_expires() -> None:
    tale = referred()
    due = DueNotice("c-kh-hub-0001", "r-1", "answer", Escalation.SUPERVISOR, T0, T0)
    assert timeline(tale).overdue == []
    (mark,) = timeline(tale, [due]).overdue
    assert (mark.milestone, mark.due_at, mark.escalated) == ("answer", T0, False)
    for escalation in (Escalation.COMPANION, Escalation.SUPERVISOR):
        tale.do(
            RecordOverdue(referral_id="r-1", milestone="answer", escalation=escalation, due_at=T0)
        )
    line = timeline(tale)
    assert line.status == "expired"
    assert line.overdue == []  # nothing is pending any more: the referral expired
    assert states(line)[1:4] == [
        ("answered", "skipped", None),
        ("in_progress", "skipped", None),
        ("outcome", "done", "expired"),
    ]
    to_supervisor = [o for o in line.outcomes if not o.mine]
    assert [o.recipient_id for o in to_supervisor] == ["sup-ani"]


def test_overdue_referrals_come_first_on_the_case_page() -> None:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id="r-0", stage=HEALTH, target_id=RSUD))
    tale.do(IssueReferral(referral_id="r-1", stage="BANTUAN_HUKUM", target_id="kh-bagian-hukum"))
    due = DueNotice(tale.current.case_id, "r-1", "answer", Escalation.COMPANION, T0, T0)
    detail = detail_of(tale.current, [due], COMPANION, directory())
    assert [r.referral_id for r in detail.referrals] == ["r-1", "r-0"]
    assert detail.case_number == "KH-HUB/2026/0001"
    without_due = detail_of(tale.current, [], COMPANION, directory())
    assert detail.version
    assert detail.version != without_due.version


def summary(case_id: str, number: str, loops: int, phase: str = "plan_agreed") -> CaseSummary:
    return CaseSummary(
        case_id, number, "kapuas-hulu", "trafficking", phase, COMPANION, loops, 10, T0, T0
    )


def item(outcome_id: str, case_id: str, kind: str, recipient: str = COMPANION) -> InboxItem:
    escalation = "supervisor" if recipient != COMPANION else "companion"
    return InboxItem(
        outcome_id, case_id, "r-1", kind, RSUD, False, "", escalation, recipient,
        T0 + timedelta(minutes=len(outcome_id)), T0, None, None,
    )  # fmt: skip


def test_my_cases_put_overdue_referrals_first_then_outcomes_then_cases() -> None:
    mine = [
        summary("c-quiet", "KH/2026/0001", 0),
        summary("c-late", "KH/2026/0002", 1),
        summary("c-closed", "KH/2026/0003", 0, phase="terminated"),
    ]
    inbox = [
        item("o-accepted", "c-quiet", ReferralAccepted.event_type),
        item("o-notice", "c-late", ReferralOverdue.event_type),
        item("o-report", "c-quiet", ServiceReported.event_type),
    ]
    due = [
        DueNotice("c-late", "r-1", "answer", Escalation.SUPERVISOR, T0, T0 + timedelta(days=1)),
        DueNotice("c-late", "r-9", "outcome", Escalation.COMPANION, T0 - timedelta(days=1), T0),
    ]
    numbers = {c.case_id: c.case_number for c in mine}
    targets = {("c-late", "r-1"): RSUD, ("c-late", "r-9"): "kh-polres"}
    view = overview_of(COMPANION, mine, inbox, due, numbers, targets, directory(), T0)
    assert [(e.referral_id, e.outcome_id, e.milestone) for e in view.overdue] == [
        ("r-9", None, "outcome"),  # due earliest, no notice yet
        ("r-1", "o-notice", "answer"),
    ]
    assert view.overdue[1].agency_name == directory().get(RSUD).name
    assert [e.outcome_id for e in view.inbox] == ["o-accepted", "o-report"]
    assert [c.case_id for c in view.cases] == ["c-late", "c-quiet"]  # closed and done: gone
    assert (view.cases[0].overdue, view.cases[1].unacknowledged) == (2, 2)


def test_a_supervisors_escalated_notice_on_another_companions_case() -> None:
    notice = item("o-escalated", "c-siti", ReferralOverdue.event_type, recipient="sup-ani")
    view = overview_of("sup-ani", [], [notice], [], {"c-siti": "KH/2026/0007"}, {}, directory(), T0)
    (entry,) = view.overdue
    assert (entry.escalated, entry.own_case, entry.case_number) == (True, False, "KH/2026/0007")
    assert view.cases == []


def test_a_school_hand_over_is_in_my_cases_as_a_service_not_received_btg_18_6k() -> None:
    """The companion is the local government's social worker the school head's order of
    BTG 18(6)k reaches: the hand-over is an outcome to read and acknowledge."""
    handed = item("o-handed", "c-quiet", SchoolReferralHandedOver.event_type)
    mine = [summary("c-quiet", "KH/2026/0001", 0)]
    view = overview_of(
        COMPANION, mine, [handed], [], {"c-quiet": "KH/2026/0001"}, {}, directory(), T0
    )
    (entry,) = view.inbox
    assert (entry.outcome_id, entry.kind, entry.own_case) == ("o-handed", "not_received", True)
    assert view.overdue == []
    assert view.cases[0].unacknowledged == 1
