"""How a record changes a school report: :func:`evolve` applies one, pure and total (the
rules ran in :func:`~.process.decide`)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from services.education.domain.records import (
    AccompanimentGiven,
    BupatiReported,
    Concluded,
    ConsentRecorded,
    CounsellingReported,
    DecisionIssued,
    DecisionReceived,
    DinasTeamFormed,
    EscalatedToSatgas,
    ExaminationCannotContinue,
    ExaminationOpened,
    ExaminationResumed,
    ExaminationStopped,
    HandlerAssigned,
    HomeroomTeacherAssigned,
    ImpactIdentified,
    InitialActionRecorded,
    ObjectionDecided,
    ObjectionFiled,
    PartyAdded,
    PartyExamined,
    ProceedingWithoutReportedPerson,
    Record,
    RecoveryStarted,
    ReintegrationReported,
    ReportAssessed,
    ReporterSanctioned,
    SatgasConsulted,
    SchoolAdded,
    SchoolingRecorded,
    StatementRequested,
    Summoned,
    TeamFindingRecorded,
    TppkWarned,
    TransferStarted,
)
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.values import (
    ExaminationPeriod,
    PeriodClosure,
)


def evolve(report: SchoolReport, record: Record) -> SchoolReport:
    """The report after ``record``; pure, and never refuses (the rules ran in decide)."""
    match record:
        case HandlerAssigned():
            return _update(report, handler=record.handler, satgas_reasons=record.reasons)
        case PartyAdded():
            return _update(report, parties=(*report.parties, record.party))
        case SchoolAdded():
            return _update(report, schools=(*report.schools, record.school_id))
        case TppkWarned():
            return _update(report, warned_on=record.on)
        case EscalatedToSatgas():
            return _update(report, escalated_on=record.on)
        case ConsentRecorded():
            return _update(report, consents=(*report.consents, record.consent))
        case SatgasConsulted():
            return _update(report, satgas_consulted_on=record.on)
        case InitialActionRecorded():
            return _update(report, initial_actions=(*report.initial_actions, record.action))
        case ExaminationOpened():
            return _update(report, status=ProcessStatus.EXAMINING)
        case StatementRequested():
            report = _open_period(report, record.on) if record.starts_period else report
            return _update(report, statement_requests=(*report.statement_requests, record.request))
        case Summoned():
            return _update(report, summonses=(*report.summonses, record.summons))
        case PartyExamined():
            report = _open_period(report, record.on) if record.starts_period else report
            return _update(report, examinations=(*report.examinations, record.record))
        case ProceedingWithoutReportedPerson():
            return _update(report, proceeding_without=(*report.proceeding_without, record.party_id))
        case ExaminationStopped():
            report = _close_period(report, record.on, PeriodClosure.STOPPED)
            return _update(report, stops=(*report.stops, record.stop), status=ProcessStatus.STOPPED)
        case ExaminationResumed():
            return _update(report, status=ProcessStatus.EXAMINING)
        case ExaminationCannotContinue():
            report = _close_period(report, record.on, PeriodClosure.CANNOT_CONTINUE)
            return _update(report, status=ProcessStatus.CANNOT_CONTINUE)
        case Concluded():
            report = _close_period(report, record.on, PeriodClosure.CONCLUDED)
            return _update(report, conclusion=record.conclusion, status=ProcessStatus.CONCLUDED)
        case DecisionIssued():
            return _update(report, decision=record.decision, status=ProcessStatus.DECIDED)
        case DecisionReceived():
            return _update(report, receipts=(*report.receipts, record.receipt))
        case ObjectionFiled():
            objections = (*report.objections, record.objection)
            return _update(report, objections=objections, status=ProcessStatus.OBJECTED)
        case ObjectionDecided():
            return _update(report, objection_ruling=record.ruling, status=ProcessStatus.FINAL)
        case RecoveryStarted():
            return _update(report, recoveries=(*report.recoveries, record.start))
        case AccompanimentGiven():
            return _update(report, accompaniments=(*report.accompaniments, record.accompaniment))
        case SchoolingRecorded():
            return _update(report, schooling=(*report.schooling, record.schooling))
        case ReportAssessed():
            return _update(report, assessments=(*report.assessments, record.assessment))
        case ReporterSanctioned():
            return _update(report, reporter_sanctions=(*report.reporter_sanctions, record.sanction))
        case DinasTeamFormed():
            return _update(report, dinas_team=record.team)
        case TeamFindingRecorded():
            return _update(report, team_findings=(*report.team_findings, record.finding))
        case BupatiReported():
            return _update(report, bupati_reports=(*report.bupati_reports, record.report))
        case HomeroomTeacherAssigned():
            return _update(report, homeroom_teachers=(*report.homeroom_teachers, record.teacher))
        case ImpactIdentified():
            return _update(report, personal_impacts=(*report.personal_impacts, record.impact))
        case CounsellingReported():
            return _update(report, counselling=(*report.counselling, record.report))
        case TransferStarted():
            return _update(report, transfers=(*report.transfers, record.transfer))
        case ReintegrationReported():
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
