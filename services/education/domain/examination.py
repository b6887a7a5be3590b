"""Commands before the conclusion: routing and consent (SKW Pasal 37–38, 40(6)–(7), 42)
and the examination (SKW Pasal 43–48). Each returns the records it causes or raises the
broken rule; :func:`~.process.decide` dispatches to them."""

from __future__ import annotations

from datetime import date

from rujukan.calendar import WorkingDayCalendar
from schemas.school import (
    Addressee,
    ConsentGiver,
    ConsentPurpose,
    Handler,
    NoticeRecipient,
    PartyRole,
    StopReason,
    SupportPerson,
)
from services.education.domain import commands as c
from services.education.domain import records as r
from services.education.domain import rules
from services.education.domain.deadline_rules import compute_due
from services.education.domain.deadlines import default_rules
from services.education.domain.evolution import apply_records
from services.education.domain.parties import Party
from services.education.domain.records import Record
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.routing import who_handles
from services.education.domain.values import (
    Consent,
    ExaminationRecord,
    InitialActionTaken,
    Notice,
    StatementRequest,
    Stop,
    Summons,
)

_BEFORE_CONCLUSION = (ProcessStatus.RECEIVED, ProcessStatus.EXAMINING, ProcessStatus.STOPPED)


# --- routing and consent (SKW 37–38, 40, 42) ---------------------------------------------------


def _rerouted(before: SchoolReport, after: SchoolReport, on: date) -> list[Record]:
    handler, reasons = who_handles(after)
    if (handler, reasons) == (before.handler, before.satgas_reasons):
        return []
    return [r.HandlerAssigned(on=on, handler=handler, reasons=reasons)]


def add_party(report: SchoolReport, command: c.AddParty, on: date) -> list[Record]:
    rules.PARTIES_BEFORE_CONCLUSION.check(
        report.status in _BEFORE_CONCLUSION, f"the report is {report.status}"
    )
    party = command.party
    rules.PARTY_ALREADY_IN_REPORT.check(
        all(existing.party_id != party.party_id for existing in report.parties),
        f"party {party.party_id} is already in the report",
    )
    records: list[Record] = []
    if party.school_id is not None and party.school_id not in report.schools:
        records.append(r.SchoolAdded(on=on, school_id=party.school_id))
    records.append(r.PartyAdded(on=on, party=party))
    return records + _rerouted(report, apply_records(report, records), on)


def add_school(report: SchoolReport, command: c.AddSchool, on: date) -> list[Record]:
    rules.PARTIES_BEFORE_CONCLUSION.check(
        report.status in _BEFORE_CONCLUSION, f"the report is {report.status}"
    )
    if command.school_id in report.schools:
        return []
    records: list[Record] = [r.SchoolAdded(on=on, school_id=command.school_id)]
    return records + _rerouted(report, apply_records(report, records), on)


def _require_tppk_handling(report: SchoolReport) -> None:
    rules.WARNING_ONLY_TO_HANDLING_TPPK.check(
        report.handler is Handler.TPPK and report.status in _BEFORE_CONCLUSION,
        f"the {report.handler} handles the report, which is {report.status}",
    )


def warn(report: SchoolReport, on: date) -> list[Record]:
    _require_tppk_handling(report)
    return [r.TppkWarned(on=on)]


def escalate(report: SchoolReport, on: date) -> list[Record]:
    _require_tppk_handling(report)
    rules.ESCALATION_NEEDS_WARNING.check(
        report.warned_on is not None, "the Satgas has not warned the TPPK"
    )
    records: list[Record] = [r.EscalatedToSatgas(on=on)]
    return records + _rerouted(report, apply_records(report, records), on)


def record_consent(report: SchoolReport, command: c.RecordConsent, on: date) -> list[Record]:
    party = report.party(command.party_id)
    allowed = {ConsentGiver.SELF}
    if party.child:
        allowed.add(ConsentGiver.PARENT_OR_GUARDIAN)
        if command.purpose is ConsentPurpose.ACCOMPANIMENT:
            allowed.add(ConsentGiver.PENDAMPING)
    rules.CONSENT_GIVER_FITS_PARTY.check(
        command.given_by in allowed,
        f"{command.given_by} cannot consent for party {party.party_id} to {command.purpose}",
    )
    consent = Consent(
        party_id=party.party_id, purpose=command.purpose, given_by=command.given_by, on=on
    )
    return [r.ConsentRecorded(on=on, consent=consent)]


def consult(report: SchoolReport, on: date) -> list[Record]:
    rules.CONSULT_ONLY_WHILE_TPPK_HANDLES.check(
        report.handler is Handler.TPPK, f"the {report.handler} handles the report"
    )
    concerned = {PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.WITNESS, PartyRole.REPORTED}
    missing = [
        party.party_id
        for party in report.parties
        if party.roles & concerned
        and not report.has_consent(party.party_id, ConsentPurpose.SATGAS_CONSULTATION)
    ]
    rules.CONSULT_NEEDS_CONSENT.check(not missing, f"no consent recorded for {missing}")
    return [r.SatgasConsulted(on=on)]


def initial_action(report: SchoolReport, command: c.TakeInitialAction, on: date) -> list[Record]:
    party = report.party(command.party_id)
    rules.INITIAL_ACTION_FOR_VICTIM_OR_WITNESS.check(
        party.has(PartyRole.VICTIM) or party.has(PartyRole.WITNESS),
        f"party {party.party_id} is neither victim nor witness",
    )
    taken = InitialActionTaken(action=command.action, party_id=party.party_id, on=on)
    return [r.InitialActionRecorded(on=on, action=taken)]


# --- examination (SKW 43–48) -------------------------------------------------------------------

_SUMMONED_THROUGH_PARENTS = frozenset({PartyRole.REPORTER, PartyRole.VICTIM, PartyRole.WITNESS})
"""SKW 43(2) and 45(2) name the reporter, victim and witness — not the reported person."""


def examination_due(report: SchoolReport, calendar: WorkingDayCalendar) -> date | None:
    """The last day of the running examination period (SKW 46), if one runs."""
    period = report.open_period
    if period is None:
        return None
    return compute_due(default_rules()["examination"], period.started_on, calendar)


def examination_acts(
    report: SchoolReport, on: date, calendar: WorkingDayCalendar, *, may_open: bool = True
) -> list[Record]:
    """Check that the examination is open (opening it if the report was just received)
    and that its 30 working days have not run out; return the opening record if any."""
    opening = may_open and report.status is ProcessStatus.RECEIVED
    rules.EXAMINATION_MUST_BE_OPEN.check(
        opening or report.status is ProcessStatus.EXAMINING, f"the report is {report.status}"
    )
    due = examination_due(report, calendar)
    rules.EXAMINATION_PERIOD_RAN_OUT.check(
        due is None or on <= due, f"the examination was due on {due}"
    )
    return [r.ExaminationOpened(on=on)] if opening else []


def _addressee(party: Party) -> Addressee:
    """SKW 43(2): a child pupil's summons as reporter, victim or witness goes to the parents."""
    if party.is_child_pupil and party.roles & _SUMMONED_THROUGH_PARENTS:
        return Addressee.PARENT_OR_GUARDIAN
    return Addressee.PERSON


def request_statement(
    report: SchoolReport, command: c.RequestStatement, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    party = report.party(command.party_id)
    rules.STATEMENT_FROM_REPORTER_OR_VICTIM.check(
        party.has(PartyRole.REPORTER) or party.has(PartyRole.VICTIM),
        f"party {party.party_id} is neither reporter nor victim",
    )
    records = examination_acts(report, on, calendar)
    request = StatementRequest(party_id=party.party_id, addressed_to=_addressee(party), on=on)
    starts = report.open_period is None
    return [*records, r.StatementRequested(on=on, request=request, starts_period=starts)]


def summon(
    report: SchoolReport, command: c.Summon, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    party = report.party(command.party_id)
    records = examination_acts(report, on, calendar)
    summons = Summons(
        party_id=party.party_id,
        number=report.summons_count(party.party_id) + 1,
        method=command.method,
        addressed_to=_addressee(party),
        on=on,
    )
    return [*records, r.Summoned(on=on, summons=summons)]


def record_examination(
    report: SchoolReport, command: c.RecordExamination, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    party = report.party(command.party_id)
    rules.EXAMINATION_IN_OFFICIAL_RECORD.check(
        bool(command.official_record_ref.strip()), "no berita acara reference"
    )
    if party.is_child_pupil and party.roles & _SUMMONED_THROUGH_PARENTS:
        rules.CHILD_EXAMINED_WITH_PARENT.check(
            SupportPerson.PARENT_OR_GUARDIAN in command.accompanied_by,
            f"party {party.party_id} was examined without a parent or guardian",
        )
    disabled_roles = {PartyRole.VICTIM, PartyRole.WITNESS, PartyRole.REPORTED}
    if party.disability and party.roles & disabled_roles:
        rules.DISABLED_EXAMINED_WITH_SUPPORT.check(
            bool(command.accompanied_by),
            f"party {party.party_id} was examined without a parent, guardian or pendamping",
        )
    records = examination_acts(report, on, calendar)
    starts = report.open_period is None and (
        party.has(PartyRole.REPORTER) or party.has(PartyRole.VICTIM)
    )
    record = ExaminationRecord(
        party_id=party.party_id,
        official_record_ref=command.official_record_ref.strip(),
        accompanied_by=command.accompanied_by,
        on=on,
    )
    return [*records, r.PartyExamined(on=on, record=record, starts_period=starts)]


def proceed_without(
    report: SchoolReport,
    command: c.ProceedWithoutReportedPerson,
    on: date,
    calendar: WorkingDayCalendar,
) -> list[Record]:
    party = report.party(command.party_id)
    rules.PROCEED_WITHOUT_ONLY_REPORTED.check(
        party.has(PartyRole.REPORTED), f"party {party.party_id} is not a reported person"
    )
    examination_acts(report, on, calendar, may_open=False)
    count = report.summons_count(party.party_id)
    rules.PROCEED_AFTER_THIRD_SUMMONS.check(
        count >= 3 and not report.was_examined(party.party_id),
        f"party {party.party_id} was summoned {count} time(s)"
        + (" and examined" if report.was_examined(party.party_id) else ""),
    )
    if party.party_id in report.proceeding_without:
        return []
    return [r.ProceedingWithoutReportedPerson(on=on, party_id=party.party_id)]


def stop(
    report: SchoolReport, command: c.StopExamination, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    rules.STOP_ONLY_OPEN_EXAMINATION.check(
        report.status is ProcessStatus.EXAMINING, f"the report is {report.status}"
    )
    examination_acts(report, on, calendar, may_open=False)
    _doctors_statement(command)
    notices = [Notice(recipient=NoticeRecipient.SCHOOL_HEAD)]
    notices.append(Notice(recipient=NoticeRecipient.KEPALA_DINAS))
    notices += [
        Notice(recipient=NoticeRecipient.REPORTED_PERSON, party_id=party.party_id)
        for party in report.with_role(PartyRole.REPORTED)
    ]
    notices += [
        Notice(recipient=NoticeRecipient.REPORTER_OR_VICTIM, party_id=party.party_id)
        for party in report.parties
        if party.has(PartyRole.REPORTER) or party.has(PartyRole.VICTIM)
    ]
    stop = Stop(
        reason=command.reason,
        notices=tuple(notices),
        on=on,
        doctor_statement_ref=command.doctor_statement_ref,
    )
    return [r.ExaminationStopped(on=on, stop=stop)]


def _doctors_statement(command: c.StopExamination) -> None:
    """SKW 47(1)a: death or grave illness "berdasarkan keterangan dokter"."""
    if command.reason is StopReason.REPORTED_DIED_MISSING_OR_GRAVELY_ILL:
        rules.STOP_ON_A_DOCTORS_STATEMENT.check(
            command.reported_not_found or command.doctor_statement_ref is not None,
            "doctor_statement_ref: name the doctor's statement, or say the reported person "
            "was not found",
        )


def resume(report: SchoolReport, command: c.ResumeExamination, on: date) -> list[Record]:
    rules.RESUME_ONLY_STOPPED_ON_NEW_EVIDENCE.check(
        report.status is ProcessStatus.STOPPED, f"the report is {report.status}"
    )
    evidence = command.new_evidence_ref.strip()
    rules.RESUME_NEEDS_NEW_EVIDENCE.check(bool(evidence), "no new evidence named")
    return [r.ExaminationResumed(on=on, new_evidence_ref=evidence)]


def cannot_continue(report: SchoolReport, on: date, calendar: WorkingDayCalendar) -> list[Record]:
    due = examination_due(report, calendar)
    rules.CANNOT_CONTINUE_ONLY_AFTER_DEADLINE.check(
        report.status is ProcessStatus.EXAMINING and due is not None and on > due,
        f"the report is {report.status}; the examination is due on {due}",
    )
    return [r.ExaminationCannotContinue(on=on)]
