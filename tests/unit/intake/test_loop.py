"""Closing the loop (LT Pasal 17(3)): every answer, report and overdue notice reaches the
case's current companion, is handed over on reassignment, and closes a referral's loop
only once the companion has acknowledged its final outcome."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from rujukan.referral_deadlines import load_referral_deadlines
from schemas.events.outcome import OutcomeAcknowledged, OutcomeDeliveredToCompanion
from schemas.events.referral import ReferralExpired, ReferralOverdue
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import CompanionRole, DeclineReason, Escalation, OutcomeStatus
from services.intake.domain import (
    AcceptReferral,
    AcknowledgeOutcome,
    CasePhase,
    DeclineReferral,
    IssueReferral,
    MarkReferralReceived,
    ReassignCompanion,
    RecordOverdue,
    ReportService,
    RerouteReferral,
    fold,
    loop_closed,
    open_loops,
    rules,
    unacknowledged,
)
from services.intake.domain.overdue import due_notices
from tests.unit.intake.support import COMPANION, Story, assignment, story

S = ReferralStatus
RSUD, HEALTH = "kh-rsud", "REHABILITASI_KESEHATAN"


def referred(referral_id: str = "r-1") -> Story:
    tale = story(until=CasePhase.PLAN_AGREED)
    tale.do(IssueReferral(referral_id=referral_id, stage=HEALTH, target_id=RSUD))
    tale.do(MarkReferralReceived(referral_id=referral_id, agency_id=RSUD))
    return tale


def deliveries(tale: Story) -> list[OutcomeDeliveredToCompanion]:
    return [e.item for e in tale.journal if isinstance(e.item, OutcomeDeliveredToCompanion)]


def report(referral_id: str = "r-1", final: bool = True, **extra: object) -> ReportService:
    return ReportService(
        referral_id=referral_id,
        agency_id=RSUD,
        report_id=f"rep-{len(str(extra))}-{final}",
        status=OutcomeStatus.COMPLETED,
        final=final,
        **extra,  # type: ignore[arg-type]
    )


def test_an_acceptance_and_a_report_reach_the_current_companion() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.do(report(final=True))
    delivered = deliveries(tale)
    assert [d.outcome_type for d in delivered] == [
        "id.rujukan.referral.accepted.v1",
        "id.rujukan.service.reported.v1",
    ]
    assert {d.companion_id for d in delivered} == {COMPANION}
    assert [d.final for d in delivered] == [False, True]
    assert all(d.agency_id == RSUD for d in delivered)


def test_an_outcome_is_known_by_the_id_the_agency_sent_it_with() -> None:
    tale = referred()
    ce_id = str(uuid.uuid4())
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD, outcome_id=ce_id))
    (delivered,) = deliveries(tale)
    assert str(delivered.outcome_event_id) == ce_id
    assert ce_id in tale.current.outcomes


def test_a_decline_is_final_and_reaches_the_companion() -> None:
    tale = referred()
    tale.do(DeclineReferral(referral_id="r-1", agency_id=RSUD, reason=DeclineReason.NO_CAPACITY))
    (outcome,) = tale.current.outcomes.values()
    assert outcome.final
    assert outcome.recipient_id == COMPANION
    assert "no_capacity" in outcome.summary


def test_a_referral_loop_closes_only_when_its_final_outcome_is_acknowledged() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.do(report(final=True))
    referral = tale.current.referrals["r-1"]
    assert referral.status is S.COMPLETED
    assert not loop_closed(tale.current, referral)
    accepted, final = tale.current.outcomes.values()
    tale.do(AcknowledgeOutcome(outcome_id=accepted.outcome_id, companion_id=COMPANION))
    assert not loop_closed(tale.current, tale.current.referrals["r-1"])
    decision = tale.do(AcknowledgeOutcome(outcome_id=final.outcome_id, companion_id=COMPANION))
    (acknowledged,) = decision.events
    assert isinstance(acknowledged, OutcomeAcknowledged)
    assert acknowledged.agency_id == RSUD
    assert loop_closed(tale.current, tale.current.referrals["r-1"])
    assert open_loops(tale.current) == 0


def test_a_declined_and_rerouted_referral_keeps_its_own_loop() -> None:
    tale = referred()
    tale.do(DeclineReferral(referral_id="r-1", agency_id=RSUD, reason=DeclineReason.NO_CAPACITY))
    tale.do(
        RerouteReferral(referral_id="r-2", predecessor_id="r-1", target_id="kh-puskesmas-badau")
    )
    assert open_loops(tale.current) == 2
    (decline,) = unacknowledged(tale.current)
    tale.do(AcknowledgeOutcome(outcome_id=decline.outcome_id, companion_id=COMPANION))
    assert open_loops(tale.current) == 1  # the re-routed attempt is still open


def test_only_the_recipient_acknowledges_an_outcome() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    (outcome,) = tale.current.outcomes.values()
    tale.refused(
        AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id="comp-other"),
        rules.ACKNOWLEDGED_BY_ITS_RECIPIENT,
    )


def test_an_outcome_is_acknowledged_once() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    (outcome,) = tale.current.outcomes.values()
    tale.do(AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=COMPANION))
    tale.refused(
        AcknowledgeOutcome(outcome_id=outcome.outcome_id, companion_id=COMPANION),
        rules.ACKNOWLEDGED_ONCE,
    )


def test_an_unknown_outcome_cannot_be_acknowledged() -> None:
    tale = referred()
    tale.refused(
        AcknowledgeOutcome(outcome_id=str(uuid.uuid4()), companion_id=COMPANION),
        rules.OUTCOME_KNOWN,
    )


def test_reassignment_hands_unacknowledged_outcomes_to_the_new_companion() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.do(report(final=False))
    accepted, progress = tale.current.outcomes.values()
    tale.do(AcknowledgeOutcome(outcome_id=accepted.outcome_id, companion_id=COMPANION))
    tale.do(
        ReassignCompanion(
            companion_id="comp-budi",
            role=CompanionRole.SOCIAL_WELFARE_WORKER,
            assignment_letter_ref="800/113/DINSOS/2026",
            replaces_companion_id=COMPANION,
        )
    )
    handed = tale.current.outcomes[progress.outcome_id]
    assert handed.recipient_id == "comp-budi"
    assert handed.handed_over_from == COMPANION
    assert tale.current.outcomes[accepted.outcome_id].recipient_id == COMPANION  # already seen
    tale.do(report(final=True))
    final = list(tale.current.outcomes.values())[-1]
    assert final.recipient_id == "comp-budi"  # new outcomes go to the new companion
    assert fold(tale.journal) == tale.current


def test_an_outcome_before_any_companion_waits_and_is_delivered_at_assignment() -> None:
    tale = story(until=CasePhase.REGISTERED)
    tale.do(IssueReferral(referral_id="r-1", stage=HEALTH, target_id=RSUD, emergency=True))
    tale.do(MarkReferralReceived(referral_id="r-1", agency_id=RSUD))
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    (waiting,) = tale.current.outcomes.values()
    assert waiting.recipient_id is None
    tale.do(assignment())
    assert tale.current.outcomes[waiting.outcome_id].recipient_id == COMPANION


# --- overdue referrals ------------------------------------------------------------------------


def overdue(milestone: str, escalation: Escalation, referral_id: str = "r-1") -> RecordOverdue:
    return RecordOverdue(
        referral_id=referral_id,
        milestone=milestone,
        escalation=escalation,
        due_at=datetime(2026, 11, 24, 9, 0, tzinfo=UTC),
    )


def test_unanswered_referral_goes_overdue_to_companion_then_supervisor_and_expires() -> None:
    tale = referred()
    first = tale.do(overdue("answer", Escalation.COMPANION))
    assert [type(e) for e in first.events] == [ReferralOverdue, OutcomeDeliveredToCompanion]
    assert tale.status("r-1") is S.RECEIVED
    second = tale.do(overdue("answer", Escalation.SUPERVISOR))
    kinds = [type(e) for e in second.events]
    assert kinds == [ReferralOverdue, ReferralExpired, OutcomeDeliveredToCompanion]
    delivery = second.events[-1]
    assert isinstance(delivery, OutcomeDeliveredToCompanion)
    assert delivery.companion_id == "sup-ani"  # the companion's supervisor
    assert delivery.recipient is Escalation.SUPERVISOR
    assert delivery.final
    assert tale.status("r-1") is S.EXPIRED
    tale.do(
        RerouteReferral(referral_id="r-2", predecessor_id="r-1", target_id="kh-puskesmas-badau")
    )


def test_an_overdue_notice_is_sent_once_per_milestone_and_escalation() -> None:
    tale = referred()
    tale.do(overdue("answer", Escalation.COMPANION))
    tale.refused(overdue("answer", Escalation.COMPANION), rules.OVERDUE_NOTICE_ONCE)


def test_no_overdue_notice_for_a_milestone_already_met() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.refused(overdue("answer", Escalation.COMPANION), rules.OVERDUE_ONLY_WHILE_PENDING)


def test_a_missing_outcome_escalates_without_expiring_an_accepted_referral() -> None:
    tale = referred()
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    tale.do(overdue("outcome", Escalation.COMPANION))
    decision = tale.do(overdue("outcome", Escalation.SUPERVISOR))
    assert ReferralExpired not in [type(e) for e in decision.events]
    assert tale.status("r-1") is S.ACCEPTED


# --- when the monitor must act ------------------------------------------------------------------


def test_due_notices_follow_the_service_standards_and_their_escalation() -> None:
    tale = referred()
    rules_ = load_referral_deadlines()
    issued_at = tale.current.referrals["r-1"].issued_at
    (answer,) = due_notices(tale.current, rules_)
    assert (answer.milestone, answer.escalation) == ("answer", Escalation.COMPANION)
    assert answer.fire_at > issued_at
    tale.do(overdue("answer", Escalation.COMPANION))
    (escalation,) = due_notices(tale.current, rules_)
    assert escalation.escalation is Escalation.SUPERVISOR
    assert escalation.fire_at > answer.fire_at
    tale.do(AcceptReferral(referral_id="r-1", agency_id=RSUD))
    milestones = sorted(n.milestone for n in due_notices(tale.current, rules_))
    assert milestones == ["first_report", "outcome"]  # health: visum within a day
    visum = next(n for n in due_notices(tale.current, rules_) if n.milestone == "first_report")
    accepted_at = tale.current.referrals["r-1"].answered_at
    assert accepted_at is not None
    assert visum.due_at - accepted_at == timedelta(days=1)
    tale.do(report(final=True))
    assert due_notices(tale.current, rules_) == []
