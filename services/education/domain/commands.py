"""What the TPPK, the Satgas, the school head or the Kepala Dinas asks of a school report.

Each command may carry ``on``, the day the act happened; without it the act happens on
the ``today`` given to :func:`~.process.decide` (a local date in the district's time zone).
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field

from schemas.facts import SchoolingOutcome
from schemas.school import (
    AccompanimentType,
    AnnulmentFollowUp,
    ConclusionFinding,
    ConsentGiver,
    ConsentPurpose,
    DecisionAuthority,
    InitialAction,
    ObjectionOutcome,
    PolicyRemedy,
    StopReason,
    SummonsMethod,
    SupportPerson,
    ViolenceForm,
)
from services.education.domain.parties import LocalId, Party
from services.education.domain.values import (
    Recommendations,
    ReportAssessor,
    ReporterSanctionKind,
    Sanction,
)


class Command(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    on: date | None = None


# --- routing and consent ---------------------------------------------------------------------


class AddParty(Command):
    """Another person turns out to be involved; routing is checked again (SKW 38(1))."""

    party: Party


class AddSchool(Command):
    """Another school turns out to be involved (SKW 5 huruf c, 38(1)b)."""

    school_id: LocalId


class WarnTppk(Command):
    """The Satgas warns a TPPK that does not handle the report (SKW 37(2))."""


class EscalateToSatgas(Command):
    """The warned TPPK still does not act: the Satgas takes over (SKW 37(3), 38(1)d)."""


class RecordConsent(Command):
    party_id: LocalId
    purpose: ConsentPurpose
    given_by: ConsentGiver


class ConsultSatgas(Command):
    """The TPPK consults and collaborates with the Satgas (SKW 37(5))."""


class TakeInitialAction(Command):
    """A first protective action for a victim or witness (SKW 42)."""

    action: InitialAction
    party_id: LocalId


# --- examination --------------------------------------------------------------------------------


class RequestStatement(Command):
    """Ask the reporter or victim for a statement (SKW 45(1)a, 46(2))."""

    party_id: LocalId


class Summon(Command):
    """Summon a reporter, victim, witness or reported person (SKW 43(1))."""

    party_id: LocalId
    method: SummonsMethod = SummonsMethod.WRITTEN


class RecordExamination(Command):
    """A person was examined; ``official_record_ref`` is the berita acara's number (45(4))."""

    party_id: LocalId
    official_record_ref: str
    accompanied_by: frozenset[SupportPerson] = frozenset()


class ProceedWithoutReportedPerson(Command):
    """Go on without a reported person who missed three summonses (SKW 43(3))."""

    party_id: LocalId


class StopExamination(Command):
    reason: StopReason
    reported_not_found: bool = False
    """47(1)a: the reported person could not be found (no doctor's statement to give)."""
    doctor_statement_ref: str | None = Field(default=None, min_length=1, max_length=120)
    """47(1)a: the doctor's statement (keterangan dokter) of death or grave illness."""


class ResumeExamination(Command):
    """Resume a stopped examination on new evidence (SKW 48)."""

    new_evidence_ref: str


class DeclareCannotContinue(Command):
    """State that the examination cannot continue after 30 working days (SKW 46(3))."""


class Conclude(Command):
    """The conclusion and recommendation, delivered in the examination report (49–50)."""

    finding: ConclusionFinding
    reported_party_ids: tuple[LocalId, ...] = Field(max_length=100)
    forms: frozenset[ViolenceForm]
    recommendations: Recommendations


# --- decision and objection -------------------------------------------------------------------


class IssueDecision(Command):
    """The school head's or Kepala Dinas's decision (SKW 51–52)."""

    finding: ConclusionFinding
    signed_by: DecisionAuthority
    sanctions: tuple[Sanction, ...] = Field(default=(), max_length=100)
    restore_good_name: bool = False


class RecordDecisionReceived(Command):
    party_id: LocalId


class FileObjection(Command):
    """An objection by the victim or perpetrator, received on ``on`` (SKW 61–62)."""

    party_id: LocalId


class DecideObjection(Command):
    """The final decision on the objections (SKW 63–64)."""

    outcome: ObjectionOutcome
    reexamined: bool = False
    revised_sanctions: tuple[Sanction, ...] = Field(default=(), max_length=100)
    annulment_follow_up: AnnulmentFollowUp | None = None
    policy_remedy: PolicyRemedy | None = None


# --- recovery, accompaniment, schooling ---------------------------------------------------------


class StartRecovery(Command):
    party_id: LocalId


class Accompany(Command):
    party_id: LocalId
    kind: AccompanimentType


class RecordSchooling(Command):
    """How a pupil's education continues (SKW 39, BTG 18(2)f); the service maps a text
    under its district's schooling rules, refusing an expulsion where one is forbidden."""

    party_id: LocalId
    outcome: SchoolingOutcome | str


class AssessReport(Command):
    """The school's prevention team or the Dinas team finds whether the report was true
    (BTG Pasal 23): only a report found untrue lets the school sanction its reporter."""

    assessed_by: ReportAssessor
    untrue: bool


class SanctionReporter(Command):
    """The school sanctions a reporter whose report was found untrue (BTG Pasal 23)."""

    party_id: LocalId
    kind: ReporterSanctionKind


class FormDinasTeam(Command):
    """The Kepala Dinas forms the team for a case of fairly serious injury, physical
    disability or death (BTG Pasal 19(2)a, (3))."""

    decree_ref: LocalId


class RecordTeamFinding(Command):
    """The Dinas team's initial handling: whether the school was negligent or let the
    violence happen, and its coordination with law enforcement (BTG Pasal 19(4))."""

    negligence_or_omission: bool
    law_enforcement_coordinated: bool


class ReportToBupati(Command):
    """The Kepala Dinas reports the progress to the Bupati, periodically, or the result
    once the report was followed up (``final``) (BTG Pasal 19(7))."""

    final: bool = False


class AssignHomeroomTeacher(Command):
    """The school head assigns the pupil's homeroom teacher as companion (BTG 18(4)b)."""

    party_id: LocalId
    teacher_ref: LocalId


class IdentifyImpact(Command):
    """The impact on one victim, witness or child pupil perpetrator (SKW 65(2))."""

    party_id: LocalId
    psychological: bool = False
    physical: bool = False
    learning: bool = False
    work: bool = False


class ReportCounselling(Command):
    """A periodic report on a transferred pupil's counselling programme (SKW 57(5)); the
    last one says it is completed, the result for the Dinas (57(6))."""

    party_id: LocalId
    institution: str = Field(min_length=1, max_length=200)
    completed: bool = False


class StartAtNewSchool(Command):
    """A transferred pupil starts learning at the new school (SKW 56(5), 58(2))."""

    party_id: LocalId


class ReportReintegration(Command):
    """The Satgas reports the reintegration to the Dinas (SKW 58(2))."""

    party_id: LocalId
