"""The desk's inbox: thin handlers from inbound events to the desk's use cases."""

from rujukan.desk.usecases import Desk
from rujukan.runtime.inbox import Dispatcher
from schemas.base import Event
from schemas.events import (
    OutcomeAcknowledged,
    OutcomeDeliveredToCompanion,
    ReferralCancelled,
    ReferralExpired,
    ReferralIssued,
)

CONSUMES: tuple[type[Event], ...] = (
    ReferralIssued,
    ReferralCancelled,
    ReferralExpired,
    OutcomeDeliveredToCompanion,
    OutcomeAcknowledged,
)
"""What every agency service's inbox handles through its desk."""


def register(dispatcher: Dispatcher, desk: Desk) -> None:
    dispatcher.on(ReferralIssued, prefetch=desk.known_referrals)(desk.on_issued)
    dispatcher.on(ReferralCancelled)(desk.on_closed_by_referrer)
    dispatcher.on(ReferralExpired)(desk.on_closed_by_referrer)
    dispatcher.on(OutcomeDeliveredToCompanion)(desk.on_delivery)
    dispatcher.on(OutcomeAcknowledged)(desk.on_delivery)
