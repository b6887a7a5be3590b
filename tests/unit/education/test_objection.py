"""Objections against the decision (SKW Pasal 61–64) and the finality of their decision."""

from __future__ import annotations

from datetime import date

from schemas.school import (
    AccompanimentType,
    AnnulmentFollowUp,
    ConclusionFinding,
    ConsentGiver,
    ConsentPurpose,
    DecisionAuthority,
    Handler,
    ObjectionOutcome,
    PartyRole,
    PolicyRemedy,
    PupilSanction,
    SanctionTier,
    ViolenceForm,
)
from services.education.domain import (
    DeadlineStatus,
    ProcessStatus,
    Recommendations,
    Sanction,
    SchoolReport,
    deadlines,
)
from services.education.domain import rules as r
from services.education.domain.commands import (
    Accompany,
    AddParty,
    Conclude,
    DecideObjection,
    FileObjection,
    IssueDecision,
    RecordConsent,
    RecordDecisionReceived,
    RecordExamination,
    RequestStatement,
    StartRecovery,
    Summon,
)
from tests.unit.education.builders import (
    CALENDAR,
    PARENT,
    REPORTED,
    VICTIM,
    WITNESS,
    day,
    decided,
    new_report,
    pupil,
    received_by_all,
    refused_by,
    run,
    staff,
)


def _objected(on: date | None = None) -> SchoolReport:
    """Decided on 9 March, received on 10 March, the perpetrator objects (16 March)."""
    objection = FileObjection(party_id="p1", on=on or day(14))
    return run(received_by_all(decided(), day(8)), objection)


def test_objection_within_30_working_days_of_receipt() -> None:
    report = run(
        received_by_all(decided(), day(8)), FileObjection(party_id="v1", on=date(2026, 4, 29))
    )

    assert report.status is ProcessStatus.OBJECTED
    assert report.objections[0].received_on == date(2026, 4, 29)


def test_objection_after_30_working_days_is_refused() -> None:
    refused = refused_by(
        r.OBJECTION_WITHIN_PERIOD,
        received_by_all(decided(), day(8)),
        FileObjection(party_id="v1", on=date(2026, 4, 30)),
    )
    assert refused.article == "SKW Pasal 62(1)"


def test_objection_needs_recorded_receipt() -> None:
    refused_by(r.OBJECTION_AFTER_RECEIPT, decided(), FileObjection(party_id="v1"))


def test_receipt_is_recorded_only_after_the_decision() -> None:
    refused_by(r.RECEIPT_AFTER_DECISION, new_report(), RecordDecisionReceived(party_id="v1"))


def test_only_victim_or_perpetrator_may_object() -> None:
    report = run(decided(), RecordDecisionReceived(party_id="w1", on=day(8)))

    refused_by(
        r.OBJECTION_BY_VICTIM_OR_PERPETRATOR, report, FileObjection(party_id="w1", on=day(9))
    )


def test_a_party_objects_once() -> None:
    refused_by(r.ONE_OBJECTION_PER_PARTY, _objected(), FileObjection(party_id="p1", on=day(15)))


def test_civil_servant_perpetrator_objects_under_civil_service_law() -> None:
    asn = Sanction(party_id="t1", civil_service_law=True)
    report = run(
        new_report(VICTIM, staff("t1", PartyRole.REPORTED, civil_servant=True)),
        RequestStatement(party_id="v1", on=day(1)),
        RecordExamination(
            party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT, on=day(1)
        ),
        RecordExamination(party_id="t1", official_record_ref="BA-2", on=day(2)),
        Conclude(
            finding=ConclusionFinding.PROVEN,
            reported_party_ids=("t1",),
            forms=frozenset({ViolenceForm.PHYSICAL}),
            recommendations=Recommendations(sanctions=(asn,)),
            on=day(3),
        ),
        IssueDecision(
            finding=ConclusionFinding.PROVEN,
            signed_by=DecisionAuthority.SCHOOL_HEAD,
            sanctions=(asn,),
            on=day(4),
        ),
        RecordDecisionReceived(party_id="t1", on=day(7)),
    )

    refused = refused_by(
        r.CIVIL_SERVANT_OBJECTION_BY_LAW, report, FileObjection(party_id="t1", on=day(8))
    )
    assert refused.article == "SKW Pasal 62(2)"


def test_objection_to_tppk_decision_goes_to_satgas() -> None:
    assert _objected().objections[0].addressed_to is Handler.SATGAS


def test_objection_decision_counts_calendar_days() -> None:
    report = _objected(on=date(2026, 3, 16))  # 30 calendar days: 15 April 2026

    (limit,) = [d for d in deadlines(report, CALENDAR) if d.rule == "objection_decision"]
    assert limit.due == date(2026, 4, 15)
    assert limit.article == "SKW Pasal 64"
    assert CALENDAR.add_working_days(date(2026, 3, 16), 30) > limit.due

    on_time = run(report, DecideObjection(outcome=ObjectionOutcome.UPHELD, on=date(2026, 4, 15)))
    late = run(report, DecideObjection(outcome=ObjectionOutcome.UPHELD, on=date(2026, 4, 16)))
    assert _status(on_time, "objection_decision") is DeadlineStatus.MET
    assert _status(late, "objection_decision") is DeadlineStatus.MISSED


def _status(report, rule: str) -> DeadlineStatus:
    (found,) = [d for d in deadlines(report, CALENDAR) if d.rule == rule and d.party_id == "p1"]
    return found.status


def test_changing_a_decision_needs_reexamination() -> None:
    lighter = DecideObjection(
        outcome=ObjectionOutcome.ANNULLED, annulment_follow_up=AnnulmentFollowUp.RESTORE_GOOD_NAME
    )

    refused = refused_by(r.CHANGE_AFTER_REEXAMINATION, _objected(), lighter)
    assert refused.article == "SKW Pasal 63(5)"


def test_annulment_needs_a_follow_up_and_nothing_else_has_one() -> None:
    refused_by(
        r.ANNULMENT_FOLLOW_UP,
        _objected(),
        DecideObjection(outcome=ObjectionOutcome.ANNULLED, reexamined=True),
    )

    refused_by(
        r.ANNULMENT_FOLLOW_UP,
        _objected(),
        DecideObjection(
            outcome=ObjectionOutcome.UPHELD,
            annulment_follow_up=AnnulmentFollowUp.RESTORE_GOOD_NAME,
        ),
    )

    annulled = run(
        _objected(),
        DecideObjection(
            outcome=ObjectionOutcome.ANNULLED,
            reexamined=True,
            annulment_follow_up=AnnulmentFollowUp.RESTORE_GOOD_NAME,
        ),
    )
    assert annulled.effective_sanctions == ()


def test_changed_decision_states_its_sanctions_and_lightened_is_not_heavier() -> None:
    refused_by(
        r.CHANGED_SANCTIONS,
        _objected(),
        DecideObjection(outcome=ObjectionOutcome.SANCTION_INCREASED, reexamined=True),
    )

    medium = Sanction(
        party_id="p1",
        tier=SanctionTier.MEDIUM,
        pupil_sanction=PupilSanction.EDUCATIONAL_ACTION,
        school_days=5,
    )
    refused_by(
        r.CHANGED_SANCTIONS,
        _objected(),
        DecideObjection(
            outcome=ObjectionOutcome.SANCTION_LIGHTENED,
            reexamined=True,
            revised_sanctions=(medium,),
        ),
    )

    increased = run(
        _objected(),
        DecideObjection(
            outcome=ObjectionOutcome.SANCTION_INCREASED,
            reexamined=True,
            revised_sanctions=(medium,),
        ),
    )
    assert [s.tier for s in increased.effective_sanctions] == [SanctionTier.MEDIUM]


def test_policy_remedy_only_for_violent_policy() -> None:
    refused = refused_by(
        r.POLICY_REMEDY_ONLY_FOR_POLICY,
        _objected(),
        DecideObjection(outcome=ObjectionOutcome.UPHELD, policy_remedy=PolicyRemedy.REVOKE_POLICY),
    )
    assert refused.article == "SKW Pasal 63(7)"


def test_objection_decision_needs_an_objection() -> None:
    refused_by(
        r.OBJECTION_DECISION_NEEDS_OBJECTION,
        decided(),
        DecideObjection(outcome=ObjectionOutcome.UPHELD),
    )


def test_no_step_after_final_objection_decision_but_recovery_goes_on() -> None:
    final = run(_objected(), DecideObjection(outcome=ObjectionOutcome.UPHELD, on=day(20)))
    assert final.status is ProcessStatus.FINAL

    for command in (
        DecideObjection(outcome=ObjectionOutcome.UPHELD),
        FileObjection(party_id="v1"),
        RecordDecisionReceived(party_id="w1"),
        Summon(party_id="w1"),
        AddParty(party=pupil("p2", PartyRole.REPORTED)),
    ):
        refused = refused_by(r.OBJECTION_DECISION_FINAL, final, command, today=day(21))
        assert refused.article == "SKW Pasal 63(8)"

    recovering = run(
        final,
        StartRecovery(party_id="v1"),
        RecordConsent(
            party_id="v1",
            purpose=ConsentPurpose.ACCOMPANIMENT,
            given_by=ConsentGiver.PARENT_OR_GUARDIAN,
        ),
        Accompany(party_id="v1", kind=AccompanimentType.COUNSELLING),
        today=day(21),
    )
    assert recovering.status is ProcessStatus.FINAL
    assert recovering.recoveries[0].party_id == "v1"


def test_unused_objection_window_lapses_once_the_objection_is_decided() -> None:
    final = run(_objected(), DecideObjection(outcome=ObjectionOutcome.UPHELD, on=day(20)))

    (victim,) = [
        d for d in deadlines(final, CALENDAR) if d.rule == "objection" and d.party_id == "v1"
    ]
    assert victim.status is DeadlineStatus.LAPSED


def test_default_parties_unchanged() -> None:
    assert new_report().parties == (VICTIM, REPORTED, WITNESS)
