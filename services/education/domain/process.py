"""The handling of a school report as a state machine over the steps of SKW Pasal 36(2):
report received → examination → conclusion and recommendation → follow-up decision, with
recovery alongside from the report's receipt (65(1)).

:func:`decide` checks a command against the rules (the handlers of :mod:`.examination`
and :mod:`.follow_up`) and returns the records it causes and the report they lead to;
:func:`~.evolution.evolve` applies one record. Neither does any I/O. Each refusal is a
:class:`~rujukan.errors.RuleViolation` (422) or :class:`~rujukan.errors.IllegalState` (409)
naming its rule and article (:mod:`.rules`); an unknown party id is
:class:`~rujukan.errors.NotFound`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from rujukan.calendar import WorkingDayCalendar
from schemas.school import (
    Impact,
    ReportChannel,
    ReportOrigin,
    ViolenceForm,
)
from services.education.domain import commands as c
from services.education.domain import dinas_team as team
from services.education.domain import examination as exam
from services.education.domain import follow_up as after
from services.education.domain import rules
from services.education.domain.dates import bounded, not_after_today
from services.education.domain.evolution import apply_records
from services.education.domain.parties import Party
from services.education.domain.records import (
    HandlerAssigned,
    Record,
    ReportReceived,
)
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.routing import who_handles


@dataclass(frozen=True)
class Result:
    """What a command caused: its records, and the report after them."""

    report: SchoolReport
    records: tuple[Record, ...]


# --- opening a report -------------------------------------------------------------------------


def receive_report(
    *,
    reference: str,
    channel: ReportChannel | None,
    received_on: date,
    schools: Iterable[str],
    parties: Iterable[Party] = (),
    forms: Iterable[ViolenceForm] = (),
    impacts: Iterable[Impact] = (),
) -> Result:
    """A report received through any channel, without initial evidence (SKW 36(2)a, 41);
    without a channel, violence the TPPK or Satgas found without a report, whose handling
    starts at the examination (SKW 36(3))."""
    finding = channel is None
    return _open(
        SchoolReport(
            reference=reference,
            origin=ReportOrigin.FINDING if finding else ReportOrigin.REPORT,
            channel=channel,
            received_on=received_on,
            schools=tuple(schools),
            parties=tuple(parties),
            forms=frozenset(forms),
            impacts=frozenset(impacts),
            status=ProcessStatus.EXAMINING if finding else ProcessStatus.RECEIVED,
        )
    )


def _open(report: SchoolReport) -> Result:
    handler, reasons = who_handles(report)
    records: tuple[Record, ...] = (
        ReportReceived(on=report.received_on, reference=report.reference),
        HandlerAssigned(on=report.received_on, handler=handler, reasons=reasons),
    )
    return Result(report=apply_records(report, records), records=records)


# --- decide and evolve ------------------------------------------------------------------------

_ALLOWED_AFTER_FINAL = (
    c.RecordConsent,
    c.TakeInitialAction,
    c.StartRecovery,
    c.Accompany,
    c.RecordSchooling,
    c.StartAtNewSchool,
    c.ReportReintegration,
    c.ReportCounselling,
    c.IdentifyImpact,
    c.AssignHomeroomTeacher,
)
"""Recovery, accompaniment and schooling go on after the final objection decision; no
handling step does (SKW 63(8))."""


def decide(
    report: SchoolReport, command: c.Command, today: date, calendar: WorkingDayCalendar
) -> Result:
    """Check ``command`` against the rules and return its records and the new report.

    ``today`` is the local date in the district; it is the date of the act unless the
    command carries ``on``, which may be neither after today nor before the step it
    follows (:func:`.dates.bounded`). ``calendar`` is the district's working-day calendar.
    """
    if report.status is ProcessStatus.FINAL and not isinstance(command, _ALLOWED_AFTER_FINAL):
        rules.OBJECTION_DECISION_FINAL.refuse(f"{type(command).__name__} after the final decision")
    on = not_after_today(command.on, today)  # before any rule counts from ``on``
    records = tuple(_records(report, command, on, calendar))
    bounded(report, command, today)  # after the steps' own rules, which cite their article
    return Result(report=apply_records(report, records), records=records)


def _records(
    report: SchoolReport, command: c.Command, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    match command:
        case c.AddParty():
            return exam.add_party(report, command, on)
        case c.AddSchool():
            return exam.add_school(report, command, on)
        case c.WarnTppk():
            return exam.warn(report, on)
        case c.EscalateToSatgas():
            return exam.escalate(report, on)
        case c.RecordConsent():
            return exam.record_consent(report, command, on)
        case c.ConsultSatgas():
            return exam.consult(report, on)
        case c.TakeInitialAction():
            return exam.initial_action(report, command, on)
        case c.RequestStatement():
            return exam.request_statement(report, command, on, calendar)
        case c.Summon():
            return exam.summon(report, command, on, calendar)
        case c.RecordExamination():
            return exam.record_examination(report, command, on, calendar)
        case c.ProceedWithoutReportedPerson():
            return exam.proceed_without(report, command, on, calendar)
        case c.StopExamination():
            return exam.stop(report, command, on, calendar)
        case c.ResumeExamination():
            return exam.resume(report, command, on)
        case c.DeclareCannotContinue():
            return exam.cannot_continue(report, on, calendar)
        case c.Conclude():
            return after.conclude(report, command, on, calendar)
        case c.IssueDecision():
            return after.issue_decision(report, command, on)
        case c.RecordDecisionReceived():
            return after.record_receipt(report, command, on)
        case c.FileObjection():
            return after.file_objection(report, command, on, calendar)
        case c.DecideObjection():
            return after.decide_objection(report, command, on)
        case c.StartRecovery():
            return after.start_recovery(report, command, on)
        case c.Accompany():
            return after.accompany(report, command, on)
        case c.RecordSchooling():
            return after.record_schooling(report, command, on)
        case c.AssignHomeroomTeacher():
            return after.assign_homeroom_teacher(report, command, on)
        case c.AssessReport():
            return team.assess(report, command, on)
        case c.SanctionReporter():
            return team.sanction_reporter(report, command, on)
        case c.FormDinasTeam():
            return team.form_team(report, command, on)
        case c.RecordTeamFinding():
            return team.record_finding(report, command, on)
        case c.ReportToBupati():
            return team.report_to_bupati(report, command, on)
        case c.IdentifyImpact():
            return after.identify_impact(report, command, on)
        case c.ReportCounselling():
            return after.report_counselling(report, command, on)
        case c.StartAtNewSchool():
            return after.start_at_new_school(report, command, on)
        case c.ReportReintegration():
            return after.report_reintegration(report, command, on, calendar)
    raise TypeError(f"unknown command {type(command).__name__}")
