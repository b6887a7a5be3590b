"""A referral handed back to the case's companion by the agency that made it (BTG Pasal
18(6)k).

A Batang school head who closes a referral because the pupil did not receive the service
needed orders the school to contact "Pekerja Sosial dari pemerintah setempat untuk tindak
lanjutnya". On the network that social worker is the companion of the child's case at
the hub: the school's referrals are referrals of the case (BTG 18(4)c, rule
``referral_without_parent_by_the_submitting_agency``), and the hand-over reaches the
companion as an outcome of the referral, delivered and acknowledged like any other
(LT Pasal 17(3), :mod:`services.intake.domain.loop`). It is the referrer's account of the
service, so it neither moves the referral's status (the target's) nor closes its loop.
"""

from __future__ import annotations

from datetime import datetime

from schemas.events.school import SchoolReferralHandedOver
from services.intake.domain.commands import RecordHandOver
from services.intake.domain.guards import known_referral, open_case, valid_fields
from services.intake.domain.journal import Decision
from services.intake.domain.model import Case
from services.intake.domain.network import Network
from services.intake.domain.rules import HAND_OVER_BY_THE_REFERRER, HAND_OVER_ONCE


def decide_record_hand_over(
    case: Case | None, command: RecordHandOver, now: datetime, network: Network
) -> Decision:
    """Record the hand-over on the open case: the referral is one of the case's, made by
    the agency handing it over, and handed over once."""
    case = open_case(case)
    referral = known_referral(case, command.referral_id)
    HAND_OVER_BY_THE_REFERRER.check(
        command.agency_id == referral.referrer_id,
        f"referral {referral.referral_id} was made by {referral.referrer_id}, not "
        f"{command.agency_id}; only its referrer hands the child over",
    )
    HAND_OVER_ONCE.check(
        referral.handed_over_on is None,
        f"referral {referral.referral_id} was already handed over on {referral.handed_over_on}",
    )
    with valid_fields():
        handed = SchoolReferralHandedOver(
            case_id=case.case_id,
            school_report_id=command.school_report_id,
            referral_id=referral.referral_id,
            agency_id=command.agency_id,
            hub_id=network.hub_id,
            target_id=referral.target_id,
            service=referral.service,
            article=command.article,
            handed_over_on=command.handed_over_on,
        )
    return Decision.at(now, handed)
