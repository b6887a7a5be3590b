"""Closing the loop (LT Pasal 17(3)): the result of every service reaches the companion.

Every answer (accepted, declined), service report and overdue notice on a case's
referral, and its referrer's hand-over when the child did not receive the service (BTG
Pasal 18(6)k), becomes an `Outcome` of the case, recorded under the id the companion
acknowledges it by, and is delivered to the case's current companion
(OutcomeDeliveredToCompanion). An overdue notice escalated to the supervisor goes to the
companion's supervisor. An outcome that arrives while the case has no companion waits,
and a (re)assignment hands every unacknowledged outcome over to the new companion.

A referral's loop is closed when it was cancelled, or when it is final and the outcomes
that made it final have been acknowledged (OutcomeAcknowledged).
"""

from __future__ import annotations

import uuid
from datetime import datetime

from schemas.events.case import CompanionAssigned
from schemas.events.outcome import OutcomeAcknowledged, OutcomeDeliveredToCompanion, ServiceReported
from schemas.events.referral import (
    ReferralAccepted,
    ReferralDeclined,
    ReferralExpired,
    ReferralOverdue,
)
from schemas.events.school import SchoolReferralHandedOver
from schemas.referral_status import ReferralStatus, Role
from schemas.vocabulary import Escalation, OverdueKind
from services.intake.domain.commands import AcknowledgeOutcome, Command, RecordOverdue
from services.intake.domain.evolve import evolve
from services.intake.domain.guards import known_referral, move, open_case, valid_fields
from services.intake.domain.journal import Decision, Recorded
from services.intake.domain.model import Case, Outcome, Referral
from services.intake.domain.network import Network
from services.intake.domain.records import OutcomeRecorded
from services.intake.domain.rules import (
    ACKNOWLEDGED_BY_ITS_RECIPIENT,
    ACKNOWLEDGED_ONCE,
    CASE_STARTS_WITH_COMPLAINT,
    OUTCOME_KNOWN,
    OVERDUE_NOTICE_ONCE,
    OVERDUE_ONLY_WHILE_PENDING,
)

S = ReferralStatus
OutcomeEvent = (
    ReferralAccepted
    | ReferralDeclined
    | ServiceReported
    | ReferralOverdue
    | SchoolReferralHandedOver
)
"""What must reach the companion."""

ANSWER, FIRST_REPORT, OUTCOME = "answer", "first_report", "outcome"
MILESTONES = (ANSWER, FIRST_REPORT, OUTCOME)
_OUTCOME_NAMESPACE = uuid.UUID("8a0c53a4-4bb9-4a3a-9d0f-6f1f3b1c2d7e")


# --- what is still owed -------------------------------------------------------------------


def pending_milestones(referral: Referral) -> tuple[str, ...]:
    """The service standards a referral can still miss: an answer while it is unanswered;
    a first report and the outcome while the service runs. A service on hold is paused."""
    if referral.status in (S.ISSUED, S.RECEIVED):
        return (ANSWER,)
    if referral.status in (S.ACCEPTED, S.IN_PROGRESS):
        return (OUTCOME,) if referral.reports else (FIRST_REPORT, OUTCOME)
    return ()


def loop_closed(case: Case, referral: Referral) -> bool:
    """Whether the referral's loop is closed (LT Pasal 17(3)): cancelled by the hub, or
    final with every outcome that made it final acknowledged."""
    if referral.status is S.CANCELLED:
        return True
    if referral.open:
        return False
    finals = [
        o for o in case.outcomes.values() if o.referral_id == referral.referral_id and o.final
    ]
    return bool(finals) and all(o.acknowledged for o in finals)


def open_loops(case: Case) -> int:
    """How many of the case's referrals still have an open loop."""
    return sum(1 for r in case.referrals.values() if not loop_closed(case, r))


def unacknowledged(case: Case, recipient_id: str | None = None) -> list[Outcome]:
    """Outcomes not yet acknowledged (for one recipient, if given), oldest first."""
    return [
        o
        for o in case.outcomes.values()
        if not o.acknowledged and (recipient_id is None or o.recipient_id == recipient_id)
    ]


# --- the monitor and the companion ----------------------------------------------------------


def decide_record_overdue(
    case: Case | None, command: RecordOverdue, now: datetime, network: Network
) -> Decision:
    """A referral missed a service standard: a notice to the companion, later to the
    supervisor; an answer still missing at the second notice expires the referral
    (Role.MONITOR), which may then be re-routed."""
    case = open_case(case)
    referral = known_referral(case, command.referral_id)
    OVERDUE_ONLY_WHILE_PENDING.check(
        command.milestone in pending_milestones(referral),
        f"referral {referral.referral_id} is {referral.status}: its {command.milestone} is "
        "not pending",
    )
    OVERDUE_NOTICE_ONCE.check(
        (command.milestone, command.escalation) not in referral.overdue_notices,
        f"referral {referral.referral_id}: the {command.escalation} was already told that its "
        f"{command.milestone} is overdue",
    )
    with valid_fields():
        overdue = ReferralOverdue(
            case_id=case.case_id,
            referral_id=referral.referral_id,
            target_id=referral.target_id,
            kind=OverdueKind.ANSWER if command.milestone == ANSWER else OverdueKind.OUTCOME,
            escalation=command.escalation,
            due_at=command.due_at,
            milestone=command.milestone,
        )
    if command.milestone == ANSWER and command.escalation is Escalation.SUPERVISOR:
        move(referral, S.EXPIRED, Role.MONITOR)
        expired = ReferralExpired(
            case_id=case.case_id, referral_id=referral.referral_id, referrer_id=referral.referrer_id
        )
        return Decision.at(now, overdue, expired)
    return Decision.at(now, overdue)


def decide_acknowledge_outcome(
    case: Case | None, command: AcknowledgeOutcome, now: datetime, network: Network
) -> Decision:
    """The recipient of an outcome has seen it. Allowed after termination too: reading
    what arrived is not handling the case."""
    if case is None:
        CASE_STARTS_WITH_COMPLAINT.refuse("no case to acknowledge an outcome on")
    outcome = case.outcomes.get(command.outcome_id)
    if outcome is None:
        OUTCOME_KNOWN.refuse(f"case {case.case_id} has no outcome {command.outcome_id}")
    ACKNOWLEDGED_BY_ITS_RECIPIENT.check(
        outcome.recipient_id == command.companion_id,
        f"outcome {outcome.outcome_id} was delivered to {outcome.recipient_id}, not "
        f"{command.companion_id}",
    )
    ACKNOWLEDGED_ONCE.check(
        not outcome.acknowledged, f"outcome {outcome.outcome_id} was acknowledged"
    )
    with valid_fields():
        acknowledged = OutcomeAcknowledged(
            case_id=case.case_id,
            referral_id=outcome.referral_id,
            outcome_event_id=uuid.UUID(outcome.outcome_id),
            companion_id=command.companion_id,
            acknowledged_at=now,
            agency_id=outcome.agency_id,
        )
    return Decision.at(now, acknowledged)


# --- delivery: a step after every decision ----------------------------------------------------


def close_the_loop(
    before: Case | None, command: Command, decision: Decision, now: datetime
) -> Decision:
    """``decision`` plus the outcomes it produced and their delivery to the companion,
    and, when it (re)assigned the companion, the hand-over of unacknowledged outcomes."""
    if not decision.journal:
        return decision
    case = before
    for entry in decision.journal:
        case = evolve(case, entry)
    assert case is not None
    extra: list[Recorded] = []

    def record(item: OutcomeRecorded | OutcomeDeliveredToCompanion) -> None:
        nonlocal case
        entry = Recorded(now, item)
        extra.append(entry)
        case = evolve(case, entry)

    outcome_items = [e.item for e in decision.journal if isinstance(e.item, OutcomeEvent)]
    for index, item in enumerate(outcome_items):
        outcome = _outcome_record(case, command, item, index)
        record(outcome)
        delivery = _delivery(case, case.outcomes[outcome.outcome_id], now)
        if delivery is not None:
            record(delivery)
    if any(isinstance(e.item, CompanionAssigned) for e in decision.journal):
        for waiting in unacknowledged(case):
            if waiting.escalation is Escalation.COMPANION:
                delivery = _delivery(case, waiting, now)
                if delivery is not None and waiting.recipient_id != delivery.companion_id:
                    record(delivery)
    return Decision((*decision.journal, *extra), folded=(before, case))


def _outcome_record(
    case: Case, command: Command, item: OutcomeEvent, index: int
) -> OutcomeRecorded:
    referral = case.referrals[item.referral_id]
    return OutcomeRecorded(
        case_id=case.case_id,
        outcome_id=_outcome_id(case, command, item, index),
        referral_id=item.referral_id,
        outcome_type=item.event_type,
        agency_id=item.target_id if isinstance(item, ReferralOverdue) else item.agency_id,
        final=_final(item, referral),
        summary=_summary(item),
        escalation=item.escalation if isinstance(item, ReferralOverdue) else Escalation.COMPANION,
    )


def _outcome_id(case: Case, command: Command, item: object, index: int) -> str:
    """The command's outcome id (an inbound event's ce_id, or the caller's), else one
    derived from the content, so replaying a decision gives the same id."""
    given = getattr(command, "outcome_id", None)
    if given is not None and index == 0:
        return str(uuid.UUID(str(given)))
    seed = given or f"{case.case_id}/{len(case.outcomes)}/{type(item).__name__}"
    return str(uuid.uuid5(_OUTCOME_NAMESPACE, f"{seed}/{index}"))


def _final(item: OutcomeEvent, referral: Referral) -> bool:
    """Whether the outcome closes the referral. A hand-over does not: it is the
    referrer's account, and the referral's status is its target's."""
    if isinstance(item, ServiceReported):
        return item.final
    if isinstance(item, ReferralDeclined):
        return True
    if isinstance(item, ReferralOverdue):
        return referral.status is S.EXPIRED
    return False


def _summary(item: OutcomeEvent) -> str:
    """A short administrative line: never a name, a diagnosis or a statement."""
    match item:
        case ReferralAccepted():
            return f"accepted by {item.agency_id}"
        case ReferralDeclined():
            return f"declined by {item.agency_id}: {item.reason}"
        case ServiceReported():
            kinds = ", ".join(fact.kind for fact in item.facts) or "no facts"
            final = " (final)" if item.final else ""
            return f"report {item.status}{final} from {item.agency_id}: {kinds}"
        case ReferralOverdue():
            return f"overdue: {item.milestone or item.kind} from {item.target_id}"
        case SchoolReferralHandedOver():
            return (
                f"handed over by {item.agency_id}: {item.service} not received, "
                f"follow up ({item.article})"
            )


def _delivery(case: Case, outcome: Outcome, now: datetime) -> OutcomeDeliveredToCompanion | None:
    """Deliver to the current companion, or to their supervisor for an escalated notice;
    None while the case has no companion."""
    companion = case.companion
    if companion is None:
        return None
    recipient = companion.companion_id
    if outcome.escalation is Escalation.SUPERVISOR and companion.supervisor_id:
        recipient = companion.supervisor_id
    return OutcomeDeliveredToCompanion(
        case_id=case.case_id,
        referral_id=outcome.referral_id,
        outcome_event_id=uuid.UUID(outcome.outcome_id),
        companion_id=recipient,
        delivered_at=now,
        agency_id=outcome.agency_id,
        outcome_type=outcome.outcome_type,
        final=outcome.final,
        recipient=outcome.escalation,
        handed_over_from=outcome.recipient_id if outcome.recipient_id != recipient else None,
    )
