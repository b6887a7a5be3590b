"""Events of the education service about violence in schools (SKW Pasal 36–68, BTG
Pasal 13–23), on its own journal topic ``rujukan.journal.<agency-id>``: what the Satgas
PPK, the Dinas and auditors read. Case ids, vocabulary values and dates only — never a
name, a party's id or a school's (SKW Pasal 33, 44(2))."""

from datetime import date, datetime

from pydantic import Field

from schemas.base import AgencyId, CaseEvent, CaseId, ReferralId, event_type, example
from schemas.school import (
    Handler,
    Impact,
    NoticeRecipient,
    PartyRole,
    ReportChannel,
    ReportOrigin,
    SatgasReason,
    SchoolDocument,
    SchoolNoticeKind,
    ViolenceForm,
)
from schemas.vocabulary import ServiceType


@event_type("school", "report_received")
class SchoolReportReceived(CaseEvent):
    """A report of suspected violence in a school was received through a channel of SKW
    Pasal 41, or the TPPK or Satgas found it without a report (36(3)); who handles it and
    why (SKW 37–38: the Satgas when a condition of 38(1) holds)."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        origin="report",
        channel="in_person",
        received_on="2026-11-23",
        handler="satgas",
        satgas_reasons=["reported_is_school_head"],
        forms=["sexual"],
        impacts=["sexual_violence", "fairly_serious_injury"],
    )

    agency_id: AgencyId
    origin: ReportOrigin
    channel: ReportChannel | None = None
    received_on: date
    handler: Handler
    satgas_reasons: list[SatgasReason] = Field(default_factory=list)
    forms: list[ViolenceForm] = Field(default_factory=list)
    impacts: list[Impact] = Field(default_factory=list)


@event_type("school", "routed")
class SchoolReportRouted(CaseEvent):
    """Who handles a report changed after it was received: another person or school
    turned out to be involved (SKW 38(1)a–c), or the Satgas took over from a TPPK that
    did not act after its warning (37(3), 38(1)d). A report never goes back to the TPPK."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        handler="satgas",
        satgas_reasons=["tppk_did_not_act"],
        routed_on="2026-11-30",
    )

    agency_id: AgencyId
    handler: Handler
    satgas_reasons: list[SatgasReason] = Field(default_factory=list)
    routed_on: date


@event_type("school", "notice_issued")
class SchoolNoticeIssued(CaseEvent):
    """A notice the school owed by itself was issued: to the parents of a pupil involved
    as victim or perpetrator (BTG 18(2)b, 18(4)h, 13(2)d), naming any referral made at
    once (18(4)c); or the immediate report to the Dinas or the Gugus Tugas (18(2)i).
    Parents are not on the network: the letter leaves the school, this event records it."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        notice_id="n-3f9a2b7c10d4",
        kind="parents",
        about=["victim"],
        article="BTG Pasal 18(2)b, 18(4)h, 13(2)d",
        by_letter=True,
        services=["health", "psychology"],
        issued_at="2026-11-23T09:00:00Z",
    )

    agency_id: AgencyId
    notice_id: str = Field(min_length=1, max_length=64)
    kind: SchoolNoticeKind
    about: list[PartyRole] = Field(
        default_factory=list, description="The role of the pupil whose parents are told."
    )
    article: str = Field(max_length=120)
    by_letter: bool = False
    services: list[ServiceType] = Field(
        default_factory=list, description="Services the pupil was referred to at once."
    )
    referral_ids: list[ReferralId] = Field(default_factory=list)
    issued_at: datetime


@event_type("school", "referral_handed_over")
class SchoolReferralHandedOver(CaseEvent):
    """BTG Pasal 18(6)k: the school head closed a referral of a pupil who did not receive
    the service needed, and the follow-up passes to the local government's social worker:
    on the network, the companion (pendamping) of the child's case at the district's intake
    hub, who sees it with the case's outcomes (LT Pasal 17(3)). Sent to that hub's inbox
    and on the education service's journal topic, for the Satgas PPK and the Dinas.

    ``case_id`` is the hub's case of the child, or the school report's own id when the
    referral has no hub case (no intake hub online in the district, or not a child): then
    only the journal has it. Case ids, agency ids and vocabulary only — never a name, a
    party's id or a school's (SKW Pasal 33, 44(2))."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001-1",
        school_report_id="sch-kh-disdikbud-0001",
        referral_id="r-3f9a2b7c10d4",
        agency_id="kh-disdikbud",
        hub_id="kh-hub",
        target_id="kh-rsud",
        service="health",
        article="BTG Pasal 18(6)k",
        handed_over_on="2026-12-14",
    )

    school_report_id: CaseId = Field(
        description="The school report: the case id of its events on the journal topic."
    )
    referral_id: ReferralId
    agency_id: AgencyId = Field(description="The education service that issued the referral.")
    hub_id: AgencyId | None = Field(
        default=None,
        description="The intake hub whose case companion follows up; none without a hub case.",
    )
    target_id: AgencyId = Field(description="The institution the referral was issued to.")
    service: ServiceType = Field(description="The service the pupil did not receive.")
    article: str = Field(max_length=120)
    handed_over_on: date = Field(description="The local date the school head closed it.")


@event_type("school", "deadline_missed")
class SchoolDeadlineMissed(CaseEvent):
    """A statutory deadline of a school report passed without the act it requires (SKW
    46, 51, 64), or the act came late: sent once, for the Satgas and the Dinas."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        deadline="examination",
        article="SKW Pasal 46",
        unit="working_days",
        starts_on="2026-10-01",
        due_on="2026-11-12",
        handler="tppk",
        detected_at="2026-11-13T00:05:00Z",
    )

    agency_id: AgencyId
    deadline: str = Field(min_length=1, max_length=64, description="The rule's name.")
    article: str = Field(max_length=120)
    unit: str = Field(max_length=32, description="working_days, calendar_days or school_days")
    starts_on: date
    due_on: date
    done_on: date | None = Field(default=None, description="Set when the act came late.")
    handler: Handler
    detected_at: datetime


@event_type("school", "referral_unroutable")
class SchoolReferralUnroutable(CaseEvent):
    """A referral a school owes at once found no institution on the network: for a pupil
    victim's service (BTG 18(4)c: "wajib melakukan rujukan segera") or the report to the
    local police (18(2)j), the district's matrix lists no institution that runs software.
    Nothing was sent on the network; the Satgas and the Dinas see that the school head
    must refer by letter. Sent once per pupil and service. ``about`` holds the pupil's
    roles, never who they are (SKW 33, 44(2))."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        service="psychology",
        article="BTG Pasal 18(4)c",
        about=["victim"],
        police_report=False,
        detected_at="2026-11-23T09:00:00Z",
    )

    agency_id: AgencyId
    service: ServiceType = Field(description="The service needed (legal: the police report).")
    article: str = Field(max_length=120)
    about: list[PartyRole] = Field(
        default_factory=list,
        description="The roles of the pupil the referral is for; empty for a police report "
        "without a pupil victim.",
    )
    police_report: bool = Field(default=False, description="The report of BTG 18(2)j.")
    detected_at: datetime


@event_type("school", "copies_sent")
class SchoolCopiesSent(CaseEvent):
    """A document of the handling was sent to the recipients the regulation names: the
    stop of an examination to the school head, the Kepala Dinas, the reported person and
    the reporter or victim (SKW 47(2)); a copy of the decision to the reported person, the
    Dinas or the school, and a reported pupil's parents (SKW 52(2)–(3)). One event per
    document. The people are not on the network: the letters leave the service, this
    event records them, by kind of recipient only (SKW 33, 44(2))."""

    model_config = example(
        case_id="sch-kh-disdikbud-0001",
        agency_id="kh-disdikbud",
        copies_id="c-5d1e0a9b7f21",
        document="decision",
        recipients=["reported_person", "dinas", "parents_of_reported_pupil"],
        copies=3,
        article="SKW Pasal 52(2), 52(3)",
        issued_on="2026-11-30",
        sent_at="2026-11-30T09:00:00Z",
    )

    agency_id: AgencyId
    copies_id: str = Field(min_length=1, max_length=64)
    document: SchoolDocument
    recipients: list[NoticeRecipient] = Field(
        min_length=1, description="Each kind of recipient once, in the regulation's order."
    )
    copies: int = Field(ge=1, description="How many copies or notices: one per person.")
    article: str = Field(max_length=120)
    issued_on: date = Field(description="The date of the document (the stop or decision).")
    sent_at: datetime
