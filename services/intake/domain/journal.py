"""The hub's journal of a case and the result of a decision.

A decision yields journal entries: public events (the :mod:`schemas.events` classes,
which leave the hub through the outbox) and internal records (which stay). Each entry
is stamped with the time the hub recorded it, the envelope's ``ce_time``: several
public events (ReferralReceived, ReferralCancelled...) carry no time of their own, and
a referral's history needs one. Folding the entries with `evolve` rebuilds the case.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from schemas.base import CaseEvent
from schemas.events.case import (
    AssessmentCompleted,
    CaseEvaluated,
    CaseRegistered,
    CaseTerminated,
    CompanionAssigned,
    ComplaintReceived,
    EmergencyHandled,
    InitialContactMade,
    InterventionPlanAgreed,
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
from schemas.events.school import SchoolReferralHandedOver
from services.intake.domain.records import (
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
    ChildIdentityRecorded,
    EmergencyHandlerRecorded,
    EvaluationRecorded,
    InternalRecord,
    OutcomeRecorded,
    ReferralRoutingRecorded,
    SupervisorRecorded,
)

PublicEvent = (
    ComplaintReceived
    | EmergencyHandled
    | ReturnConsentRecorded
    | ReturnConsentWithdrawn
    | CaseRegistered
    | CompanionAssigned
    | InitialContactMade
    | ServiceContractAgreed
    | AssessmentCompleted
    | InterventionPlanAgreed
    | ReferralIssued
    | ReferralReceived
    | ReferralAccepted
    | ReferralDeclined
    | ReferralOnHold
    | ReferralResumed
    | ReferralCancelled
    | ReferralExpired
    | ServiceReported
    | ReferralOverdue
    | SchoolReferralHandedOver
    | OutcomeDeliveredToCompanion
    | OutcomeAcknowledged
    | CaseEvaluated
    | CaseTerminated
)
"""The public events the hub's decisions emit."""

Record = (
    ChildIdentityRecorded
    | EmergencyHandlerRecorded
    | SupervisorRecorded
    | AssessmentFindingsRecorded
    | CaseConferenceRecorded
    | ReferralRoutingRecorded
    | EvaluationRecorded
    | OutcomeRecorded
)
"""The internal records the hub's decisions emit."""

JournalItem = PublicEvent | Record


@dataclass(frozen=True, slots=True)
class Recorded:
    """One journal entry: a public event or an internal record, and when the hub
    recorded it."""

    at: datetime
    item: JournalItem


@dataclass(frozen=True, slots=True)
class Decision:
    """What a command decided: the journal entries, in the order they apply."""

    journal: tuple[Recorded, ...]

    @classmethod
    def at(cls, now: datetime, *items: JournalItem) -> Decision:
        """A decision whose entries are all recorded at ``now``."""
        return cls(tuple(Recorded(now, item) for item in items))

    @property
    def events(self) -> tuple[PublicEvent, ...]:
        """The public events, for the outbox (they may leave the hub)."""
        return tuple(e.item for e in self.journal if isinstance(e.item, CaseEvent))

    @property
    def records(self) -> tuple[Record, ...]:
        """The internal records, kept by the hub only."""
        return tuple(e.item for e in self.journal if isinstance(e.item, InternalRecord))
