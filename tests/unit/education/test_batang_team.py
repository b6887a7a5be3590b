"""The Batang draft on the reporter and on the Dinas team, in Batang only: a reporter is
sanctioned only once the report is found untrue by the school's prevention team or the
Dinas team (BTG Pasal 23); the Kepala Dinas forms a team for a severe case, which finds
whether the school was negligent and coordinates with law enforcement, and reports to the
Bupati (BTG Pasal 19(2)a, (3)–(5), (7)). Singkawang's procedure has none of these steps."""

from __future__ import annotations

import pytest

from rujukan.directory import load_directory
from rujukan.errors import IllegalState, RuleViolation
from schemas.school import Impact, PartyRole
from services.education.domain import SchoolReport
from services.education.domain import rules as r
from services.education.domain.access import Staff, StaffRole, may_run
from services.education.domain.commands import (
    AssessReport,
    Command,
    FormDinasTeam,
    RecordTeamFinding,
    ReportToBupati,
    SanctionReporter,
)
from services.education.domain.procedure import district_procedure
from services.education.domain.values import ReportAssessor, ReporterSanctionKind
from tests.unit.education.builders import REPORTED, VICTIM, new_report, pupil, refused_by, run

REPORTER = pupil("rep1", PartyRole.REPORTER)
WRITTEN = ReporterSanctionKind.WRITTEN_REPRIMAND
TPPK = Staff("acc-tppk", StaffRole.TPPK, school_id="sch-1")
DINAS = Staff("acc-dinas", StaffRole.DINAS)


def severe() -> SchoolReport:
    """A pupil left with a physical disability: a case for the Dinas team (19(2)a)."""
    return new_report(VICTIM, REPORTED, REPORTER, impacts=(Impact.PHYSICAL_DISABILITY,))


def with_team() -> SchoolReport:
    return run(severe(), FormDinasTeam(decree_ref="sk-421-2026"))


# --- BTG Pasal 23: the reporter ----------------------------------------------------------------


def test_a_reporter_is_not_sanctioned_while_the_report_is_not_found_untrue_btg_23() -> None:
    with pytest.raises(IllegalState) as refused:
        run(severe(), SanctionReporter(party_id="rep1", kind=WRITTEN))
    assert (refused.value.rule, refused.value.article) == (
        r.REPORTER_SANCTIONED_ONLY_IF_UNTRUE.name,
        "BTG Pasal 23",
    )

    found_true = AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=False)
    with pytest.raises(IllegalState):
        run(severe(), found_true, SanctionReporter(party_id="rep1", kind=WRITTEN))


def test_a_reporter_is_sanctioned_once_the_prevention_team_finds_the_report_untrue() -> None:
    untrue = AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=True)

    report = run(severe(), untrue, SanctionReporter(party_id="rep1", kind=WRITTEN))

    (sanction,) = report.reporter_sanctions
    assert (sanction.party_id, sanction.kind) == ("rep1", WRITTEN)


def test_a_later_assessment_finding_the_report_true_again_protects_the_reporter() -> None:
    report = run(
        severe(),
        AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=True),
        FormDinasTeam(decree_ref="sk-421-2026"),
        AssessReport(assessed_by=ReportAssessor.DINAS_TEAM, untrue=False),
    )

    with pytest.raises(IllegalState):
        run(report, SanctionReporter(party_id="rep1", kind=WRITTEN))


def test_the_sanction_of_pasal_23_is_only_for_the_reporter() -> None:
    untrue = AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=True)

    refused_by(
        r.REPORTER_SANCTION_FOR_A_REPORTER,
        severe(),
        untrue,
        SanctionReporter(party_id="p1", kind=WRITTEN),
    )


def test_the_dinas_team_assesses_only_once_formed_btg_19_3() -> None:
    by_the_team = AssessReport(assessed_by=ReportAssessor.DINAS_TEAM, untrue=True)

    refused_by(r.ASSESSED_BY_A_FORMED_TEAM, severe(), by_the_team)

    assert run(with_team(), by_the_team).found_untrue


# --- BTG Pasal 19: the Dinas team for severe cases ---------------------------------------------


def test_the_team_is_formed_for_a_severe_case_only_and_once_btg_19_2a() -> None:
    light = new_report(VICTIM, REPORTED, impacts=(Impact.PSYCHOLOGICAL_HARM,))
    with pytest.raises(IllegalState) as refused:
        run(light, FormDinasTeam(decree_ref="sk-1"))
    assert (refused.value.rule, refused.value.article) == (
        r.DINAS_TEAM_FOR_A_SEVERE_CASE.name,
        "BTG Pasal 19(2)a",
    )

    formed = with_team()
    assert formed.dinas_team is not None
    assert formed.dinas_team.decree_ref == "sk-421-2026"
    refused_by(r.DINAS_TEAM_FORMED_ONCE, formed, FormDinasTeam(decree_ref="sk-2"))


def test_the_team_finds_and_the_kepala_dinas_reports_to_the_bupati_btg_19_4_7() -> None:
    refused_by(r.TEAM_STEP_NEEDS_THE_TEAM, severe(), ReportToBupati())

    refused_by(r.FINAL_BUPATI_REPORT_AFTER_A_FINDING, with_team(), ReportToBupati(final=True))

    report = run(
        with_team(),
        ReportToBupati(),
        RecordTeamFinding(negligence_or_omission=True, law_enforcement_coordinated=True),
        ReportToBupati(final=True),
    )

    (finding,) = report.team_findings
    assert finding.negligence_or_omission
    assert finding.law_enforcement_coordinated
    assert [b.final for b in report.bupati_reports] == [False, True]


def test_the_team_steps_are_the_dinas_alone_and_the_school_assesses_for_itself() -> None:
    report = with_team()

    assert may_run(DINAS, report, FormDinasTeam(decree_ref="sk-9"))
    assert may_run(DINAS, report, ReportToBupati())
    assert not may_run(
        TPPK,
        report,
        RecordTeamFinding(negligence_or_omission=False, law_enforcement_coordinated=False),
    )
    assert not may_run(
        TPPK, report, AssessReport(assessed_by=ReportAssessor.DINAS_TEAM, untrue=True)
    )
    school = AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=True)
    assert may_run(TPPK, report, school)
    assert may_run(TPPK, report, SanctionReporter(party_id="rep1", kind=WRITTEN))


@pytest.mark.parametrize(
    "command",
    [
        AssessReport(assessed_by=ReportAssessor.SCHOOL_PREVENTION_TEAM, untrue=True),
        SanctionReporter(party_id="rep1", kind=WRITTEN),
        FormDinasTeam(decree_ref="sk-1"),
        RecordTeamFinding(negligence_or_omission=False, law_enforcement_coordinated=True),
        ReportToBupati(),
    ],
)
def test_the_steps_of_btg_19_and_23_bind_batang_only(command: Command) -> None:
    directory = load_directory()
    batang = district_procedure(directory.get("btg-disdik"))
    singkawang = district_procedure(directory.get("skw-disdik"))
    assert batang is not None
    assert singkawang is not None

    batang.require_command(command)
    with pytest.raises(RuleViolation) as refused:
        singkawang.require_command(command)
    assert refused.value.rule == r.STEP_OF_THE_DISTRICT_PROCEDURE.name
