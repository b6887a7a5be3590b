"""Frozen value objects a school report is made of: consents, summonses, official records,
the conclusion, the decision and its sanctions, objections, recovery and schooling.

They hold party ids, dates, document references and vocabulary values — never a name.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.facts import SchoolingOutcome
from schemas.school import (
    AccompanimentType,
    Addressee,
    AggravatingFactor,
    AnnulmentFollowUp,
    ConclusionFinding,
    ConsentGiver,
    ConsentPurpose,
    DecisionAuthority,
    Handler,
    InitialAction,
    MitigatingFactor,
    NoticeRecipient,
    ObjectionOutcome,
    PolicyRemedy,
    PupilSanction,
    SanctionTier,
    StaffSanction,
    StopReason,
    SummonsMethod,
    SupportPerson,
    ViolenceForm,
)
from services.education.domain.parties import LocalId


class Value(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Consent(Value):
    """A recorded consent (SKW 37(5) for consulting the Satgas, 40(6)–(7) for accompaniment)."""

    party_id: LocalId
    purpose: ConsentPurpose
    given_by: ConsentGiver
    on: date


class InitialActionTaken(Value):
    """A tindakan awal for a victim or witness (SKW Pasal 42)."""

    action: InitialAction
    party_id: LocalId
    on: date


class StatementRequest(Value):
    """Permintaan keterangan from the reporter or victim (SKW 46(2))."""

    party_id: LocalId
    addressed_to: Addressee
    on: date


class Summons(Value):
    """Panggilan (SKW 43): the ``number``-th summons of this party."""

    party_id: LocalId
    number: int = Field(ge=1)
    method: SummonsMethod
    addressed_to: Addressee
    on: date


class ExaminationRecord(Value):
    """A person examined, set down in a berita acara (SKW 45(4)) — its reference only."""

    party_id: LocalId
    official_record_ref: str
    accompanied_by: frozenset[SupportPerson] = frozenset()
    on: date


class PeriodClosure(StrEnum):
    """How an examination period ended."""

    CONCLUDED = "concluded"
    """The conclusion and recommendation were made (SKW 49)."""
    STOPPED = "stopped"
    """The examination was stopped (SKW 47)."""
    CANNOT_CONTINUE = "cannot_continue"
    """The 30 working days ran out: it cannot continue (SKW 46(3))."""


class ExaminationPeriod(Value):
    """The 30 working days of SKW Pasal 46, from the first request for a statement from
    the reporter or victim after the examination opened (or re-opened, Pasal 48)."""

    started_on: date
    closed_on: date | None = None
    closure: PeriodClosure | None = None


class Notice(Value):
    """A notice or copy to one recipient (SKW 47(2), 52(2)–(3))."""

    recipient: NoticeRecipient
    party_id: LocalId | None = None


class Stop(Value):
    """Penghentian pemeriksaan (SKW 47), set by the TPPK or Satgas chair."""

    reason: StopReason
    notices: tuple[Notice, ...]
    on: date
    doctor_statement_ref: str | None = None
    """SKW 47(1)a: the doctor's statement of the reported person's death or grave illness."""


class Sanction(Value):
    """An administrative sanction recommended (SKW 49(4)a) or imposed (SKW 52(1)a) on one
    reported person. A pupil's is a :class:`PupilSanction` (56), a non-ASN staff member's
    a :class:`StaffSanction` (55); an ASN staff member's follows civil-service law (54)."""

    party_id: LocalId
    tier: SanctionTier | None = None
    pupil_sanction: PupilSanction | None = None
    staff_sanction: StaffSanction | None = None
    civil_service_law: bool = Field(
        default=False, description="SKW 54: imposed under civil-service law, no SKW tier."
    )
    school_days: int | None = Field(
        default=None, ge=0, le=3650, description="Length of a pupil's educational action (56(2))."
    )
    transfer_recommended_by: Handler | None = Field(
        default=None, description="Satgas or Dinas recommendation for a transfer (56(4)b)."
    )
    proven_incidents_in_office: int = Field(
        default=1, ge=1, le=1000, description="Proven violent acts in office (55(4)b)."
    )
    mitigating: frozenset[MitigatingFactor] = frozenset()
    aggravating: frozenset[AggravatingFactor] = frozenset()


class Recommendations(Value):
    """Rekomendasi (SKW 49(4)–(5))."""

    sanctions: tuple[Sanction, ...] = Field(default=(), max_length=100)
    """49(4)a: for a proven finding."""
    recovery_for: tuple[LocalId, ...] = Field(default=(), max_length=100)
    """49(4)b: recovery of victim, reporter or witness, if not done or still needed."""
    continue_education: bool = True
    """49(4)c, 49(5)a: the follow-up of continued education."""
    restore_good_name: bool = False
    """49(5)b: for a finding of not proven."""


class Conclusion(Value):
    """Kesimpulan dan rekomendasi, part of the examination report (SKW 49), delivered to
    the school head or the Kepala Dinas (50) on ``on``."""

    finding: ConclusionFinding
    reported_party_ids: tuple[LocalId, ...]
    """49(3)a: the identity of the reported persons — by reference, never by name."""
    forms: frozenset[ViolenceForm]
    """49(3)b."""
    recommendations: Recommendations
    report_to: DecisionAuthority
    on: date


class FollowUpDecision(Value):
    """Keputusan on the examination report (SKW 51–52)."""

    finding: ConclusionFinding
    signed_by: DecisionAuthority
    sanctions: tuple[Sanction, ...]
    restore_good_name: bool
    copies: tuple[Notice, ...]
    on: date


class Receipt(Value):
    """When a party received the decision: the objection period starts (SKW 62(1))."""

    party_id: LocalId
    on: date


class Objection(Value):
    """Pengajuan keberatan (SKW 61–62), to the Satgas against a TPPK-route decision or to
    the local government (Dinas) against a Satgas-route decision (61(2))."""

    party_id: LocalId
    addressed_to: Handler
    received_on: date


class ObjectionRuling(Value):
    """The final decision on the objections (SKW 63(4)–(8))."""

    outcome: ObjectionOutcome
    reexamined: bool
    revised_sanctions: tuple[Sanction, ...] = ()
    annulment_follow_up: AnnulmentFollowUp | None = None
    policy_remedy: PolicyRemedy | None = None
    on: date


class RecoveryStart(Value):
    """Pemulihan started for a person (SKW 65)."""

    party_id: LocalId
    on: date


class Accompaniment(Value):
    """Pendampingan given to a person (SKW 40(4))."""

    party_id: LocalId
    kind: AccompanimentType
    on: date


class SchoolingRecord(Value):
    """How a pupil's education continues (SKW 39; LT 23): never an expulsion."""

    party_id: LocalId
    outcome: SchoolingOutcome
    on: date


class HomeroomTeacher(Value):
    """The wali kelas the school head assigns as a pupil's companion in the school: to
    make contact, build trust and calm the pupil (BTG 18(4)b), interview them (18(4)d)
    and report to the head (18(4)f). A local reference, never a name."""

    party_id: LocalId
    teacher_ref: LocalId
    on: date


class PersonalImpact(Value):
    """The impact identified for one person (SKW 65(2)): psychological, physical, on
    learning and on work, so the recovery each needs is chosen for them (65(3))."""

    party_id: LocalId
    psychological: bool = False
    physical: bool = False
    learning: bool = False
    work: bool = False
    on: date


class CounsellingReport(Value):
    """A report on the counselling programme of a pupil transferred as a sanction (SKW
    57(5)): by the institution the Satgas appointed (57(2)); the last one, ``completed``,
    is the result the Satgas gives the Dinas to judge the pupil ready (57(6))."""

    party_id: LocalId
    institution: str = Field(min_length=1, max_length=200)
    completed: bool
    on: date


class TransferStart(Value):
    """A transferred pupil starts at the new school (SKW 56(5), 58(2))."""

    party_id: LocalId
    on: date


class ReintegrationReport(Value):
    """The Satgas's report on reintegration to the Dinas (SKW 58(2))."""

    party_id: LocalId
    on: date


class ReportAssessor(StrEnum):
    """Who may find a report untrue (BTG Pasal 23): the school's prevention team (the
    *gugus pencegahan*, 14(1)) or the Dinas team for severe cases (the *tim
    penanggulangan*, 19(3))."""

    SCHOOL_PREVENTION_TEAM = "school_prevention_team"
    DINAS_TEAM = "dinas_team"


class ReportAssessment(Value):
    """The finding whether the report was true (BTG 23), by the body that assessed it."""

    assessed_by: ReportAssessor
    untrue: bool
    on: date


class ReporterSanctionKind(StrEnum):
    """What a school may impose on a reporter whose report was found untrue (BTG 23, in
    the forms of 20(1) a–c)."""

    ORAL_REPRIMAND = "oral_reprimand"
    WRITTEN_REPRIMAND = "written_reprimand"
    EDUCATIONAL_ACTION = "educational_action"


class ReporterSanction(Value):
    """A sanction on a reporter, only after the report was found untrue (BTG 23)."""

    party_id: LocalId
    kind: ReporterSanctionKind
    on: date


class DinasTeam(Value):
    """The team the Kepala Dinas forms for a severe case (BTG 19(2)a, (3)), responsible
    to the Kepala Dinas (19(5)): the decree's local reference, never names."""

    decree_ref: LocalId
    on: date


class TeamFinding(Value):
    """What the Dinas team found (BTG 19(4)): whether the school was negligent or let the
    violence happen, and whether it coordinated with law enforcement."""

    negligence_or_omission: bool
    law_enforcement_coordinated: bool
    on: date


class BupatiReport(Value):
    """The Kepala Dinas's report to the Bupati (BTG 19(7)): progress, periodically, or the
    result once the report was followed up (``final``)."""

    final: bool
    on: date
