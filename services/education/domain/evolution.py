"""How a record changes a school report: :func:`evolve` applies one, pure and total (the
rules ran in :func:`~.process.decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from services.education.domain import records as r
from services.education.domain.records import Record
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.values import (
    ExaminationPeriod,
    PeriodClosure,
)


def evolve(report: SchoolReport, record: Record) -> SchoolReport:
    """The report after ``record``; pure, and never refuses (the rules ran in decide)."""
    match record:
        case r.HandlerAssigned():
            return _update(report, handler=record.handler, satgas_reasons=record.reasons)
        case r.PartyAdded():
            return _update(report, parties=(*report.parties, record.party))
        case r.SchoolAdded():
            return _update(report, schools=(*report.schools, record.school_id))
        case r.TppkWarned():
            return _update(report, warned_on=record.on)
        case r.EscalatedToSatgas():
            return _update(report, escalated_on=record.on)
        case r.ConsentRecorded():
            return _update(report, consents=(*report.consents, record.consent))
        case r.SatgasConsulted():
            return _update(report, satgas_consulted_on=record.on)
        case r.InitialActionRecorded():
            return _update(report, initial_actions=(*report.initial_actions, record.action))
        case r.ExaminationOpened():
            return _update(report, status=ProcessStatus.EXAMINING)
        case r.StatementRequested():
            report = _open_period(report, record.on) if record.starts_period else report
            return _update(report, statement_requests=(*report.statement_requests, record.request))
        case r.Summoned():
            return _update(report, summonses=(*report.summonses, record.summons))
        case r.PartyExamined():
            report = _open_period(report, record.on) if record.starts_period else report
            return _update(report, examinations=(*report.examinations, record.record))
        case r.ProceedingWithoutReportedPerson():
            return _update(report, proceeding_without=(*report.proceeding_without, record.party_id))
        case r.ExaminationStopped():
            report = _close_period(report, record.on, PeriodClosure.STOPPED)
            return _update(report, stops=(*report.stops, record.stop), status=ProcessStatus.STOPPED)
        case r.ExaminationResumed():
            return _update(report, status=ProcessStatus.EXAMINING)
        case r.ExaminationCannotContinue():
            report = _close_period(report, record.on, PeriodClosure.CANNOT_CONTINUE)
            return _update(report, status=ProcessStatus.CANNOT_CONTINUE)
        case r.Concluded():
            report = _close_period(report, record.on, PeriodClosure.CONCLUDED)
            return _update(report, conclusion=record.conclusion, status=ProcessStatus.CONCLUDED)
        case r.DecisionIssued():
            return _update(report, decision=record.decision, status=ProcessStatus.DECIDED)
        case r.DecisionReceived():
            return _update(report, receipts=(*report.receipts, record.receipt))
        case r.ObjectionFiled():
            objections = (*report.objections, record.objection)
            return _update(report, objections=objections, status=ProcessStatus.OBJECTED)
        case r.ObjectionDecided():
            return _update(report, objection_ruling=record.ruling, status=ProcessStatus.FINAL)
        case r.RecoveryStarted():
            return _update(report, recoveries=(*report.recoveries, record.start))
        case r.AccompanimentGiven():
            return _update(report, accompaniments=(*report.accompaniments, record.accompaniment))
        case r.SchoolingRecorded():
            return _update(report, schooling=(*report.schooling, record.schooling))
        case r.ReportAssessed():
            return _update(report, assessments=(*report.assessments, record.assessment))
        case r.ReporterSanctioned():
            return _update(report, reporter_sanctions=(*report.reporter_sanctions, record.sanction))
        case r.DinasTeamFormed():
            return _update(report, dinas_team=record.team)
        case r.TeamFindingRecorded():
            return _update(report, team_findings=(*report.team_findings, record.finding))
        case r.BupatiReported():
            return _update(report, bupati_reports=(*report.bupati_reports, record.report))
        case r.HomeroomTeacherAssigned():
            return _update(report, homeroom_teachers=(*report.homeroom_teachers, record.teacher))
        case r.ImpactIdentified():
            return _update(report, personal_impacts=(*report.personal_impacts, record.impact))
        case r.CounsellingReported():
            return _update(report, counselling=(*report.counselling, record.report))
        case r.TransferStarted():
            return _update(report, transfers=(*report.transfers, record.transfer))
        case r.ReintegrationReported():
            reports = (*report.reintegration_reports, record.report)
            return _update(report, reintegration_reports=reports)
    return report


def _update(report: SchoolReport, **changes: object) -> SchoolReport:
    return report.model_copy(update=changes)


def _open_period(report: SchoolReport, on: date) -> SchoolReport:
    return _update(report, periods=(*report.periods, ExaminationPeriod(started_on=on)))


def _close_period(report: SchoolReport, on: date, closure: PeriodClosure) -> SchoolReport:
    period = report.open_period
    if period is None:
        return report
    closed = period.model_copy(update={"closed_on": on, "closure": closure})
    return _update(report, periods=(*report.periods[:-1], closed))


def apply_records(report: SchoolReport, records: Iterable[Record]) -> SchoolReport:
    """The report after each of ``records`` in turn."""
    for record in records:
        report = evolve(report, record)
    return report
