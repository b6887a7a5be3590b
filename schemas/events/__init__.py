"""Every event type of the network; importing this package registers them all."""

from schemas.events.agency import CapacityNotice
from schemas.events.case import (
    AssessmentCompleted,
    CaseEvaluated,
    CaseRegistered,
    CaseTerminated,
    ChildIdentity,
    CompanionAssigned,
    ComplaintReceived,
    ComplaintSubmitted,
    EmergencyHandled,
    InitialContactMade,
    InterventionPlanAgreed,
    PlannedService,
    ServiceContractAgreed,
)
from schemas.events.outcome import (
    OutcomeAcknowledged,
    OutcomeDeliveredToCompanion,
    ServiceReported,
)
from schemas.events.referral import (
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralExpired,
    ReferralIssued,
    ReferralOnHold,
    ReferralOverdue,
    ReferralReceived,
    ReferralResumed,
)
from schemas.events.school import (
    SchoolDeadlineMissed,
    SchoolNoticeIssued,
    SchoolReportReceived,
    SchoolReportRouted,
)

__all__ = [
    "AssessmentCompleted",
    "CapacityNotice",
    "CaseEvaluated",
    "CaseRegistered",
    "CaseTerminated",
    "ChildIdentity",
    "CompanionAssigned",
    "ComplaintReceived",
    "ComplaintSubmitted",
    "EmergencyHandled",
    "InitialContactMade",
    "InterventionPlanAgreed",
    "OutcomeAcknowledged",
    "OutcomeDeliveredToCompanion",
    "PlannedService",
    "ReferralAccepted",
    "ReferralCancelled",
    "ReferralDeclined",
    "ReferralExpired",
    "ReferralIssued",
    "ReferralOnHold",
    "ReferralOverdue",
    "ReferralReceived",
    "ReferralResumed",
    "SchoolDeadlineMissed",
    "SchoolNoticeIssued",
    "SchoolReportReceived",
    "SchoolReportRouted",
    "ServiceContractAgreed",
    "ServiceReported",
]
