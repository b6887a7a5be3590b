"""The intake hub's case lifecycle as a pure functional core (LT Pasal 7–20).

``decide(case, command, now, network)`` returns a `Decision` (journal entries: public
events of :mod:`schemas.events` plus internal records) or raises `RuleViolation` (422) /
`IllegalState` (409) naming the rule and its article; ``evolve(case, entry)`` applies one
entry, and folding a case's journal rebuilds it. No I/O, no framework: the district's
matrix and directory are passed in (`Network`).
"""

from services.intake.domain import rules
from services.intake.domain.child import age_of, age_on, is_child_on
from services.intake.domain.commands import (
    AcceptReferral,
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
    RegisterCase,
    ReportService,
    RerouteReferral,
    ResumeReferral,
    TerminateCase,
)
from services.intake.domain.decide import decide
from services.intake.domain.evolve import CorruptJournal, apply, evolve, fold
from services.intake.domain.journal import Decision, JournalItem, PublicEvent, Record, Recorded
from services.intake.domain.model import (
    Assessment,
    Case,
    Companion,
    Complaint,
    EmergencyAction,
    Evaluation,
    Plan,
    Referral,
    ServiceContract,
    StatusChange,
    Termination,
)
from services.intake.domain.network import Network
from services.intake.domain.phases import PHASE_MOVES, CasePhase, may_move
from services.intake.domain.queries import PlanLine, monitoring, open_loops, referral_chain
from services.intake.domain.records import (
    AssessmentFindings,
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
    ChildIdentityRecorded,
    ConferenceParticipant,
    EmergencyHandlerRecorded,
    EvaluationRecorded,
    InternalRecord,
    ReferralRoutingRecorded,
    SupervisorRecorded,
)
from services.intake.domain.rules import Rule

__all__ = [
    "PHASE_MOVES",
    "AcceptReferral",
    "AgreeInterventionPlan",
    "AgreeServiceContract",
    "Assessment",
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
    "Complaint",
    "CompleteAssessment",
    "ConferenceParticipant",
    "CorruptJournal",
    "Decision",
    "DeclineReferral",
    "EmergencyAction",
    "EmergencyHandlerRecorded",
    "EvaluateCase",
    "Evaluation",
    "EvaluationRecorded",
    "ExpireReferral",
    "InternalRecord",
    "IssueReferral",
    "JournalItem",
    "MakeInitialContact",
    "MarkReferralReceived",
    "Network",
    "Plan",
    "PlanLine",
    "PublicEvent",
    "PutReferralOnHold",
    "ReassignCompanion",
    "ReceiveComplaint",
    "Record",
    "RecordEmergencyHandling",
    "Recorded",
    "Referral",
    "ReferralRoutingRecorded",
    "RegisterCase",
    "ReportService",
    "RerouteReferral",
    "ResumeReferral",
    "Rule",
    "ServiceContract",
    "StatusChange",
    "SupervisorRecorded",
    "TerminateCase",
    "Termination",
    "age_of",
    "age_on",
    "apply",
    "decide",
    "evolve",
    "fold",
    "is_child_on",
    "may_move",
    "monitoring",
    "open_loops",
    "referral_chain",
    "rules",
]
