"""What a Batang school must do on its own (BTG Pasal 18)."""

from __future__ import annotations

from datetime import date

import pytest

from rujukan.errors import IllegalState, RuleViolation
from schemas.school import CostBearer, Impact, PartyRole, ViolenceForm
from schemas.vocabulary import ServiceType
from services.education.domain import (
    ActionKind,
    BatangReferral,
    ReferralPlan,
    ReferralStep,
    automatic_actions,
)
from services.education.domain import rules as r
from tests.unit.education.builders import REPORTED, VICTIM, WITNESS, new_report, staff


def _kinds(actions) -> list[tuple[ActionKind, str | None, ServiceType | None]]:
    return [(a.kind, a.party_id, a.service) for a in actions]


def test_sexual_violence_with_injury_triggers_health_referral_parent_notice_and_police_report():
    report = new_report(
        forms=(ViolenceForm.SEXUAL,),
        impacts=(Impact.SEXUAL_VIOLENCE, Impact.FAIRLY_SERIOUS_INJURY),
    )

    actions = automatic_actions(report)

    assert _kinds(actions) == [
        (ActionKind.NOTIFY_PARENTS, "v1", None),
        (ActionKind.NOTIFY_PARENTS, "p1", None),
        (ActionKind.REFER_TO_SERVICE, "v1", ServiceType.HEALTH),
        (ActionKind.REFER_TO_SERVICE, "v1", ServiceType.PSYCHOLOGY),
        (ActionKind.REPORT_TO_DINAS_OR_GUGUS_TUGAS, None, None),
        (ActionKind.REPORT_TO_POLICE, None, None),
    ]
    notice, _, referral, _, dinas, police = actions
    assert notice.by_letter
    assert notice.immediate
    assert notice.article == "BTG Pasal 18(2)b, 18(4)h, 13(2)d"
    assert referral.immediate
    assert referral.inform_parents
    assert referral.article == "BTG Pasal 18(4)c"
    assert dinas.immediate
    assert dinas.article == "BTG Pasal 18(2)i"
    assert police.article == "BTG Pasal 18(2)j"


def test_every_incident_with_a_pupil_notifies_parents_by_letter_but_not_a_witness_s() -> None:
    actions = automatic_actions(new_report(VICTIM, REPORTED, WITNESS))

    assert _kinds(actions) == [
        (ActionKind.NOTIFY_PARENTS, "v1", None),
        (ActionKind.NOTIFY_PARENTS, "p1", None),
    ]


def test_incident_between_adults_triggers_no_parent_notice() -> None:
    report = new_report(staff("t1", PartyRole.VICTIM), staff("t2", PartyRole.REPORTED))

    assert automatic_actions(report) == []


@pytest.mark.parametrize(
    ("impact", "service"),
    [
        (Impact.PHYSICAL_INJURY_OR_COMPLAINT, ServiceType.HEALTH),
        (Impact.PSYCHOLOGICAL_HARM, ServiceType.PSYCHOLOGY),
        (Impact.SEVERE_NEGLECT, ServiceType.SHELTER),
    ],
)
def test_urgent_impact_refers_the_pupil_victim_to_the_service_needed(
    impact: Impact, service: ServiceType
) -> None:
    actions = automatic_actions(new_report(impacts=(impact,)))

    referrals = [a for a in actions if a.kind is ActionKind.REFER_TO_SERVICE]
    assert [(a.party_id, a.service) for a in referrals] == [("v1", service)]
    assert not [a for a in actions if a.kind is ActionKind.REPORT_TO_POLICE]


def test_death_is_reported_at_once_to_dinas_and_to_police() -> None:
    actions = automatic_actions(new_report(impacts=(Impact.DEATH,)))

    kinds = [a.kind for a in actions]
    assert ActionKind.REPORT_TO_DINAS_OR_GUGUS_TUGAS in kinds
    assert ActionKind.REPORT_TO_POLICE in kinds
    assert ActionKind.REFER_TO_SERVICE not in kinds


def _plan(**overrides: object) -> ReferralPlan:
    return ReferralPlan.model_validate(
        {
            "service": ServiceType.PSYCHOLOGY,
            "institution": "UPTD PPA Kabupaten Batang",
            "cost_rupiah": 0,
            "paid_by": CostBearer.FREE_OF_CHARGE,
        }
        | overrides
    )


def test_referral_plan_needs_cost_and_payer() -> None:
    with pytest.raises(RuleViolation) as refused:
        BatangReferral.plan_referral("v1", _plan(paid_by=None), date(2026, 3, 2))

    assert refused.value.rule == r.BATANG_REFERRAL_PLAN.name
    assert refused.value.article == "BTG Pasal 18(6)b"


def _monitored() -> BatangReferral:
    return (
        BatangReferral.plan_referral("v1", _plan(), date(2026, 3, 2))
        .issue_request_letter("421/12/SDN1/2026")
        .carry_out(date(2026, 3, 4))
        .report_result("LHR-01")
        .report_monitoring("MON-01")
        .report_monitoring("MON-02")
    )


def test_referral_closed_when_the_pupil_received_the_service() -> None:
    closed = _monitored().close(service_received=True, on=date(2026, 4, 1))

    assert closed.step is ReferralStep.CLOSED
    assert closed.monitoring_report_refs == ("MON-01", "MON-02")


def test_referral_handed_to_social_worker_when_service_not_received() -> None:
    handed = _monitored().close(service_received=False, on=date(2026, 4, 1))

    assert handed.step is ReferralStep.HANDED_TO_SOCIAL_WORKER


def test_referral_steps_cannot_be_skipped() -> None:
    planned = BatangReferral.plan_referral("v1", _plan(), date(2026, 3, 2))

    with pytest.raises(IllegalState) as refused:
        planned.carry_out(date(2026, 3, 3))

    assert refused.value.rule == r.BATANG_REFERRAL_IN_ORDER.name
    assert refused.value.article == "BTG Pasal 18(6)"
