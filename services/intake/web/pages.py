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
from datetime import datetime
from importlib import resources
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import ValidationError

from rujukan.errors import NotFound, RuleViolation
from rujukan.runtime.accounts import LoginRefused, WebSession
from rujukan.runtime.accounts.http import PUBLIC, requires
from schemas.vocabulary import DeclineReason, NotDeliveredReason, OutcomeStatus
from services.intake.domain import RecordOfflineAnswer, RecordOfflineReport
from services.intake.routes import (
    OfflineAnswerRequest,
    OfflineReportRequest,
    offline_answer_command,
    offline_report_command,
)
from services.intake.usecases import IntakeHub
from services.intake.web import i18n
from services.intake.web.access import CompanionAccess
from services.intake.web.auth import Auth
from services.intake.web.overview import case_detail, overview

HOME = "/companion/"
LOGIN = "/companion/login"
STATIC = {"app.css": "text/css; charset=utf-8", "app.js": "text/javascript; charset=utf-8"}

SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

FormField = Annotated[str, Form()]


class Renderer:
    """The templates, with ``t`` (the translator), ``when`` (a time in the district's
    zone) and the vocabularies the forms offer."""

    def __init__(self, timezone: ZoneInfo, *, strict: bool = False) -> None:
        self.timezone = timezone
        self.strict = strict
        self.env = Environment(
            loader=PackageLoader("services.intake.web", "templates"),
            autoescape=select_autoescape(("html",)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            decline_reasons=[r.value for r in DeclineReason],
            outcome_statuses=[s.value for s in OutcomeStatus],
            not_delivered_reasons=[r.value for r in NotDeliveredReason],
        )

    def when(self, value: datetime | None) -> str:
        """``24-11-2026 14:05 WIB``: in the district's time zone, with its abbreviation."""
        if value is None:
            return ""
        local = value.astimezone(self.timezone)
        return f"{local:%d-%m-%Y %H:%M} {local.tzname() or ''}".strip()

    def render(self, name: str, language: str, **context: Any) -> str:
        t = i18n.Translator(language, strict=self.strict)
        other = next(lang for lang in i18n.LANGUAGES if lang != language)
        return self.env.get_template(name).render(
            t=t, when=self.when, lang=language, other_lang=other, **context
        )


def static_file(name: str) -> bytes:
    return resources.files("services.intake.web").joinpath("static", name).read_bytes()


COMPANION_ROLES = ("companion", "supervisor")
COMPANION_PAGE = requires(*COMPANION_ROLES, sign_in="/companion/login")
"""Every page but sign-in and static files: a companion's (or supervisor's) session, or
the sign-in page."""


def router(hub: IntakeHub, access: CompanionAccess, auth: Auth, renderer: Renderer) -> APIRouter:
    """The pages under ``/companion/``."""
    pages = APIRouter(include_in_schema=False)

    def language(request: Request) -> str:
        return i18n.choose(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))

    def page(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        lang = language(request)
        response = HTMLResponse(renderer.render(name, lang, **context), status_code=status)
        requested = request.query_params.get("lang")
        if requested in i18n.LANGUAGES:
            response.set_cookie(
                i18n.COOKIE, lang, max_age=365 * 24 * 3600, path="/companion", samesite="lax"
            )
        response.headers.update(SECURITY_HEADERS)
        return response

    def to_login(request: Request) -> RedirectResponse:
        expired = "?expired=1" if auth.had_session(request) else ""
        return RedirectResponse(LOGIN + expired, status_code=303)

    def not_found(request: Request, session: WebSession) -> HTMLResponse:
        return page(request, "not_found.html", status=404, session=session)

    def forbidden(request: Request, session: WebSession) -> HTMLResponse:
        return page(request, "form_expired.html", status=403, session=session)

    def posting(request: Request, csrf_token: str) -> WebSession | Response:
        """The session a form was posted in; else the answer: to the login page without a
        session, the "form expired" page without the session's form token."""
        session = auth.session_of(request)
        if session is None:
            return to_login(request)
        if not auth.form_token_ok(session, csrf_token):
            return forbidden(request, session)
        return session

    def refused(request: Request, exc: RuleViolation) -> str:
        t = i18n.Translator(language(request))
        key = f"rule.{exc.rule}"
        message = t(key) if t.has(key) else t("error.refused", rule=exc.rule)
        return f"{message} ({exc.article})" if exc.article else message

    # --- login and logout -----------------------------------------------------------

    def login_page(request: Request, status: int = 200, error: str | None = None) -> HTMLResponse:
        token = auth.new_login_token()
        expired = request.query_params.get("expired") == "1"
        response = page(
            request,
            "login.html",
            status=status,
            session=None,
            login_token=token,
            error=error,
            expired=expired,
        )
        auth.remember_login_token(response, token)
        return response

    @pages.get(LOGIN, dependencies=[PUBLIC])
    def show_login(request: Request) -> Response:
        if auth.session_of(request) is not None:
            return RedirectResponse(HOME, status_code=303)
        return login_page(request)

    @pages.post(LOGIN, dependencies=[PUBLIC])
    def log_in(
        request: Request,
        companion_id: FormField = "",
        password: FormField = "",
        csrf_token: FormField = "",
    ) -> Response:
        if not auth.login_token_ok(request, csrf_token):
            return login_page(request, status=400, error="login.form_expired")
        try:
            login = auth.log_in(request, companion_id, password, "companion_web")
        except LoginRefused:
            return login_page(request, status=401, error="login.failed")
        response = RedirectResponse(HOME, status_code=303)
        auth.start(response, login)
        auth.forget_login_token(response)
        return response

    @pages.post("/companion/logout", dependencies=[PUBLIC])
    def log_out(request: Request, csrf_token: FormField = "") -> Response:
        session = auth.session_of(request)
        if session is not None and not auth.form_token_ok(session, csrf_token):
            return forbidden(request, session)
        response = RedirectResponse(LOGIN, status_code=303)
        auth.end(request, response)
        return response

    # --- my cases ---------------------------------------------------------------------

    def home_page(
        request: Request, session: WebSession, status: int = 200, error: str | None = None
    ) -> HTMLResponse:
        view = overview(hub, session.companion_id)
        return page(request, "home.html", status=status, session=session, view=view, error=error)

    @pages.get("/companion", dependencies=[PUBLIC])
    def bare_home() -> Response:
        return RedirectResponse(HOME, status_code=307)

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
        csrf_token: str,
        case_id: str,
        referral_id: str,
        which: Literal["answer", "report"],
        fields: dict[str, str],
    ) -> Response:
        session = posting(request, csrf_token)
        if not isinstance(session, WebSession):
            return session
        t = i18n.Translator(language(request))
        try:
            command: RecordOfflineAnswer | RecordOfflineReport
            if which == "answer":
                answer = _answer_request(fields, renderer.timezone)
                command = offline_answer_command(referral_id, answer)
            else:
                report = _report_request(fields, renderer.timezone)
                command = offline_report_command(referral_id, report)
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
        request: Request,
        case_id: str,
        referral_id: str,
        csrf_token: FormField = "",
        decision: FormField = "",
        reason: FormField = "",
        detail: FormField = "",
        answered_at: FormField = "",
    ) -> Response:
        fields = {
            "decision": decision,
            "reason": reason,
            "detail": detail,
            "answered_at": answered_at,
        }
        return record(request, csrf_token, case_id, referral_id, "answer", fields)

    @pages.post(
        "/companion/cases/{case_id}/referrals/{referral_id}/offline-report",
        dependencies=[COMPANION_PAGE],
    )
    def offline_report(
        request: Request,
        case_id: str,
        referral_id: str,
        csrf_token: FormField = "",
        status: FormField = "",
        final: FormField = "",
        not_delivered_reason: FormField = "",
        note: FormField = "",
        document_ref: FormField = "",
        reported_at: FormField = "",
    ) -> Response:
        fields = {
            "status": status,
            "final": final,
            "not_delivered_reason": not_delivered_reason,
            "note": note,
            "document_ref": document_ref,
            "reported_at": reported_at,
        }
        return record(request, csrf_token, case_id, referral_id, "report", fields)

    # --- static files ------------------------------------------------------------------

    @pages.get("/companion/static/{name}", dependencies=[PUBLIC])
    def static(name: str) -> Response:
        if name not in STATIC:
            return Response(status_code=404)
        return Response(
            static_file(name),
            media_type=STATIC[name],
            headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"},
        )

    return pages


# --- forms → the staff API's request models (the same validation) --------------------------


def _given(fields: Mapping[str, str], *names: str) -> dict[str, str]:
    """The fields that were filled in (a blank field is an absent one)."""
    return {name: fields[name].strip() for name in names if fields.get(name, "").strip()}


def _local(value: datetime | None, timezone: ZoneInfo) -> datetime | None:
    """A time typed in the page is the district's local time."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone)


def _answer_request(fields: Mapping[str, str], timezone: ZoneInfo) -> OfflineAnswerRequest:
    body = OfflineAnswerRequest.model_validate(
        _given(fields, "decision", "reason", "detail", "answered_at")
    )
    return body.model_copy(update={"answered_at": _local(body.answered_at, timezone)})


def _report_request(fields: Mapping[str, str], timezone: ZoneInfo) -> OfflineReportRequest:
    data: dict[str, Any] = _given(
        fields, "status", "not_delivered_reason", "document_ref", "reported_at"
    )
    data["final"] = fields.get("final") == "on"
    note = fields.get("note", "").strip()
    if note:
        data["facts"] = [{"kind": "service_note", "summary": note}]
    body = OfflineReportRequest.model_validate(data)
    return body.model_copy(update={"reported_at": _local(body.reported_at, timezone)})


def _field_errors(exc: ValidationError, t: i18n.Translator) -> list[str]:
    """One translated line per invalid field: "Reason: required"."""
    messages = []
    for error in exc.errors():
        location = [str(part) for part in error["loc"]]
        name = "note" if location[:1] == ["facts"] else (location[0] if location else "form")
        field = t(f"field.{name}") if t.has(f"field.{name}") else name
        problem = t("error.required") if error["type"] == "missing" else t("error.invalid")
        line = f"{field}: {problem}"
        if line not in messages:
            messages.append(line)
    return messages
