"""Case lifecycle events of the intake hub (LT Pasal 7–20).

These events are the hub's journal of a case: they carry the case id and
administrative facts, never the child's identity. The identity travels only inside
:class:`ComplaintSubmitted` (another agency to the hub) and a referral that needs it.
"""

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, ConfigDict, Field

from schemas.base import (
    PERSONAL_DATA,
    AgencyId,
    CaseEvent,
    DocumentRef,
    FreeText,
    Sealable,
    event_type,
    example,
)
from schemas.vocabulary import (
    CaseCategory,
    CompanionRole,
    ComplainantType,
    ComplaintChannel,
    ContractParty,
    ServiceType,
    Sex,
    TerminationReason,
)


class ChildIdentity(BaseModel):
    """Identitas anak: personal data. Stored only by the intake hub and sent only to an
    agency whose referral needs it (LT Pasal 5 kerahasiaan; UU PDP 27/2022)."""

    model_config = ConfigDict(frozen=True, json_schema_extra={PERSONAL_DATA: True})

    name: str = Field(min_length=1, max_length=200)
    date_of_birth: date | None = Field(
        default=None, description="Unknown for some trafficking victims; then age is estimated."
    )
    estimated_age: int | None = Field(default=None, ge=0, le=17)
    sex: Sex
    address: str | None = Field(default=None, max_length=300)
    disability: str | None = Field(default=None, max_length=200)
    guardian_contact: str | None = Field(default=None, max_length=200)


@event_type("complaint", "submitted")
class ComplaintSubmitted(CaseEvent, Sealable):
    """A complaint sent to the hub's inbox by another agency (a school's TPPK, the
    police, a community organisation). An agency's report comes with a request letter
    addressed to the Kepala Dinas (LT Pasal 9(2)). Carries the child's identity: it is
    addressed to the hub only."""

    model_config = example(
        case_id="c-sch-2026-0001",
        channel="school",
        complainant=ComplainantType.AGENCY,
        request_letter_ref="421/045/SMPN2/2026",
        suspected_category="sexual_violence",
        child={"name": "(name)", "sex": "female", "estimated_age": 13},
        summary="Reported by the school's TPPK",
    )

    channel: ComplaintChannel
    complainant: ComplainantType
    request_letter_ref: DocumentRef | None = None
    suspected_category: CaseCategory | None = None
    child: ChildIdentity
    summary: FreeText | None = None


@event_type("complaint", "received")
class ComplaintReceived(CaseEvent):
    """Penerimaan pengaduan (LT Pasal 8a, 9): the hub received a complaint on its
    complaint form. No identity: the case id stands for the child."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        district="kapuas-hulu",
        channel="hotline_129",
        complainant="family",
        received_at="2026-11-23T09:15:00Z",
    )

    district: str = Field(examples=["kapuas-hulu"])
    channel: ComplaintChannel
    complainant: ComplainantType
    received_at: datetime
    request_letter_ref: DocumentRef | None = None
    suspected_category: CaseCategory | None = None
    submitted_by: AgencyId | None = Field(
        default=None,
        description=(
            "The agency that submitted the complaint through the network "
            "(ComplaintSubmitted); it may refer the child itself (BTG 18(4)c)."
        ),
    )


@event_type("case", "emergency_handled")
class EmergencyHandled(CaseEvent, Sealable):
    """Penanganan kedaruratan (LT Pasal 10): safety and mental health secured, possibly
    before registration."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        action="Child moved to a safe place with the family's consent",
        handled_at="2026-11-23T10:00:00Z",
    )

    action: FreeText
    handled_at: datetime


@event_type("case", "registered")
class CaseRegistered(CaseEvent):
    """Registrasi (LT Pasal 11): the case gets its number and category (LT Pasal 4(1))."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        case_number="KH/2026/0001",
        category="trafficking",
        district="kapuas-hulu",
        registered_at="2026-11-23T11:00:00Z",
    )

    case_number: str = Field(examples=["KH/2026/0001"])
    category: CaseCategory
    district: str
    registered_at: datetime


@event_type("companion", "assigned")
class CompanionAssigned(CaseEvent):
    """Penugasan (LT Pasal 7(3)-(4), 12): the one companion of the case, with the
    assignment letter of their institution. A reassignment names the predecessor."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        companion_id="comp-siti",
        role="social_worker",
        assignment_letter_ref="800/112/DINSOS/2026",
        assigned_at="2026-11-23T11:30:00Z",
    )

    companion_id: str = Field(examples=["comp-siti"])
    role: CompanionRole
    assignment_letter_ref: DocumentRef
    assigned_at: datetime
    replaces_companion_id: str | None = None


@event_type("case", "initial_contact_made")
class InitialContactMade(CaseEvent):
    """Kontak awal (LT Pasal 13): the companion met the child to build trust."""

    model_config = example(case_id="c-7f3a9c1e20b4", contacted_at="2026-11-23T13:00:00Z")

    contacted_at: datetime


@event_type("case", "service_contract_agreed")
class ServiceContractAgreed(CaseEvent):
    """Kontrak layanan (LT Pasal 14): agreement of the child and/or the family."""

    model_config = example(
        case_id="c-7f3a9c1e20b4", agreed_by="child_and_guardian", agreed_at="2026-11-23T14:00:00Z"
    )

    agreed_by: ContractParty
    agreed_at: datetime


@event_type("case", "assessment_completed")
class AssessmentCompleted(CaseEvent):
    """Asesmen (LT Pasal 15): the conclusion's recommended services. The condition
    findings stay in the hub's records."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        recommended_services=["health", "shelter", "legal"],
        completed_at="2026-11-24T09:00:00Z",
    )

    recommended_services: list[ServiceType] = Field(min_length=1)
    completed_at: datetime


class PlannedService(BaseModel):
    """One line of an intervention plan: a matrix stage, a target institution, a due date."""

    model_config = ConfigDict(frozen=True)

    stage: str = Field(examples=["REHABILITASI_KESEHATAN"])
    service: ServiceType
    target_id: AgencyId
    due_on: date


@event_type("case", "intervention_plan_agreed")
class InterventionPlanAgreed(CaseEvent):
    """Rencana intervensi by case conference (LT Pasal 16)."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        plan_version=1,
        services=[
            {
                "stage": "REHABILITASI_KESEHATAN",
                "service": "health",
                "target_id": "kh-rsud",
                "due_on": "2026-11-30",
            }
        ],
        participants=["kh-hub", "kh-rsud", "kh-polres"],
        agreed_at="2026-11-24T10:00:00Z",
    )

    plan_version: int = Field(ge=1)
    services: list[PlannedService] = Field(min_length=1)
    participants: list[str] = Field(default_factory=list)
    agreed_at: datetime


@event_type("case", "evaluated")
class CaseEvaluated(CaseEvent):
    """Evaluasi (LT Pasal 19) by the companion: well → prepare termination; not yet
    well → case conference, and a new assessment when more services are needed."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        physically_and_mentally_well=False,
        more_services_needed=True,
        evaluated_at="2026-12-10T09:00:00Z",
    )

    physically_and_mentally_well: bool
    more_services_needed: bool = False
    evaluated_at: datetime


@event_type("case", "terminated")
class CaseTerminated(CaseEvent, Sealable):
    """Terminasi kasus with one of the four reasons of LT Pasal 20(2)."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        reason="services_completed",
        terminated_at="2026-12-20T09:00:00Z",
    )

    reason: TerminationReason
    terminated_at: datetime
    referred_to: FreeText | None = Field(
        default=None, description="Where the child was referred, for reason referred_elsewhere."
    )


class ConsentOf(StrEnum):
    """Whose consent a repatriation or reintegration waits for (BLU Pasal 1 angka 8:
    "atas keinginan dan persetujuan saksi dan/atau korban")."""

    VICTIM = "victim"
    WITNESS = "witness"


@event_type("case", "return_consent_recorded")
class ReturnConsentRecorded(CaseEvent):
    """The victim or witness wants and agrees to be repatriated or reintegrated (BLU
    Pasal 1 angka 8), in a district whose data adopts that safeguard; recorded by the
    case's companion before any such referral leaves. For a child, the child's own
    consent, and whether a parent or guardian was present when it was given."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        consent_of="victim",
        parent_or_guardian_present=True,
        article="BLU Pasal 1 angka 8",
        recorded_at="2026-11-25T09:00:00Z",
    )

    consent_of: ConsentOf
    parent_or_guardian_present: bool = False
    article: str = Field(max_length=120, description="Where the district's rule comes from.")
    recorded_at: datetime


@event_type("case", "return_consent_withdrawn")
class ReturnConsentWithdrawn(CaseEvent):
    """The victim or witness no longer agrees (BLU Pasal 1 angka 8): every open
    repatriation and reintegration referral of the case is cancelled, and each target is
    told with a ReferralCancelled."""

    model_config = example(
        case_id="c-7f3a9c1e20b4",
        consent_of="victim",
        article="BLU Pasal 1 angka 8",
        withdrawn_at="2026-11-28T09:00:00Z",
    )

    consent_of: ConsentOf
    article: str = Field(max_length=120, description="Where the district's rule comes from.")
    withdrawn_at: datetime
