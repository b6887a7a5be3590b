"""Who may see and do what with a report of violence in a school: the one rule, pure.

Three kinds of staff use the service, each through an account of its own:

- a school's **TPPK** (Tim Pencegahan dan Penanganan Kekerasan, SKW Pasal 1 angka 12,
  37(1)) handles the reports of its own school while the TPPK is their handler;
- the city **Satgas PPK** (Satuan Tugas, SKW 37–38) handles the reports of SKW 38 — the
  school head reported, more than one school, a TPPK member involved, a TPPK that did not
  act after a warning. A TPPK's report stays closed to it (SKW 37(5): the TPPK consults
  the Satgas only with the recorded consent of reporter, victim, witness and reported
  person) except for what it needs to supervise: the list, the deadlines, and the
  warning and take-over of SKW 37(2)–(3);
- the **Dinas** Pendidikan dan Kebudayaan supervises: it receives reports (SKW 41(1)c),
  sees every report's handling without names (it is sent the stop notices of 47(2)b,
  the decision copies of 52(2)b, the reports at once of BTG 18(2)i, and sanctions
  heads and Satgas, SKW 34(2)), and never the parties' identities, which stay with the
  team that examines (SKW 33, 44(2)).

A report out of reach answers 404, never 403: the answer must not tell that it exists.
A report in reach but a move the role may not make answers 403 with the rule.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from enum import IntEnum, StrEnum

from rujukan.errors import NotFound
from rujukan.rules import forbidden_rule
from schemas.school import Handler, PartyRole
from services.education.domain import rules
from services.education.domain.commands import (
    AssessReport,
    Command,
    DecideObjection,
    EscalateToSatgas,
    FormDinasTeam,
    IssueDecision,
    RecordTeamFinding,
    ReportToBupati,
    WarnTppk,
)
from services.education.domain.parties import Party
from services.education.domain.report import SchoolReport
from services.education.domain.values import ReportAssessor


class StaffRole(StrEnum):
    """Whose account it is."""

    TPPK = "tppk"
    """The TPPK of one school (SKW 37(1))."""
    SATGAS = "satgas"
    """The city's Satuan Tugas PPK (SKW 37–38)."""
    DINAS = "dinas"
    """The Dinas Pendidikan dan Kebudayaan (SKW 41(1)c, 34(2); BTG 19)."""
    PEMDA = "pemda_officer"
    """The Pemerintah Daerah's officer who decides objections to a decision on the
    Satgas's report (SKW 61(2)b, 63(1))."""


@dataclass(frozen=True, slots=True)
class Staff:
    """A logged-in member of staff: an account, its role and, for a TPPK, its school."""

    account_id: str
    role: StaffRole
    school_id: str | None = None


class Reach(IntEnum):
    """How far one member of staff reaches into one report (each level includes the
    ones below it)."""

    NONE = 0
    """Not even that it exists (404)."""
    OVERSIGHT = 1
    """The summary and the deadlines: no parties, no records (the Satgas on a TPPK's
    report, SKW 37(2))."""
    SUPERVISION = 2
    """The whole handling without identities (the Dinas)."""
    CONSULTED = 3
    """The whole handling with identities, on the consent of SKW 37(5) (the Satgas
    consulted by a TPPK); acting stays with the TPPK."""
    HANDLING = 4
    """Everything, and every step of the handling (the report's handler)."""


OVERSIGHT_STEPS: tuple[type[Command], ...] = (WarnTppk, EscalateToSatgas)
"""What the Satgas may do on a TPPK's report it otherwise only oversees (SKW 37(2)–(3))."""
DINAS_STEPS: tuple[type[Command], ...] = (FormDinasTeam, RecordTeamFinding, ReportToBupati)
"""The Kepala Dinas's and its team's (BTG 19(3)–(5), (7)): the Dinas's alone."""


def may_receive(staff: Staff, schools: Iterable[str]) -> bool:
    """A report reaches the TPPK, the Satgas or the local government (SKW 41(1)); a
    TPPK receives the reports that involve its own school."""
    if staff.role is StaffRole.TPPK:
        return staff.school_id in set(schools)
    return True


def objection_body(report: SchoolReport) -> StaffRole | None:
    """Who decides the report's objections (SKW 61(2), 63(1)): the Satgas those to the
    school head's decision on the TPPK's report, the Pemerintah Daerah those to the
    Kepala Dinas's on the Satgas's; never the body whose decision it is."""
    addressed = {objection.addressed_to for objection in report.objections}
    if addressed == {Handler.SATGAS}:
        return StaffRole.SATGAS
    if addressed == {Handler.DINAS}:
        return StaffRole.PEMDA
    return None


def reach(staff: Staff, report: SchoolReport) -> Reach:
    """How far ``staff`` reaches into ``report`` as it stands now."""
    if staff.role is StaffRole.DINAS:
        return Reach.SUPERVISION
    decides_objection = objection_body(report) is staff.role
    if staff.role is StaffRole.PEMDA:
        return Reach.SUPERVISION if decides_objection else Reach.NONE
    if staff.role is StaffRole.SATGAS:
        if report.handler is Handler.SATGAS:
            return Reach.HANDLING
        if report.satgas_consulted_on is not None:
            return Reach.CONSULTED
        # SKW 63(2)-(3): the Satgas evaluates the decision and its documents
        return Reach.SUPERVISION if decides_objection else Reach.OVERSIGHT
    handles = report.handler is Handler.TPPK and staff.school_id in report.schools
    return Reach.HANDLING if handles else Reach.NONE


def may_run(staff: Staff, report: SchoolReport, command: Command) -> bool:
    """A step of the handling is the handler's; the Satgas may also warn a TPPK and take
    its report over (SKW 37(2)–(3)); the Kepala Dinas decides on the Satgas's report
    (SKW 50–51); an objection is decided by the body above the one whose decision it is
    (SKW 61(2), 63(1)), never by the handler; in Batang the Dinas team's steps and its
    assessment of a report are the Dinas's alone (BTG 19(3)–(7), 23)."""
    if isinstance(command, DecideObjection):
        return staff.role is objection_body(report)
    if isinstance(command, DINAS_STEPS):
        return staff.role is StaffRole.DINAS
    if isinstance(command, AssessReport) and command.assessed_by is ReportAssessor.DINAS_TEAM:
        return staff.role is StaffRole.DINAS
    dinas_decides = report.handler is Handler.SATGAS and staff.role is StaffRole.DINAS
    if isinstance(command, IssueDecision) and dinas_decides:
        return True
    level = reach(staff, report)
    if level is Reach.HANDLING:
        return True
    return staff.role is StaffRole.SATGAS and isinstance(command, OVERSIGHT_STEPS)


RECEIVES_FOR_ITS_SCHOOL = forbidden_rule(
    "tppk_receives_for_its_school",
    "SKW Pasal 37(1), 41(1)",
    "a TPPK receives the reports that involve its own school",
)
DETAIL_NEEDS_CONSENT = forbidden_rule(
    "satgas_sees_tppk_report_when_consulted",
    "SKW Pasal 37(5)",
    "the Satgas sees a TPPK's report only when the TPPK consulted it with consent",
)
IDENTITIES_WITH_THE_EXAMINERS = forbidden_rule(
    "identities_stay_with_the_examiners",
    "SKW Pasal 33, 44(2)",
    "the identities of victim, witness and reported person stay with the TPPK or Satgas "
    "that examines",
)
OBJECTION_DECIDED_BY_THE_NEXT_BODY = forbidden_rule(
    "objection_decided_by_the_next_body",
    "SKW Pasal 61(2), 63(1)",
    "an objection to a decision on the TPPK's report is decided by the Satgas, one on the "
    "Satgas's report by the Pemerintah Daerah; never by the body whose decision it is",
)
ONLY_THE_HANDLER_ACTS = forbidden_rule(
    "only_the_handler_acts",
    "SKW Pasal 36(1), 37-38",
    "the steps of the handling are taken by the report's handler",
)


def not_found(reference: str) -> NotFound:
    """The one answer for a report that is unknown or out of reach."""
    return NotFound(f"no school report {reference!r}")


def require_reach(staff: Staff, report: SchoolReport, needed: Reach) -> None:
    """404 out of reach; 403 (naming the rule) when seen but not this far."""
    level = reach(staff, report)
    if level is Reach.NONE:
        raise not_found(report.reference)
    if level >= needed:
        return
    detail = f"{staff.role} {staff.account_id} on {report.reference}"
    if needed is Reach.HANDLING:
        ONLY_THE_HANDLER_ACTS.refuse(detail)
    if needed is Reach.CONSULTED and level is Reach.SUPERVISION:
        IDENTITIES_WITH_THE_EXAMINERS.refuse(detail)
    DETAIL_NEEDS_CONSENT.refuse(detail)


def process_party(report: SchoolReport, party_id: str) -> Party:
    """The victim or reporter a process code is for: they have the right to learn the
    whole process and its outcome (SKW 66(1)a); nobody else does through this door."""
    party = report.party(party_id)
    rules.PROCESS_FOR_VICTIM_OR_REPORTER.check(
        party.has(PartyRole.VICTIM) or party.has(PartyRole.REPORTER),
        f"party_id: {party_id} is neither a victim nor a reporter",
    )
    return party


def require_run(staff: Staff, report: SchoolReport, command: Command) -> None:
    """404 out of reach; 403 unless :func:`may_run`."""
    if reach(staff, report) is Reach.NONE:
        raise not_found(report.reference)
    if isinstance(command, DecideObjection):
        OBJECTION_DECIDED_BY_THE_NEXT_BODY.check(
            may_run(staff, report, command),
            f"{staff.role} {staff.account_id} on the objections of {report.reference}",
        )
    ONLY_THE_HANDLER_ACTS.check(
        may_run(staff, report, command),
        f"{staff.role} {staff.account_id} may not {type(command).__name__} on {report.reference}",
    )
