"""Properties over random command sequences: what holds whatever the TPPK, Satgas, school
head or Kepala Dinas ask, in whatever order."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from rujukan.calendar import DeadlineUnit
from rujukan.errors import IllegalState, NotFound, RuleViolation
from schemas.school import (
    AccompanimentType,
    AnnulmentFollowUp,
    ConclusionFinding,
    ConsentGiver,
    ConsentPurpose,
    DecisionAuthority,
    Impact,
    ObjectionOutcome,
    PartyRole,
    PupilSanction,
    SanctionTier,
    StaffSanction,
    StopReason,
    ViolenceForm,
)
from schemas.vocabulary import ServiceType, Sex
from services.education.domain import (
    PartyIdentity,
    ProcessStatus,
    Recommendations,
    Sanction,
    SchoolReport,
    deadlines,
    decide,
    evolve,
    referral_payload,
)
from services.education.domain import rules as r
from services.education.domain.commands import (
    Accompany,
    Command,
    Conclude,
    DecideObjection,
    DeclareCannotContinue,
    EscalateToSatgas,
    FileObjection,
    IssueDecision,
    ProceedWithoutReportedPerson,
    RecordConsent,
    RecordDecisionReceived,
    RecordExamination,
    RecordSchooling,
    RequestStatement,
    ResumeExamination,
    StartRecovery,
    StopExamination,
    Summon,
    WarnTppk,
)
from services.education.domain.process import _ALLOWED_AFTER_FINAL
from tests.unit.education.builders import (
    CALENDAR,
    MONDAY,
    PARENT,
    REPORTED,
    VICTIM,
    WITNESS,
    new_report,
    staff,
)

TEACHER = staff("t1", PartyRole.REPORTED)
PARTY_IDS = ("v1", "p1", "w1", "t1")
IDENTITIES = {
    "v1": PartyIdentity(party_id="v1", name="Siti Rahayu", sex=Sex.FEMALE, estimated_age=12),
    "p1": PartyIdentity(party_id="p1", name="Budi Santoso", sex=Sex.MALE, estimated_age=13),
    "w1": PartyIdentity(party_id="w1", name="Dewi Lestari", sex=Sex.FEMALE, estimated_age=12),
    "t1": PartyIdentity(party_id="t1", name="Agus Wibowo", sex=Sex.MALE),
}
STEP_ORDER = [
    ProcessStatus.RECEIVED,
    ProcessStatus.EXAMINING,
    ProcessStatus.CONCLUDED,
    ProcessStatus.DECIDED,
    ProcessStatus.FINAL,
]

SANCTIONS = [
    Sanction(
        party_id="p1", tier=SanctionTier.LIGHT, pupil_sanction=PupilSanction.WRITTEN_REPRIMAND
    ),
    Sanction(
        party_id="p1",
        tier=SanctionTier.MEDIUM,
        pupil_sanction=PupilSanction.EDUCATIONAL_ACTION,
        school_days=7,
    ),
    Sanction(
        party_id="p1",
        tier=SanctionTier.HEAVY,
        pupil_sanction=PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL,
    ),
    Sanction(
        party_id="t1", tier=SanctionTier.LIGHT, staff_sanction=StaffSanction.WRITTEN_REPRIMAND
    ),
    Sanction(party_id="t1", civil_service_law=True),
]

HAPPY_PATH: list[Command] = [
    RequestStatement(party_id="v1"),
    RecordExamination(party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT),
    Summon(party_id="p1"),
    RecordExamination(party_id="p1", official_record_ref="BA-2"),
    RecordExamination(party_id="t1", official_record_ref="BA-3"),
    Conclude(
        finding=ConclusionFinding.PROVEN,
        reported_party_ids=("p1",),
        forms=frozenset({ViolenceForm.PHYSICAL}),
        recommendations=Recommendations(sanctions=(SANCTIONS[0],)),
    ),
    IssueDecision(
        finding=ConclusionFinding.PROVEN,
        signed_by=DecisionAuthority.SCHOOL_HEAD,
        sanctions=(SANCTIONS[0],),
    ),
    RecordDecisionReceived(party_id="v1"),
    RecordDecisionReceived(party_id="p1"),
    FileObjection(party_id="p1"),
    DecideObjection(outcome=ObjectionOutcome.UPHELD),
]

party_ids = st.sampled_from(PARTY_IDS)
sanction_sets = st.lists(st.sampled_from(SANCTIONS), max_size=2, unique=True).map(tuple)

random_commands: st.SearchStrategy[Command] = st.one_of(
    st.builds(RequestStatement, party_id=party_ids),
    st.builds(Summon, party_id=party_ids),
    st.builds(
        RecordExamination,
        party_id=party_ids,
        official_record_ref=st.sampled_from(["BA-9", ""]),
        accompanied_by=st.sampled_from([frozenset(), PARENT]),
    ),
    st.builds(ProceedWithoutReportedPerson, party_id=party_ids),
    st.builds(StopExamination, reason=st.sampled_from(StopReason)),
    st.builds(ResumeExamination, new_evidence_ref=st.sampled_from(["photo-1", ""])),
    st.just(DeclareCannotContinue()),
    st.just(WarnTppk()),
    st.just(EscalateToSatgas()),
    st.builds(
        Conclude,
        finding=st.sampled_from(ConclusionFinding),
        reported_party_ids=st.lists(party_ids, min_size=1, max_size=2, unique=True).map(tuple),
        forms=st.frozensets(st.sampled_from(ViolenceForm), min_size=1, max_size=2),
        recommendations=st.builds(
            Recommendations, sanctions=sanction_sets, restore_good_name=st.booleans()
        ),
    ),
    st.builds(
        IssueDecision,
        finding=st.sampled_from(ConclusionFinding),
        signed_by=st.sampled_from(DecisionAuthority),
        sanctions=sanction_sets,
        restore_good_name=st.booleans(),
    ),
    st.builds(RecordDecisionReceived, party_id=party_ids),
    st.builds(FileObjection, party_id=party_ids),
    st.builds(
        DecideObjection,
        outcome=st.sampled_from(ObjectionOutcome),
        reexamined=st.booleans(),
        revised_sanctions=sanction_sets,
        annulment_follow_up=st.none() | st.sampled_from(AnnulmentFollowUp),
    ),
    st.builds(StartRecovery, party_id=party_ids),
    st.builds(
        RecordConsent,
        party_id=party_ids,
        purpose=st.sampled_from(ConsentPurpose),
        given_by=st.sampled_from(ConsentGiver),
    ),
    st.builds(Accompany, party_id=party_ids, kind=st.sampled_from(AccompanimentType)),
    st.builds(
        RecordSchooling,
        party_id=party_ids,
        outcome=st.sampled_from(["continuing_same_school", "dikeluarkan", "expelled", "x"]),
    ),
)


@st.composite
def scenarios(draw: st.DrawFn) -> tuple[SchoolReport, list[tuple[Command, date]]]:
    """A report, a prefix of the happy path and random commands, each on a later day."""
    impacts = draw(st.frozensets(st.sampled_from(Impact), max_size=3))
    report = new_report(VICTIM, REPORTED, WITNESS, TEACHER, impacts=tuple(impacts))
    prefix = HAPPY_PATH[: draw(st.integers(0, len(HAPPY_PATH)))]
    commands = prefix + draw(st.lists(random_commands, max_size=12))
    day, dated = MONDAY, []
    for command in commands:
        day += timedelta(days=draw(st.integers(0, 9)))
        dated.append((command.model_copy(update={"on": day}), day))
    return report, dated


def _names_in(text: str) -> set[str]:
    return {identity.name for identity in IDENTITIES.values() if identity.name in text}


def _check_invariants(report: SchoolReport) -> None:
    for deadline in deadlines(report, CALENDAR):
        if deadline.unit is DeadlineUnit.WORKING_DAYS:
            assert CALENDAR.is_working_day(deadline.due), deadline
    assert not _names_in(report.model_dump_json())
    without = referral_payload(report, [ServiceType.HEALTH], victim=IDENTITIES["v1"])
    needed = referral_payload(
        report, [ServiceType.HEALTH], identity_needed=True, victim=IDENTITIES["v1"]
    )
    assert not _names_in(without.model_dump_json())
    assert _names_in(needed.model_dump_json()) == {"Siti Rahayu"}


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_random_command_sequences_keep_the_invariants(
    scenario: tuple[SchoolReport, list[tuple[Command, date]]],
) -> None:
    report, commands = scenario
    for command, today in commands:
        before = report
        refusal: RuleViolation | NotFound | None = None
        try:
            result = decide(report, command, today, CALENDAR)
        except (RuleViolation, NotFound) as error:
            refusal = error
        if refusal is not None:
            if before.status is ProcessStatus.FINAL and not isinstance(
                command, _ALLOWED_AFTER_FINAL
            ):
                assert isinstance(refusal, IllegalState)
                assert refusal.rule == r.OBJECTION_DECISION_FINAL.name
            event("refused")
            continue
        report = result.report
        replayed = before
        for record in result.records:
            replayed = evolve(replayed, record)
        assert replayed == report
        if before.status is ProcessStatus.FINAL:
            # No step after a final objection decision (SKW 63(8)).
            assert isinstance(command, _ALLOWED_AFTER_FINAL)
            assert report.status is ProcessStatus.FINAL
            assert report.decision == before.decision
            assert report.objection_ruling == before.objection_ruling
        if before.status in STEP_ORDER and report.status in STEP_ORDER:
            assert STEP_ORDER.index(report.status) >= STEP_ORDER.index(before.status)
        _check_invariants(report)
        event(f"reached {report.status}")


@settings(max_examples=60, deadline=None)
@given(
    start=st.dates(min_value=date(2025, 1, 1), max_value=date(2027, 12, 31)),
    gap=st.integers(0, 60),
)
def test_examination_deadline_is_always_a_working_day(start: date, gap: int) -> None:
    report = new_report(on=start)
    requested = decide(report, RequestStatement(party_id="v1"), start + timedelta(gap), CALENDAR)

    (examination,) = deadlines(requested.report, CALENDAR)
    assert CALENDAR.is_working_day(examination.due)
    assert CALENDAR.working_days_between(examination.starts_on, examination.due) == 30
