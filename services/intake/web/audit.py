"""The auditor's trace page at the hub, under ``/audit/``, for the district's auditor only.

The auditor (role ``auditor``, a district account held at every agency with one API
token) signs in like a companion (the shared session cookie, form tokens and headers of
:mod:`rujukan.runtime.web`), then asks for a case: the hub's own journal is read here;
every agency the case's referrals went to is asked for its records
(``GET /trace/cases/{id}``) at its address in ``RUJUKAN_AGENCY_URLS``, with the API
token the auditor gives on the form. The token is checked to be the signed-in auditor's
and is used for that one request only, never stored. The records are joined by the same
code as ``rujukan trace`` (:func:`rujukan.runtime.case_trace.ask_agencies`), and the page
shows the timeline and where the records disagree: ids and administrative facts, never
an identity.
"""

from __future__ import annotations

from collections.abc import Mapping

import httpx
from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse

from rujukan.errors import NotFound
from rujukan.runtime.accounts import WebSession
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.case_trace import AUDITOR, Timeline, ask_agencies
from rujukan.runtime.routing import api_router
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.web.pages import FormField, WebPages
from services.intake.trace import hub_trace

PATH = "/audit"
HOME = f"{PATH}/"
AUDIT_PAGE = requires(AUDITOR, sign_in=f"{PATH}/login")
"""Every page but sign-in and static files: the auditor's session, or sign-in."""
ASK_TIMEOUT_S = 10.0


def router(runtime: AgencyRuntime, kit: WebPages) -> APIRouter:
    pages = api_router(include_in_schema=False)
    kit.add_session_routes(pages, "audit_web")
    urls: Mapping[str, str] = runtime.settings.agency_urls

    def form_page(
        request: Request,
        session: WebSession,
        *,
        status: int = 200,
        error: str | None = None,
        case_id: str = "",
        timeline: Timeline | None = None,
    ) -> HTMLResponse:
        return kit.page(
            request,
            "audit.html",
            status=status,
            session=session,
            error=error,
            case_id=case_id,
            timeline=timeline,
        )

    @pages.get(HOME, dependencies=[AUDIT_PAGE])
    def home(request: Request) -> Response:
        return kit.in_session(request, lambda session: form_page(request, session))

    @pages.post(f"{PATH}/trace", dependencies=[AUDIT_PAGE])
    def show_trace(
        request: Request, case_id: FormField = "", token: FormField = "", csrf_token: FormField = ""
    ) -> Response:
        posted = kit.posting(request, csrf_token)
        if not isinstance(posted, WebSession):
            return posted
        case_id = case_id.strip()
        holder = runtime.accounts.by_token(token.strip()) if token.strip() else None
        if holder is None or holder.account_id != posted.account.account_id:
            return form_page(
                request, posted, status=403, error="audit.token_refused", case_id=case_id
            )
        try:
            hub = hub_trace(runtime, case_id)
        except NotFound:
            return form_page(request, posted, status=404, error="audit.no_case", case_id=case_id)
        with httpx.Client(timeout=ASK_TIMEOUT_S) as client:
            timeline = ask_agencies(
                client, hub, urls, lambda _agency: token.strip(), runtime.directory
            )
        return form_page(request, posted, case_id=case_id, timeline=timeline)

    return pages
