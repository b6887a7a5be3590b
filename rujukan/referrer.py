"""The one way a referral is made, whoever makes it: the hub (a planned, emergency or
re-routed referral), an agency referring a child on, or a school referring at once.

:func:`referral_issued` is pure: it builds the ``ReferralIssued`` from the duty the district's
matrix lists (stage, service, duty), the identity decision (the child's identity travels
only when the service needs it: ``identity_needs.csv``, or a school's victim under SKW
44(2)), and the hub the outcomes go to (LT Pasal 17(3)). Who may refer where is checked
by the caller, against the matrix, before.
"""

from datetime import date, datetime
from typing import Protocol

from schemas.events.case import ChildIdentity
from schemas.events.referral import ReferralIssued
from schemas.vocabulary import CaseCategory, ServiceType

DUTY_MAX = 300
"""``ReferralIssued.duty``'s length limit in the public contract."""


class Duty(Protocol):
    """What a matrix row asks of its institution (``rujukan.matrix.MatrixRow``, or a
    destination chosen from one)."""

    @property
    def stage(self) -> str: ...
    @property
    def service(self) -> ServiceType: ...
    @property
    def duty(self) -> str: ...


def referral_issued(
    duty: Duty,
    *,
    case_id: str,
    referral_id: str,
    district: str,
    referrer_id: str,
    target_id: str,
    hub_id: str | None = None,
    identity: ChildIdentity | None = None,
    with_identity: bool = False,
    category: CaseCategory | None = None,
    answer_due_at: datetime | None = None,
    outcome_due_on: date | None = None,
    predecessor_id: str | None = None,
    parent_referral_id: str | None = None,
    note: str | None = None,
) -> ReferralIssued:
    """The referral from ``referrer_id`` to ``target_id`` for ``duty``. It carries
    ``identity`` only ``with_identity``; it names ``hub_id`` as the case's hub unless the
    referrer is that hub (then the answers come back to the referrer itself). A blank
    note is no note."""
    return ReferralIssued(
        case_id=case_id,
        referral_id=referral_id,
        district=district,
        stage=duty.stage,
        service=duty.service,
        referrer_id=referrer_id,
        target_id=target_id,
        hub_id=None if hub_id == referrer_id else hub_id,
        duty=duty.duty[:DUTY_MAX] or None,
        category=category,
        answer_due_at=answer_due_at,
        outcome_due_on=outcome_due_on,
        predecessor_id=predecessor_id,
        parent_referral_id=parent_referral_id,
        child=identity if with_identity else None,
        note=(note or "").strip() or None,
    )
