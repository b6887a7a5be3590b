"""Where each public event of a decision goes (pure).

- The hub's case-journal events (complaint to termination) go to the hub's own journal
  topic ``rujukan.journal.<hub-id>``, which auditors read to trace a case; never to its
  inbox, which would make the hub consume its own journal.
- A referral the hub issues goes to the target's inbox, unless it travels by letter (an
  institution that runs no software, or the hub itself): then nothing is published.
- A cancellation or expiry goes to the target's inbox, for online targets only.
- Answers and reports received from agencies, and the copies of onward referrals, are
  recorded but never re-published; so are the answers a companion records by hand.
"""

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
    ServiceContractAgreed,
)
from schemas.events.referral import ReferralCancelled, ReferralExpired, ReferralIssued
from services.intake.domain import Case, Network

JOURNAL_EVENTS: tuple[type[CaseEvent], ...] = (
    ComplaintReceived,
    EmergencyHandled,
    CaseRegistered,
    CompanionAssigned,
    InitialContactMade,
    ServiceContractAgreed,
    AssessmentCompleted,
    InterventionPlanAgreed,
    CaseEvaluated,
    CaseTerminated,
)
"""The events of the hub's case journal (LT Pasal 8–20)."""


def destination(event: CaseEvent, case: Case, network: Network) -> str | None:
    """The topic ``event`` is published to, or None when it stays in the hub.

    ``case`` is the case after the decision (it knows every referral's target).
    """
    hub = network.directory.get(network.hub_id)
    if isinstance(event, JOURNAL_EVENTS):
        return hub.journal_topic
    if isinstance(event, ReferralIssued):
        if event.referrer_id != network.hub_id:
            return None  # the copy of an onward referral: the referrer sent it
        return _online_inbox(event.referral_id, case, network)
    if isinstance(event, ReferralCancelled | ReferralExpired):
        return _online_inbox(event.referral_id, case, network)
    return None


def _online_inbox(referral_id: str, case: Case, network: Network) -> str | None:
    referral = case.referrals[referral_id]
    if referral.offline:
        return None
    return network.directory.get(referral.target_id).inbox_topic
