"""Builders for the education-domain specifications: parties, reports, command runs."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from rujukan.calendar import WorkingDayCalendar
from rujukan.errors import RuleViolation
from rujukan.rules import Rule
from schemas.school import (
    ConclusionFinding,
    DecisionAuthority,
    EmploymentStatus,
    Handler,
    Impact,
    PartyRole,
    PartyStatus,
    PupilSanction,
    ReportChannel,
    SanctionTier,
    SupportPerson,
    ViolenceForm,
)
from services.education.domain import (
    Party,
    Recommendations,
    Sanction,
    SchoolReport,
    decide,
    receive_report,
)
from services.education.domain.commands import (
    Command,
    Conclude,
    IssueDecision,
    RecordDecisionReceived,
    RecordExamination,
    RequestStatement,
    Summon,
)
from services.education.domain.dates import follows

CALENDAR = WorkingDayCalendar.for_district()
"""National working days only: Monday–Friday without national holidays and cuti bersama."""

MONDAY = date(2026, 3, 2)
"""A Monday with no holiday before the Nyepi and Idul Fitri days off of 18–24 March 2026."""

PARENT = frozenset({SupportPerson.PARENT_OR_GUARDIAN})


def pupil(party_id: str, *roles: PartyRole, child: bool = True, **extra: object) -> Party:
    return Party.model_validate(
        {"party_id": party_id, "roles": roles, "status": PartyStatus.PUPIL, "child": child} | extra
    )


def staff(party_id: str, *roles: PartyRole, civil_servant: bool = False, **extra: object) -> Party:
    employment = (
        EmploymentStatus.CIVIL_SERVANT if civil_servant else EmploymentStatus.NON_CIVIL_SERVANT
    )
    return Party.model_validate(
        {
            "party_id": party_id,
            "roles": roles,
            "status": PartyStatus.TEACHER_OR_STAFF,
            "employment": employment,
        }
        | extra
    )


def school_head(party_id: str, *roles: PartyRole, civil_servant: bool = True) -> Party:
    employment = (
        EmploymentStatus.CIVIL_SERVANT if civil_servant else EmploymentStatus.NON_CIVIL_SERVANT
    )
    return Party(
        party_id=party_id,
        roles=frozenset(roles),
        status=PartyStatus.SCHOOL_HEAD,
        employment=employment,
    )


VICTIM = pupil("v1", PartyRole.VICTIM, PartyRole.REPORTER)
REPORTED = pupil("p1", PartyRole.REPORTED)
WITNESS = pupil("w1", PartyRole.WITNESS)


def new_report(
    *parties: Party,
    schools: tuple[str, ...] = ("sch-1",),
    forms: tuple[ViolenceForm, ...] = (ViolenceForm.PHYSICAL,),
    impacts: tuple[Impact, ...] = (),
    on: date = MONDAY,
) -> SchoolReport:
    """A report received in person on ``on``; by default victim v1, reported p1, witness w1."""
    return receive_report(
        reference="skw-2026-0001",
        channel=ReportChannel.IN_PERSON,
        received_on=on,
        schools=schools,
        parties=parties or (VICTIM, REPORTED, WITNESS),
        forms=forms,
        impacts=impacts,
    ).report


def run(report: SchoolReport, *commands: Command, today: date | None = None) -> SchoolReport:
    """Apply each command in turn (each at its ``on``, else ``today``), as the school
    records it: on the day it claims unless ``today`` says when (SKW 46, 51, 62, 64
    bound a step's date by today)."""
    for command in commands:
        report = decide(report, command, today or recorded_on(report, command), CALENDAR).report
    return report


def refused_by(
    rule: Rule, report: SchoolReport, *commands: Command, today: date | None = None
) -> RuleViolation:
    """`run`, expecting ``rule`` to refuse one of the commands with its kind's status;
    the error, for what else a test checks of it."""
    with pytest.raises(RuleViolation) as refused:
        run(report, *commands, today=today)
    assert (refused.value.rule, refused.value.status) == (rule.name, rule.status)
    return refused.value


def recorded_on(report: SchoolReport, command: Command) -> date:
    """The day a school records ``command``: the day it claims, else the first day the
    step may be dated (never before :data:`MONDAY`)."""
    return command.on or max(MONDAY, follows(report, command)[0])


def day(n: int) -> date:
    """``n`` calendar days after :data:`MONDAY`."""
    return MONDAY + timedelta(days=n)


REPRIMAND = Sanction(
    party_id="p1", tier=SanctionTier.LIGHT, pupil_sanction=PupilSanction.WRITTEN_REPRIMAND
)


def examined(report: SchoolReport | None = None) -> SchoolReport:
    """The default report with the victim and the reported pupil examined in March 2026."""
    return run(
        report or new_report(),
        RequestStatement(party_id="v1", on=day(1)),
        RecordExamination(
            party_id="v1", official_record_ref="BA-01", accompanied_by=PARENT, on=day(2)
        ),
        Summon(party_id="p1", on=day(2)),
        RecordExamination(party_id="p1", official_record_ref="BA-02", on=day(3)),
    )


def proven_conclusion(*sanctions: Sanction, on: date | None = None) -> Conclude:
    return Conclude(
        finding=ConclusionFinding.PROVEN,
        reported_party_ids=("p1",),
        forms=frozenset({ViolenceForm.PHYSICAL}),
        recommendations=Recommendations(sanctions=sanctions or (REPRIMAND,), recovery_for=("v1",)),
        on=on or day(4),
    )


def concluded(report: SchoolReport | None = None) -> SchoolReport:
    return run(examined(report), proven_conclusion())


def decided(report: SchoolReport | None = None, *, on: date | None = None) -> SchoolReport:
    """Concluded on Friday 6 March 2026, decided by the school head (Monday 9 March)."""
    return run(
        concluded(report),
        IssueDecision(
            finding=ConclusionFinding.PROVEN,
            signed_by=DecisionAuthority.SCHOOL_HEAD,
            sanctions=(REPRIMAND,),
            on=on or day(7),
        ),
    )


def transferred() -> SchoolReport:
    """A pupil transferred as a heavy sanction on a Satgas recommendation (SKW 56(3)-(4)),
    decided on day 7."""
    transfer = Sanction(
        party_id="p1",
        tier=SanctionTier.HEAVY,
        pupil_sanction=PupilSanction.TRANSFER_TO_ANOTHER_SCHOOL,
        transfer_recommended_by=Handler.SATGAS,
    )
    return run(
        examined(new_report(impacts=(Impact.SEVERE_PSYCHOLOGICAL_TRAUMA,))),
        proven_conclusion(transfer),
        IssueDecision(
            finding=ConclusionFinding.PROVEN,
            signed_by=DecisionAuthority.SCHOOL_HEAD,
            sanctions=(transfer,),
            on=day(7),
        ),
    )


def head_not_proven(*, civil_servant: bool = False) -> SchoolReport:
    """The school head is reported, so the Satgas handles the report (SKW 38(1)a): both
    sides examined, concluded not proven on day 4 with the head's good name restored."""
    return run(
        new_report(VICTIM, school_head("h1", PartyRole.REPORTED, civil_servant=civil_servant)),
        RequestStatement(party_id="v1", on=day(1)),
        RecordExamination(
            party_id="v1", official_record_ref="BA-1", accompanied_by=PARENT, on=day(1)
        ),
        Summon(party_id="h1", on=day(2)),
        RecordExamination(party_id="h1", official_record_ref="BA-2", on=day(2)),
        Conclude(
            finding=ConclusionFinding.NOT_PROVEN,
            reported_party_ids=("h1",),
            forms=frozenset({ViolenceForm.PSYCHOLOGICAL}),
            recommendations=Recommendations(restore_good_name=True),
            on=day(4),
        ),
    )


KEPALA_DINAS_DECISION = IssueDecision(
    finding=ConclusionFinding.NOT_PROVEN,
    signed_by=DecisionAuthority.KEPALA_DINAS,
    restore_good_name=True,
    on=day(7),
)
"""The Kepala Dinas decides on the Satgas's report (SKW 50–51)."""


def received_by_all(report: SchoolReport, on: date) -> SchoolReport:
    return run(
        report,
        RecordDecisionReceived(party_id="v1", on=on),
        RecordDecisionReceived(party_id="p1", on=on),
    )
