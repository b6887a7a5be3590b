"""Specification of assessment (LT Pasal 15) and the intervention plan by case
conference (LT Pasal 16), against the real Kapuas Hulu matrix (KH Lampiran I)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from schemas.events.case import AssessmentCompleted, InterventionPlanAgreed
from schemas.vocabulary import ServiceType
from services.intake.domain import (
    AssessmentFindingsRecorded,
    CaseConferenceRecorded,
    CasePhase,
    rules,
)
from tests.unit.intake.support import (
    KH_PLAN,
    LT,
    PARTICIPANTS,
    assessment,
    line,
    network,
    plan,
    story,
)


def test_assessment_publishes_only_the_recommended_services() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    decision = tale.do(assessment())

    (completed,) = decision.events
    assert isinstance(completed, AssessmentCompleted)
    assert completed.recommended_services == [ServiceType.HEALTH, ServiceType.LEGAL]
    assert "bruises" not in completed.model_dump_json()
    (findings,) = decision.records
    assert isinstance(findings, AssessmentFindingsRecorded)
    case = tale.current
    assert case.assessment is not None
    assert case.assessment.findings is not None
    assert case.assessment.findings.legal_status == "police report not yet made"
    assert case.phase is CasePhase.ASSESSED


def test_assessment_before_the_service_contract_is_refused_citing_pasal_15() -> None:
    tale = story(until=CasePhase.INITIAL_CONTACT_MADE)
    tale.refused(assessment(), rules.ASSESSMENT_AFTER_CONTRACT)


def test_assessment_missing_a_condition_is_refused_citing_pasal_15_2() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    error = tale.refused(
        replace(assessment(), spiritual_condition=" "), rules.ASSESSMENT_COVERS_CONDITIONS
    )
    assert "spiritual_condition" in str(error)
    tale.refused(replace(assessment(), legal_status=""), rules.ASSESSMENT_COVERS_CONDITIONS)


def test_assessment_without_analysis_is_refused_citing_pasal_15_3() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    tale.refused(replace(assessment(), analysis=""), rules.ASSESSMENT_HAS_ANALYSIS)


def test_assessment_without_recommended_services_is_refused_citing_pasal_15_4() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    tale.refused(assessment(services=()), rules.ASSESSMENT_RECOMMENDS_SERVICES)
    tale.refused(replace(assessment(), conclusion=""), rules.ASSESSMENT_RECOMMENDS_SERVICES)


def test_plan_before_assessment_is_refused_citing_pasal_16() -> None:
    tale = story(until=CasePhase.CONTRACT_AGREED)
    error = tale.refused(plan(), rules.PLAN_AFTER_ASSESSMENT)
    assert error.status == 409
    assert error.article is not None
    assert "LT Pasal 16" in error.article
    assert "LT Pasal 15" in error.article


def test_plan_by_case_conference_is_version_1_with_its_participating_agencies() -> None:
    tale = story(until=CasePhase.ASSESSED)
    decision = tale.do(plan())

    agreed, conference = decision.journal
    assert isinstance(agreed.item, InterventionPlanAgreed)
    assert agreed.item.plan_version == 1
    assert agreed.item.participants == ["kh-hub", "kh-rsud", "kh-polres"]
    assert "dr. Budi" not in agreed.item.model_dump_json()
    assert isinstance(conference.item, CaseConferenceRecorded)
    case = tale.current
    assert case.plan is not None
    assert case.plan.version == 1
    assert case.plan.conference == PARTICIPANTS
    assert case.phase is CasePhase.PLAN_AGREED


def test_a_case_conference_of_one_person_is_refused_citing_pasal_16_2_a() -> None:
    tale = story(until=CasePhase.ASSESSED)
    tale.refused(plan(participants=PARTICIPANTS[:1]), rules.CASE_CONFERENCE_IS_A_MEETING)


def test_a_plan_without_services_is_refused_citing_pasal_16_2_c() -> None:
    tale = story(until=CasePhase.ASSESSED)
    tale.refused(plan(services=()), rules.PLAN_HAS_SERVICES)


def test_a_plan_naming_one_target_twice_for_a_stage_is_refused() -> None:
    tale = story(until=CasePhase.ASSESSED)
    tale.refused(plan(services=(KH_PLAN[0], KH_PLAN[0])), rules.PLAN_LINES_DISTINCT)


def test_a_planned_target_not_in_the_stage_is_refused_citing_kh_lampiran_i() -> None:
    tale = story(until=CasePhase.ASSESSED)
    wrong = line("REHABILITASI_KESEHATAN", ServiceType.HEALTH, "kh-polres", date(2026, 12, 1))
    error = tale.refused(plan(services=(wrong,)), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article == "KH Lampiran I"
    assert "kh-polres" in str(error)


def test_a_planned_stage_the_matrix_lacks_is_refused_citing_the_matrix() -> None:
    tale = story(until=CasePhase.ASSESSED)
    wrong = line("LAYANAN_KESEHATAN", ServiceType.HEALTH, "kh-rsud", date(2026, 12, 1))
    error = tale.refused(plan(services=(wrong,)), rules.TARGET_IN_DISTRICT_MATRIX)
    assert error.article == "KH Lampiran I"


def test_every_puskesmas_of_the_district_is_a_valid_health_target() -> None:
    tale = story(until=CasePhase.ASSESSED)
    puskesmas = line(
        "REHABILITASI_KESEHATAN", ServiceType.HEALTH, "kh-puskesmas-badau", date(2026, 12, 1)
    )
    tale.do(plan(services=(puskesmas,)))
    assert tale.current.plan is not None


def test_a_planned_service_other_than_the_matrix_rows_is_refused_citing_kh_lampiran_i() -> None:
    tale = story(until=CasePhase.ASSESSED)
    wrong = line(
        "REHABILITASI_SOSIAL", ServiceType.SOCIAL_REHABILITATION, "kh-dinsos", date(2026, 12, 1)
    )
    error = tale.refused(plan(services=(wrong,)), rules.PLANNED_SERVICE_MATCHES_MATRIX)
    assert error.article == "KH Lampiran I"


def test_a_kapuas_hulu_case_is_planned_only_with_the_kapuas_hulu_matrix() -> None:
    tale = story(until=CasePhase.ASSESSED)
    tale.network = network(LT)
    tale.refused(plan(), rules.DISTRICT_MATRIX)
