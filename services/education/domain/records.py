"""What happened to a school report: the records :func:`~.process.decide` returns and
:func:`~.process.evolve` applies. Each names the article it carries out.

Records stay inside the education service (they hold party ids, not names); the events
other agencies see are built from them when the service is integrated.
"""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from pydantic import BaseModel, ConfigDict

from schemas.school import Handler, SatgasReason
from services.education.domain import values as v
from services.education.domain.parties import LocalId, Party


class Record(BaseModel):
    """Base of every record: frozen, dated, with the article it carries out."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    article: ClassVar[str]
    on: date


class ReportReceived(Record):
    """A report was received (SKW 36(2)a, 41), or violence found (36(3))."""

    article = "SKW Pasal 36(2)a, 36(3), 41"
    reference: LocalId


class HandlerAssigned(Record):
    """The TPPK handles, or the Satgas with its reasons (SKW 37(1), 38(1))."""

    article = "SKW Pasal 37-38"
    handler: Handler
    reasons: tuple[SatgasReason, ...]


class PartyAdded(Record):
    article = "SKW Pasal 1 angka 19-22"
    party: Party


class SchoolAdded(Record):
    article = "SKW Pasal 5 huruf c, 38(1)b"
    school_id: LocalId


class TppkWarned(Record):
    """The Satgas warned the TPPK to handle the report (SKW 37(2))."""

    article = "SKW Pasal 37(2)"


class EscalatedToSatgas(Record):
    """The TPPK did not act after the warning: the Satgas handles (SKW 37(3), 38(1)d)."""

    article = "SKW Pasal 37(3), 38(1)d"


class ConsentRecorded(Record):
    article = "SKW Pasal 37(5), 40(6)-(7)"
    consent: v.Consent


class SatgasConsulted(Record):
    """The TPPK consults and collaborates with the Satgas, with everyone's consent (37(5))."""

    article = "SKW Pasal 37(5)"


class InitialActionRecorded(Record):
    article = "SKW Pasal 42"
    action: v.InitialActionTaken


class ExaminationOpened(Record):
    article = "SKW Pasal 36(2)b, 44(1)"


class StatementRequested(Record):
    """A statement was requested from the reporter or victim; the first after the
    examination (re)opens starts its 30 working days (SKW 46(2))."""

    article = "SKW Pasal 46(2), 43(2)"
    request: v.StatementRequest
    starts_period: bool


class Summoned(Record):
    article = "SKW Pasal 43"
    summons: v.Summons


class PartyExamined(Record):
    """A person was examined, in a berita acara (SKW 45). Examining the reporter or victim
    with no period running starts one, as a request for their statement would (46(2))."""

    article = "SKW Pasal 45"
    record: v.ExaminationRecord
    starts_period: bool = False


class ProceedingWithoutReportedPerson(Record):
    """The reported person missed three summonses: the examination goes on (SKW 43(3))."""

    article = "SKW Pasal 43(3)"
    party_id: LocalId


class ExaminationStopped(Record):
    article = "SKW Pasal 47"
    stop: v.Stop


class ExaminationResumed(Record):
    article = "SKW Pasal 48"
    new_evidence_ref: str


class ExaminationCannotContinue(Record):
    article = "SKW Pasal 46(3)"


class Concluded(Record):
    article = "SKW Pasal 49-50"
    conclusion: v.Conclusion


class DecisionIssued(Record):
    article = "SKW Pasal 51-52"
    decision: v.FollowUpDecision


class DecisionReceived(Record):
    article = "SKW Pasal 62(1)"
    receipt: v.Receipt


class ObjectionFiled(Record):
    article = "SKW Pasal 61-62"
    objection: v.Objection


class ObjectionDecided(Record):
    article = "SKW Pasal 63-64"
    ruling: v.ObjectionRuling


class RecoveryStarted(Record):
    article = "SKW Pasal 65"
    start: v.RecoveryStart


class AccompanimentGiven(Record):
    article = "SKW Pasal 40"
    accompaniment: v.Accompaniment


class SchoolingRecorded(Record):
    article = "SKW Pasal 39; BTG Pasal 18(2)f"
    schooling: v.SchoolingRecord


class ReportAssessed(Record):
    article = "BTG Pasal 23"
    assessment: v.ReportAssessment


class ReporterSanctioned(Record):
    article = "BTG Pasal 23"
    sanction: v.ReporterSanction


class DinasTeamFormed(Record):
    article = "BTG Pasal 19(2)a, 19(3)"
    team: v.DinasTeam


class TeamFindingRecorded(Record):
    article = "BTG Pasal 19(4)"
    finding: v.TeamFinding


class BupatiReported(Record):
    article = "BTG Pasal 19(7)"
    report: v.BupatiReport


class HomeroomTeacherAssigned(Record):
    article = "BTG Pasal 18(4)b"
    teacher: v.HomeroomTeacher


class ImpactIdentified(Record):
    article = "SKW Pasal 65(2)-(3)"
    impact: v.PersonalImpact


class CounsellingReported(Record):
    article = "SKW Pasal 57(5)-(6)"
    report: v.CounsellingReport


class TransferStarted(Record):
    article = "SKW Pasal 56(5), 58"
    transfer: v.TransferStart


class ReintegrationReported(Record):
    article = "SKW Pasal 58(2)"
    report: v.ReintegrationReport
