"""Continued schooling on a referral the education service received (LT Pasal 17(2)b,
23; SKW Pasal 39; BTG Pasal 18(2)f): the one route the desk does not have.

A school or the Dinas says in its own words how the child's schooling goes on; the
words are mapped onto the closed list of outcomes under the district's schooling rules,
and where the binding regulation forbids expulsion (LT Pasal 23(2)) anything that amounts
to one is refused citing it — before it can become a report.
"""

from collections.abc import Callable

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from rujukan.desk import Desk
from rujukan.desk.routes import DESK_STAFF
from rujukan.desk.rules import ReportDraft
from rujukan.desk.views import ReportView
from rujukan.runtime.routing import api_router
from schemas.base import FreeText
from schemas.facts import SchoolingContinued
from schemas.vocabulary import OutcomeStatus
from services.education.domain.schooling import SchoolingRules, schooling_outcome


class SchoolingBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: FreeText = Field(
        description=(
            "continuing_same_school, transferred, re_enrolled or home_or_online_learning; "
            "where the district's regulation forbids expulsion (LT Pasal 23(2)), an "
            "outcome amounting to one is refused citing it."
        ),
        examples=["transferred"],
    )
    school: FreeText | None = Field(
        default=None, description="The school, required for a transfer or a re-enrolment."
    )
    final: bool = Field(default=True, description="Closes the referral as completed.")


def router_of(schooling: SchoolingRules | None) -> Callable[[Desk], APIRouter]:
    """The schooling route on a desk, under the district's schooling rules."""
    return lambda desk: build_router(desk, schooling)


def build_router(desk: Desk, schooling: SchoolingRules | None) -> APIRouter:
    router = api_router(tags=["continued schooling"], dependencies=[DESK_STAFF])

    @router.post(
        "/referrals/{referral_id}/schooling",
        summary="Report how the child's schooling continues",
        status_code=status.HTTP_201_CREATED,
    )
    def report_schooling(referral_id: str, body: SchoolingBody) -> ReportView:
        """A schooling report on an education referral (LT Pasal 23; SKW 39; BTG
        18(2)f): sends ServiceReported with a ``schooling`` fact to the case's hub. 422
        ``no_expulsion`` (LT Pasal 23(2), where it binds) for an outcome that amounts to
        expelling the child, ``schooling_outcome_known`` for any other unknown one."""
        desk.detail(referral_id)  # 404 for a referral this agency does not hold
        outcome = schooling_outcome(body.outcome, schooling)
        draft = ReportDraft(
            status=OutcomeStatus.COMPLETED,
            final=body.final,
            facts=[SchoolingContinued(outcome=outcome, school=body.school)],
        )
        return desk.report(referral_id, draft)

    return router
