"""The pages of a server-rendered app: rendering, security headers, sign-in and
sign-out, the form-token check, refusals in words, static files.

An app (the companion's under ``/companion``, the desk's under ``/desk``) builds one
`Renderer` on its templates package and one `WebPages` on its path, then adds its own
routes. Each route reads the session (no session: to the sign-in page), checks the form
token on POST (`posting`), calls the same use cases as the JSON API and renders a
template; successful POSTs redirect (303), so a reload does not post again.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from importlib import resources
from typing import Annotated, Any
from zoneinfo import ZoneInfo

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from jinja2 import ChoiceLoader, Environment, PackageLoader, StrictUndefined, select_autoescape
from pydantic import ValidationError

from rujukan.errors import RuleViolation
from rujukan.runtime.accounts import LoginRefused, WebSession
from rujukan.runtime.accounts.http import PUBLIC
from rujukan.runtime.web import i18n
from rujukan.runtime.web.auth import Auth

SHARED = "rujukan.runtime.web"
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}
MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}

FormField = Annotated[str, Form()]


class Renderer:
    """An app's templates over the shared ones, with ``t`` (the translator), ``when`` (a
    time in the district's zone), ``app_path``, ``app_name`` (the catalogue key of the
    app's name: ``app.name`` unless a second app of one package, the hub's auditor page,
    gives its own) and the app's own globals."""

    def __init__(
        self,
        package: str,
        app_path: str,
        timezone: ZoneInfo,
        *,
        strict: bool = False,
        scripts: Sequence[str] = (),
        login_field: str = "account_id",
        **globals_: Any,
    ) -> None:
        self.package = package
        self.timezone = timezone
        self.strict = strict
        self.env = Environment(
            loader=ChoiceLoader(
                [PackageLoader(package, "templates"), PackageLoader(SHARED, "templates")]
            ),
            autoescape=select_autoescape(("html",)),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.env.globals.update(
            {
                "app_path": app_path,
                "scripts": list(scripts),
                "login_field": login_field,
                "app_name": "app.name",
                **globals_,
            }
        )

    def when(self, value: datetime | None) -> str:
        """``24-11-2026 14:05 WIB``: in the district's time zone, with its abbreviation."""
        if value is None:
            return ""
        local = value.astimezone(self.timezone)
        return f"{local:%d-%m-%Y %H:%M} {local.tzname() or ''}".strip()

    def translator(self, language: str) -> i18n.Translator:
        return i18n.Translator(language, self.package, strict=self.strict)

    def render(self, name: str, language: str, **context: Any) -> str:
        other = next(lang for lang in i18n.LANGUAGES if lang != language)
        return self.env.get_template(name).render(
            t=self.translator(language), when=self.when, lang=language, other_lang=other, **context
        )


def static_file(package: str, name: str) -> bytes:
    """A static file of the app's package, else the shared one (the style sheet)."""
    for owner in (package, SHARED):
        found = resources.files(owner).joinpath("static", name)
        if found.is_file():
            return found.read_bytes()
    raise FileNotFoundError(name)


class WebPages:
    """The parts every page route of an app under ``path`` uses."""

    def __init__(
        self,
        path: str,
        auth: Auth,
        renderer: Renderer,
        *,
        static: Sequence[str] = (),
        rule_words: bool = False,
    ) -> None:
        self.path = path
        self.home = f"{path}/"
        self.login = f"{path}/login"
        self.auth = auth
        self.renderer = renderer
        self.static = ("app.css", *static)
        self.rule_words = rule_words
        """Whether a refusal also shows the rule's own words (the desk's forms)."""

    def language(self, request: Request) -> str:
        return i18n.choose(request.query_params.get("lang"), request.cookies.get(i18n.COOKIE))

    def t(self, request: Request) -> i18n.Translator:
        return self.renderer.translator(self.language(request))

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        """A rendered page with the security headers; remembers a language asked for."""
        lang = self.language(request)
        response = HTMLResponse(self.renderer.render(name, lang, **context), status_code=status)
        requested = request.query_params.get("lang")
        if requested in i18n.LANGUAGES:
            response.set_cookie(
                i18n.COOKIE, lang, max_age=365 * 24 * 3600, path=self.path, samesite="lax"
            )
        response.headers.update(SECURITY_HEADERS)
        return response

    def to_login(self, request: Request) -> RedirectResponse:
        expired = "?expired=1" if self.auth.had_session(request) else ""
        return RedirectResponse(self.login + expired, status_code=303)

    def not_found(self, request: Request, session: WebSession | None) -> HTMLResponse:
        return self.page(request, "not_found.html", status=404, session=session)

    def forbidden(self, request: Request, session: WebSession) -> HTMLResponse:
        return self.page(request, "form_expired.html", status=403, session=session)

    def in_session(self, request: Request, page: Callable[[WebSession], Response]) -> Response:
        """``page`` in the request's session; without one, the way to the login page."""
        session = self.auth.session_of(request)
        return self.to_login(request) if session is None else page(session)

    def posting(self, request: Request, csrf_token: str) -> WebSession | Response:
        """The session a form was posted in; else the answer: to the login page without a
        session, the "form expired" page without the session's form token."""
        session = self.auth.session_of(request)
        if session is None:
            return self.to_login(request)
        if not self.auth.form_token_ok(session, csrf_token):
            return self.forbidden(request, session)
        return session

    def refused(self, request: Request, exc: RuleViolation) -> str:
        """A refusal in the page's language: the app's words for the rule if it has them,
        else the rule's name (and, with ``rule_words``, its own words); with its article."""
        t = self.t(request)
        key = f"rule.{exc.rule}"
        if t.has(key):
            message = t(key)
        else:
            message = t("error.refused", rule=exc.rule)
            if self.rule_words and exc.args:
                message = f"{message}: {exc.args[0]}"
        return f"{message} ({exc.article})" if exc.article else message

    def add_session_routes(self, router: APIRouter, surface: str) -> None:
        """Sign-in (with a double-submit token), sign-out, the bare path and static
        files; ``surface`` labels a refused sign-in in the metrics."""
        field = str(self.renderer.env.globals["login_field"])

        def login_page(
            request: Request, status: int = 200, error: str | None = None
        ) -> HTMLResponse:
            token = self.auth.new_login_token()
            expired = request.query_params.get("expired") == "1"
            response = self.page(
                request,
                "login.html",
                status=status,
                session=None,
                login_token=token,
                error=error,
                expired=expired,
            )
            self.auth.remember_login_token(response, token)
            return response

        @router.get(self.login, dependencies=[PUBLIC])
        def show_login(request: Request) -> Response:
            if self.auth.session_of(request) is not None:
                return RedirectResponse(self.home, status_code=303)
            return login_page(request)

        @router.post(self.login, dependencies=[PUBLIC])
        async def log_in(request: Request) -> Response:
            form = await request.form()
            account_id, password = str(form.get(field, "")), str(form.get("password", ""))
            if not self.auth.login_token_ok(request, str(form.get("csrf_token", ""))):
                return login_page(request, status=400, error="login.form_expired")
            try:
                login = self.auth.log_in(request, account_id, password, surface)
            except LoginRefused:
                return login_page(request, status=401, error="login.failed")
            response = RedirectResponse(self.home, status_code=303)
            self.auth.start(response, login)
            self.auth.forget_login_token(response)
            return response

        @router.post(f"{self.path}/logout", dependencies=[PUBLIC])
        def log_out(request: Request, csrf_token: FormField = "") -> Response:
            session = self.auth.session_of(request)
            if session is not None and not self.auth.form_token_ok(session, csrf_token):
                return self.forbidden(request, session)
            response = RedirectResponse(self.login, status_code=303)
            self.auth.end(request, response)
            return response

        @router.get(self.path, dependencies=[PUBLIC])
        def bare_home() -> Response:
            return RedirectResponse(self.home, status_code=307)

        @router.get(f"{self.path}/static/{{name}}", dependencies=[PUBLIC])
        def static(name: str) -> Response:
            suffix = name[name.rfind(".") :] if "." in name else ""
            if name not in self.static or suffix not in MEDIA_TYPES:
                return Response(status_code=404)
            return Response(
                static_file(self.renderer.package, name),
                media_type=MEDIA_TYPES[suffix],
                headers={"Cache-Control": "max-age=300", "X-Content-Type-Options": "nosniff"},
            )


# --- forms → request models (the same validation as the JSON API) --------------------------


def given(fields: Mapping[str, str], *names: str) -> dict[str, str]:
    """The fields that were filled in (a blank field is an absent one)."""
    return {name: fields[name].strip() for name in names if fields.get(name, "").strip()}


def local(value: datetime | None, timezone: ZoneInfo) -> datetime | None:
    """A time typed in a page is the district's local time."""
    if value is None or value.tzinfo is not None:
        return value
    return value.replace(tzinfo=timezone)


def first_part(location: list[str]) -> str:
    return location[0] if location else "form"


def field_errors(
    exc: ValidationError, t: i18n.Translator, name_of: Callable[[list[str]], str] = first_part
) -> list[str]:
    """One translated line per invalid field: "Reason: required". ``name_of`` names the
    form field of an error's location (default: its first part)."""
    messages = []
    for error in exc.errors():
        name = name_of([str(part) for part in error["loc"]])
        field = t(f"field.{name}") if t.has(f"field.{name}") else name
        problem = t("error.required") if error["type"] == "missing" else t("error.invalid")
        line = f"{field}: {problem}"
        if line not in messages:
            messages.append(line)
    return messages
