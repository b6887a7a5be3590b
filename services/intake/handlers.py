"""The hub's inbox: each inbound event becomes a domain command on its case (thin).

Answers and reports from agencies, complaints from other agencies, the copies of onward
referrals and a referrer's hand-over (BTG Pasal 18(6)k) go through
`IntakeHub.record_inbound`: accepted ones are recorded in the case's journal (never
re-published), refused ones in the refused-inbound table with the rule. Capacity notices
are kept for choosing referral targets.
"""

from dataclasses import fields
from typing import Any

from rujukan.runtime.inbox import Dispatcher, Inbound
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.events import (
    CapacityNotice,
    ComplaintSubmitted,
    ReferralAccepted,
    ReferralAnswer,
    ReferralDeclined,
    ReferralIssued,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    SchoolReferralHandedOver,
    ServiceReported,
)
from services.intake.domain import (
    AcceptReferral,
    Command,
    DeclineReferral,
    MarkReferralReceived,
    PutReferralOnHold,
    ReceiveComplaint,
    RecordHandOver,
    RecordOnwardReferral,
    ReportService,
    ResumeReferral,
    rules,
)
from services.intake.usecases import IntakeHub

_COMMANDS: dict[type[Event], type[Command]] = {
    ComplaintSubmitted: ReceiveComplaint,
    ReferralIssued: RecordOnwardReferral,
    ReferralReceived: MarkReferralReceived,
    ReferralAccepted: AcceptReferral,
    ReferralDeclined: DeclineReferral,
    ReferralOnHold: PutReferralOnHold,
    ReferralResumed: ResumeReferral,
    ServiceReported: ReportService,
    SchoolReferralHandedOver: RecordHandOver,
}
"""The command each inbound case event asks for. A command's fields are the event's
fields of the same name, so one copy serves every event; `_renamed` holds the few
that the command names or shapes differently."""

CONSUMES: tuple[type[Event], ...] = (*_COMMANDS, CapacityNotice)
"""The event types the hub's inbox handles: the case events above, and capacity notices."""

Signed = ReferralAnswer | SchoolReferralHandedOver
"""Inbound events that name the agency sending them (``agency_id``)."""


def _renamed(event: Event) -> dict[str, Any]:
    """The command fields that are not an event field of the same name and shape."""
    match event:
        case ComplaintSubmitted():
            return {"case_information": event.summary}
        case ReferralIssued():
            return {"identity_included": event.child is not None}
        case ServiceReported():
            return {"facts": tuple(event.facts)}
    return {}


def command_for(event: Event, event_id: str | None = None, source: str | None = None) -> Command:
    """The domain command an inbound case event asks for; ``event_id`` (the ce_id)
    becomes the id of the outcome the companion acknowledges; ``source`` (the envelope's)
    is the agency that submitted a complaint."""
    command_class = next((c for e, c in _COMMANDS.items() if isinstance(event, e)), None)
    if command_class is None:
        raise TypeError(f"no command for {type(event).__name__}")
    given = {"outcome_id": event_id, "submitted_by": source, **_renamed(event)}
    return command_class(
        **{
            f.name: given[f.name] if f.name in given else getattr(event, f.name)
            for f in fields(command_class)
        }
    )


def register(dispatcher: Dispatcher, hub: IntakeHub) -> None:
    """Register the hub's inbox handlers."""

    def on_case_event(uow: UnitOfWork, inbound: Inbound) -> None:
        event = inbound.event
        if isinstance(event, Signed) and inbound.envelope.source != event.agency_id:
            hub.refuse_inbound(
                uow,
                inbound,
                rules.ANSWER_SENT_BY_ITS_AGENCY.error(
                    f"{inbound.envelope.source} sent a {type(event).__name__} in the name "
                    f"of {event.agency_id}"
                ),
            )
            return
        command = command_for(event, str(inbound.envelope.id), inbound.envelope.source)
        hub.record_inbound(uow, inbound, command)

    def on_capacity(uow: UnitOfWork, inbound: Inbound) -> None:
        assert isinstance(inbound.event, CapacityNotice)
        hub.record_capacity(uow, inbound, inbound.event)

    for event_class in CONSUMES:
        if event_class is CapacityNotice:
            dispatcher.on(event_class)(on_capacity)
        else:
            dispatcher.on(event_class)(on_case_event)
