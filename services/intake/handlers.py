"""The hub's inbox: each inbound event becomes a domain command on its case (thin).

Answers and reports from agencies, complaints from other agencies, the copies of onward
referrals and a referrer's hand-over (BTG Pasal 18(6)k) go through
`IntakeHub.record_inbound`: accepted ones are recorded in the case's journal (never
re-published), refused ones in the refused-inbound table with the rule. Capacity notices
are kept for choosing referral targets.
"""

from rujukan.runtime.inbox import Dispatcher, Inbound
from rujukan.runtime.uow import UnitOfWork
from schemas.base import Event
from schemas.events import (
    CapacityNotice,
    ComplaintSubmitted,
    ReferralAccepted,
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

CONSUMES: tuple[type[Event], ...] = (
    ComplaintSubmitted,
    ReferralIssued,
    ReferralReceived,
    ReferralAccepted,
    ReferralDeclined,
    ReferralOnHold,
    ReferralResumed,
    ServiceReported,
    SchoolReferralHandedOver,
    CapacityNotice,
)
"""The event types the hub's inbox handles."""

Answer = (
    ReferralReceived
    | ReferralAccepted
    | ReferralDeclined
    | ReferralOnHold
    | ReferralResumed
    | ServiceReported
)
Signed = Answer | SchoolReferralHandedOver
"""Inbound events that name the agency sending them (``agency_id``)."""


def command_for(event: Event, event_id: str | None = None, source: str | None = None) -> Command:
    """The domain command an inbound case event asks for; ``event_id`` (the ce_id)
    becomes the id of the outcome the companion acknowledges; ``source`` (the envelope's)
    is the agency that submitted a complaint."""
    match event:
        case ComplaintSubmitted():
            return ReceiveComplaint(
                case_id=event.case_id,
                channel=event.channel,
                complainant=event.complainant,
                child=event.child,
                request_letter_ref=event.request_letter_ref,
                case_information=event.summary,
                suspected_category=event.suspected_category,
                submitted_by=source,
            )
        case ReferralIssued():
            return RecordOnwardReferral(
                referral_id=event.referral_id,
                parent_referral_id=event.parent_referral_id,
                referrer_id=event.referrer_id,
                hub_id=event.hub_id,
                stage=event.stage,
                target_id=event.target_id,
                identity_included=event.child is not None,
                answer_due_at=event.answer_due_at,
                outcome_due_on=event.outcome_due_on,
                note=event.note,
            )
        case ReferralReceived():
            return MarkReferralReceived(referral_id=event.referral_id, agency_id=event.agency_id)
        case ReferralAccepted():
            return AcceptReferral(
                referral_id=event.referral_id,
                agency_id=event.agency_id,
                accepted_at=event.accepted_at,
                note=event.note,
                outcome_id=event_id,
            )
        case ReferralDeclined():
            return DeclineReferral(
                referral_id=event.referral_id,
                agency_id=event.agency_id,
                reason=event.reason,
                detail=event.detail,
                declined_at=event.declined_at,
                outcome_id=event_id,
            )
        case ReferralOnHold():
            return PutReferralOnHold(
                referral_id=event.referral_id, agency_id=event.agency_id, reason=event.reason
            )
        case ReferralResumed():
            return ResumeReferral(referral_id=event.referral_id, agency_id=event.agency_id)
        case ServiceReported():
            return ReportService(
                referral_id=event.referral_id,
                agency_id=event.agency_id,
                report_id=event.report_id,
                status=event.status,
                final=event.final,
                not_delivered_reason=event.not_delivered_reason,
                facts=tuple(event.facts),
                document_ref=event.document_ref,
                reported_at=event.reported_at,
                outcome_id=event_id,
            )
        case SchoolReferralHandedOver():
            return RecordHandOver(
                referral_id=event.referral_id,
                agency_id=event.agency_id,
                school_report_id=event.school_report_id,
                handed_over_on=event.handed_over_on,
                article=event.article,
                outcome_id=event_id,
            )
    raise TypeError(f"no command for {type(event).__name__}")


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
