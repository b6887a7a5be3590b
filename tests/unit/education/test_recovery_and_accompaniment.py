"""Recovery (SKW Pasal 65), accompaniment (40) and initial actions (42)."""

from __future__ import annotations

from datetime import timedelta

from schemas.school import (
    AccompanimentType,
    ConsentGiver,
    ConsentPurpose,
    HandlingStep,
    InitialAction,
    PartyRole,
)
from services.education.domain import rules as r
from services.education.domain.commands import (
    Accompany,
    IdentifyImpact,
    RecordConsent,
    StartRecovery,
    TakeInitialAction,
)
from tests.unit.education.builders import (
    MONDAY,
    REPORTED,
    VICTIM,
    new_report,
    pupil,
    refused_by,
    run,
    staff,
)


def test_recovery_may_start_on_the_day_the_report_is_received() -> None:
    report = run(new_report(), StartRecovery(party_id="v1"))

    assert report.recoveries[0].on == MONDAY
    assert report.step is HandlingStep.REPORT_RECEIVED
    assert HandlingStep.RECOVERY in report.steps_reached


def test_recovery_before_the_report_is_refused() -> None:
    refused = refused_by(
        r.RECOVERY_NOT_BEFORE_REPORT,
        new_report(),
        StartRecovery(party_id="v1", on=MONDAY - timedelta(days=1)),
    )
    assert refused.article == "SKW Pasal 65(1)"


def test_recovery_for_adult_reported_staff_is_refused() -> None:
    report = new_report(VICTIM, staff("t1", PartyRole.REPORTED))

    refused_by(r.RECOVERY_RECIPIENTS, report, StartRecovery(party_id="t1"))


def test_recovery_for_reported_child_pupil_or_pupil_with_intellectual_disability() -> None:
    adult = pupil(
        "p2",
        PartyRole.REPORTED,
        child=False,
        disability=True,
        mental_or_intellectual_disability=True,
    )
    report = run(
        new_report(VICTIM, REPORTED, adult),
        StartRecovery(party_id="p1"),
        StartRecovery(party_id="p2"),
    )

    assert [s.party_id for s in report.recoveries] == ["p1", "p2"]


def _accompaniment_consent(party_id: str, giver: ConsentGiver) -> RecordConsent:
    return RecordConsent(party_id=party_id, purpose=ConsentPurpose.ACCOMPANIMENT, given_by=giver)


def test_accompaniment_needs_recorded_consent() -> None:
    refused = refused_by(
        r.ACCOMPANIMENT_NEEDS_CONSENT,
        new_report(),
        Accompany(party_id="v1", kind=AccompanimentType.COUNSELLING),
    )
    assert refused.article == "SKW Pasal 40(6)-(7)"


def test_child_accompaniment_with_parent_consent() -> None:
    report = run(
        new_report(),
        _accompaniment_consent("v1", ConsentGiver.PARENT_OR_GUARDIAN),
        Accompany(party_id="v1", kind=AccompanimentType.HEALTH_SERVICE),
    )

    assert report.accompaniments[0].kind is AccompanimentType.HEALTH_SERVICE


def test_accompaniment_of_a_reporter_only_is_refused() -> None:
    reporter = staff("t9", PartyRole.REPORTER)
    report = run(
        new_report(VICTIM, REPORTED, reporter), _accompaniment_consent("t9", ConsentGiver.SELF)
    )

    refused = refused_by(
        r.ACCOMPANIMENT_RECIPIENTS,
        report,
        Accompany(party_id="t9", kind=AccompanimentType.LEGAL_AID),
    )
    assert refused.article == "SKW Pasal 40(2)"


def test_teacher_victim_is_accompanied_with_own_consent() -> None:
    teacher = staff("t1", PartyRole.VICTIM)
    report = run(
        new_report(teacher, REPORTED),
        _accompaniment_consent("t1", ConsentGiver.SELF),
        Accompany(party_id="t1", kind=AccompanimentType.ADVOCACY),
    )

    assert report.accompaniments[0].party_id == "t1"


def test_initial_action_is_for_a_victim_or_witness() -> None:
    report = run(new_report(), TakeInitialAction(action=InitialAction.SAFETY, party_id="v1"))
    assert report.initial_actions[0].action is InitialAction.SAFETY

    refused_by(
        r.INITIAL_ACTION_FOR_VICTIM_OR_WITNESS,
        new_report(),
        TakeInitialAction(action=InitialAction.SAFETY, party_id="p1"),
    )


def test_the_impact_is_identified_for_each_person_skw_65_2() -> None:
    """Psychological, physical, learning and work impacts, one person at a time, so each
    gets the recovery they need (SKW 65(3)); the reported staff member gets none."""
    report = run(
        new_report(),
        IdentifyImpact(party_id="v1", psychological=True, learning=True),
        IdentifyImpact(party_id="w1", psychological=True),
    )

    assert [
        (i.party_id, i.psychological, i.physical, i.learning) for i in report.personal_impacts
    ] == [
        ("v1", True, False, True),
        ("w1", True, False, False),
    ]
    adult = staff("s1", PartyRole.REPORTED)
    refused_by(
        r.RECOVERY_RECIPIENTS, new_report(VICTIM, adult), IdentifyImpact(party_id="s1", work=True)
    )
