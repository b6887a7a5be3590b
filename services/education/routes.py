"""The HTTP API of violence in schools (SKW Pasal 36–68, BTG Pasal 13–23): thin routes
from requests to :class:`~services.education.access.SchoolAccess`, the use cases as the
caller's staff account may use them.

Every route needs a staff account's token (``Authorization: Bearer``, 401 without):
the TPPK of a school, the Satgas PPK or the Dinas (:mod:`services.education.domain.access`).

The body of each step of the handling is the pure domain's own command (frozen, no extra
fields), so what the API accepts is exactly what the rules check. Errors are mapped once
by :func:`rujukan.runtime.http.create_app`: 404 for an unknown report, party or referral
(or one out of the caller's reach), 403 for a move the caller's role may not make, 409
for a move the report's state forbids, 422 naming the field or the rule and its article.
"""

from datetime import date
from functools import partial
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, status
from pydantic import BaseModel, ConfigDict, Field, model_validator

from rujukan.runtime.accounts.http import PUBLIC
from rujukan.runtime.problems import Problem, refusals
from rujukan.runtime.routing import api_router
from schemas.base import DocumentRef
from schemas.school import Handler, Impact, ReportChannel, ViolenceForm
from schemas.vocabulary import ServiceType
from services.education.access import SchoolAccess
from services.education.domain import Party, PartyIdentity, ReferralPlan
from services.education.domain import commands as c
from services.education.domain.access import Staff
from services.education.domain.parties import LocalId
from services.education.usecases.opening import Opening
from services.education.views import (
    DeadlineView,
    IdentityList,
    ProcessView,
    ReferralView,
    ReportDetail,
    ReportSummary,
)

_REFUSED = refusals(
    {
        401: "No valid staff token.",
        403: "The caller's role may not do this (named rule).",
        404: "No such report, party or referral in reach.",
        409: "The report's state does not allow this.",
        422: "The request breaks a rule (named, with article).",
    }
)


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Finding(_Body):
    """Violence found by the TPPK or Satgas without a report (SKW 36(3))."""

    schools: list[LocalId] = Field(
        min_length=1, max_length=20, description="The schools involved (NPSN)."
    )
    parties: list[Party] = Field(default_factory=list, max_length=100)
    identities: list[PartyIdentity] = Field(
        default_factory=list,
        max_length=100,
        description="Who the parties are: kept in this service only (SKW 33, 44(2)).",
    )
    forms: list[ViolenceForm] = Field(
        default_factory=list, max_length=20, description="SKW 6, BTG 10."
    )
    impacts: list[Impact] = Field(
        default_factory=list, max_length=20, description="BTG 18(2), 18(4)c."
    )
    on: date | None = Field(default=None, description="Received or found; today by default.")
    request_letter_ref: DocumentRef | None = Field(
        default=None,
        description="The school head's referral request letter (BTG 18(6)c, LT Pasal 9(2)).",
    )

    @model_validator(mode="after")
    def _identities_of_parties(self) -> "Finding":
        ids = {p.party_id for p in self.parties}
        for identity in self.identities:
            if identity.party_id not in ids:
                raise ValueError(f"identity of {identity.party_id!r}, who is not a party")
        return self


class Report(Finding):
    """A report through any channel of SKW Pasal 41(2); no evidence is required (41(3))."""

    channel: ReportChannel


class NewParty(c.AddParty):
    identity: PartyIdentity | None = None


class RecoveryReferral(_Body):
    """A recovery service through the intake hub (SKW 65): the matrix's first institution
    online for the service, unless a stage and target are named."""

    party_id: LocalId
    service: ServiceType
    stage: str | None = None
    target_id: str | None = None


class LetterRef(_Body):
    letter_ref: DocumentRef


class ReportRef(_Body):
    report_ref: DocumentRef


class PartyRef(_Body):
    party_id: LocalId


class ProcessCode(_Body):
    """A code a victim or reporter follows their process with (SKW 66(1)a)."""

    party_id: LocalId
    code: str = Field(min_length=16, max_length=64)


class ProcessCodeBody(_Body):
    code: str = Field(min_length=16, max_length=64)


class Closing(_Body):
    service_received: bool = Field(
        description="Closed (18(6)j), or handed to the local government social worker (k)."
    )


STEPS: tuple[tuple[str, type[c.Command], str], ...] = (
    ("schools", c.AddSchool, "Another school is involved (SKW 5c, 38(1)b)"),
    ("warning", c.WarnTppk, "The Satgas warns a TPPK that does not act (SKW 37(2))"),
    ("escalation", c.EscalateToSatgas, "The Satgas takes over after the warning (37(3))"),
    ("consents", c.RecordConsent, "A consent (SKW 37(5), 40(6)-(7))"),
    ("satgas-consultation", c.ConsultSatgas, "The TPPK consults the Satgas (SKW 37(5))"),
    ("initial-actions", c.TakeInitialAction, "A first protective action (SKW 42)"),
    ("statement-requests", c.RequestStatement, "Ask the reporter or victim (SKW 46(2))"),
    ("summonses", c.Summon, "A summons; a child's goes to the parents (SKW 43)"),
    ("examinations", c.RecordExamination, "A person examined, in a berita acara (SKW 45)"),
    ("proceed-without", c.ProceedWithoutReportedPerson, "After a third summons (SKW 43(3))"),
    ("stop", c.StopExamination, "Stop the examination, with its notices (SKW 47)"),
    ("resume", c.ResumeExamination, "Resume on new evidence (SKW 48)"),
    ("cannot-continue", c.DeclareCannotContinue, "After 30 working days (SKW 46(3))"),
    ("conclusion", c.Conclude, "Conclusion and recommendation (SKW 49-50)"),
    ("decision", c.IssueDecision, "The decision and its copies (SKW 51-52, 53-56, 59)"),
    ("decision-receipts", c.RecordDecisionReceived, "A party received the decision (62(1))"),
    ("objections", c.FileObjection, "An objection (SKW 61-62)"),
    ("objection-decision", c.DecideObjection, "The final decision on objections (SKW 63-64)"),
    ("accompaniment", c.Accompany, "Accompaniment with recorded consent (SKW 40)"),
    ("schooling", c.RecordSchooling, "How schooling continues; no expulsion (LT 23, SKW 39)"),
    ("homeroom-teacher", c.AssignHomeroomTeacher, "The pupil's companion in school (BTG 18(4)b)"),
    ("assessment", c.AssessReport, "Whether the report was true (BTG 23)"),
    ("reporter-sanctions", c.SanctionReporter, "Only on a report found untrue (BTG 23)"),
    ("dinas-team", c.FormDinasTeam, "The Kepala Dinas's team, severe cases (BTG 19(2)a, (3))"),
    ("team-findings", c.RecordTeamFinding, "Negligence, law enforcement (BTG 19(4))"),
    ("bupati-reports", c.ReportToBupati, "The Kepala Dinas's report to the Bupati (BTG 19(7))"),
    ("impacts", c.IdentifyImpact, "The impacts on one person (SKW 65(2))"),
    ("counselling-reports", c.ReportCounselling, "Counselling before the new school (SKW 57)"),
    ("new-school-start", c.StartAtNewSchool, "A transferred pupil starts (SKW 56(5), 57(1), 58)"),
    ("reintegration-report", c.ReportReintegration, "The Satgas's report (SKW 58(2))"),
)
"""Each step of the handling: path under ``/school-reports/{reference}/``, its command."""


Answer = ReportDetail | ReportSummary
"""A command's answer: the report, or its summary once it left the caller's sight."""


def _step_route(
    router: APIRouter, access: SchoolAccess, path: str, command: type[c.Command], summary: str
) -> None:
    def step(
        reference: str, body: Any, staff: Annotated[Staff, Depends(access.current_staff)]
    ) -> Answer:
        return access.run(staff, reference, body)

    step.__annotations__["body"] = command
    step.__name__ = f"step_{path.replace('-', '_')}"
    step.__doc__ = (command.__doc__ or summary).strip()
    router.post(
        f"/school-reports/{{reference}}/{path}",
        summary=summary,
        responses=_REFUSED,
    )(step)


def _open(
    access: SchoolAccess, staff: Staff, body: Finding, channel: ReportChannel | None
) -> Answer:
    """A report (``channel`` set) or a finding without one: the finding's fields are the
    opening's."""
    finding = {name: getattr(body, name) for name in Finding.model_fields}
    return access.receive(staff, Opening(channel=channel, **finding))


def build_router(access: SchoolAccess) -> APIRouter:
    router = api_router(tags=["violence in schools"])
    Caller = Annotated[Staff, Depends(access.current_staff)]
    created = partial(router.post, status_code=status.HTTP_201_CREATED, responses=_REFUSED)

    @created("/school-reports", summary="Receive a report (SKW 41)")
    def receive(body: Report, staff: Caller) -> Answer:
        """Routes it to the TPPK or the Satgas (SKW 37-38) and, in the same transaction,
        sends what BTG 18 owes: parents' notices, immediate referrals with the hub's case,
        the report to the Dinas or Gugus Tugas and to the police."""
        return _open(access, staff, body, body.channel)

    @created("/school-reports/findings", summary="Record a finding without a report (SKW 36(3))")
    def find(body: Finding, staff: Caller) -> Answer:
        """Handling starts at the examination; BTG 18 applies as to a report."""
        return _open(access, staff, body, None)

    @router.get("/school-reports", summary="The reports, newest first")
    def reports(staff: Caller, handler: Handler | None = None) -> list[ReportSummary]:
        """The reports in the caller's reach: a TPPK its school's while it handles
        them, the Satgas and the Dinas all. ``?handler=satgas`` lists what the Satgas
        handles (SKW 38)."""
        return access.reports(staff, handler)

    @router.get("/school-reports/{reference}", summary="One report", responses=_REFUSED)
    def detail(reference: str, staff: Caller) -> ReportDetail:
        """The whole handling, no names: for its handler, the Dinas, and the Satgas
        when a TPPK consulted it with consent (SKW 37(5))."""
        return access.detail(staff, reference)

    @router.get(
        "/school-reports/{reference}/identities",
        summary="Who the parties are",
        responses=_REFUSED,
    )
    def identities(reference: str, staff: Caller) -> IdentityList:
        """Personal data for the TPPK or Satgas that examines only (SKW 33, 44(2))."""
        return access.identities(staff, reference)

    @router.get(
        "/school-reports/{reference}/process",
        summary="The process and its outcome, for a victim or reporter (SKW 66(1)a)",
        responses=_REFUSED,
    )
    def process(reference: str, party_id: Annotated[str, Query()], staff: Caller) -> ProcessView:
        """What the handler tells a victim or reporter; 404 for a party who is neither."""
        return access.process(staff, reference, party_id)

    @created(
        "/school-reports/{reference}/process-codes",
        summary="A code for a victim or reporter to follow the process (SKW 66(1)a)",
    )
    def process_code(reference: str, body: PartyRef, staff: Caller) -> ProcessCode:
        """Shown this once, for the handler to hand to the victim or reporter; the
        service keeps its digest. 422 ``process_for_victim_or_reporter`` for anyone else."""
        code = access.process_code(staff, reference, body.party_id)
        return ProcessCode(party_id=body.party_id, code=code)

    @router.post(
        "/school-process",
        summary="Follow one's own process with its code (SKW 66(1)a)",
        responses={404: {"model": Problem, "description": "No such code."}},
        dependencies=[PUBLIC],
    )
    def process_by_code(body: ProcessCodeBody) -> ProcessView:
        """For a victim or reporter, without a staff account: the code is in the body,
        never in a URL that logs keep. The steps, who handles and why, the outcome and
        their own referrals — no one else's identity or id."""
        return access.service.process_by_code(body.code)

    @router.post("/school-reports/{reference}/parties", summary="Add a party", responses=_REFUSED)
    def add_party(reference: str, body: NewParty, staff: Caller) -> Answer:
        """Routing is checked again (SKW 38(1)); BTG 18 applies to the new party."""
        command = c.AddParty(party=body.party, on=body.on)
        return access.run(staff, reference, command, body.identity)

    for path, command, summary in STEPS:
        _step_route(router, access, path, command, summary)

    @created(
        "/school-reports/{reference}/referrals",
        summary="Refer for recovery through the intake hub (SKW 65)",
    )
    def refer(reference: str, body: RecoveryReferral, staff: Caller) -> ReferralView:
        return access.refer(
            staff,
            reference,
            party_id=body.party_id,
            service=body.service,
            stage=body.stage,
            target_id=body.target_id,
        )

    @router.get("/school-referrals/{referral_id}", summary="One referral", responses=_REFUSED)
    def referral(referral_id: str, staff: Caller) -> ReferralView:
        return access.referral(staff, referral_id)

    @router.post("/school-referrals/{referral_id}/plan", summary="BTG 18(6)a-b", responses=_REFUSED)
    def plan(referral_id: str, body: ReferralPlan, staff: Caller) -> ReferralView:
        return access.plan(staff, referral_id, body)

    @router.post(
        "/school-referrals/{referral_id}/request-letter",
        summary="BTG 18(6)c",
        responses=_REFUSED,
    )
    def request_letter(referral_id: str, body: LetterRef, staff: Caller) -> ReferralView:
        return access.batang_step(
            staff, referral_id, lambda r, _today: r.issue_request_letter(body.letter_ref)
        )

    @router.post(
        "/school-referrals/{referral_id}/carried-out", summary="BTG 18(6)d", responses=_REFUSED
    )
    def carried_out(referral_id: str, staff: Caller) -> ReferralView:
        return access.batang_step(staff, referral_id, lambda r, today: r.carry_out(today))

    @router.post(
        "/school-referrals/{referral_id}/result", summary="BTG 18(6)e-f", responses=_REFUSED
    )
    def result(referral_id: str, body: ReportRef, staff: Caller) -> ReferralView:
        return access.batang_step(
            staff, referral_id, lambda r, _today: r.report_result(body.report_ref)
        )

    @router.post(
        "/school-referrals/{referral_id}/monitoring", summary="BTG 18(6)g-i", responses=_REFUSED
    )
    def monitoring(referral_id: str, body: ReportRef, staff: Caller) -> ReferralView:
        return access.batang_step(
            staff, referral_id, lambda r, _today: r.report_monitoring(body.report_ref)
        )

    @router.post(
        "/school-referrals/{referral_id}/close", summary="BTG 18(6)j-k", responses=_REFUSED
    )
    def close(referral_id: str, body: Closing, staff: Caller) -> ReferralView:
        return access.batang_step(
            staff,
            referral_id,
            lambda r, today: r.close(service_received=body.service_received, on=today),
        )

    @router.get("/school-deadlines", summary="Statutory deadlines of every report")
    def deadlines(staff: Caller, missed: bool = False) -> list[DeadlineView]:
        """The deadlines of the reports in the caller's reach; ``?missed=true``: what
        the Satgas and the Dinas must look at (SKW 46, 51, 64)."""
        return access.deadlines(staff, missed_only=missed)

    return router
