"""Specification of where a school's own referrals and notices go (BTG Pasal 18(2)b,
18(2)i–j, 18(4)c): decided from the report and the district's own matrix."""

from __future__ import annotations

from dataclasses import replace

import pytest

from rujukan.directory import AgencyDirectory, load_directory
from rujukan.identity_needs import load_identity_needs
from rujukan.matrix import load_matrix
from schemas.school import Impact, PartyRole, SchoolNoticeKind, ViolenceForm
from schemas.vocabulary import AgencyKind, CaseCategory, ServiceType
from services.education.domain.commands import AddParty
from services.education.domain.outbound import (
    Outbound,
    UnroutableReferral,
    case_category,
    plan_outbound,
    police_destination,
    service_destination,
)
from services.education.domain.report import SchoolReport
from tests.unit.education.builders import REPORTED, VICTIM, new_report, pupil, run, school_head

DIRECTORY = load_directory()
NEEDS = load_identity_needs()


def plan(
    report: SchoolReport, district: str = "kapuas-hulu", directory: AgencyDirectory = DIRECTORY
) -> Outbound:
    return plan_outbound(report, load_matrix(district, directory), directory, NEEDS)


def on_paper(*agency_ids: str) -> AgencyDirectory:
    """The directory with these institutions running no software (referred by letter)."""
    return AgencyDirectory(
        tuple(
            replace(a, kind=AgencyKind.OFFLINE, runs_software=False) if a.id in agency_ids else a
            for a in DIRECTORY
        )
    )


KH_DINSOS_AND_POLRES_ON_PAPER = on_paper("kh-dinsos", "kh-polres")
"""Kapuas Hulu as if its Dinas Sosial and Polres ran no software: KH Lampiran I lists
only them for psychology (REHABILITASI_SOSIAL), shelter (PENAMPUNGAN) and the police."""


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


def test_an_immediate_referral_with_no_institution_online_is_unroutable_btg_18_4c() -> None:
    report = new_report(VICTIM, REPORTED, impacts=(Impact.PSYCHOLOGICAL_HARM,))

    outbound = plan(report, directory=KH_DINSOS_AND_POLRES_ON_PAPER)

    assert outbound.referrals == ()
    assert outbound.unroutable == (
        UnroutableReferral(
            party_id="v1",
            service=ServiceType.PSYCHOLOGY,
            article="BTG Pasal 18(4)c",
            about=(PartyRole.VICTIM, PartyRole.REPORTER),
        ),
    )
    # the parents are still told (18(2)b); no service was referred online for the pupil
    (parents,) = [n for n in outbound.notices if n.party_id == "v1"]
    assert parents.services == ()


def test_a_police_report_with_no_police_online_is_announced_as_unroutable_btg_18_2_j() -> None:
    report = new_report(VICTIM, REPORTED, impacts=(Impact.FAIRLY_SERIOUS_INJURY,))

    outbound = plan(report, directory=KH_DINSOS_AND_POLRES_ON_PAPER)

    (health,) = outbound.referrals  # the RSUD still runs software
    assert (health.destination.target_id, health.destination.service) == (
        "kh-rsud",
        ServiceType.HEALTH,
    )
    assert outbound.unroutable == (
        UnroutableReferral(
            party_id="v1",
            service=ServiceType.LEGAL,
            article="BTG Pasal 18(2)j",
            about=(PartyRole.VICTIM, PartyRole.REPORTER),
            police_report=True,
        ),
    )
    assert SchoolNoticeKind.DINAS_OR_GUGUS_TUGAS in {n.kind for n in outbound.notices}


def test_a_police_report_without_a_child_victim_is_unroutable_for_no_pupil_btg_18_2_j() -> None:
    report = new_report(school_head("h1", PartyRole.VICTIM), REPORTED, impacts=(Impact.DEATH,))

    (police,) = plan(report, directory=KH_DINSOS_AND_POLRES_ON_PAPER).unroutable

    assert (police.party_id, police.about, police.police_report) == (None, (), True)


def test_a_district_whose_matrix_routes_every_service_has_nothing_unroutable() -> None:
    report = new_report(
        VICTIM,
        REPORTED,
        impacts=(Impact.SEXUAL_VIOLENCE, Impact.SEVERE_NEGLECT, Impact.FAIRLY_SERIOUS_INJURY),
    )

    assert plan(report).unroutable == ()
    assert plan(report, "luwu-timur").unroutable == ()


def test_a_party_added_later_adds_only_its_own_unroutable_referrals_btg_18_4c() -> None:
    """The service sends what the plan after a command holds and the plan before did not:
    an unroutable referral is announced once per pupil and service."""
    before = new_report(VICTIM, REPORTED, impacts=(Impact.EXPLOITATION,))
    after = run(before, AddParty(party=pupil("v2", PartyRole.VICTIM)))

    old = plan(before, directory=KH_DINSOS_AND_POLRES_ON_PAPER).unroutable
    new = plan(after, directory=KH_DINSOS_AND_POLRES_ON_PAPER).unroutable

    assert {(u.party_id, u.service) for u in old} == {
        ("v1", ServiceType.SHELTER),
        ("v1", ServiceType.PSYCHOLOGY),
    }
    assert set(old) <= set(new)
    assert {(u.party_id, u.service, u.about) for u in set(new) - set(old)} == {
        ("v2", ServiceType.SHELTER, (PartyRole.VICTIM,)),
        ("v2", ServiceType.PSYCHOLOGY, (PartyRole.VICTIM,)),
    }


def test_what_a_command_owes_is_what_its_plan_holds_and_the_plan_before_did_not() -> None:
    before = new_report(VICTIM, REPORTED, impacts=(Impact.EXPLOITATION,))
    after = run(before, AddParty(party=pupil("v2", PartyRole.VICTIM)))

    owed = plan(after).since(plan(before))

    assert {r.party_id for r in owed.referrals} == {"v2"}
    assert {n.party_id for n in owed.notices} == {"v2"}
    assert plan(before).since(None) == plan(before)
    assert plan(after).since(plan(after)) == Outbound((), (), ())


def test_the_police_are_told_once_even_when_a_child_victim_is_added_later_btg_18_2_j() -> None:
    """The report to the police is one per report: a child victim added after it changes
    whom the planned report is about, not how many reports are made."""
    adult_victim = school_head("h1", PartyRole.VICTIM)
    before = new_report(adult_victim, REPORTED, impacts=(Impact.FAIRLY_SERIOUS_INJURY,))
    after = run(before, AddParty(party=pupil("v2", PartyRole.VICTIM)))
    (police_before,) = [r for r in plan(before).referrals if r.police_report]
    (police_after,) = [r for r in plan(after).referrals if r.police_report]
    assert (police_before.party_id, police_after.party_id) == (None, "v2")

    owed = plan(after).since(plan(before))
    assert not [r for r in owed.referrals if r.police_report]
    on_paper_owed = plan(after, directory=KH_DINSOS_AND_POLRES_ON_PAPER).since(
        plan(before, directory=KH_DINSOS_AND_POLRES_ON_PAPER)
    )
    assert not [u for u in on_paper_owed.unroutable if u.police_report]
