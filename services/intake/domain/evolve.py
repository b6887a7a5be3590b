"""Apply one journal entry to a case; fold a journal to rebuild it.

`evolve` trusts its input: the entries were produced by `decide`, which checked every
rule. It only refuses a journal that cannot be a case's (an entry before the complaint,
an answer for a referral it never issued) with `CorruptJournal`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import datetime

from schemas import events as ev
from schemas.referral_status import ANSWERED, ReferralStatus, report_goal, report_moves
from services.intake.domain.journal import CorruptJournal, Decision, Recorded
from services.intake.domain.model import (
    Assessment,
    Case,
    Companion,
    Complaint,
    EmergencyAction,
    Evaluation,
    Outcome,
    Plan,
    Referral,
    ReturnConsent,
    ServiceContract,
    ServiceReport,
    StatusChange,
    Termination,
)
from services.intake.domain.phases import CasePhase
from services.intake.domain.records import (
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
    ChildIdentityRecorded,
    EmergencyHandlerRecorded,
    EvaluationRecorded,
    OutcomeRecorded,
    ReferralRoutingRecorded,
    SupervisorRecorded,
)

S = ReferralStatus


def evolve(case: Case | None, entry: Recorded) -> Case:
    """The case after one journal entry (a public event or an internal record)."""
    item, at = entry.item, entry.at
    if isinstance(item, ev.ComplaintReceived):
        if case is not None:
            raise CorruptJournal(f"case {case.case_id} already has its complaint")
        return _opened(item)
    if case is None:
        raise CorruptJournal(f"{type(item).__name__} before the complaint that opens the case")
    match item:
        case ChildIdentityRecorded():
            return replace(case, child=item.child, case_information=item.case_information)
        case ev.EmergencyHandled():
            action = EmergencyAction(action=item.action, handled_at=item.handled_at)
            return replace(case, emergency_actions=(*case.emergency_actions, action))
        case EmergencyHandlerRecorded():
            return _emergency_handler(case, item)
        case ev.CaseRegistered():
            return replace(
                case,
                case_number=item.case_number,
                category=item.category,
                registered_at=item.registered_at,
                phase=CasePhase.REGISTERED,
            )
        case ev.CompanionAssigned():
            return _companion_assigned(case, item)
        case SupervisorRecorded():
            return _supervisor(case, item)
        case ev.InitialContactMade():
            return replace(
                case, initial_contact_at=item.contacted_at, phase=CasePhase.INITIAL_CONTACT_MADE
            )
        case ev.ServiceContractAgreed():
            contract = ServiceContract(agreed_by=item.agreed_by, agreed_at=item.agreed_at)
            return replace(case, contract=contract, phase=CasePhase.CONTRACT_AGREED)
        case ev.AssessmentCompleted():
            return _assessed(case, item)
        case AssessmentFindingsRecorded():
            return _findings(case, item)
        case ev.InterventionPlanAgreed():
            return _planned(case, item)
        case CaseConferenceRecorded():
            return _conference(case, item)
        case ev.ReferralIssued():
            return _issued(case, item, at)
        case ReferralRoutingRecorded():
            return _routing(case, item)
        case ev.ReferralReceived():
            return _moved(case, item.referral_id, [S.RECEIVED], at)
        case ev.ReferralAccepted():
            return _moved(case, item.referral_id, [S.ACCEPTED], at)
        case ev.ReferralDeclined():
            return _declined(case, item, at)
        case ev.ReferralOnHold():
            return _moved(case, item.referral_id, [S.ON_HOLD], at)
        case ev.ReferralResumed():
            return _moved(case, item.referral_id, [S.IN_PROGRESS], at)
        case ev.ReferralCancelled():
            return _cancelled(case, item, at)
        case ev.ReferralExpired():
            return _moved(case, item.referral_id, [S.EXPIRED], at)
        case ev.ServiceReported():
            return _reported(case, item, at)
        case ev.ReferralOverdue():
            return _overdue_noticed(case, item)
        case ev.SchoolReferralHandedOver():
            return _handed_over(case, item)
        case OutcomeRecorded():
            return _outcome_recorded(case, item, at)
        case ev.OutcomeDeliveredToCompanion():
            return _outcome_delivered(case, item)
        case ev.OutcomeAcknowledged():
            return _outcome_acknowledged(case, item)
        case ev.CaseEvaluated():
            return _evaluated(case, item)
        case EvaluationRecorded():
            return _evaluation_by(case, item)
        case ev.ReturnConsentRecorded():
            return _consent_recorded(case, item)
        case ev.ReturnConsentWithdrawn():
            return _consent_withdrawn(case, item)
        case ev.CaseTerminated():
            termination = Termination(
                reason=item.reason, terminated_at=item.terminated_at, referred_to=item.referred_to
            )
            return replace(case, termination=termination, phase=CasePhase.TERMINATED)
    raise CorruptJournal(f"unknown journal item {type(item).__name__}")  # pragma: no cover


def fold(entries: Iterable[Recorded], case: Case | None = None) -> Case | None:
    """Rebuild a case by applying its journal entries in order (None for no entries)."""
    for entry in entries:
        case = evolve(case, entry)
    return case


def apply(case: Case | None, decision: Decision) -> Case:
    """The case after a decision's entries: the case deciding folded, when it was
    decided on this very case, else folded here."""
    if decision.folded is not None and decision.folded[0] is case:
        return decision.folded[1]
    result = fold(decision.journal, case)
    if result is None:
        raise CorruptJournal("a decision with no entries cannot open a case")
    return result


# --- opening ----------------------------------------------------------------------------


def _opened(event: ev.ComplaintReceived) -> Case:
    complaint = Complaint(
        channel=event.channel,
        complainant=event.complainant,
        received_at=event.received_at,
        request_letter_ref=event.request_letter_ref,
        suspected_category=event.suspected_category,
        submitted_by=event.submitted_by,
    )
    return Case(
        case_id=event.case_id,
        district=event.district,
        complaint=complaint,
        phase=CasePhase.COMPLAINT_RECEIVED,
    )


def _emergency_handler(case: Case, record: EmergencyHandlerRecorded) -> Case:
    if not case.emergency_actions:
        raise CorruptJournal("emergency handler recorded before the emergency")
    *earlier, last = case.emergency_actions
    last = replace(last, handled_by=record.handled_by, handler_role=record.role)
    return replace(case, emergency_actions=(*earlier, last))


def _companion_assigned(case: Case, event: ev.CompanionAssigned) -> Case:
    history = case.companion_history
    if case.companion is not None:
        history = (*history, replace(case.companion, released_at=event.assigned_at))
    companion = Companion(
        companion_id=event.companion_id,
        role=event.role,
        assignment_letter_ref=event.assignment_letter_ref,
        assigned_at=event.assigned_at,
    )
    phase = CasePhase.COMPANION_ASSIGNED if case.phase is CasePhase.REGISTERED else case.phase
    return replace(case, companion=companion, companion_history=history, phase=phase)


def _supervisor(case: Case, record: SupervisorRecorded) -> Case:
    if case.companion is None or case.companion.companion_id != record.companion_id:
        raise CorruptJournal(f"supervisor recorded for {record.companion_id}, not the companion")
    companion = replace(case.companion, supervisor_id=record.supervisor_id)
    return replace(case, companion=companion)


# --- assessment and plan ----------------------------------------------------------------


def _assessed(case: Case, event: ev.AssessmentCompleted) -> Case:
    round_ = case.assessment.round + 1 if case.assessment is not None else 1
    assessment = Assessment(
        recommended_services=tuple(event.recommended_services),
        completed_at=event.completed_at,
        round=round_,
    )
    return replace(case, assessment=assessment, phase=CasePhase.ASSESSED)


def _findings(case: Case, record: AssessmentFindingsRecorded) -> Case:
    if case.assessment is None:
        raise CorruptJournal("assessment findings before the assessment")
    return replace(case, assessment=replace(case.assessment, findings=record.findings))


def _planned(case: Case, event: ev.InterventionPlanAgreed) -> Case:
    plan = Plan(
        version=event.plan_version,
        services=tuple(event.services),
        participants=tuple(event.participants),
        agreed_at=event.agreed_at,
    )
    return replace(case, plan=plan, phase=CasePhase.PLAN_AGREED)


def _conference(case: Case, record: CaseConferenceRecorded) -> Case:
    if case.plan is None or case.plan.version != record.plan_version:
        raise CorruptJournal(f"case conference for plan {record.plan_version} not agreed")
    return replace(case, plan=replace(case.plan, conference=record.participants))


# --- referrals --------------------------------------------------------------------------


def _issued(case: Case, event: ev.ReferralIssued, at: datetime) -> Case:
    referral = Referral(
        referral_id=event.referral_id,
        stage=event.stage,
        service=event.service,
        target_id=event.target_id,
        referrer_id=event.referrer_id,
        status=S.ISSUED,
        issued_at=at,
        history=(StatusChange(S.ISSUED, at),),
        predecessor_id=event.predecessor_id,
        parent_referral_id=event.parent_referral_id,
        hub_id=event.hub_id,
        identity_included=event.child is not None,
        answer_due_at=event.answer_due_at,
        outcome_due_on=event.outcome_due_on,
    )
    return _with(case, referral)


def _routing(case: Case, record: ReferralRoutingRecorded) -> Case:
    referral = _referral(case, record.referral_id)
    return _with(
        case,
        replace(
            referral,
            emergency=record.emergency,
            offline=record.offline,
            identity_included=record.identity_included,
        ),
    )


def _moved(case: Case, referral_id: str, statuses: list[ReferralStatus], at: datetime) -> Case:
    referral = _referral(case, referral_id)
    if not statuses:
        return case
    answered_at = referral.answered_at
    if answered_at is None and any(status in ANSWERED for status in statuses):
        answered_at = at
    history = (*referral.history, *(StatusChange(status, at) for status in statuses))
    moved = replace(referral, status=statuses[-1], history=history, answered_at=answered_at)
    return _with(case, moved)


def _reported(case: Case, event: ev.ServiceReported, at: datetime) -> Case:
    referral = _referral(case, event.referral_id)
    moves = report_moves(referral.status, event.status, event.final)
    case = _moved(case, event.referral_id, moves, at)
    referral = _referral(case, event.referral_id)
    final_outcome = event.status if event.final else referral.final_outcome
    if event.final and referral.status is not report_goal(event.status):
        raise CorruptJournal(f"final report left {referral.referral_id} in {referral.status}")
    report = ServiceReport(
        report_id=event.report_id,
        agency_id=event.agency_id,
        status=event.status,
        final=event.final,
        reported_at=event.reported_at,
        facts=tuple(event.facts),
        not_delivered_reason=event.not_delivered_reason,
        document_ref=event.document_ref,
    )
    reported = replace(
        referral,
        final_outcome=final_outcome,
        report_ids=(*referral.report_ids, event.report_id),
        reports=(*referral.reports, report),
    )
    return _with(case, reported)


def _declined(case: Case, event: ev.ReferralDeclined, at: datetime) -> Case:
    case = _moved(case, event.referral_id, [S.DECLINED], at)
    referral = replace(
        _referral(case, event.referral_id), decline_reason=event.reason, decline_detail=event.detail
    )
    return _with(case, referral)


def _cancelled(case: Case, event: ev.ReferralCancelled, at: datetime) -> Case:
    case = _moved(case, event.referral_id, [S.CANCELLED], at)
    return _with(case, replace(_referral(case, event.referral_id), cancel_reason=event.reason))


def _handed_over(case: Case, event: ev.SchoolReferralHandedOver) -> Case:
    referral = _referral(case, event.referral_id)
    return _with(case, replace(referral, handed_over_on=event.handed_over_on))


def _referral(case: Case, referral_id: str) -> Referral:
    try:
        return case.referrals[referral_id]
    except KeyError:
        raise CorruptJournal(f"referral {referral_id} was never issued") from None


def _with(case: Case, referral: Referral) -> Case:
    return replace(case, referrals={**case.referrals, referral.referral_id: referral})


# --- evaluation -------------------------------------------------------------------------


def _evaluated(case: Case, event: ev.CaseEvaluated) -> Case:
    evaluation = Evaluation(
        physically_and_mentally_well=event.physically_and_mentally_well,
        more_services_needed=event.more_services_needed,
        evaluated_at=event.evaluated_at,
    )
    if event.physically_and_mentally_well:
        phase = CasePhase.TERMINATION_PREPARED
    elif event.more_services_needed:
        phase = CasePhase.REASSESSMENT_NEEDED
    else:
        phase = CasePhase.CASE_CONFERENCE_NEEDED
    return replace(case, evaluations=(*case.evaluations, evaluation), phase=phase)


def _evaluation_by(case: Case, record: EvaluationRecorded) -> Case:
    if not case.evaluations:
        raise CorruptJournal("evaluation record before the evaluation")
    *earlier, last = case.evaluations
    last = replace(last, companion_id=record.companion_id, basis=record.basis)
    return replace(case, evaluations=(*earlier, last))


# --- closing the loop (LT Pasal 17(3)) --------------------------------------------------


def _outcome_recorded(case: Case, record: OutcomeRecorded, at: datetime) -> Case:
    outcome = Outcome(
        outcome_id=record.outcome_id,
        referral_id=record.referral_id,
        outcome_type=record.outcome_type,
        agency_id=record.agency_id,
        final=record.final,
        summary=record.summary,
        recorded_at=at,
        escalation=record.escalation,
    )
    return replace(case, outcomes={**case.outcomes, outcome.outcome_id: outcome})


def _outcome_delivered(case: Case, event: ev.OutcomeDeliveredToCompanion) -> Case:
    outcome = case.outcomes[str(event.outcome_event_id)]
    delivered = replace(
        outcome,
        recipient_id=event.companion_id,
        delivered_at=event.delivered_at,
        handed_over_from=event.handed_over_from or outcome.handed_over_from,
    )
    return replace(case, outcomes={**case.outcomes, delivered.outcome_id: delivered})


def _outcome_acknowledged(case: Case, event: ev.OutcomeAcknowledged) -> Case:
    outcome = case.outcomes[str(event.outcome_event_id)]
    seen = replace(
        outcome, acknowledged_at=event.acknowledged_at, acknowledged_by=event.companion_id
    )
    return replace(case, outcomes={**case.outcomes, seen.outcome_id: seen})


def _overdue_noticed(case: Case, event: ev.ReferralOverdue) -> Case:
    referral = case.referrals[event.referral_id]
    notice = (event.milestone or event.kind.value, event.escalation)
    noticed = replace(referral, overdue_notices=(*referral.overdue_notices, notice))
    return replace(case, referrals={**case.referrals, referral.referral_id: noticed})


def _consent_recorded(case: Case, item: ev.ReturnConsentRecorded) -> Case:
    consent = ReturnConsent(
        consent_of=item.consent_of,
        parent_or_guardian_present=item.parent_or_guardian_present,
        article=item.article,
        recorded_at=item.recorded_at,
    )
    return replace(case, consents_to_return=(*case.consents_to_return, consent))


def _consent_withdrawn(case: Case, item: ev.ReturnConsentWithdrawn) -> Case:
    """The withdrawal ends the consent of that person still in force."""
    consents = tuple(
        replace(c, withdrawn_at=item.withdrawn_at)
        if c.in_force and c.consent_of == item.consent_of
        else c
        for c in case.consents_to_return
    )
    return replace(case, consents_to_return=consents)
