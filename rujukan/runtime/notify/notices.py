"""Which recorded events someone must be told of, and whom (pure).

An agency already records everything a notice is about; this module names the events
that need a person and says who should act:

- at a desk, inbound: a ReferralIssued addressed to it (``new_referral``: the facility,
  desk staff and head); the hub's ReferralOverdue reminder (``overdue``: the same), and
  escalated to the supervisor (``escalation``, urgent: the facility and the desk head); a
  ReferralCancelled (``cancelled``: desk staff and head);
- at a hub, published: OutcomeDeliveredToCompanion (LT Pasal 17(3)) to the companion it
  was delivered to (``declined``, ``accepted``, ``reported``, ``overdue``,
  ``handed_over``), and an overdue notice escalated to the supervisor (``escalation``,
  urgent);
- at an education service, published: SchoolDeadlineMissed (SKW 46, 51, 64;
  ``deadline_missed``) and SchoolReferralUnroutable (BTG 18(4)c, a duty owed at once;
  ``unroutable``, urgent), to the facility, the Satgas and the Dinas.

A notice says what to act on and links to where to act; it carries ids, services,
dates and agency ids, never a child's name or any identity field (the events'
identities and free text are never read here).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from schemas.base import Event
from schemas.events.outcome import OutcomeDeliveredToCompanion, ServiceReported
from schemas.events.referral import (
    ReferralAccepted,
    ReferralCancelled,
    ReferralDeclined,
    ReferralIssued,
    ReferralOverdue,
)
from schemas.events.school import (
    SchoolDeadlineMissed,
    SchoolReferralHandedOver,
    SchoolReferralUnroutable,
)
from schemas.vocabulary import Escalation

DESK = frozenset({"desk_staff", "desk_head"})
DESK_HEAD = frozenset({"desk_head"})
SCHOOL_SUPERVISION = frozenset({"satgas", "dinas"})

_OUTCOME_KINDS = {
    ReferralDeclined.event_type: "declined",
    ReferralAccepted.event_type: "accepted",
    ServiceReported.event_type: "reported",
    ReferralOverdue.event_type: "overdue",
    SchoolReferralHandedOver.event_type: "handed_over",
}
_OUTCOME_WORDS = {
    "declined": "was declined by {agency}",
    "accepted": "was accepted by {agency}",
    "reported": "has a new report from {agency}",
    "overdue": "is overdue at {agency}",
    "handed_over": "was handed back by {agency}: the service was not received",
}


@dataclass(frozen=True, slots=True)
class Notice:
    """What to tell, to whom, and where to act."""

    kind: str
    event_id: str
    case_id: str
    referral_id: str | None
    text: str
    """One line: what happened and what is waiting (ids and vocabulary only)."""
    path: str
    """The page to act on, relative to the agency's public address."""
    roles: frozenset[str] = frozenset()
    accounts: frozenset[str] = frozenset()
    facility: bool = False
    urgent: bool = False


def notice_for(event: Event, event_id: str, *, agency_id: str, inbound: bool) -> Notice | None:
    """The notice an event committed at ``agency_id`` causes, if any."""
    if inbound:
        return _at_desk(event, event_id, agency_id)
    return _at_hub(event, event_id) or _at_education(event, event_id)


def _at_desk(event: Event, event_id: str, agency_id: str) -> Notice | None:
    match event:
        case ReferralIssued() if event.target_id == agency_id:
            dues = [f"answer due {_day(event.answer_due_at)}"] if event.answer_due_at else []
            if event.outcome_due_on:
                dues.append(f"outcome due {_day(event.outcome_due_on)}")
            return Notice(
                "new_referral",
                event_id,
                event.case_id,
                event.referral_id,
                f"A new referral ({', '.join([event.service, *dues])}) is waiting",
                _desk_path(event.referral_id),
                roles=DESK,
                facility=True,
            )
        case ReferralOverdue() if event.target_id == agency_id:
            escalated = event.escalation is Escalation.SUPERVISOR
            what = event.milestone or str(event.kind)
            return Notice(
                "escalation" if escalated else "overdue",
                event_id,
                event.case_id,
                event.referral_id,
                f"A referral is overdue ({what} was due {_day(event.due_at)})"
                + (", escalated to the hub's supervisor" if escalated else ""),
                _desk_path(event.referral_id),
                roles=DESK_HEAD if escalated else DESK,
                facility=True,
                urgent=escalated,
            )
        case ReferralCancelled():
            return Notice(
                "cancelled",
                event_id,
                event.case_id,
                event.referral_id,
                f"A referral was withdrawn by {event.referrer_id}",
                _desk_path(event.referral_id),
                roles=DESK,
            )
    return None


def _at_hub(event: Event, event_id: str) -> Notice | None:
    if not isinstance(event, OutcomeDeliveredToCompanion):
        return None
    kind = _OUTCOME_KINDS.get(event.outcome_type or "")
    if kind is None:
        return None
    escalated = event.recipient is Escalation.SUPERVISOR
    words = _OUTCOME_WORDS[kind].format(agency=event.agency_id or "the target")
    return Notice(
        "escalation" if escalated else kind,
        event_id,
        event.case_id,
        event.referral_id,
        f"Referral {event.referral_id} {words}"
        + (" (escalated to you as supervisor)" if escalated else ""),
        f"/companion/cases/{event.case_id}",
        accounts=frozenset({event.companion_id}),
        urgent=escalated,
    )


def _at_education(event: Event, event_id: str) -> Notice | None:
    match event:
        case SchoolDeadlineMissed():
            late = f", done {_day(event.done_on)}" if event.done_on else ""
            return Notice(
                "deadline_missed",
                event_id,
                event.case_id,
                None,
                f"A school-report deadline was missed ({event.deadline}, {event.article}: "
                f"due {_day(event.due_on)}{late})",
                f"/school-reports/{event.case_id}",
                roles=SCHOOL_SUPERVISION,
                facility=True,
            )
        case SchoolReferralUnroutable():
            return Notice(
                "unroutable",
                event_id,
                event.case_id,
                None,
                f"A referral owed at once ({event.service}, {event.article}) found no "
                "institution on the network: arrange it now",
                f"/school-reports/{event.case_id}",
                roles=SCHOOL_SUPERVISION,
                facility=True,
                urgent=True,
            )
    return None


def _desk_path(referral_id: str) -> str:
    """The referral's page in the desk web app, where staff answer it from a phone."""
    return f"/desk/referrals/{referral_id}"


def _day(moment: date | datetime) -> str:
    """``12 Dec 2026``: a date a person reads at a glance (a time's UTC date)."""
    return f"{moment.day} {moment:%b %Y}"
