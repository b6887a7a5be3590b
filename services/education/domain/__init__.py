"""The education service's pure functional core: violence in schools (SKW Pasal 33–68,
BTG Pasal 10–23) and continued schooling (LT Pasal 23).

No database, web, broker or other I/O import: frozen models and pure functions, each rule
named and citing its article (:mod:`.rules`). The commands are in :mod:`.commands`, the
vocabularies in :mod:`schemas.school`.
"""

from services.education.domain.batang import (
    ActionKind,
    BatangReferral,
    ReferralPlan,
    ReferralStep,
    automatic_actions,
    services_needed,
)
from services.education.domain.confidentiality import SchoolReferralPayload, referral_payload
from services.education.domain.deadlines import (
    Deadline,
    DeadlineKind,
    DeadlineStatus,
    deadlines,
    missed_deadlines,
)
from services.education.domain.evolution import evolve
from services.education.domain.examination import examination_due
from services.education.domain.handover import HAND_OVER_ARTICLE, IssuedReferral, hand_over
from services.education.domain.parties import Party, PartyIdentity
from services.education.domain.process import Result, decide, receive_report
from services.education.domain.records import Record
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.routing import who_handles
from services.education.domain.rules import ALL_RULES
from services.education.domain.sanctions import check_sanction, derived_factors
from services.education.domain.schooling import (
    SchoolingRules,
    amounts_to_expulsion,
    schooling_outcome,
    schooling_rules,
)
from services.education.domain.values import Recommendations, Sanction

__all__ = [
    "ALL_RULES",
    "HAND_OVER_ARTICLE",
    "ActionKind",
    "BatangReferral",
    "Deadline",
    "DeadlineKind",
    "DeadlineStatus",
    "IssuedReferral",
    "Party",
    "PartyIdentity",
    "ProcessStatus",
    "Recommendations",
    "Record",
    "ReferralPlan",
    "ReferralStep",
    "Result",
    "Sanction",
    "SchoolReferralPayload",
    "SchoolReport",
    "SchoolingRules",
    "amounts_to_expulsion",
    "automatic_actions",
    "check_sanction",
    "deadlines",
    "decide",
    "derived_factors",
    "evolve",
    "examination_due",
    "hand_over",
    "missed_deadlines",
    "receive_report",
    "referral_payload",
    "schooling_outcome",
    "schooling_rules",
    "services_needed",
    "who_handles",
]
