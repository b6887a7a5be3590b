"""BTG Pasal 18(6)k: a pupil who did not receive the service needed is handed to the local
government's social worker — on the network, the companion of the child's case at the
intake hub — by an event, not by someone remembering to call."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest

from rujukan.errors import IllegalState
from schemas.events import SchoolReferralHandedOver
from schemas.school import CostBearer
from schemas.vocabulary import ServiceType
from services.education.domain import (
    HAND_OVER_ARTICLE,
    BatangReferral,
    IssuedReferral,
    ReferralPlan,
    ReferralStep,
    hand_over,
)
from services.education.domain import rules as r

ON = date(2026, 12, 14)
REFERRAL = IssuedReferral(
    referral_id="r-3f9a2b7c10d4",
    reference="sch-kh-disdikbud-0001",
    case_id="sch-kh-disdikbud-0001-1",
    hub_id="kh-hub",
    target_id="kh-rsud",
    service=ServiceType.HEALTH,
)


def _steps_a_to_i() -> list[BatangReferral]:
    """A referral from its plan (a–b) through two monitoring reports (g–i)."""
    plan = ReferralPlan(
        service=ServiceType.HEALTH,
        institution="RSUD Achmad Diponegoro",
        cost_rupiah=0,
        paid_by=CostBearer.HEALTH_INSURANCE,
    )
    steps = [BatangReferral.plan_referral("v1", plan, date(2026, 11, 23))]
    steps.append(steps[-1].issue_request_letter("421/046/SMPN2/2026"))
    steps.append(steps[-1].carry_out(date(2026, 11, 24)))
    steps.append(steps[-1].report_result("LAP/RSUD/11/2026"))
    steps.append(steps[-1].report_monitoring("MON/01/2026"))
    steps.append(steps[-1].report_monitoring("MON/02/2026"))
    return steps


def _monitored() -> BatangReferral:
    return _steps_a_to_i()[-1]


def test_a_referral_closed_without_the_service_is_handed_to_the_hub_case_companion_btg_18_6k():
    before = _monitored()
    after = before.close(service_received=False, on=ON)

    handed = hand_over(REFERRAL, before, after, agency_id="kh-disdikbud")

    assert isinstance(handed, SchoolReferralHandedOver)
    assert handed.case_id == "sch-kh-disdikbud-0001-1"  # the hub's case of the child
    assert handed.hub_id == "kh-hub"
    assert handed.school_report_id == "sch-kh-disdikbud-0001"
    assert (handed.referral_id, handed.agency_id) == ("r-3f9a2b7c10d4", "kh-disdikbud")
    assert (handed.target_id, handed.service) == ("kh-rsud", ServiceType.HEALTH)
    assert handed.handed_over_on == ON
    assert handed.article == HAND_OVER_ARTICLE == "BTG Pasal 18(6)k"


def test_a_referral_closed_with_the_service_received_hands_nothing_over_btg_18_6j():
    before = _monitored()
    after = before.close(service_received=True, on=ON)

    assert after.step is ReferralStep.CLOSED
    assert hand_over(REFERRAL, before, after, agency_id="kh-disdikbud") is None


def test_no_step_before_the_close_hands_anything_over_btg_18_6_a_to_i():
    steps = _steps_a_to_i()

    for before, after in pairwise(steps):
        assert hand_over(REFERRAL, before, after, agency_id="kh-disdikbud") is None


def test_a_referral_already_handed_over_is_not_handed_over_again():
    handed = _monitored().close(service_received=False, on=ON)

    assert hand_over(REFERRAL, handed, handed, agency_id="kh-disdikbud") is None
    with pytest.raises(IllegalState) as refused:  # 409: the step itself is refused
        handed.close(service_received=False, on=ON)
    assert refused.value.rule == r.BATANG_REFERRAL_IN_ORDER.name


def test_a_referral_without_a_hub_case_is_handed_over_on_the_journal_alone():
    """No intake hub online in the district (or not a child): the referral's case is the
    school report itself, and no hub is named."""
    without_hub = IssuedReferral(
        referral_id="r-3f9a2b7c10d4",
        reference="sch-lt-disdik-0001",
        case_id="sch-lt-disdik-0001",
        hub_id=None,
        target_id="lt-rsud",
        service=ServiceType.HEALTH,
    )
    before = _monitored()

    handed = hand_over(
        without_hub, before, before.close(service_received=False, on=ON), agency_id="lt-disdik"
    )

    assert handed is not None
    assert handed.hub_id is None
    assert handed.case_id == handed.school_report_id == "sch-lt-disdik-0001"


def test_the_hand_over_carries_case_ids_and_vocabulary_never_a_name_party_or_school_skw_33():
    before = _monitored()
    handed = hand_over(
        REFERRAL, before, before.close(service_received=False, on=ON), agency_id="kh-disdikbud"
    )

    assert handed is not None
    body = handed.model_dump(mode="json")
    assert "v1" not in body.values()  # the pupil's local party id stays in the service
    assert not set(body) & {"child", "name", "party_id", "parties", "schools", "school_id"}
    assert "RSUD Achmad Diponegoro" not in handed.model_dump_json()  # the plan's free text
