"""The hub's journal of a case and the result of a decision.

A decision yields journal entries: public events (the :mod:`schemas.events` classes,
which leave the hub through the outbox) and internal records (which stay). Each entry
is stamped with the time the hub recorded it, the envelope's ``ce_time``: several
public events (ReferralReceived, ReferralCancelled...) carry no time of their own, and
a referral's history needs one. Folding the entries with `evolve` rebuilds the case.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, get_args

from schemas import events as ev
from schemas.base import CaseEvent
from schemas.catalog import resolve
from services.intake.domain.model import Case
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

CaseJournalEvent = (
    ev.ReturnConsentRecorded
    | ev.ReturnConsentWithdrawn
    | ev.ComplaintReceived
    | ev.EmergencyHandled
    | ev.CaseRegistered
    | ev.CompanionAssigned
    | ev.InitialContactMade
    | ev.ServiceContractAgreed
    | ev.AssessmentCompleted
    | ev.InterventionPlanAgreed
    | ev.CaseEvaluated
    | ev.CaseTerminated
)
"""The events of the hub's case journal (LT Pasal 8–20): the case's own steps, published
to the hub's journal topic only."""

PublicEvent = (
    CaseJournalEvent
    | ev.ReferralIssued
    | ev.ReferralReceived
    | ev.ReferralAccepted
    | ev.ReferralDeclined
    | ev.ReferralOnHold
    | ev.ReferralResumed
    | ev.ReferralCancelled
    | ev.ReferralExpired
    | ev.ServiceReported
    | ev.ReferralOverdue
    | ev.SchoolReferralHandedOver
    | ev.OutcomeDeliveredToCompanion
    | ev.OutcomeAcknowledged
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


class CorruptJournal(ValueError):
    """A journal that no sequence of decisions could have produced."""


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
    folded: tuple[Case | None, Case] | None = field(default=None, compare=False, repr=False)
    """The case it was decided on and the case after its entries, when deciding already
    folded them (`apply` then does not fold them again)."""

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


_RECORDS: dict[str, type[InternalRecord]] = {cls.record_type: cls for cls in get_args(Record)}
_EVENTS: frozenset[type[CaseEvent]] = frozenset(get_args(PublicEvent))


def journal_type(item: JournalItem) -> str:
    """The name a journal entry is stored under: a public event's wire type (its
    CloudEvents ``type``), an internal record's ``record_type``; never a class name, so a
    renamed class still reads every stored journal."""
    return item.event_type if isinstance(item, CaseEvent) else item.record_type


def journal_item(kind: str, payload: dict[str, Any]) -> JournalItem:
    """A stored entry back as the current class. A public event goes through the
    catalogue (``schemas.catalog.resolve``), so an entry stored as an older version is
    upcast exactly as the same event arriving on the wire would be."""
    record = _RECORDS.get(kind)
    if record is not None:
        return record.model_validate(payload)  # type: ignore[return-value]
    try:
        cls, data = resolve(kind, payload)
    except KeyError:
        raise CorruptJournal(f"unknown journal entry kind {kind!r}") from None
    if cls not in _EVENTS:
        raise CorruptJournal(f"{kind!r} is not an event of the hub's journal")
    return cls.model_validate(data)  # type: ignore[return-value]
