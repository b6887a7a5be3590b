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
    ConsentOf,
    EmergencyHandled,
    InitialContactMade,
    InterventionPlanAgreed,
    PlannedService,
    ReturnConsentRecorded,
    ReturnConsentWithdrawn,
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
    SchoolCopiesSent,
    SchoolDeadlineMissed,
    SchoolNoticeIssued,
    SchoolReferralHandedOver,
    SchoolReferralUnroutable,
    SchoolReportReceived,
    SchoolReportRouted,
)

ReferralAnswer = (
    ReferralReceived
    | ReferralAccepted
    | ReferralDeclined
    | ReferralOnHold
    | ReferralResumed
    | ServiceReported
)
"""What a referral's target sends back about it: its answers and its service reports."""

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
    "ConsentOf",
    "EmergencyHandled",
    "InitialContactMade",
    "InterventionPlanAgreed",
    "OutcomeAcknowledged",
    "OutcomeDeliveredToCompanion",
    "PlannedService",
    "ReferralAccepted",
    "ReferralAnswer",
    "ReferralCancelled",
    "ReferralDeclined",
    "ReferralExpired",
    "ReferralIssued",
    "ReferralOnHold",
    "ReferralOverdue",
    "ReferralReceived",
    "ReferralResumed",
    "ReturnConsentRecorded",
    "ReturnConsentWithdrawn",
    "SchoolCopiesSent",
    "SchoolDeadlineMissed",
    "SchoolNoticeIssued",
    "SchoolReferralHandedOver",
    "SchoolReferralUnroutable",
    "SchoolReportReceived",
    "SchoolReportRouted",
    "ServiceContractAgreed",
    "ServiceReported",
]
