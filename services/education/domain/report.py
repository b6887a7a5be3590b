"""The ``SchoolReport`` aggregate: one report (or finding) of suspected violence in a school
and how far its handling has gone (SKW Pasal 36–65).

The aggregate is a frozen value. It changes only through
:func:`~services.education.domain.process.decide` (which checks the rules and returns
records) and :func:`~services.education.domain.process.evolve` (which applies a record).
It holds parties by role and local id, never names (:mod:`.parties`).
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field, model_validator

from rujukan.errors import NotFound
from schemas.school import (
    ConsentPurpose,
    Handler,
    HandlingStep,
    Impact,
    ObjectionOutcome,
    PartyRole,
    ReportChannel,
    ReportOrigin,
    SatgasReason,
    ViolenceForm,
)
from services.education.domain import values as v
from services.education.domain.parties import LocalId, Party


class ProcessStatus(StrEnum):
    """Where the handling of a report stands."""

    RECEIVED = "received"
    """The report is received (36(2)a); the examination has not started."""
    EXAMINING = "examining"
    """Under examination (36(2)b, 44); a finding starts here (36(3))."""
    STOPPED = "stopped"
    """The examination is stopped (47); it may resume on new evidence (48)."""
    CANNOT_CONTINUE = "cannot_continue"
    """The 30 working days ran out and the examination cannot continue (46(3)). Final for
    the examination; recovery and accompaniment go on."""
    CONCLUDED = "concluded"
    """Conclusion and recommendation made, examination report delivered (49–50)."""
    DECIDED = "decided"
    """The decision is issued (51–52); objections may come (62)."""
    OBJECTED = "objected"
    """An objection awaits its decision (63–64)."""
    FINAL = "final"
    """The objection is decided; that decision is final (63(8))."""


_STEP_OF_STATUS: dict[ProcessStatus, HandlingStep] = {
    ProcessStatus.RECEIVED: HandlingStep.REPORT_RECEIVED,
    ProcessStatus.EXAMINING: HandlingStep.EXAMINATION,
    ProcessStatus.STOPPED: HandlingStep.EXAMINATION,
    ProcessStatus.CANNOT_CONTINUE: HandlingStep.EXAMINATION,
    ProcessStatus.CONCLUDED: HandlingStep.CONCLUSION_AND_RECOMMENDATION,
    ProcessStatus.DECIDED: HandlingStep.FOLLOW_UP_DECISION,
    ProcessStatus.OBJECTED: HandlingStep.FOLLOW_UP_DECISION,
    ProcessStatus.FINAL: HandlingStep.FOLLOW_UP_DECISION,
}

_STEP_ORDER = tuple(HandlingStep)


class SchoolReport(BaseModel):
    """One report of suspected violence in a school, or a TPPK finding (SKW 36(3))."""

    model_config = ConfigDict(frozen=True, extra="forbid")

    reference: LocalId = Field(description="The service's case reference; opaque.")
    origin: ReportOrigin
    channel: ReportChannel | None = Field(default=None, description="SKW 41(2); not for a finding.")
    received_on: date = Field(description="Report received, or violence found (36(3)).")
    schools: tuple[LocalId, ...] = Field(min_length=1)
    parties: tuple[Party, ...] = ()
    forms: frozenset[ViolenceForm] = frozenset()
    impacts: frozenset[Impact] = frozenset()

    handler: Handler = Handler.TPPK
    satgas_reasons: tuple[SatgasReason, ...] = ()
    warned_on: date | None = None
    escalated_on: date | None = None
    satgas_consulted_on: date | None = None
    status: ProcessStatus = ProcessStatus.RECEIVED

    consents: tuple[v.Consent, ...] = ()
    initial_actions: tuple[v.InitialActionTaken, ...] = ()
    statement_requests: tuple[v.StatementRequest, ...] = ()
    summonses: tuple[v.Summons, ...] = ()
    examinations: tuple[v.ExaminationRecord, ...] = ()
    proceeding_without: tuple[LocalId, ...] = ()
    periods: tuple[v.ExaminationPeriod, ...] = ()
    stops: tuple[v.Stop, ...] = ()
    conclusion: v.Conclusion | None = None
    decision: v.FollowUpDecision | None = None
    receipts: tuple[v.Receipt, ...] = ()
    objections: tuple[v.Objection, ...] = ()
    objection_ruling: v.ObjectionRuling | None = None
    recoveries: tuple[v.RecoveryStart, ...] = ()
    accompaniments: tuple[v.Accompaniment, ...] = ()
    schooling: tuple[v.SchoolingRecord, ...] = ()
    transfers: tuple[v.TransferStart, ...] = ()
    reintegration_reports: tuple[v.ReintegrationReport, ...] = ()
    counselling: tuple[v.CounsellingReport, ...] = ()
    homeroom_teachers: tuple[v.HomeroomTeacher, ...] = ()
    """BTG 18(4)b: each pupil's companion in the school."""
    assessments: tuple[v.ReportAssessment, ...] = ()
    """BTG 23: whether the report was found true, the latest counting."""
    reporter_sanctions: tuple[v.ReporterSanction, ...] = ()
    """BTG 23: sanctions on a reporter, only after the report was found untrue."""
    dinas_team: v.DinasTeam | None = None
    """BTG 19(2)a, (3): the Kepala Dinas's team for a severe case."""
    team_findings: tuple[v.TeamFinding, ...] = ()
    """BTG 19(4): what the team found, oldest first."""
    bupati_reports: tuple[v.BupatiReport, ...] = ()
    """BTG 19(7): the Kepala Dinas's reports to the Bupati, oldest first."""

    @property
    def found_untrue(self) -> bool:
        """Whether the latest assessment found the report untrue (BTG 23)."""
        return bool(self.assessments) and self.assessments[-1].untrue

    personal_impacts: tuple[v.PersonalImpact, ...] = ()
    """SKW 65(2): each person's impacts, the latest per person counting."""

    @model_validator(mode="after")
    def _consistent(self) -> SchoolReport:
        if (self.origin is ReportOrigin.REPORT) != (self.channel is not None):
            raise ValueError("a report has a channel (SKW 41(2)); a finding has none (36(3))")
        if len(set(self.schools)) != len(self.schools):
            raise ValueError("a school is listed twice")
        ids = [party.party_id for party in self.parties]
        if len(set(ids)) != len(ids):
            raise ValueError("a party id is listed twice")
        for party in self.parties:
            if party.school_id is not None and party.school_id not in self.schools:
                raise ValueError(f"party {party.party_id}'s school is not among the schools")
        return self

    # --- reading ---------------------------------------------------------------------------

    def party(self, party_id: str) -> Party:
        """The party with this id; :class:`~rujukan.errors.NotFound` if none."""
        for party in self.parties:
            if party.party_id == party_id:
                return party
        raise NotFound(f"no party {party_id!r} in report {self.reference}")

    def with_role(self, role: PartyRole) -> tuple[Party, ...]:
        return tuple(party for party in self.parties if party.has(role))

    @property
    def step(self) -> HandlingStep:
        """The furthest of the steps a–d of SKW 36(2) reached. Recovery (e) runs alongside
        from the report's receipt (65(1)), so it is not a position on this line."""
        return _STEP_OF_STATUS[self.status]

    @property
    def steps_reached(self) -> tuple[HandlingStep, ...]:
        """Every SKW 36(2) step reached, in the regulation's order (a finding skips a)."""
        furthest = _STEP_ORDER.index(self.step)
        reached = set(_STEP_ORDER[: furthest + 1])
        if self.origin is ReportOrigin.FINDING:
            reached.discard(HandlingStep.REPORT_RECEIVED)
        if self.recoveries:
            reached.add(HandlingStep.RECOVERY)
        return tuple(step for step in _STEP_ORDER if step in reached)

    @property
    def open_period(self) -> v.ExaminationPeriod | None:
        """The running 30-working-day examination period, if any (SKW 46)."""
        if self.periods and self.periods[-1].closed_on is None:
            return self.periods[-1]
        return None

    def summons_count(self, party_id: str) -> int:
        return sum(1 for summons in self.summonses if summons.party_id == party_id)

    def was_examined(self, party_id: str) -> bool:
        return any(record.party_id == party_id for record in self.examinations)

    def has_consent(self, party_id: str, purpose: ConsentPurpose) -> bool:
        return any(c.party_id == party_id and c.purpose is purpose for c in self.consents)

    def receipt_of(self, party_id: str) -> v.Receipt | None:
        return next((r for r in self.receipts if r.party_id == party_id), None)

    def objection_of(self, party_id: str) -> v.Objection | None:
        return next((o for o in self.objections if o.party_id == party_id), None)

    @property
    def effective_sanctions(self) -> tuple[v.Sanction, ...]:
        """The sanctions in force: the decision's, as the objection ruling left them
        (SKW 63(4), 63(6)b)."""
        if self.decision is None:
            return ()
        ruling = self.objection_ruling
        if ruling is None or ruling.outcome is ObjectionOutcome.UPHELD:
            return self.decision.sanctions
        if ruling.outcome is ObjectionOutcome.ANNULLED:
            return ruling.revised_sanctions
        revised = {sanction.party_id for sanction in ruling.revised_sanctions}
        kept = tuple(s for s in self.decision.sanctions if s.party_id not in revised)
        return kept + ruling.revised_sanctions
