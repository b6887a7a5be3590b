"""The companion app's JSON API under ``/companion/api/`` (documented at ``/docs``).

The same session as the pages (the cookie from ``POST /companion/api/login`` or the login
page); state-changing requests carry the session's form token in the ``X-CSRF-Token``
header. Everything goes through `access.CompanionAccess`, so the 404 rule is the pages'
own, and through the same use cases and request models as the staff API. Without a
session: 401; without the right form token: 403.

(No ``from __future__ import annotations`` here: FastAPI reads the dependencies declared
inside `router` from the annotations, so they must be evaluated where they are written.)
"""

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request, Response
from pydantic import BaseModel, ConfigDict, Field

from rujukan.runtime.accounts import LoginRefused, Principal, WebSession
from rujukan.runtime.accounts.http import PUBLIC, requires
from rujukan.runtime.problems import Problem, refusals
from rujukan.runtime.routing import api_router
from rujukan.runtime.web.auth import CSRF_HEADER, Auth
from services.intake.routes.requests import OfflineAnswerRequest, OfflineReportRequest
from services.intake.usecases import IntakeHub
from services.intake.web.access import CompanionAccess
from services.intake.web.overview import CaseDetail, Overview, case_detail, overview
from services.intake.web.pages import COMPANION_ROLES


class LoginRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")

    companion_id: str = Field(min_length=1, max_length=64, examples=["comp-siti"])
    password: str = Field(min_length=1, max_length=1024)


class SessionView(BaseModel):
    """The logged-in companion and the token their state-changing requests carry."""

    companion_id: str
    display_name: str
    supervisor_id: str | None
    csrf_token: str = Field(description=f"Send it in the {CSRF_HEADER} header of every POST.")
    expires_at: datetime = Field(description="The session ends then, however active it is.")


class AcknowledgementView(BaseModel):
    case_id: str
    outcome_id: str
    acknowledged_at: datetime | None


REFUSALS = refusals(
    {
        401: "Not logged in, or the session expired.",
        403: f"Missing or wrong {CSRF_HEADER} header.",
        404: "No such case, or not yours.",
    }
)


def _session_view(session: WebSession) -> SessionView:
    return SessionView(
        companion_id=session.companion_id,
        display_name=session.account.display_name,
        supervisor_id=session.account.supervisor_id,
        csrf_token=session.csrf_token,
        expires_at=session.expires_at,
    )


def router(hub: IntakeHub, access: CompanionAccess, auth: Auth) -> APIRouter:
    api = api_router(prefix="/companion/api", tags=["companion app"], responses=REFUSALS)
    signed_in = requires(*COMPANION_ROLES)

    def logged_in(request: Request, _caller: Annotated[Principal, signed_in]) -> WebSession:
        session = auth.session_of(request)
        if session is None:
            raise HTTPException(status_code=401, detail="not logged in")
        return session

    def changing(
        session: Annotated[WebSession, Depends(logged_in)],
        token: Annotated[str | None, Header(alias=CSRF_HEADER)] = None,
    ) -> WebSession:
        if not auth.form_token_ok(session, token):
            raise HTTPException(status_code=403, detail=f"missing or wrong {CSRF_HEADER}")
        return session

    Reader = Annotated[WebSession, Depends(logged_in)]
    Writer = Annotated[WebSession, Depends(changing)]

    @api.post("/login", summary="Log in (sets the session cookie)", dependencies=[PUBLIC])
    def log_in(body: LoginRequest, request: Request, response: Response) -> SessionView:
        try:
            login = auth.log_in(request, body.companion_id, body.password, "companion_api")
        except LoginRefused:
            raise HTTPException(status_code=401, detail="wrong id or password") from None
        auth.start(response, login)
        return _session_view(login.session)

    @api.post("/logout", status_code=204, summary="Log out (ends the session)")
    def log_out(request: Request, response: Response, _session: Writer) -> None:
        auth.end(request, response)

    @api.get("/me", summary="The logged-in companion and the form token")
    def me(session: Reader) -> SessionView:
        return _session_view(session)

    @api.get("/cases", summary="My cases: overdue referrals first, then outcomes, then cases")
    def my_cases(session: Reader) -> Overview:
        return overview(hub, session.companion_id)

    @api.get("/cases/{case_id}", summary="One of my cases: a timeline per referral")
    def my_case(case_id: str, session: Reader) -> CaseDetail:
        return case_detail(hub, access.case(session.companion_id, case_id), session.companion_id)

    @api.post(
        "/cases/{case_id}/outcomes/{outcome_id}/acknowledgement",
        summary="Acknowledge an outcome delivered to me",
        responses={409: {"model": Problem}, 422: {"model": Problem}},
    )
    def acknowledge(case_id: str, outcome_id: str, session: Writer) -> AcknowledgementView:
        done = access.acknowledge(session.companion_id, case_id, outcome_id)
        outcome = done.case.outcomes[outcome_id]
        return AcknowledgementView(
            case_id=case_id, outcome_id=outcome_id, acknowledged_at=outcome.acknowledged_at
        )

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/offline-answer",
        summary="Record an offline institution's answer",
        responses={409: {"model": Problem}, 422: {"model": Problem}},
    )
    def offline_answer(
        case_id: str, referral_id: str, body: OfflineAnswerRequest, session: Writer
    ) -> CaseDetail:
        done = access.record_offline(session.companion_id, case_id, body.to_command(referral_id))
        return case_detail(hub, done.case, session.companion_id)

    @api.post(
        "/cases/{case_id}/referrals/{referral_id}/offline-report",
        summary="Record an offline institution's service report",
        responses={409: {"model": Problem}, 422: {"model": Problem}},
    )
    def offline_report(
        case_id: str, referral_id: str, body: OfflineReportRequest, session: Writer
    ) -> CaseDetail:
        done = access.record_offline(session.companion_id, case_id, body.to_command(referral_id))
        return case_detail(hub, done.case, session.companion_id)

    return api
