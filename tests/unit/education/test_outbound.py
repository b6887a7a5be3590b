"""Specification of where a school's own referrals and notices go (BTG Pasal 18(2)b,
18(2)i–j, 18(4)c): decided from the report and the district's own matrix."""

from __future__ import annotations

import pytest

from rujukan.directory import load_directory
from rujukan.identity_needs import load_identity_needs
from rujukan.matrix import load_matrix
from schemas.school import Impact, PartyRole, SchoolNoticeKind, ViolenceForm
from schemas.vocabulary import CaseCategory, ServiceType
from services.education.domain.outbound import (
    Outbound,
    case_category,
    plan_outbound,
    police_destination,
    service_destination,
)
from services.education.domain.report import SchoolReport
from tests.unit.education.builders import REPORTED, VICTIM, new_report, school_head

DIRECTORY = load_directory()
NEEDS = load_identity_needs()


def plan(report: SchoolReport, district: str = "kapuas-hulu") -> Outbound:
    return plan_outbound(report, load_matrix(district, DIRECTORY), DIRECTORY, NEEDS)


def test_every_incident_with_a_pupil_is_told_to_the_parents_by_letter_btg_18_2_b() -> None:
    outbound = plan(new_report(VICTIM, REPORTED, forms=(ViolenceForm.BULLYING,)))
    parents = [n for n in outbound.notices if n.kind is SchoolNoticeKind.PARENTS]
    assert {(n.party_id, n.about) for n in parents} == {
        ("v1", (PartyRole.VICTIM,)),
        ("p1", (PartyRole.REPORTED,)),
    }
    assert all(n.by_letter for n in parents)
    assert outbound.referrals == ()


def test_sexual_violence_with_injury_refers_at_once_and_reports_to_dinas_and_police() -> None:
    report = new_report(
        VICTIM,
        school_head("h1", PartyRole.REPORTED),
        forms=(ViolenceForm.SEXUAL,),
        impacts=(Impact.SEXUAL_VIOLENCE, Impact.FAIRLY_SERIOUS_INJURY),
    )
    outbound = plan(report)

    at_once = {r.destination.service: r for r in outbound.referrals if not r.police_report}
    assert at_once[ServiceType.HEALTH].destination.target_id == "kh-rsud"  # KH Lampiran I
    assert at_once[ServiceType.HEALTH].identity  # identity_needs.csv: health needs it
    assert at_once[ServiceType.PSYCHOLOGY].destination.target_id == "kh-dinsos"
    assert not at_once[ServiceType.PSYCHOLOGY].identity
    (police,) = [r for r in outbound.referrals if r.police_report]
    assert (police.destination.target_id, police.destination.stage) == ("kh-polres", "IDENTIFIKASI")
    assert police.article == "BTG Pasal 18(2)j"
    assert police.party_id == "v1"  # the police report attaches to the child victim's case
    kinds = [n.kind for n in outbound.notices]
    assert SchoolNoticeKind.DINAS_OR_GUGUS_TUGAS in kinds
    (parents,) = [n for n in outbound.notices if n.kind is SchoolNoticeKind.PARENTS]
    assert set(parents.services) == {ServiceType.HEALTH, ServiceType.PSYCHOLOGY}  # 18(4)c
    assert "18(4)c" in parents.article


def test_the_police_of_luwu_timur_receive_a_legal_referral_lt_pasal_17_2_e() -> None:
    found = police_destination(load_matrix("luwu-timur", DIRECTORY), DIRECTORY)
    assert found is not None
    assert (found.target_id, found.service) == ("lt-polres", ServiceType.LEGAL)


def test_a_service_goes_to_an_online_institution_never_to_the_hub() -> None:
    matrix = load_matrix("luwu-timur", DIRECTORY)
    found = service_destination(matrix, DIRECTORY, ServiceType.PSYCHOLOGY)
    assert found is not None
    assert found.target_id == "lt-rsud"
    assert service_destination(matrix, DIRECTORY, ServiceType.CIVIL_REGISTRATION) is None


def test_severe_neglect_is_referred_for_shelter_as_the_districts_matrix_lists_it() -> None:
    report = new_report(VICTIM, REPORTED, impacts=(Impact.SEVERE_NEGLECT,))
    (shelter,) = plan(report, "luwu-timur").referrals
    assert (shelter.destination.stage, shelter.destination.target_id) == (
        "LAYANAN_PENAMPUNGAN_SEMENTARA",
        "lt-dinsos",
    )


@pytest.mark.parametrize(
    ("forms", "impacts", "category"),
    [
        ((ViolenceForm.SEXUAL,), (), CaseCategory.SEXUAL_VIOLENCE),
        ((ViolenceForm.PHYSICAL,), (Impact.SEXUAL_VIOLENCE,), CaseCategory.SEXUAL_VIOLENCE),
        ((ViolenceForm.PHYSICAL,), (), CaseCategory.PHYSICAL_VIOLENCE),
        ((ViolenceForm.BULLYING,), (), CaseCategory.PSYCHOLOGICAL_VIOLENCE),
        ((ViolenceForm.VIOLENT_POLICY,), (), CaseCategory.OTHER_SPECIAL_PROTECTION),
    ],
)
def test_the_hub_case_category_follows_the_forms_lt_pasal_4_1(forms, impacts, category) -> None:
    assert case_category(new_report(VICTIM, REPORTED, forms=forms, impacts=impacts)) is category
