"""Where each public event of a decision goes (pure).

- The hub's case-journal events (complaint to termination) go to the hub's own journal
  topic ``rujukan.journal.<hub-id>``, which auditors read to trace a case; never to its
  inbox, which would make the hub consume its own journal.
- A referral the hub issues goes to the target's inbox, unless it travels by letter (an
  institution that runs no software, or the hub itself): then nothing is published.
- A cancellation or expiry goes to the target's inbox, for online targets only.
- Answers and reports received from agencies, the copies of onward referrals and a
  referrer's hand-over (BTG Pasal 18(6)k) are recorded but never re-published; so are the
  answers a companion records by hand.
- The delivery of an outcome to the companion, and its acknowledgement, go to the hub's
  journal (auditors see that LT Pasal 17(3) was met) and back to the agency the outcome
  came from, as its proof of delivery. An overdue notice goes to the journal and, as a
  reminder, to the target. A hand-over's delivery goes to the journal only: the proof of
  delivery is a desk's, about a referral it received, and the referrer received none.
"""

from typing import get_args

from schemas.base import CaseEvent
from schemas.events.outcome import OutcomeAcknowledged, OutcomeDeliveredToCompanion
from schemas.events.referral import (
    ReferralCancelled,
    ReferralExpired,
    ReferralIssued,
    ReferralOverdue,
)
from schemas.events.school import SchoolReferralHandedOver
from services.intake.domain import Case, Network
from services.intake.domain.journal import CaseJournalEvent

JOURNAL_EVENTS: tuple[type[CaseEvent], ...] = get_args(CaseJournalEvent)
"""The events of the hub's case journal (LT Pasal 8–20)."""


_NO_PROOF = frozenset({ReferralOverdue.event_type, SchoolReferralHandedOver.event_type})
"""Outcomes whose delivery no agency's desk takes as proof: the hub's own overdue notices,
and a referrer's hand-over (its desk holds no referral it received)."""


def destinations(event: CaseEvent, case: Case, network: Network) -> list[str]:
    """The topics ``event`` is published to; empty when it stays in the hub.

    ``case`` is the case after the decision (it knows every referral's target).
    """
    journal = network.directory.get(network.hub_id).journal_topic
    if isinstance(event, JOURNAL_EVENTS):
        return [journal]
    if isinstance(event, ReferralIssued):
        if event.referrer_id != network.hub_id:
            return []  # the copy of an onward referral: the referrer sent it
        return _online_inbox(event.referral_id, case, network)
    if isinstance(event, ReferralCancelled | ReferralExpired):
        return _online_inbox(event.referral_id, case, network)
    if isinstance(event, ReferralOverdue):
        return [journal, *_online_inbox(event.referral_id, case, network)]
    if isinstance(event, OutcomeDeliveredToCompanion | OutcomeAcknowledged):
        return [journal, *_reporting_agency(str(event.outcome_event_id), case, network)]
    return []


def _online_inbox(referral_id: str, case: Case, network: Network) -> list[str]:
    referral = case.referrals[referral_id]
    if referral.offline:
        return []
    return [network.directory.get(referral.target_id).inbox_topic]


def _reporting_agency(outcome_id: str, case: Case, network: Network) -> list[str]:
    """The inbox of the online agency whose answer or report the outcome is; none for
    the hub's own overdue notices, a referrer's hand-over or an institution that runs no
    software."""
    outcome = case.outcomes[outcome_id]
    if outcome.outcome_type in _NO_PROOF or outcome.agency_id == network.hub_id:
        return []
    agency = network.directory.get(outcome.agency_id)
    return [agency.inbox_topic] if agency.runs_software else []
