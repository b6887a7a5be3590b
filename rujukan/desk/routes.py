"""The desk's staff API: thin routes from requests to the desk's use cases.

Every route needs a desk account (`DESK_STAFF`). Errors are mapped once by
:func:`rujukan.runtime.http.create_app`, as problems (``rujukan.runtime.problems``): 404
for a referral this agency does not hold, 409 for a move the referral's status does not
allow, 422 naming the field or the rule (and its article).
"""

from datetime import date
from functools import partial
from typing import Annotated

from fastapi import APIRouter, Query, status
from pydantic import BaseModel, ConfigDict, Field

from rujukan.desk.rules import ReportDraft
from rujukan.desk.store import QueueQuery
from rujukan.desk.usecases import Desk
from rujukan.desk.views import CapacityView, OnwardResult, Queue, ReferralDetail, ReportView
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.problems import refusals
from rujukan.runtime.routing import api_router
from schemas.base import AgencyId, FreeText
from schemas.referral_status import ReferralStatus
from schemas.vocabulary import DeclineReason, ServiceType


class _Body(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class AcceptBody(_Body):
    note: FreeText | None = None


class DeclineBody(_Body):
    reason: DeclineReason
    detail: FreeText | None = Field(default=None, description="Required for reason 'other'.")


class HoldBody(_Body):
    reason: FreeText


class OnwardBody(_Body):
    target_id: AgencyId = Field(
        description="An agency the district's matrix lists for the referral's stage."
    )
    note: FreeText | None = None
    outcome_due_on: date | None = None
    final: bool = Field(
        default=False,
        description="Also close this referral as completed: our part ends here.",
    )


def refer_on(desk: Desk, referral_id: str, body: OnwardBody) -> OnwardResult:
    """Refer the child on as ``body`` asks: the API's and the web page's one call."""
    return desk.refer_on(
        referral_id,
        target_id=body.target_id,
        note=body.note,
        outcome_due_on=body.outcome_due_on,
        final=body.final,
    )


class CapacityBody(_Body):
    service: ServiceType
    available: int = Field(ge=0, le=100_000, examples=[3])
    capacity: int | None = Field(default=None, ge=0, le=100_000, examples=[8])


_NOT_FOUND = refusals({404: "No such referral at this agency."})
_REFUSED = refusals(
    {
        404: "No such referral at this agency.",
        409: "The referral's status does not allow this.",
        422: "The request breaks a rule (named, with article).",
    }
)


DESK_STAFF = requires("desk_staff", "desk_head")
"""The permission of every desk route: the staff of the agency that received the
referrals (each desk holds its own agency's referrals only, child identity included)."""


def build_router(desk: Desk) -> APIRouter:
    router = api_router(tags=["referral desk"], dependencies=[DESK_STAFF])
    created = partial(router.post, status_code=status.HTTP_201_CREATED, responses=_REFUSED)

    @router.get("/referrals", summary="The queue of referrals, newest first")
    def list_referrals(
        status_: Annotated[
            list[ReferralStatus] | None,
            Query(
                alias="status",
                max_length=20,
                description="Only these statuses (repeatable); new = received.",
            ),
        ] = None,
        case_id: str | None = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 100,
        offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
    ) -> Queue:
        return desk.queue(QueueQuery(status_ or (), case_id, limit, offset))

    @router.get("/referrals/{referral_id}", summary="One referral", responses=_NOT_FOUND)
    def get_referral(referral_id: str) -> ReferralDetail:
        """The referral with its reports (and whether each reached the companion), its
        onward referrals and every event sent to the case's hub."""
        return desk.detail(referral_id)

    @router.post("/referrals/{referral_id}/accept", summary="Accept", responses=_REFUSED)
    def accept(referral_id: str, body: AcceptBody | None = None) -> ReferralDetail:
        """received → accepted; sends ReferralAccepted to the case's hub."""
        return desk.accept(referral_id, note=body.note if body else None)

    @router.post("/referrals/{referral_id}/decline", summary="Decline", responses=_REFUSED)
    def decline(referral_id: str, body: DeclineBody) -> ReferralDetail:
        """received → declined, with a reason from the closed list ('other' needs a
        detail); sends ReferralDeclined to the case's hub."""
        return desk.decline(referral_id, body.reason, body.detail)

    @router.post("/referrals/{referral_id}/hold", summary="Pause", responses=_REFUSED)
    def hold(referral_id: str, body: HoldBody) -> ReferralDetail:
        """accepted or in_progress → on_hold; sends ReferralOnHold."""
        return desk.hold(referral_id, body.reason)

    @router.post("/referrals/{referral_id}/resume", summary="Resume", responses=_REFUSED)
    def resume(referral_id: str) -> ReferralDetail:
        """on_hold → in_progress; sends ReferralResumed."""
        return desk.resume(referral_id)

    @created("/referrals/{referral_id}/reports", summary="Report a step or the final result")
    def report(referral_id: str, body: ReportDraft) -> ReportView:
        """Sends ServiceReported to the case's hub. The first report moves an accepted
        referral to in_progress; a final one closes it (completed, or failed when not
        delivered). Facts must fit the referral's service; the response lists the
        warnings the rules raised without refusing."""
        return desk.report(referral_id, body)

    @created(
        "/referrals/{referral_id}/onward",
        summary="Refer the child on to another agency of the same stage",
    )
    def onward(referral_id: str, body: OnwardBody) -> OnwardResult:
        """Issues a new referral to the target (listed for the stage in the district's
        matrix, KH Lampiran I) naming the case's hub, sends the hub a copy, and records a
        referred_on report on this referral."""
        return refer_on(desk, referral_id, body)

    @router.post(
        "/capacity",
        summary="Publish a capacity notice",
        status_code=status.HTTP_201_CREATED,
        responses={422: _REFUSED[422]},
    )
    def publish_capacity(body: CapacityBody) -> CapacityView:
        """Sends a CapacityNotice to every intake hub of this agency's district, for a
        service the district's matrix lists this agency for."""
        return desk.publish_capacity(body.service, body.available, body.capacity)

    @router.get("/capacity", summary="The latest capacity notice of each service")
    def capacity() -> list[CapacityView]:
        return desk.capacity()

    return router
