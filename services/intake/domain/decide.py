"""`decide`: one pure decision function per command, chosen by the command's type.

A decision reads the case (None before the complaint), the command, the time and the
district's network, and returns the journal entries to record, or raises `RuleViolation`
(422) / `IllegalState` (409) naming the rule and its article. It never changes the case:
the caller folds the entries with `evolve` (see `apply`).
"""

from __future__ import annotations

from datetime import datetime

from services.intake.domain.commands import (
    AcceptReferral,
    AcknowledgeOutcome,
    AgreeInterventionPlan,
    AgreeServiceContract,
    AssignCompanion,
    CancelReferral,
    Command,
    CompleteAssessment,
    DeclineReferral,
    EvaluateCase,
    ExpireReferral,
    IssueReferral,
    MakeInitialContact,
    MarkReferralReceived,
    PutReferralOnHold,
    ReassignCompanion,
    ReceiveComplaint,
    RecordEmergencyHandling,
    RecordHandOver,
    RecordOfflineAnswer,
    RecordOfflineReport,
    RecordOnwardReferral,
    RecordOverdue,
    RecordReturnConsent,
    RegisterCase,
    ReportService,
    RerouteReferral,
    ResumeReferral,
    TerminateCase,
    WithdrawReturnConsent,
)
from services.intake.domain.decide_closing import decide_evaluate_case, decide_terminate_case
from services.intake.domain.decide_consent import (
    decide_record_return_consent,
    decide_withdraw_return_consent,
)
from services.intake.domain.decide_handover import decide_record_hand_over
from services.intake.domain.decide_opening import (
    decide_agree_service_contract,
    decide_assign_companion,
    decide_make_initial_contact,
    decide_reassign_companion,
    decide_receive_complaint,
    decide_record_emergency_handling,
    decide_register_case,
)
from services.intake.domain.decide_planning import (
    decide_agree_intervention_plan,
    decide_complete_assessment,
)
from services.intake.domain.decide_recorded import (
    decide_record_offline_answer,
    decide_record_offline_report,
    decide_record_onward_referral,
)
from services.intake.domain.decide_referrals import (
    decide_accept_referral,
    decide_cancel_referral,
    decide_decline_referral,
    decide_expire_referral,
    decide_issue_referral,
    decide_mark_referral_received,
    decide_put_referral_on_hold,
    decide_report_service,
    decide_reroute_referral,
    decide_resume_referral,
)
from services.intake.domain.journal import Decision
from services.intake.domain.loop import (
    close_the_loop,
    decide_acknowledge_outcome,
    decide_record_overdue,
)
from services.intake.domain.model import Case
from services.intake.domain.network import Network


def decide(case: Case | None, command: Command, now: datetime, network: Network) -> Decision:
    """Decide ``command`` on ``case`` at ``now`` in the hub's ``network``; every answer,
    report and overdue notice it produces is also recorded and delivered to the case's
    companion (LT Pasal 17(3), :mod:`services.intake.domain.loop`)."""
    return close_the_loop(case, command, _decide(case, command, now, network), now)


def _decide(case: Case | None, command: Command, now: datetime, network: Network) -> Decision:
    match command:
        case ReceiveComplaint():
            return decide_receive_complaint(case, command, now, network)
        case RecordEmergencyHandling():
            return decide_record_emergency_handling(case, command, now, network)
        case RegisterCase():
            return decide_register_case(case, command, now, network)
        case AssignCompanion():
            return decide_assign_companion(case, command, now, network)
        case ReassignCompanion():
            return decide_reassign_companion(case, command, now, network)
        case MakeInitialContact():
            return decide_make_initial_contact(case, command, now, network)
        case AgreeServiceContract():
            return decide_agree_service_contract(case, command, now, network)
        case CompleteAssessment():
            return decide_complete_assessment(case, command, now, network)
        case AgreeInterventionPlan():
            return decide_agree_intervention_plan(case, command, now, network)
        case IssueReferral():
            return decide_issue_referral(case, command, now, network)
        case RecordReturnConsent():
            return decide_record_return_consent(case, command, now, network)
        case WithdrawReturnConsent():
            return decide_withdraw_return_consent(case, command, now, network)
        case RerouteReferral():
            return decide_reroute_referral(case, command, now, network)
        case MarkReferralReceived():
            return decide_mark_referral_received(case, command, now, network)
        case AcceptReferral():
            return decide_accept_referral(case, command, now, network)
        case DeclineReferral():
            return decide_decline_referral(case, command, now, network)
        case PutReferralOnHold():
            return decide_put_referral_on_hold(case, command, now, network)
        case ResumeReferral():
            return decide_resume_referral(case, command, now, network)
        case ReportService():
            return decide_report_service(case, command, now, network)
        case RecordOfflineAnswer():
            return decide_record_offline_answer(case, command, now, network)
        case RecordOfflineReport():
            return decide_record_offline_report(case, command, now, network)
        case RecordOnwardReferral():
            return decide_record_onward_referral(case, command, now, network)
        case RecordHandOver():
            return decide_record_hand_over(case, command, now, network)
        case CancelReferral():
            return decide_cancel_referral(case, command, now, network)
        case RecordOverdue():
            return decide_record_overdue(case, command, now, network)
        case AcknowledgeOutcome():
            return decide_acknowledge_outcome(case, command, now, network)
        case ExpireReferral():
            return decide_expire_referral(case, command, now, network)
        case EvaluateCase():
            return decide_evaluate_case(case, command, now, network)
        case TerminateCase():
            return decide_terminate_case(case, command, now, network)
