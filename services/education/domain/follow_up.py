"""Commands from the conclusion on: conclusion and decision (SKW Pasal 49–52), objection
(61–64), recovery (65), accompaniment (40), schooling (39; LT 23) and transfers (56–58).
Each returns the records it causes or raises the broken rule."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from rujukan.calendar import WorkingDayCalendar
from schemas.school import (
    SKW_FORMS,
    AnnulmentFollowUp,
    ConclusionFinding,
    ConsentPurpose,
    DecisionAuthority,
    Handler,
    NoticeRecipient,
    ObjectionOutcome,
    PartyRole,
    PupilSanction,
    ViolenceForm,
)
from services.education.domain import commands as c
from services.education.domain import records as r
from services.education.domain import rules
from services.education.domain import values as v
from services.education.domain.deadline_rules import compute_due
from services.education.domain.deadlines import default_rules
from services.education.domain.examination import examination_acts
from services.education.domain.records import Record
from services.education.domain.report import ProcessStatus, SchoolReport
from services.education.domain.sanctions import TIER_RANK, check_sanction
from services.education.domain.schooling import schooling_outcome

# --- conclusion and decision (SKW 49–52) -------------------------------------------------------


def _report_to(report: SchoolReport) -> DecisionAuthority:
    """SKW 50: the TPPK reports to the school head, the Satgas to the Kepala Dinas."""
    if report.handler is Handler.TPPK:
        return DecisionAuthority.SCHOOL_HEAD
    return DecisionAuthority.KEPALA_DINAS


def _checked_sanctions(
    report: SchoolReport, sanctions: Iterable[v.Sanction], reported: Iterable[str] | None = None
) -> tuple[v.Sanction, ...]:
    allowed = set(reported) if reported is not None else None
    checked = []
    for sanction in sanctions:
        if allowed is not None:
            rules.SANCTION_ONLY_FOR_REPORTED.check(
                sanction.party_id in allowed,
                f"party {sanction.party_id} is not a reported person of the conclusion",
            )
        checked.append(check_sanction(report, sanction))
    return tuple(checked)


def conclude(
    report: SchoolReport, command: c.Conclude, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    if report.conclusion is not None:
        rules.CONCLUDED_ONCE.refuse(f"concluded on {report.conclusion.on}")
    examination_acts(report, on, calendar, may_open=False)
    reported = command.reported_party_ids
    rules.CONCLUSION_NAMES_REPORTED.check(bool(reported), "no reported person named")
    for party_id in reported:
        party = report.party(party_id)
        rules.CONCLUSION_NAMES_REPORTED.check(
            party.has(PartyRole.REPORTED), f"party {party_id} is not a reported person"
        )
        rules.CONCLUSION_HEARS_REPORTED.check(
            report.was_examined(party_id) or party_id in report.proceeding_without,
            f"party {party_id} was neither examined nor absent from three summonses",
        )
    rules.CONCLUSION_NAMES_SKW_FORM.check(
        bool(command.forms) and command.forms <= SKW_FORMS,
        f"{sorted(command.forms)} are not forms of SKW Pasal 6(1)",
    )
    advice = command.recommendations
    for party_id in advice.recovery_for:
        report.party(party_id)
    if command.finding is ConclusionFinding.PROVEN:
        rules.PROVEN_RECOMMENDATIONS.check(
            bool(advice.sanctions) and advice.continue_education and not advice.restore_good_name,
            "recommend a sanction and continued education, and no restoration of good name",
        )
    else:
        rules.NOT_PROVEN_RECOMMENDATIONS.check(
            not advice.sanctions and advice.continue_education and advice.restore_good_name,
            "recommend continued education and restoration of good name, and no sanction",
        )
    checked = advice.model_copy(
        update={"sanctions": _checked_sanctions(report, advice.sanctions, reported)}
    )
    conclusion = v.Conclusion(
        finding=command.finding,
        reported_party_ids=reported,
        forms=command.forms,
        recommendations=checked,
        report_to=_report_to(report),
        on=on,
    )
    return [r.Concluded(on=on, conclusion=conclusion)]


def issue_decision(report: SchoolReport, command: c.IssueDecision, on: date) -> list[Record]:
    rules.DECIDED_ONCE.check(report.decision is None, "a decision was already issued")
    conclusion = report.conclusion
    if conclusion is None or report.status is not ProcessStatus.CONCLUDED:
        rules.DECISION_NEEDS_EXAMINATION_REPORT.refuse(f"the report is {report.status}")
    rules.DECISION_BY_COMPETENT_AUTHORITY.check(
        command.signed_by is conclusion.report_to,
        f"the {conclusion.report_to} decides on this report, not the {command.signed_by}",
    )
    if command.finding is ConclusionFinding.PROVEN:
        rules.DECISION_CONTENTS.check(
            bool(command.sanctions) and not command.restore_good_name,
            "a decision of proven imposes sanctions",
        )
    else:
        rules.DECISION_CONTENTS.check(
            not command.sanctions and command.restore_good_name,
            "a decision of not proven restores the good name and imposes no sanction",
        )
    sanctions = _checked_sanctions(report, command.sanctions, conclusion.reported_party_ids)
    decision = v.FollowUpDecision(
        finding=command.finding,
        signed_by=command.signed_by,
        sanctions=sanctions,
        restore_good_name=command.restore_good_name,
        copies=_decision_copies(report, conclusion, command.signed_by),
        on=on,
    )
    return [r.DecisionIssued(on=on, decision=decision)]


def _decision_copies(
    report: SchoolReport, conclusion: v.Conclusion, signed_by: DecisionAuthority
) -> tuple[v.Notice, ...]:
    """SKW 52(2)–(3): the reported person; the Dinas or the school; a pupil's parents."""
    copies = [
        v.Notice(recipient=NoticeRecipient.REPORTED_PERSON, party_id=party_id)
        for party_id in conclusion.reported_party_ids
    ]
    if signed_by is DecisionAuthority.SCHOOL_HEAD:
        copies.append(v.Notice(recipient=NoticeRecipient.DINAS))
    else:
        copies.append(v.Notice(recipient=NoticeRecipient.SCHOOL))
    copies += [
        v.Notice(recipient=NoticeRecipient.PARENTS_OF_REPORTED_PUPIL, party_id=party_id)
        for party_id in conclusion.reported_party_ids
        if report.party(party_id).is_pupil
    ]
    return tuple(copies)


# --- objection (SKW 61–64) -----------------------------------------------------------------------

_DECIDED = (ProcessStatus.DECIDED, ProcessStatus.OBJECTED)


def record_receipt(
    report: SchoolReport, command: c.RecordDecisionReceived, on: date
) -> list[Record]:
    rules.RECEIPT_AFTER_DECISION.check(report.status in _DECIDED, f"the report is {report.status}")
    party = report.party(command.party_id)
    if report.receipt_of(party.party_id) is not None:
        return []
    return [r.DecisionReceived(on=on, receipt=v.Receipt(party_id=party.party_id, on=on))]


def file_objection(
    report: SchoolReport, command: c.FileObjection, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    decision = report.decision
    if decision is None or report.status not in _DECIDED:
        rules.OBJECTION_AFTER_RECEIPT.refuse(f"the report is {report.status}")
    party = report.party(command.party_id)
    perpetrator = party.has(PartyRole.REPORTED) and decision.finding is ConclusionFinding.PROVEN
    rules.OBJECTION_BY_VICTIM_OR_PERPETRATOR.check(
        party.has(PartyRole.VICTIM) or perpetrator,
        f"party {party.party_id} is neither the victim nor a perpetrator",
    )
    if perpetrator and not party.has(PartyRole.VICTIM):
        rules.CIVIL_SERVANT_OBJECTION_BY_LAW.check(
            not party.is_civil_servant, f"party {party.party_id} is a civil servant"
        )
    rules.ONE_OBJECTION_PER_PARTY.check(
        report.objection_of(party.party_id) is None, f"party {party.party_id} objected already"
    )
    receipt = report.receipt_of(party.party_id)
    if receipt is None or on < receipt.on:
        rules.OBJECTION_AFTER_RECEIPT.refuse(
            f"party {party.party_id} has no receipt of the decision recorded before {on}"
        )
    due = compute_due(default_rules()["objection"], receipt.on, calendar)
    rules.OBJECTION_WITHIN_PERIOD.check(
        on <= due, f"received on {receipt.on}, objection due by {due}, filed on {on}"
    )
    addressed_to = (
        Handler.SATGAS if decision.signed_by is DecisionAuthority.SCHOOL_HEAD else Handler.DINAS
    )
    objection = v.Objection(party_id=party.party_id, addressed_to=addressed_to, received_on=on)
    return [r.ObjectionFiled(on=on, objection=objection)]


def decide_objection(report: SchoolReport, command: c.DecideObjection, on: date) -> list[Record]:
    decision = report.decision
    if decision is None or report.status is not ProcessStatus.OBJECTED:
        rules.OBJECTION_DECISION_NEEDS_OBJECTION.refuse(f"the report is {report.status}")
    outcome = command.outcome
    if outcome is not ObjectionOutcome.UPHELD:
        rules.CHANGE_AFTER_REEXAMINATION.check(command.reexamined, f"{outcome} without it")
    annulled = outcome is ObjectionOutcome.ANNULLED
    rules.ANNULMENT_FOLLOW_UP.check(
        annulled == (command.annulment_follow_up is not None),
        f"{outcome} with follow-up {command.annulment_follow_up}",
    )
    if command.policy_remedy is not None:
        forms = report.forms | (report.conclusion.forms if report.conclusion else frozenset())
        rules.POLICY_REMEDY_ONLY_FOR_POLICY.check(
            ViolenceForm.VIOLENT_POLICY in forms, "no violence through an education policy"
        )
    sanctioning = (
        annulled and command.annulment_follow_up is AnnulmentFollowUp.ADMINISTRATIVE_SANCTION
    )
    changing = outcome in (ObjectionOutcome.SANCTION_LIGHTENED, ObjectionOutcome.SANCTION_INCREASED)
    if changing or sanctioning:
        rules.CHANGED_SANCTIONS.check(bool(command.revised_sanctions), f"{outcome} names none")
    else:
        rules.CHANGED_SANCTIONS.check(
            not command.revised_sanctions, f"{outcome} imposes no new sanction"
        )
    revised = _checked_sanctions(report, command.revised_sanctions)
    if changing:
        _check_direction(
            decision.sanctions, revised, lighter=outcome is ObjectionOutcome.SANCTION_LIGHTENED
        )
    ruling = v.ObjectionRuling(
        outcome=outcome,
        reexamined=command.reexamined,
        revised_sanctions=revised,
        annulment_follow_up=command.annulment_follow_up,
        policy_remedy=command.policy_remedy,
        on=on,
    )
    return [r.ObjectionDecided(on=on, ruling=ruling)]


def _check_direction(
    original: tuple[v.Sanction, ...], revised: tuple[v.Sanction, ...], *, lighter: bool
) -> None:
    """SKW 63(4)b: a lightened sanction is no heavier, an increased one no lighter."""
    before = {s.party_id: TIER_RANK[s.tier] for s in original if s.tier is not None}
    for sanction in revised:
        if sanction.tier is None or sanction.party_id not in before:
            continue
        rank, was = TIER_RANK[sanction.tier], before[sanction.party_id]
        rules.CHANGED_SANCTIONS.check(
            rank <= was if lighter else rank >= was,
            f"party {sanction.party_id}: {sanction.tier} is not "
            + ("lighter" if lighter else "heavier"),
        )


# --- recovery, accompaniment, schooling (SKW 39–40, 56–58, 65; LT 23) ---------------------------


def _recovery_recipient(report: SchoolReport, party_id: str) -> None:
    """Victims, witnesses and child pupil perpetrators (SKW 65(1)-(2), 65(6))."""
    party = report.party(party_id)
    perpetrator_pupil = (
        party.has(PartyRole.REPORTED)
        and party.is_pupil
        and (party.child or party.mental_or_intellectual_disability)
    )
    rules.RECOVERY_RECIPIENTS.check(
        party.has(PartyRole.VICTIM) or party.has(PartyRole.WITNESS) or perpetrator_pupil,
        f"party {party.party_id} is not a victim, witness or child pupil perpetrator",
    )


def assign_homeroom_teacher(
    report: SchoolReport, command: c.AssignHomeroomTeacher, on: date
) -> list[Record]:
    """BTG 18(4)b: the homeroom teacher accompanies a pupil involved, victim or
    perpetrator, in the school."""
    party = report.party(command.party_id)
    rules.HOMEROOM_TEACHER_FOR_A_PUPIL.check(
        party.is_pupil, f"party {party.party_id} is not a pupil"
    )
    teacher = v.HomeroomTeacher(party_id=party.party_id, teacher_ref=command.teacher_ref, on=on)
    return [r.HomeroomTeacherAssigned(on=on, teacher=teacher)]


def identify_impact(report: SchoolReport, command: c.IdentifyImpact, on: date) -> list[Record]:
    """SKW 65(2): the impacts on one person, from the moment the violence is known."""
    _recovery_recipient(report, command.party_id)
    impact = v.PersonalImpact(
        party_id=command.party_id,
        psychological=command.psychological,
        physical=command.physical,
        learning=command.learning,
        work=command.work,
        on=on,
    )
    return [r.ImpactIdentified(on=on, impact=impact)]


def start_recovery(report: SchoolReport, command: c.StartRecovery, on: date) -> list[Record]:
    rules.RECOVERY_NOT_BEFORE_REPORT.check(
        on >= report.received_on, f"{on} is before the report of {report.received_on}"
    )
    party = report.party(command.party_id)
    _recovery_recipient(report, party.party_id)
    if any(start.party_id == party.party_id for start in report.recoveries):
        return []
    return [r.RecoveryStarted(on=on, start=v.RecoveryStart(party_id=party.party_id, on=on))]


def accompany(report: SchoolReport, command: c.Accompany, on: date) -> list[Record]:
    party = report.party(command.party_id)
    victim_or_witness = party.has(PartyRole.VICTIM) or party.has(PartyRole.WITNESS)
    eligible = (
        (party.is_pupil and victim_or_witness)
        or (party.is_child_pupil and party.has(PartyRole.REPORTED))
        or (party.is_staff and victim_or_witness)
    )
    rules.ACCOMPANIMENT_RECIPIENTS.check(
        eligible, f"party {party.party_id} is not among those of SKW 40(2)"
    )
    rules.ACCOMPANIMENT_NEEDS_CONSENT.check(
        report.has_consent(party.party_id, ConsentPurpose.ACCOMPANIMENT),
        f"no consent recorded for party {party.party_id}",
    )
    given = v.Accompaniment(party_id=party.party_id, kind=command.kind, on=on)
    return [r.AccompanimentGiven(on=on, accompaniment=given)]


def record_schooling(report: SchoolReport, command: c.RecordSchooling, on: date) -> list[Record]:
    party = report.party(command.party_id)
    rules.SCHOOLING_FOR_PUPILS.check(party.is_pupil, f"party {party.party_id} is no pupil")
    outcome = schooling_outcome(command.outcome, None)  # text: the service maps it first
    record = v.SchoolingRecord(party_id=party.party_id, outcome=outcome, on=on)
    return [r.SchoolingRecorded(on=on, schooling=record)]


def _transferred(report: SchoolReport, party_id: str) -> bool:
    return any(
        s.party_id == party_id and s.pupil_sanction is PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL
        for s in report.effective_sanctions
    )


def _counselled(report: SchoolReport, party_id: str) -> bool:
    return any(x.party_id == party_id and x.completed for x in report.counselling)


def report_counselling(
    report: SchoolReport, command: c.ReportCounselling, on: date
) -> list[Record]:
    """SKW 57(5)-(6): the periodic reports of a transferred pupil's counselling, the
    last one completed."""
    party = report.party(command.party_id)
    rules.COUNSELLING_FOR_A_TRANSFERRED_PUPIL.check(
        _transferred(report, party.party_id) and not _counselled(report, party.party_id),
        f"party {party.party_id} has no transfer in force or finished counselling",
    )
    done = v.CounsellingReport(
        party_id=party.party_id,
        institution=command.institution,
        completed=command.completed,
        on=on,
    )
    return [r.CounsellingReported(on=on, report=done)]


def start_at_new_school(
    report: SchoolReport, command: c.StartAtNewSchool, on: date
) -> list[Record]:
    party = report.party(command.party_id)
    rules.TRANSFER_NEEDS_TRANSFER_SANCTION.check(
        _transferred(report, party.party_id),
        f"no transfer of party {party.party_id} is in force",
    )
    rules.COUNSELLING_BEFORE_NEW_SCHOOL.check(
        _counselled(report, party.party_id),
        f"party {party.party_id} has not completed the counselling programme",
    )
    if any(t.party_id == party.party_id for t in report.transfers):
        return []
    return [r.TransferStarted(on=on, transfer=v.TransferStart(party_id=party.party_id, on=on))]


def report_reintegration(
    report: SchoolReport, command: c.ReportReintegration, on: date, calendar: WorkingDayCalendar
) -> list[Record]:
    party = report.party(command.party_id)
    start = next((t for t in report.transfers if t.party_id == party.party_id), None)
    if start is None:
        rules.REINTEGRATION_AFTER_TRANSFER.refuse(f"party {party.party_id} has not started")
    earliest = compute_due(default_rules()["reintegration_report"], start.on, calendar)
    rules.REINTEGRATION_REPORT_NOT_EARLY.check(
        on >= earliest, f"the report is due no earlier than {earliest}"
    )
    done = v.ReintegrationReport(party_id=party.party_id, on=on)
    return [r.ReintegrationReported(on=on, report=done)]
