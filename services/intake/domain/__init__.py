"""The intake hub's case lifecycle as a pure functional core (LT Pasal 7–20).

``decide(case, command, now, network)`` returns a `Decision` (journal entries: public
events of :mod:`schemas.events` plus internal records) or raises `RuleViolation` (422) /
`IllegalState` (409) naming the rule and its article; ``evolve(case, entry)`` applies one
entry, and folding a case's journal rebuilds it. No I/O, no framework: the district's
matrix and directory are passed in (`Network`).
"""

from services.intake.domain import rules
from services.intake.domain.child import age_on, is_child_on
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
    RegisterCase,
    ReportService,
    RerouteReferral,
    ResumeReferral,
    TerminateCase,
)
from services.intake.domain.decide import decide
from services.intake.domain.evolve import apply, evolve, fold
from services.intake.domain.journal import (
    CorruptJournal,
    Decision,
    JournalItem,
    Recorded,
    journal_item,
    journal_type,
)
from services.intake.domain.loop import (
    loop_closed,
    open_loops,
    unacknowledged,
)
from services.intake.domain.model import (
    Case,
    Companion,
    Outcome,
    Referral,
    ServiceReport,
    StatusChange,
)
from services.intake.domain.network import Network
from services.intake.domain.phases import PHASE_MOVES, CasePhase, may_move
from services.intake.domain.queries import (
    PlanLine,
    monitoring,
    onward_referrals,
    referral_chain,
)
from services.intake.domain.records import (
    AssessmentFindings,
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
    ChildIdentityRecorded,
    ConferenceParticipant,
    ReferralRoutingRecorded,
)
from services.intake.domain.rules import Rule

__all__ = [
    "PHASE_MOVES",
    "AcceptReferral",
    "AcknowledgeOutcome",
    "AgreeInterventionPlan",
    "AgreeServiceContract",
    "AssessmentFindings",
    "AssessmentFindingsRecorded",
    "AssignCompanion",
    "CancelReferral",
    "Case",
    "CaseConferenceRecorded",
    "CasePhase",
    "ChildIdentityRecorded",
    "Command",
    "Companion",
    "CompleteAssessment",
    "ConferenceParticipant",
    "CorruptJournal",
    "Decision",
    "DeclineReferral",
    "EvaluateCase",
    "ExpireReferral",
    "IssueReferral",
    "JournalItem",
    "MakeInitialContact",
    "MarkReferralReceived",
    "Network",
    "Outcome",
    "PlanLine",
    "PutReferralOnHold",
    "ReassignCompanion",
    "ReceiveComplaint",
    "RecordEmergencyHandling",
    "RecordHandOver",
    "RecordOfflineAnswer",
    "RecordOfflineReport",
    "RecordOnwardReferral",
    "RecordOverdue",
    "Recorded",
    "Referral",
    "ReferralRoutingRecorded",
    "RegisterCase",
    "ReportService",
    "RerouteReferral",
    "ResumeReferral",
    "Rule",
    "ServiceReport",
    "StatusChange",
    "TerminateCase",
    "age_on",
    "apply",
    "decide",
    "evolve",
    "fold",
    "is_child_on",
    "journal_item",
    "journal_type",
    "loop_closed",
    "may_move",
    "monitoring",
    "onward_referrals",
    "open_loops",
    "referral_chain",
    "rules",
    "unacknowledged",
]
