"""Specification of what each agency service adds to the desk's report rules: health
(RSUD, puskesmas), social (Dinas Sosial) and legal (Polres, Satpol PP, Bagian Hukum,
Kantor Imigrasi)."""

from datetime import timedelta

import pytest

from rujukan.desk.rules import combine, desk_rules
from rujukan.errors import RuleViolation
from schemas.facts import (
    CriminalProcess,
    CriminalStage,
    MedicalExamination,
    PoliceReportRegistered,
    ProgrammePhase,
    PsychologySession,
    Rehabilitation,
    RehabilitationKind,
    Reintegration,
    ReintegrationProvider,
    Repatriation,
    ShelterAdmitted,
    ShelterDischarged,
    Treatment,
    TreatmentPhase,
    VisumIssued,
)
from schemas.vocabulary import ServiceType
from services.health.domain.policy import HEALTH_POLICY
from services.legal.domain.policy import LEGAL_POLICY
from services.legal.domain.progress import criminal_process
from services.social.domain.policy import SOCIAL_POLICY
from tests.support.referrals import TODAY, accepted, context, report_of

DAY = timedelta(days=1)


def refused(policy, ctx) -> RuleViolation:
    """The violation the desk's rules, then the service's policy, raise for ``ctx``."""
    with pytest.raises(RuleViolation) as error:
        combine(desk_rules(), policy)(ctx)
    return error.value


def warnings(policy, ctx) -> list[str]:
    return [*desk_rules()(ctx), *policy(ctx)]


# --- health -----------------------------------------------------------------------------

RSUD = accepted(target="kh-rsud", service=ServiceType.HEALTH)


def test_a_visum_cannot_be_dated_in_the_future():
    facts = (
        MedicalExamination(examined_on=TODAY),
        VisumIssued(document_ref="VER/1/2026", issued_on=TODAY + DAY),
    )
    error = refused(HEALTH_POLICY, context(ServiceType.HEALTH, *facts))
    assert error.rule == "fact_date_not_in_the_future"
    assert "visum_issued.issued_on" in str(error)


def test_a_visum_follows_the_medical_examination_it_reports():
    visum = VisumIssued(document_ref="VER/1/2026", issued_on=TODAY)
    error = refused(HEALTH_POLICY, context(ServiceType.HEALTH, visum))
    assert (error.rule, error.article) == ("examination_before_visum", "KH Lampiran I")
    same_report = context(ServiceType.HEALTH, MedicalExamination(examined_on=TODAY), visum)
    assert warnings(HEALTH_POLICY, same_report) == []
    earlier = (report_of(RSUD, MedicalExamination(examined_on=TODAY - DAY)),)
    assert warnings(HEALTH_POLICY, context(ServiceType.HEALTH, visum, history=earlier)) == []


def test_a_visum_is_not_dated_before_the_examination():
    earlier = (report_of(RSUD, MedicalExamination(examined_on=TODAY)),)
    visum = VisumIssued(document_ref="VER/1/2026", issued_on=TODAY - DAY)
    error = refused(HEALTH_POLICY, context(ServiceType.HEALTH, visum, history=earlier))
    assert error.rule == "examination_before_visum"


def test_treatment_goes_started_ongoing_completed_and_never_back():
    started = (report_of(RSUD, Treatment(phase=TreatmentPhase.STARTED)),)
    ongoing = Treatment(phase=TreatmentPhase.ONGOING)
    assert warnings(HEALTH_POLICY, context(ServiceType.HEALTH, ongoing, history=started)) == []
    completed = (*started, report_of(RSUD, Treatment(phase=TreatmentPhase.COMPLETED), seq=2))
    error = refused(HEALTH_POLICY, context(ServiceType.HEALTH, ongoing, history=completed))
    assert error.rule == "treatment_phases_in_order"
    back = context(
        ServiceType.HEALTH,
        Treatment(phase=TreatmentPhase.STARTED),
        history=(report_of(RSUD, ongoing),),
    )
    assert refused(HEALTH_POLICY, back).rule == "treatment_phases_in_order"


def test_treatment_phases_of_another_referral_do_not_count():
    other = accepted(target="kh-rsud", referral_id="r-other")
    history = (report_of(other, Treatment(phase=TreatmentPhase.COMPLETED)),)
    ctx = context(ServiceType.HEALTH, Treatment(phase=TreatmentPhase.STARTED), history=history)
    assert warnings(HEALTH_POLICY, ctx) == []


def test_closing_a_referral_while_treatment_runs_is_a_warning():
    ctx = context(ServiceType.HEALTH, Treatment(phase=TreatmentPhase.ONGOING), final=True)
    (warning,) = warnings(HEALTH_POLICY, ctx)
    assert "treatment is ongoing" in warning


# --- social -----------------------------------------------------------------------------

DINSOS = accepted(target="kh-dinsos", service=ServiceType.SHELTER)


def test_a_shelter_discharge_follows_an_admission():
    discharge = ShelterDischarged(discharged_on=TODAY)
    error = refused(SOCIAL_POLICY, context(ServiceType.SHELTER, discharge))
    assert (error.rule, error.article) == ("shelter_discharge_after_admission", "KH Lampiran I")


def test_a_shelter_discharge_is_not_dated_before_the_admission():
    admitted = (report_of(DINSOS, ShelterAdmitted(admitted_on=TODAY)),)
    early = ShelterDischarged(discharged_on=TODAY - DAY)
    error = refused(SOCIAL_POLICY, context(ServiceType.SHELTER, early, history=admitted))
    assert error.rule == "shelter_discharge_after_admission"
    on_time = ShelterDischarged(discharged_on=TODAY)
    assert warnings(SOCIAL_POLICY, context(ServiceType.SHELTER, on_time, history=admitted)) == []


def test_a_long_stay_in_the_rumah_singgah_is_not_flagged():
    admitted = (report_of(DINSOS, ShelterAdmitted(admitted_on=TODAY - 40 * DAY), days_ago=40),)
    discharge = ShelterDischarged(discharged_on=TODAY)
    assert warnings(SOCIAL_POLICY, context(ServiceType.SHELTER, discharge, history=admitted)) == []


def test_a_child_is_admitted_again_only_after_a_discharge():
    admitted = (report_of(DINSOS, ShelterAdmitted(admitted_on=TODAY - DAY)),)
    again = ShelterAdmitted(admitted_on=TODAY)
    error = refused(SOCIAL_POLICY, context(ServiceType.SHELTER, again, history=admitted))
    assert error.rule == "shelter_discharge_after_admission"


def test_psychology_sessions_are_numbered_in_order():
    psychology = accepted(target="kh-dinsos", service=ServiceType.PSYCHOLOGY)
    first = (report_of(psychology, PsychologySession(held_on=TODAY - DAY, session_number=1)),)
    again = PsychologySession(held_on=TODAY, session_number=1)
    ctx = context(ServiceType.PSYCHOLOGY, again, history=first)
    assert refused(SOCIAL_POLICY, ctx).rule == "psychology_sessions_in_order"
    gap = PsychologySession(held_on=TODAY, session_number=3)
    (warning,) = warnings(SOCIAL_POLICY, context(ServiceType.PSYCHOLOGY, gap, history=first))
    assert "not reported" in warning


def test_a_programme_is_completed_only_after_the_child_enrolled():
    completed = Reintegration(
        programme="Pelatihan menjahit",
        provider=ReintegrationProvider.JOB_TRAINING,
        phase=ProgrammePhase.COMPLETED,
    )
    error = refused(SOCIAL_POLICY, context(ServiceType.REINTEGRATION, completed))
    assert error.rule == "programme_enrolled_before_completed"
    reintegration = accepted(target="kh-dinsos", service=ServiceType.REINTEGRATION)
    enrolled = (
        report_of(reintegration, completed.model_copy(update={"phase": ProgrammePhase.ENROLLED})),
    )
    ctx = context(ServiceType.REINTEGRATION, completed, history=enrolled)
    assert warnings(SOCIAL_POLICY, ctx) == []


def test_rehabilitation_is_enrolled_and_completed_once():
    enrolled = Rehabilitation(
        rehabilitation=RehabilitationKind.SPIRITUAL_ACCOMPANIMENT, phase=ProgrammePhase.ENROLLED
    )
    rehab = accepted(target="kh-dinsos", service=ServiceType.SOCIAL_REHABILITATION)
    ctx = context(
        ServiceType.SOCIAL_REHABILITATION, enrolled, history=(report_of(rehab, enrolled),)
    )
    assert refused(SOCIAL_POLICY, ctx).rule == "programme_enrolled_before_completed"


def test_a_repatriation_moves_the_child_between_two_places():
    same = Repatriation(origin="Badau", destination="badau")
    assert refused(SOCIAL_POLICY, context(ServiceType.REPATRIATION, same)).rule == (
        "repatriation_places_differ"
    )


# --- legal ------------------------------------------------------------------------------

POLRES = accepted(target="lt-polres", service=ServiceType.LEGAL, district="luwu-timur")


def milestone(stage: CriminalStage) -> CriminalProcess:
    return CriminalProcess(stage=stage)


def test_criminal_process_milestones_never_go_backwards():
    history = (
        report_of(POLRES, PoliceReportRegistered(report_number="LP/B/12/XI/2026")),
        report_of(POLRES, milestone(CriminalStage.TRIAL), seq=2),
    )
    ctx = context(ServiceType.LEGAL, milestone(CriminalStage.INVESTIGATION), history=history)
    error = refused(LEGAL_POLICY, ctx)
    assert (error.rule, error.article) == ("criminal_process_in_order", "KUHAP")


def test_a_criminal_process_milestone_is_reported_once():
    history = (report_of(POLRES, milestone(CriminalStage.INVESTIGATION)),)
    ctx = context(ServiceType.LEGAL, milestone(CriminalStage.INVESTIGATION), history=history)
    assert refused(LEGAL_POLICY, ctx).rule == "criminal_process_in_order"


def test_the_police_report_is_registered_before_the_case_file_goes_to_the_prosecutor():
    history = (report_of(POLRES, milestone(CriminalStage.INVESTIGATION)),)
    case_file = milestone(CriminalStage.CASE_FILE_TO_PROSECUTOR)
    error = refused(LEGAL_POLICY, context(ServiceType.LEGAL, case_file, history=history))
    assert (error.rule, error.article) == ("police_report_before_case_file", "KUHAP Pasal 110")
    registered = PoliceReportRegistered(report_number="LP/B/12/XI/2026")
    ctx = context(ServiceType.LEGAL, registered, case_file, history=history)
    assert warnings(LEGAL_POLICY, ctx) == []


def test_the_police_report_may_come_from_another_referral_of_the_case():
    identification = accepted(
        target="lt-polres", service=ServiceType.IDENTIFICATION, referral_id="r-ident"
    )
    history = (
        report_of(identification, PoliceReportRegistered(report_number="LP/B/12/XI/2026")),
        report_of(POLRES, milestone(CriminalStage.INVESTIGATION)),
    )
    ctx = context(
        ServiceType.LEGAL, milestone(CriminalStage.CASE_FILE_TO_PROSECUTOR), history=history
    )
    assert warnings(LEGAL_POLICY, ctx) == []


def test_a_skipped_milestone_is_a_warning():
    history = (
        report_of(POLRES, PoliceReportRegistered(report_number="LP/B/12/XI/2026")),
        report_of(POLRES, milestone(CriminalStage.INVESTIGATION), seq=2),
    )
    ctx = context(ServiceType.LEGAL, milestone(CriminalStage.TRIAL), history=history)
    (warning,) = warnings(LEGAL_POLICY, ctx)
    assert "case_file_to_prosecutor" in warning


def test_the_polres_temporary_shelter_of_about_two_weeks_warns_when_longer():
    polres_shelter = accepted(target="kh-polres", service=ServiceType.SHELTER)
    admitted = (report_of(polres_shelter, ShelterAdmitted(admitted_on=TODAY - 20 * DAY)),)
    discharge = ShelterDischarged(discharged_on=TODAY)
    (warning,) = warnings(LEGAL_POLICY, context(ServiceType.SHELTER, discharge, history=admitted))
    assert "20 days" in warning
    assert "KH Lampiran I" in warning
    two_weeks = (report_of(polres_shelter, ShelterAdmitted(admitted_on=TODAY - 14 * DAY)),)
    ctx = context(ServiceType.SHELTER, discharge, history=two_weeks)
    assert warnings(LEGAL_POLICY, ctx) == []


def test_a_polres_shelter_stay_still_running_after_two_weeks_warns_on_any_report():
    polres_shelter = accepted(target="kh-polres", service=ServiceType.SHELTER)
    admitted = (report_of(polres_shelter, ShelterAdmitted(admitted_on=TODAY - 16 * DAY)),)
    (warning,) = warnings(LEGAL_POLICY, context(ServiceType.SHELTER, history=admitted))
    assert "16 days" in warning


def test_the_criminal_process_view_shows_the_next_milestone():
    history = (
        report_of(POLRES, PoliceReportRegistered(report_number="LP/B/12/XI/2026")),
        report_of(POLRES, milestone(CriminalStage.INVESTIGATION), seq=2),
    )
    view = criminal_process("c-0001", history)
    assert view.police_reports == ["LP/B/12/XI/2026"]
    assert [m.stage for m in view.milestones] == [CriminalStage.INVESTIGATION]
    assert view.next_stage is CriminalStage.CASE_FILE_TO_PROSECUTOR
