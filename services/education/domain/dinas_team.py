"""The Batang draft's rules on the reporter and on the Dinas team for severe cases (BTG
Pasal 19(2)a, (3)–(7), 23), applied only where the district's data binds the BTG
procedure (``school_procedures.csv``).

BTG 23 forbids a school to sanction a reporter *kecuali laporan tersebut tidak benar
berdasarkan hasil penilaian oleh gugus pencegahan/tim penanggulangan*: a reporter may be
sanctioned once the school's prevention team or the Dinas team found the report untrue,
and never before. BTG 19 obliges the Pemerintah Daerah to form a team for violence causing
fairly serious injury, physical disability or death (2)a: the Kepala Dinas forms it (3),
it handles the case first, establishes whether the school was negligent or let it happen
and coordinates with law enforcement (4), it answers to the Kepala Dinas (5), who reports
progress and results to the Bupati (7). The operating procedure of 19(6) is a document
of the Dinas, not a step of one report.
"""

from __future__ import annotations

from datetime import date

from schemas.school import PartyRole
from services.education.domain import rules
from services.education.domain.batang import SERIOUS_IMPACTS
from services.education.domain.commands import (
    AssessReport,
    FormDinasTeam,
    RecordTeamFinding,
    ReportToBupati,
    SanctionReporter,
)
from services.education.domain.records import (
    BupatiReported,
    DinasTeamFormed,
    Record,
    ReportAssessed,
    ReporterSanctioned,
    TeamFindingRecorded,
)
from services.education.domain.report import SchoolReport
from services.education.domain.values import (
    BupatiReport,
    DinasTeam,
    ReportAssessment,
    ReportAssessor,
    ReporterSanction,
    TeamFinding,
)


def assess(report: SchoolReport, command: AssessReport, on: date) -> list[Record]:
    """BTG 23: the school's prevention team, or the Dinas team once formed, finds whether
    the report was true."""
    if command.assessed_by is ReportAssessor.DINAS_TEAM:
        rules.ASSESSED_BY_A_FORMED_TEAM.check(
            report.dinas_team is not None, f"report {report.reference} has no Dinas team"
        )
    assessment = ReportAssessment(assessed_by=command.assessed_by, untrue=command.untrue, on=on)
    return [ReportAssessed(on=on, assessment=assessment)]


def sanction_reporter(report: SchoolReport, command: SanctionReporter, on: date) -> list[Record]:
    """BTG 23: a reporter is sanctioned only after the report was found untrue."""
    party = report.party(command.party_id)
    rules.REPORTER_SANCTION_FOR_A_REPORTER.check(
        party.has(PartyRole.REPORTER), f"party {party.party_id} is not the reporter"
    )
    rules.REPORTER_SANCTIONED_ONLY_IF_UNTRUE.check(
        report.found_untrue,
        f"report {report.reference} was not found untrue by the school's prevention team "
        "or the Dinas team",
    )
    sanction = ReporterSanction(party_id=party.party_id, kind=command.kind, on=on)
    return [ReporterSanctioned(on=on, sanction=sanction)]


def form_team(report: SchoolReport, command: FormDinasTeam, on: date) -> list[Record]:
    """BTG 19(2)a, (3): the Kepala Dinas forms one team, for a severe case."""
    rules.DINAS_TEAM_FOR_A_SEVERE_CASE.check(
        bool(report.impacts & SERIOUS_IMPACTS),
        f"report {report.reference} records no fairly serious injury, disability or death",
    )
    rules.DINAS_TEAM_FORMED_ONCE.check(
        report.dinas_team is None, f"report {report.reference} already has its team"
    )
    return [DinasTeamFormed(on=on, team=DinasTeam(decree_ref=command.decree_ref, on=on))]


def record_finding(report: SchoolReport, command: RecordTeamFinding, on: date) -> list[Record]:
    """BTG 19(4): the team's finding on negligence or omission and its coordination with
    law enforcement."""
    _require_team(report)
    finding = TeamFinding(
        negligence_or_omission=command.negligence_or_omission,
        law_enforcement_coordinated=command.law_enforcement_coordinated,
        on=on,
    )
    return [TeamFindingRecorded(on=on, finding=finding)]


def report_to_bupati(report: SchoolReport, command: ReportToBupati, on: date) -> list[Record]:
    """BTG 19(7): progress whenever the Kepala Dinas reports; the result only once the
    team has recorded what it found."""
    _require_team(report)
    if command.final:
        rules.FINAL_BUPATI_REPORT_AFTER_A_FINDING.check(
            bool(report.team_findings), f"report {report.reference}: the team found nothing yet"
        )
    return [BupatiReported(on=on, report=BupatiReport(final=command.final, on=on))]


def _require_team(report: SchoolReport) -> None:
    rules.TEAM_STEP_NEEDS_THE_TEAM.check(
        report.dinas_team is not None, f"report {report.reference} has no Dinas team"
    )
