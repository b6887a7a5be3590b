"""The violence-in-schools API as one member of staff may use it: the use cases of
:class:`~services.education.usecases.SchoolService` with the access rule of
:mod:`services.education.domain.access` applied, in the one place the routes go through.

Every check runs on the report as the use case loads it — for a command, inside its
unit of work on the locked row — so a report that changes hands (SKW 37(3), 38(1))
cannot slip between the check and the change.

A command's answer is what its caller may still read: the whole report, or only its
summary when the command moved the report out of the caller's sight (a TPPK that
records a report about its own school head hands it to the Satgas, SKW 38(1)a).
"""

from __future__ import annotations

from typing import Annotated

from rujukan.runtime.accounts import Principal
from rujukan.runtime.accounts.http import requires
from schemas.school import Handler
from schemas.vocabulary import ServiceType
from services.education.domain import PartyIdentity, ReferralPlan, SchoolReport
from services.education.domain.access import (
    RECEIVES_FOR_ITS_SCHOOL,
    Reach,
    Staff,
    StaffRole,
    may_receive,
    reach,
    require_reach,
    require_run,
)
from services.education.domain.commands import Command
from services.education.usecases import SchoolService
from services.education.usecases.batang import BatangStep
from services.education.usecases.opening import Opening
from services.education.usecases.queries import summary
from services.education.usecases.school import ReportGuard
from services.education.views import (
    DeadlineView,
    IdentityList,
    ProcessView,
    ReferralView,
    ReportDetail,
    ReportSummary,
)

STAFF_ROLES = tuple(role.value for role in StaffRole)
"""The roles the violence-in-schools API admits; the rule of `reach` does the rest."""
STAFF = requires(*STAFF_ROLES)
"""The permission of every staff route (the principal as a parameter)."""


def staff_of(principal: Principal) -> Staff:
    """The member of staff an account is, by its first school role (tppk, satgas, dinas)."""
    role = next(StaffRole(r) for r in STAFF_ROLES if r in principal.roles)
    return Staff(account_id=principal.account_id, role=role, school_id=principal.school_id)


def needs(staff: Staff, level: Reach) -> ReportGuard:
    def guard(report: SchoolReport) -> None:
        require_reach(staff, report, level)

    return guard


def to_run(staff: Staff, command: Command) -> ReportGuard:
    def guard(report: SchoolReport) -> None:
        require_run(staff, report, command)

    return guard


class SchoolAccess:
    """The use cases as an authenticated member of staff may use them."""

    def __init__(self, service: SchoolService) -> None:
        self.service = service

    @staticmethod
    async def current_staff(principal: Annotated[Principal, STAFF]) -> Staff:
        """The caller of a route (a FastAPI dependency): an account with a school role
        (401 without credentials, 403 without the role). Async: it reads nothing, so it
        needs no worker thread."""
        return staff_of(principal)

    # --- commands -----------------------------------------------------------------

    def receive(self, staff: Staff, opening: Opening) -> ReportDetail | ReportSummary:
        """A report reaches the TPPK of a school involved, the Satgas or the Dinas (SKW
        41(1))."""
        schools = opening.schools
        RECEIVES_FOR_ITS_SCHOOL.check(
            may_receive(staff, schools), f"{staff.account_id} is not at {schools}"
        )
        return self._answer(staff, self.service.open_report(opening))

    def run(
        self,
        staff: Staff,
        reference: str,
        command: Command,
        identity: PartyIdentity | None = None,
    ) -> ReportDetail | ReportSummary:
        report = self.service.run(reference, command, identity, guard=to_run(staff, command))
        return self._answer(staff, report)

    def refer(
        self,
        staff: Staff,
        reference: str,
        *,
        party_id: str,
        service: ServiceType,
        stage: str | None,
        target_id: str | None,
    ) -> ReferralView:
        return self.service.refer_for_recovery(
            reference,
            party_id=party_id,
            service=service,
            stage=stage,
            target_id=target_id,
            guard=needs(staff, Reach.HANDLING),
        )

    def plan(self, staff: Staff, referral_id: str, plan: ReferralPlan) -> ReferralView:
        return self.service.plan_referral(referral_id, plan, needs(staff, Reach.HANDLING))

    def batang_step(self, staff: Staff, referral_id: str, step: BatangStep) -> ReferralView:
        return self.service.batang_step(referral_id, step, needs(staff, Reach.HANDLING))

    def _answer(self, staff: Staff, report: SchoolReport) -> ReportDetail | ReportSummary:
        if reach(staff, report) >= Reach.SUPERVISION:
            return self.service.detail(report.reference)
        return summary(report)

    # --- reads --------------------------------------------------------------------

    def reports(self, staff: Staff, handler: Handler | None) -> list[ReportSummary]:
        return self.service.reports(handler, visible=lambda r: reach(staff, r) > Reach.NONE)

    def deadlines(self, staff: Staff, *, missed_only: bool) -> list[DeadlineView]:
        return self.service.deadlines(
            missed_only=missed_only, visible=lambda r: reach(staff, r) > Reach.NONE
        )

    def detail(self, staff: Staff, reference: str) -> ReportDetail:
        return self.service.detail(reference, needs(staff, Reach.SUPERVISION))

    def identities(self, staff: Staff, reference: str) -> IdentityList:
        return self.service.identities(reference, needs(staff, Reach.CONSULTED))

    def process(self, staff: Staff, reference: str, party_id: str) -> ProcessView:
        return self.service.process(reference, party_id, needs(staff, Reach.HANDLING))

    def process_code(self, staff: Staff, reference: str, party_id: str) -> str:
        return self.service.issue_process_code(reference, party_id, needs(staff, Reach.HANDLING))

    def referral(self, staff: Staff, referral_id: str) -> ReferralView:
        return self.service.referral_view(referral_id, needs(staff, Reach.SUPERVISION))
