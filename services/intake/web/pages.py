"""The companion web app's pages: server-rendered HTML (Jinja2), thin like the staff API.

Each route reads the session (no session: to the login page), checks the form token on
POST, calls the same use cases as the staff API through `access.CompanionAccess` (which
enforces who may reach what), and renders a template from `overview`'s values. A case
that is unknown or not the companion's answers the same 404 page. A refused command or
invalid form input is shown in the page (with the rule, translated), never as a stack
trace. Successful POSTs redirect (303), so a reload does not post again.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import BaseModel, ValidationError

from rujukan.errors import NotFound, RuleViolation
from rujukan.runtime.accounts import WebSession
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.notify.routes import add_preferences_page
from rujukan.runtime.routing import api_router
from rujukan.runtime.web import pages as web
from rujukan.runtime.web.auth import Auth
from rujukan.runtime.web.pages import FormField, WebPages, field_errors, given, local
from schemas.vocabulary import DeclineReason, NotDeliveredReason, OutcomeStatus
from services.intake.domain import RecordOfflineAnswer, RecordOfflineReport
from services.intake.routes.requests import OfflineAnswerRequest, OfflineReportRequest
from services.intake.usecases import IntakeHub
from services.intake.web import i18n
from services.intake.web.access import CompanionAccess
from services.intake.web.overview import case_detail, overview

PATH = "/companion"
HOME = "/companion/"
LOGIN = "/companion/login"
SCRIPTS = ("app.js",)


class Renderer(web.Renderer):
    """The companion's templates over the shared ones, with the vocabularies the forms
    offer."""

    def __init__(self, timezone: ZoneInfo, *, strict: bool = False, app: str = PATH) -> None:
        """``app``: the companion app's path, or the auditor's page's (same words)."""
        super().__init__(
            i18n.PACKAGE,
            app,
            timezone,
            strict=strict,
            scripts=SCRIPTS if app == PATH else (),
            login_field="companion_id" if app == PATH else "account_id",
            app_name="app.name" if app == PATH else "audit.app_name",
            decline_reasons=[r.value for r in DeclineReason],
            outcome_statuses=[s.value for s in OutcomeStatus],
            not_delivered_reasons=[r.value for r in NotDeliveredReason],
        )


def static_file(name: str) -> bytes:
    return web.static_file(i18n.PACKAGE, name)


COMPANION_ROLES = ("companion", "supervisor")
COMPANION_PAGE = requires(*COMPANION_ROLES, sign_in="/companion/login")
"""Every page but sign-in and static files: a companion's (or supervisor's) session, or
the sign-in page."""


def router(hub: IntakeHub, access: CompanionAccess, auth: Auth, renderer: Renderer) -> APIRouter:
    """The pages under ``/companion/``."""
    pages = api_router(include_in_schema=False)
    kit = WebPages(PATH, auth, renderer, static=SCRIPTS)
    page, to_login, not_found, posting = kit.page, kit.to_login, kit.not_found, kit.posting
    refused = kit.refused

    kit.add_session_routes(pages, "companion_web")
    add_preferences_page(pages, kit)

    # --- my cases ---------------------------------------------------------------------

    def home_page(
        request: Request, session: WebSession, status: int = 200, error: str | None = None
    ) -> HTMLResponse:
        view = overview(hub, session.companion_id)
        return page(request, "home.html", status=status, session=session, view=view, error=error)

    @pages.get(HOME, dependencies=[COMPANION_PAGE])
    def home(request: Request) -> Response:
        session = auth.session_of(request)
        if session is None:
            return to_login(request)
        return home_page(request, session)

    # --- one case --------------------------------------------------------------------

    def case_page(
        request: Request,
        session: WebSession,
        case_id: str,
        *,
        status: int = 200,
        errors: Mapping[str, list[str]] | None = None,
        values: Mapping[str, Mapping[str, str]] | None = None,
        open_form: str | None = None,
    ) -> HTMLResponse:
        try:
            case = access.case(session.companion_id, case_id)
        except NotFound:
            return not_found(request, session)
        return page(
            request,
            "case.html",
            status=status,
            session=session,
            detail=case_detail(hub, case, session.companion_id),
            errors=errors or {},
            values=values or {},
            open_form=open_form,
        )

    @pages.get("/companion/cases/{case_id}", dependencies=[COMPANION_PAGE])
    def show_case(request: Request, case_id: str) -> Response:
        session = auth.session_of(request)
        if session is None:
            return to_login(request)
        return case_page(request, session, case_id)

    @pages.post(
        "/companion/cases/{case_id}/outcomes/{outcome_id}/acknowledge",
        dependencies=[COMPANION_PAGE],
    )
    def acknowledge(
        request: Request,
        case_id: str,
        outcome_id: str,
        csrf_token: FormField = "",
        back: FormField = "case",
    ) -> Response:
        session = posting(request, csrf_token)
        if not isinstance(session, WebSession):
            return session
        try:
            access.acknowledge(session.companion_id, case_id, outcome_id)
        except NotFound:
            return not_found(request, session)
        except RuleViolation as exc:
            if back == "home":
                return home_page(request, session, exc.status, refused(request, exc))
            errors = {"": [refused(request, exc)]}
            return case_page(request, session, case_id, status=exc.status, errors=errors)
        target = HOME if back == "home" else f"/companion/cases/{case_id}"
        return RedirectResponse(target, status_code=303)

    # --- an offline institution's answer and report, recorded by hand -----------------------

    def record(
        request: Request,
        case_id: str,
        referral_id: str,
        which: Literal["answer", "report"],
        form: _AnswerForm | _ReportForm,
    ) -> Response:
        fields = form.model_dump(exclude={"csrf_token"})
        session = posting(request, form.csrf_token)
        if not isinstance(session, WebSession):
            return session
        t = i18n.Translator(kit.language(request))
        try:
            command: RecordOfflineAnswer | RecordOfflineReport
            if which == "answer":
                command = _answer_request(fields, renderer.timezone).to_command(referral_id)
            else:
                command = _report_request(fields, renderer.timezone).to_command(referral_id)
            access.record_offline(session.companion_id, case_id, command)
        except NotFound:
            return not_found(request, session)
        except ValidationError as exc:
            messages = _field_errors(exc, t)
            status = 422
        except RuleViolation as exc:
            messages = [refused(request, exc)]
            status = exc.status
        else:
            return RedirectResponse(f"/companion/cases/{case_id}", status_code=303)
        return case_page(
            request,
            session,
            case_id,
            status=status,
            errors={referral_id: messages},
            values={referral_id: fields},
            open_form=f"{which}-{referral_id}",
        )

    @pages.post(
        "/companion/cases/{case_id}/referrals/{referral_id}/offline-answer",
        dependencies=[COMPANION_PAGE],
    )
    def offline_answer(
        request: Request, case_id: str, referral_id: str, form: Annotated[_AnswerForm, Form()]
    ) -> Response:
        return record(request, case_id, referral_id, "answer", form)

    @pages.post(
        "/companion/cases/{case_id}/referrals/{referral_id}/offline-report",
        dependencies=[COMPANION_PAGE],
    )
    def offline_report(
        request: Request, case_id: str, referral_id: str, form: Annotated[_ReportForm, Form()]
    ) -> Response:
        return record(request, case_id, referral_id, "report", form)

    return pages


# --- forms → the staff API's request models (the same validation) --------------------------


class _PostedForm(BaseModel):
    """A posted page form: every field text, empty when the browser left it out (the
    request model it becomes does the checking)."""

    csrf_token: str = ""


class _AnswerForm(_PostedForm):
    decision: str = ""
    reason: str = ""
    detail: str = ""
    answered_at: str = ""


class _ReportForm(_PostedForm):
    status: str = ""
    final: str = ""
    not_delivered_reason: str = ""
    note: str = ""
    document_ref: str = ""
    reported_at: str = ""


def _answer_request(fields: Mapping[str, str], timezone: ZoneInfo) -> OfflineAnswerRequest:
    body = OfflineAnswerRequest.model_validate(
        given(fields, "decision", "reason", "detail", "answered_at")
    )
    return body.model_copy(update={"answered_at": local(body.answered_at, timezone)})


def _report_request(fields: Mapping[str, str], timezone: ZoneInfo) -> OfflineReportRequest:
    data: dict[str, Any] = given(
        fields, "status", "not_delivered_reason", "document_ref", "reported_at"
    )
    data["final"] = fields.get("final") == "on"
    note = fields.get("note", "").strip()
    if note:
        data["facts"] = [{"kind": "service_note", "summary": note}]
    body = OfflineReportRequest.model_validate(data)
    return body.model_copy(update={"reported_at": local(body.reported_at, timezone)})


def _field_errors(exc: ValidationError, t: i18n.Translator) -> list[str]:
    """One translated line per invalid field (a fact's error is the note's)."""
    return field_errors(
        exc, t, lambda loc: "note" if loc[:1] == ["facts"] else (loc[0] if loc else "form")
    )
