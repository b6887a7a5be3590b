"""Which procedure a school-violence service applies follows from its district's data,
the dates a step claims are bounded, and objections go to the body above the decision's
(SKW Pasal 36-68, 46, 51, 61(2), 62, 63(1), 64; BTG Pasal 13-23)."""

from __future__ import annotations

from datetime import date

import pytest

from rujukan.directory import load_directory
from rujukan.errors import Forbidden, NotFound, RuleViolation
from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    ObjectionOutcome,
    PartyRole,
)
from services.education.domain import SchoolReport, decide
from services.education.domain import rules as r
from services.education.domain.access import (
    OBJECTION_DECIDED_BY_THE_NEXT_BODY,
    Staff,
    StaffRole,
    may_run,
    require_run,
)
from services.education.domain.commands import (
    AssignHomeroomTeacher,
    DecideObjection,
    FileObjection,
    IssueDecision,
    RecordDecisionReceived,
    RequestStatement,
)
from services.education.domain.procedure import (
    IMMEDIATE_DUTIES,
    RECOVERY_REFERRAL,
    REFERRAL_STEPS,
    SchoolProcedure,
    district_procedure,
    step_name,
)
from tests.unit.education.builders import (
    CALENDAR,
    KEPALA_DINAS_DECISION,
    MONDAY,
    REPRIMAND,
    VICTIM,
    concluded,
    day,
    decided,
    head_not_proven,
    new_report,
    received_by_all,
    refused_by,
    run,
)
from tests.unit.education.builders import staff as staff_party

TPPK = Staff("tppk-1", StaffRole.TPPK, "sch-1")
SATGAS = Staff("satgas", StaffRole.SATGAS)
DINAS = Staff("dinas", StaffRole.DINAS)
PEMDA = Staff("pemda", StaffRole.PEMDA)


def procedure_of(agency_id: str) -> SchoolProcedure | None:
    return district_procedure(load_directory().get(agency_id))


# --- the district's procedure (SKW in Singkawang, the BTG draft in Batang, none elsewhere) ---


def test_only_singkawang_and_batang_handle_school_reports_and_batang_as_a_draft() -> None:
    singkawang, batang = procedure_of("skw-disdik"), procedure_of("btg-disdik")

    assert singkawang is not None
    assert singkawang.regulation == "SKW"
    assert batang is not None
    assert (batang.regulation, batang.draft) == ("BTG", True)
    for elsewhere in ("kh-disdikbud", "lt-disdik", "blu-disdik"):
        assert procedure_of(elsewhere) is None, elsewhere


def test_btg_18_duties_and_referral_steps_bind_batang_and_not_singkawang() -> None:
    singkawang, batang = procedure_of("skw-disdik"), procedure_of("btg-disdik")
    assert singkawang is not None
    assert batang is not None

    assert batang.steps[IMMEDIATE_DUTIES].startswith("BTG Pasal 13(2)d, 18(2)b")
    assert batang.steps[REFERRAL_STEPS] == "BTG Pasal 18(6)"
    assert not singkawang.has(IMMEDIATE_DUTIES)
    assert not singkawang.has(REFERRAL_STEPS)
    assert (singkawang.steps[RECOVERY_REFERRAL], batang.steps[RECOVERY_REFERRAL]) == (
        "SKW Pasal 65",
        "BTG Pasal 18(2)h",
    )


def test_skw_deadlines_bind_singkawang_and_the_batang_draft_sets_none() -> None:
    singkawang, batang = procedure_of("skw-disdik"), procedure_of("btg-disdik")
    assert singkawang is not None
    assert batang is not None

    assert singkawang.deadlines["decision"].article == "SKW Pasal 51"
    assert dict(batang.deadlines) == {}


def test_an_skw_step_is_refused_in_batang_naming_the_rule() -> None:
    batang = procedure_of("btg-disdik")
    assert batang is not None
    command = RequestStatement(party_id="v1")

    with pytest.raises(RuleViolation) as refused:
        batang.require_command(command)

    assert step_name(command) == "request_statement"
    assert refused.value.rule == r.STEP_OF_THE_DISTRICT_PROCEDURE.name
    assert refused.value.article == "SKW Pasal 36-68; BTG Pasal 13-23"
    assert "BTG (BTG Pasal 13-23)" in str(refused.value)


# --- dates bounded (SKW 46, 51, 62, 64) ------------------------------------------------------


def test_a_step_dated_after_today_is_refused() -> None:
    with pytest.raises(RuleViolation) as refused:
        decide(new_report(), RequestStatement(party_id="v1", on=day(3)), MONDAY, CALENDAR)

    assert refused.value.rule == r.STEP_NOT_AFTER_TODAY.name


def test_a_decision_dated_before_its_conclusion_cannot_meet_skw_51() -> None:
    """Concluded on Friday 6 March 2026: a decision dated 1 January is refused, not
    recorded as within five working days."""
    report = concluded()
    backdated = IssueDecision(
        finding=ConclusionFinding.PROVEN,
        signed_by=DecisionAuthority.SCHOOL_HEAD,
        sanctions=(REPRIMAND,),
        on=date(2026, 1, 1),
    )

    with pytest.raises(RuleViolation) as refused:
        decide(report, backdated, day(7), CALENDAR)

    assert refused.value.rule == r.STEP_NOT_BEFORE_WHAT_IT_FOLLOWS.name
    assert "before the conclusion (2026-03-06)" in str(refused.value)


def test_a_step_before_the_report_was_received_is_refused() -> None:
    report = new_report(on=day(2))

    with pytest.raises(RuleViolation) as refused:
        decide(report, RequestStatement(party_id="v1", on=MONDAY), day(2), CALENDAR)

    assert "before the report" in str(refused.value)


# --- who decides an objection (SKW 61(2), 63(1)) and the decision (SKW 50-51) ------------


def _objected(report: SchoolReport) -> SchoolReport:
    return run(received_by_all(report, day(8)), FileObjection(party_id="p1", on=day(14)))


RULING = DecideObjection(outcome=ObjectionOutcome.UPHELD)


def test_an_objection_to_the_tppk_route_decision_is_decided_by_the_satgas_not_the_tppk() -> None:
    report = _objected(decided())

    assert may_run(SATGAS, report, RULING)
    assert not may_run(TPPK, report, RULING)
    with pytest.raises(Forbidden) as refused:
        require_run(TPPK, report, RULING)
    assert refused.value.rule == OBJECTION_DECIDED_BY_THE_NEXT_BODY.name
    assert refused.value.article == "SKW Pasal 61(2), 63(1)"
    with pytest.raises(NotFound):
        require_run(PEMDA, report, RULING)


def test_the_kepala_dinas_decides_on_the_satgas_report_and_not_on_the_tppks() -> None:
    """SKW 50-51: the examination report goes to the Kepala Dinas or the school head
    "sesuai dengan kewenangan"; the Dinas takes that step on the Satgas's report."""
    assert may_run(DINAS, head_not_proven(), KEPALA_DINAS_DECISION)
    assert not may_run(DINAS, concluded(), KEPALA_DINAS_DECISION)
    with pytest.raises(Forbidden):
        require_run(DINAS, concluded(), KEPALA_DINAS_DECISION)


def test_an_objection_on_the_satgas_report_is_decided_by_the_pemerintah_daerah() -> None:
    """SKW 61(2)b: an objection to the decision on the Satgas's report goes to the
    Pemerintah Daerah, whose officer decides it; the Satgas may not."""
    decided_by_dinas = run(head_not_proven(), KEPALA_DINAS_DECISION)
    objected = run(
        decided_by_dinas,
        RecordDecisionReceived(party_id="v1", on=day(8)),
        FileObjection(party_id="v1", on=day(14)),
    )

    assert may_run(PEMDA, objected, RULING)
    assert not may_run(SATGAS, objected, RULING)
    with pytest.raises(Forbidden) as refused:
        require_run(SATGAS, objected, RULING)
    assert refused.value.rule == OBJECTION_DECIDED_BY_THE_NEXT_BODY.name
    with pytest.raises(NotFound):
        require_run(PEMDA, concluded(), RULING)


def test_a_batang_school_head_assigns_the_homeroom_teacher_to_a_pupil_btg_18_4b() -> None:
    batang, singkawang = procedure_of("btg-disdik"), procedure_of("skw-disdik")
    assert batang is not None
    assert singkawang is not None
    command = AssignHomeroomTeacher(party_id="v1", teacher_ref="wali-7b")
    batang.require_command(command)
    with pytest.raises(RuleViolation):
        singkawang.require_command(command)

    report = run(new_report(), command)

    assert [(t.party_id, t.teacher_ref) for t in report.homeroom_teachers] == [("v1", "wali-7b")]
    adult = staff_party("s1", PartyRole.REPORTED)
    refused_by(
        r.HOMEROOM_TEACHER_FOR_A_PUPIL,
        new_report(VICTIM, adult),
        AssignHomeroomTeacher(party_id="s1", teacher_ref="w"),
    )
