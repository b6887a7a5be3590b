"""Continued schooling on a referral the education service received (LT Pasal 17(2)b,
23; SKW Pasal 39): the one route the desk does not have.

A school or the Dinas says in its own words how the child's schooling goes on; the
words are mapped onto the closed list of outcomes, and anything that amounts to an
expulsion is refused citing LT Pasal 23(2) — before it can become a report.
"""

from fastapi import APIRouter, status
from pydantic import BaseModel, ConfigDict, Field

from rujukan.desk import Desk
from rujukan.desk.routes import DESK_STAFF
from rujukan.desk.rules import ReportDraft
from rujukan.desk.views import ReportView
from schemas.base import FreeText
from schemas.facts import SchoolingContinued
from schemas.vocabulary import OutcomeStatus
from services.education.domain.schooling import refuse_expulsion


class SchoolingBody(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")

    outcome: FreeText = Field(
        description=(
            "continuing_same_school, transferred, re_enrolled or home_or_online_learning; "
            "an outcome amounting to expulsion is refused (LT Pasal 23(2))."
        ),
        examples=["transferred"],
    )
    school: FreeText | None = Field(
        default=None, description="The school, required for a transfer or a re-enrolment."
    )
    final: bool = Field(default=True, description="Closes the referral as completed.")


def build_router(desk: Desk) -> APIRouter:
    router = APIRouter(tags=["continued schooling"], dependencies=[DESK_STAFF])

    @router.post(
        "/referrals/{referral_id}/schooling",
        summary="Report how the child's schooling continues",
        status_code=status.HTTP_201_CREATED,
    )
    def report_schooling(referral_id: str, body: SchoolingBody) -> ReportView:
        """A schooling report on an education referral (LT Pasal 23; SKW 39): sends
        ServiceReported with a ``schooling`` fact to the case's hub. 422 ``no_expulsion``
        (LT Pasal 23(2)) for an outcome that amounts to expelling the child."""
        desk.detail(referral_id)  # 404 for a referral this agency does not hold
        outcome = refuse_expulsion(body.outcome)
        draft = ReportDraft(
            status=OutcomeStatus.COMPLETED,
            final=body.final,
            facts=[SchoolingContinued(outcome=outcome, school=body.school)],
        )
        return desk.report(referral_id, draft)

    return router
