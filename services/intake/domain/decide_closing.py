"""Decisions of evaluation (LT Pasal 19) and termination (LT Pasal 20)."""

from __future__ import annotations

from datetime import datetime

from schemas.events.case import CaseEvaluated, CaseTerminated
from schemas.events.referral import ReferralCancelled
from schemas.referral_status import ReferralStatus, Role
from schemas.vocabulary import TerminationReason
from services.intake.domain.commands import EvaluateCase, TerminateCase
from services.intake.domain.guards import (
    in_phase,
    move,
    open_case,
    required_text,
    text,
    valid_fields,
)
from services.intake.domain.journal import Decision, JournalItem
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.phases import TERMINABLE_ANY_TIME, CasePhase
from services.intake.domain.records import EvaluationRecorded
from services.intake.domain.rules import (
    EVALUATION_BY_COMPANION,
    EVALUATION_NEEDS_PLAN,
    MORE_SERVICES_ONLY_IF_NOT_WELL,
    REFERRED_ELSEWHERE_NAMES_PLACE,
    SERVICES_COMPLETED_NEEDS_NO_OPEN_REFERRAL,
    SERVICES_COMPLETED_NEEDS_PREPARATION,
    TERMINATION_AFTER_REGISTRATION,
)


def decide_evaluate_case(
    case: Case | None, command: EvaluateCase, now: datetime, network: Network
) -> Decision:
    """Evaluasi (LT Pasal 19) by the assigned companion, on an agreed plan.

    Well → prepare termination (19(2)b). Not yet well → case conference (19(2)a); when
    it needs other services, assess and plan again (19(3)). "More services" therefore
    comes only with "not yet well".
    """
    case = open_case(case)
    in_phase(case, {CasePhase.PLAN_AGREED}, EVALUATION_NEEDS_PLAN, "evaluate")
    companion = case.companion
    EVALUATION_BY_COMPANION.check(
        companion is not None and companion.companion_id == command.companion_id,
        f"the evaluation is made by the case's companion "
        f"{companion.companion_id if companion else '(none)'}, not {command.companion_id}",
    )
    MORE_SERVICES_ONLY_IF_NOT_WELL.check(
        not (command.physically_and_mentally_well and command.more_services_needed),
        "a child evaluated as well goes to termination; more services follow a case "
        "conference for a child not yet well",
    )
    with valid_fields():
        evaluated = CaseEvaluated(
            case_id=case.case_id,
            physically_and_mentally_well=command.physically_and_mentally_well,
            more_services_needed=command.more_services_needed,
            evaluated_at=now,
        )
        by = EvaluationRecorded(
            case_id=case.case_id, companion_id=command.companion_id, basis=text(command.basis)
        )
    return Decision.at(now, evaluated, by)


def decide_terminate_case(
    case: Case | None, command: TerminateCase, now: datetime, network: Network
) -> Decision:
    """Terminasi kasus (LT Pasal 20).

    Services completed as requested (20(2)a) needs the termination prepared by a "well"
    evaluation (19(2)b) and no referral still open. The child's death, unknown
    whereabouts or referral elsewhere (20(2)b–d) end any registered case at once; every
    open referral is then cancelled first, so its target stops working on the case.
    """
    case = open_case(case, TERMINATION_AFTER_REGISTRATION)
    referred_to: str | None = None
    if command.reason is TerminationReason.SERVICES_COMPLETED:
        in_phase(
            case,
            {CasePhase.TERMINATION_PREPARED},
            SERVICES_COMPLETED_NEEDS_PREPARATION,
            "terminate for services completed",
        )
        still_open = [r.referral_id for r in case.open_referrals()]
        SERVICES_COMPLETED_NEEDS_NO_OPEN_REFERRAL.check(
            not still_open, f"referrals still open: {', '.join(still_open)}"
        )
    else:
        in_phase(case, TERMINABLE_ANY_TIME, TERMINATION_AFTER_REGISTRATION, "terminate")
    if command.reason is TerminationReason.REFERRED_ELSEWHERE:
        referred_to = required_text(
            command.referred_to,
            REFERRED_ELSEWHERE_NAMES_PLACE,
            "a child referred elsewhere: name where",
        )
    items: list[JournalItem] = []
    with valid_fields():
        for referral in case.open_referrals():
            move(referral, ReferralStatus.CANCELLED, Role.REFERRER)
            items.append(
                ReferralCancelled(
                    case_id=case.case_id,
                    referral_id=referral.referral_id,
                    referrer_id=referral.referrer_id,
                    reason=f"Case terminated: {command.reason.value}",
                )
            )
        items.append(
            CaseTerminated(
                case_id=case.case_id,
                reason=command.reason,
                terminated_at=now,
                referred_to=referred_to,
            )
        )
    return Decision.at(now, *items)
