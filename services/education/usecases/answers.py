"""The answers and reports of the agencies this service referred pupils to (the desk
copies them to a referrer that is not the case's hub), recorded so the school (and a
victim or reporter, SKW 66(1)a) sees the outcome."""

from typing import get_args

from rujukan.desk.rules import REFERRAL_KNOWN
from rujukan.errors import NotFound
from rujukan.rules import ANSWER_SENT_BY_ITS_AGENCY
from rujukan.runtime.inbox import Inbound
from rujukan.runtime.uow import UnitOfWork
from schemas.events import (
    ReferralAccepted,
    ReferralAnswer,
    ReferralDeclined,
    ReferralOnHold,
    ReferralReceived,
    ReferralResumed,
    ServiceReported,
)
from schemas.referral_status import ReferralStatus as S
from schemas.referral_status import report_goal
from services.education.usecases.school import School

ANSWERS: tuple[type[ReferralAnswer], ...] = get_args(ReferralAnswer)
"""What the targets of this service's referrals send back."""


def on_answer(school: School, uow: UnitOfWork, inbound: Inbound) -> None:
    """Record an answer or report about a referral this service issued, from the agency
    it was issued to."""
    event = inbound.event
    assert isinstance(event, ANSWERS)
    repo = school.in_unit(uow)
    try:
        row = repo.referral(event.referral_id, for_update=True)
    except NotFound as exc:
        raise REFERRAL_KNOWN.error(
            f"no referral {event.referral_id} was issued by this service"
        ) from exc
    if inbound.envelope.source != event.agency_id or event.agency_id != row.target_id:
        ANSWER_SENT_BY_ITS_AGENCY.refuse(
            f"{inbound.envelope.source} answered in the name of {event.agency_id} on a "
            f"referral to {row.target_id}"
        )
    repo.add_outcome(event, str(inbound.envelope.id), school.clock())
    repo.update_referral(event.referral_id, status=S(_status_after(event, row.status)).value)


def _status_after(event: ReferralAnswer, current: str) -> str:
    """The referral's status as the target's answer or report leaves it: a projection of
    what the target already decided by the network's state machine
    (``schemas/referral_status.py``), so nothing is refused here."""
    match event:
        case ReferralReceived():
            return S.RECEIVED if current == S.ISSUED else current
        case ReferralAccepted():
            return S.ACCEPTED
        case ReferralDeclined():
            return S.DECLINED
        case ReferralOnHold():
            return S.ON_HOLD
        case ReferralResumed():
            return S.IN_PROGRESS
        case ServiceReported():
            return report_goal(event.status) if event.final else S.IN_PROGRESS
    return current
