"""Structured facts a service report carries: outcomes and document references only.

Health data and police facts are sensitive (UU PDP 27/2022 treats health and
children's data as specific personal data): a fact says *that* something happened
and where its document is kept, never a diagnosis, an injury description or a
statement. Which facts fit which service is :data:`FACTS_BY_SERVICE`.
"""

from datetime import date
from enum import StrEnum
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

from schemas.base import AgencyId, DocumentRef, FreeText, ReferralId
from schemas.vocabulary import ServiceType


class Fact(BaseModel):
    model_config = ConfigDict(frozen=True, extra="ignore")


# --- health (KH Lampiran I: RSUD and puskesmas) ---------------------------------------


class MedicalExamination(Fact):
    """Pemeriksaan medis done. Findings stay in the medical record."""

    kind: Literal["medical_examination"] = "medical_examination"
    examined_on: date


class VisumIssued(Fact):
    """Visum et repertum issued (forensic medical report) — its reference and date."""

    kind: Literal["visum_issued"] = "visum_issued"
    document_ref: DocumentRef
    issued_on: date


class TreatmentPhase(StrEnum):
    STARTED = "started"
    ONGOING = "ongoing"
    COMPLETED = "completed"


class Treatment(Fact):
    """Pengobatan / perawatan: started, ongoing or completed."""

    kind: Literal["treatment"] = "treatment"
    phase: TreatmentPhase


class ReferredOn(Fact):
    """The child was sent on to another agency (e.g. a puskesmas to the RSUD); the
    onward referral id keeps the chain visible to the hub and the companion."""

    kind: Literal["referred_on"] = "referred_on"
    to_agency: AgencyId
    onward_referral_id: ReferralId


class DidNotAttend(Fact):
    """The child did not come to the appointment."""

    kind: Literal["did_not_attend"] = "did_not_attend"


# --- social (Dinas Sosial, Polres temporary shelter, partner organisations) ------------


class ShelterAdmitted(Fact):
    """Admitted to a rumah singgah or temporary shelter (Polres: about two weeks,
    KH Lampiran I)."""

    kind: Literal["shelter_admitted"] = "shelter_admitted"
    admitted_on: date


class ShelterDischarged(Fact):
    kind: Literal["shelter_discharged"] = "shelter_discharged"
    discharged_on: date


class PsychologistArranged(Fact):
    """A psychologist arranged, with the provincial DP3A or Dinas Sosial (KH Lampiran I)."""

    kind: Literal["psychologist_arranged"] = "psychologist_arranged"
    arranged_with: FreeText = Field(examples=["DP3A Provinsi Kalimantan Barat"])


class PsychologySession(Fact):
    """A session was held; its content stays with the psychologist."""

    kind: Literal["psychology_session"] = "psychology_session"
    held_on: date
    session_number: int = Field(ge=1)


class RehabilitationKind(StrEnum):
    SOCIAL_REHABILITATION = "social_rehabilitation"
    SPIRITUAL_ACCOMPANIMENT = "spiritual_accompaniment"


class ProgrammePhase(StrEnum):
    ENROLLED = "enrolled"
    COMPLETED = "completed"


class Rehabilitation(Fact):
    """Social rehabilitation or spiritual accompaniment by a partner organisation."""

    kind: Literal["rehabilitation"] = "rehabilitation"
    rehabilitation: RehabilitationKind
    phase: ProgrammePhase
    partner: FreeText | None = None


class Repatriation(Fact):
    """Pemulangan coordinated (with the provincial DP3A), with origin and destination
    as place names, never a street address."""

    kind: Literal["repatriation"] = "repatriation"
    origin: FreeText = Field(examples=["Kuching, Sarawak"])
    destination: FreeText = Field(examples=["Kecamatan Badau"])
    coordinated_with: FreeText | None = None
    completed_on: date | None = None


class ReintegrationProvider(StrEnum):
    JOB_TRAINING = "job_training"
    """Disnakertrans: job training and skills."""
    EMPOWERMENT = "empowerment"
    """Dinas Koperasi / NGO empowerment programmes."""
    SOCIAL = "social"


class Reintegration(Fact):
    """Reintegrasi sosial dan ekonomi: a programme enrolled in or completed."""

    kind: Literal["reintegration"] = "reintegration"
    programme: FreeText
    provider: ReintegrationProvider
    phase: ProgrammePhase


# --- legal (Polres Unit PPA, Satpol PP, Bagian Hukum, Kantor Imigrasi) -----------------


class IdentificationDone(Fact):
    """Identification done (KH Lampiran I, stage IDENTIFIKASI)."""

    kind: Literal["identification_done"] = "identification_done"
    document_ref: DocumentRef | None = None


class PoliceReportRegistered(Fact):
    """Laporan polisi registered: its number only."""

    kind: Literal["police_report_registered"] = "police_report_registered"
    report_number: DocumentRef


class CriminalStage(StrEnum):
    INVESTIGATION = "investigation"
    CASE_FILE_TO_PROSECUTOR = "case_file_to_prosecutor"
    TRIAL = "trial"
    VERDICT = "verdict"
    RESTITUTION = "restitution"


class CriminalProcess(Fact):
    """A milestone of the criminal process (Unit PPA investigates, KH Lampiran II)."""

    kind: Literal["criminal_process"] = "criminal_process"
    stage: CriminalStage
    document_ref: DocumentRef | None = None


class LegalAidAssigned(Fact):
    """Bantuan hukum assigned by the Bagian Hukum Setda."""

    kind: Literal["legal_aid_assigned"] = "legal_aid_assigned"
    assignment_ref: DocumentRef


class EnforcementAction(Fact):
    """Penegakan (Satpol PP): the action taken, as a short administrative label."""

    kind: Literal["enforcement_action"] = "enforcement_action"
    action: FreeText


class ImmigrationResult(StrEnum):
    INDONESIAN_CITIZEN_CONFIRMED = "indonesian_citizen_confirmed"
    FOREIGN_NATIONAL = "foreign_national"
    TRAVEL_DOCUMENT_IRREGULAR = "travel_document_irregular"
    NO_RECORD_FOUND = "no_record_found"


class ImmigrationIdentification(Fact):
    """Identification from immigration data (Kantor Imigrasi Kelas III)."""

    kind: Literal["immigration_identification"] = "immigration_identification"
    result: ImmigrationResult


class MinistryLiaison(Fact):
    """Coordination with the law ministry (Kemenkumham) by the Kantor Imigrasi."""

    kind: Literal["ministry_liaison"] = "ministry_liaison"
    document_ref: DocumentRef


# --- education (LT Pasal 23, SKW Pasal 39) --------------------------------------------


class SchoolingOutcome(StrEnum):
    CONTINUING_SAME_SCHOOL = "continuing_same_school"
    TRANSFERRED = "transferred"
    RE_ENROLLED = "re_enrolled"
    HOME_OR_ONLINE_LEARNING = "home_or_online_learning"


class SchoolingContinued(Fact):
    """The child keeps their right to schooling; a victim may not be expelled
    (LT Pasal 23). There is deliberately no 'expelled' outcome."""

    kind: Literal["schooling"] = "schooling"
    outcome: SchoolingOutcome
    school: FreeText | None = Field(
        default=None, description="The new school's name, for a transfer or re-enrolment."
    )


# --- any service ------------------------------------------------------------------------


class ServiceNote(Fact):
    """A short administrative outcome note, e.g. recorded by a companion for an
    institution that runs no software."""

    kind: Literal["service_note"] = "service_note"
    summary: FreeText


ServiceFact = Annotated[
    MedicalExamination
    | VisumIssued
    | Treatment
    | ReferredOn
    | DidNotAttend
    | ShelterAdmitted
    | ShelterDischarged
    | PsychologistArranged
    | PsychologySession
    | Rehabilitation
    | Repatriation
    | Reintegration
    | IdentificationDone
    | PoliceReportRegistered
    | CriminalProcess
    | LegalAidAssigned
    | EnforcementAction
    | ImmigrationIdentification
    | MinistryLiaison
    | SchoolingContinued
    | ServiceNote,
    Field(discriminator="kind"),
]

_ANY = frozenset({"service_note", "did_not_attend", "referred_on"})
FACTS_BY_SERVICE: dict[ServiceType, frozenset[str]] = {
    ServiceType.HEALTH: _ANY | {"medical_examination", "visum_issued", "treatment"},
    ServiceType.SHELTER: _ANY | {"shelter_admitted", "shelter_discharged"},
    ServiceType.PSYCHOLOGY: _ANY | {"psychologist_arranged", "psychology_session"},
    ServiceType.SOCIAL_REHABILITATION: _ANY
    | {"rehabilitation", "psychologist_arranged", "psychology_session"},
    ServiceType.REPATRIATION: _ANY | {"repatriation"},
    ServiceType.REINTEGRATION: _ANY | {"reintegration"},
    ServiceType.IDENTIFICATION: _ANY
    | {"identification_done", "immigration_identification", "police_report_registered"},
    ServiceType.LEGAL: _ANY
    | {
        "police_report_registered",
        "criminal_process",
        "legal_aid_assigned",
        "enforcement_action",
        "immigration_identification",
        "ministry_liaison",
    },
    ServiceType.EDUCATION: _ANY | {"schooling"},
}
"""Which fact kinds a report on a referral for each service may carry. Services not
listed (civil registration, employment, family, ...) report service notes."""


def fact_fits_service(fact_kind: str, service: ServiceType) -> bool:
    """Whether a report on a ``service`` referral may carry a fact of ``fact_kind``."""
    return fact_kind in FACTS_BY_SERVICE.get(service, _ANY)
