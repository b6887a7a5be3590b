"""The desk's pages under ``/desk/``: thin routes from forms to the desk's use cases.

Every action goes through the same `rujukan.desk.usecases.Desk` methods and request
models as the JSON API (``rujukan.desk.routes``), so a form is refused by the same rules:
the refusal is shown on the form, in the page's language, with the rule's words and its
article, and nothing changes. A referral this agency does not hold answers 404. Opening a
referral that carries the child's identity is audited by `Desk.detail`, as for the API.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime

from fastapi import APIRouter, Request, Response
from fastapi.responses import HTMLResponse, RedirectResponse
from pydantic import ValidationError

from rujukan.desk.routes import refer_on
from rujukan.desk.store import QueueQuery
from rujukan.desk.usecases import Desk
from rujukan.desk.web import forms
from rujukan.desk.web.inbox import SECTIONS, inbox
from rujukan.errors import NotFound, RuleViolation
from rujukan.runtime.accounts import WebSession
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.notify.routes import add_preferences_page
from rujukan.runtime.routing import api_router
from rujukan.runtime.web.pages import WebPages
from schemas.referral_status import ReferralStatus

PATH = "/desk"
HOME = f"{PATH}/"
DESK_ROLES = ("desk_staff", "desk_head")
DESK_PAGE = requires(*DESK_ROLES, sign_in=f"{PATH}/login")
"""Every page but sign-in and static files: a desk account's session, or sign-in."""
QUEUE_LIMIT = 500

S = ReferralStatus
ACTIONS: dict[ReferralStatus, tuple[str, ...]] = {
    S.RECEIVED: ("accept", "decline"),
    S.ACCEPTED: ("report", "hold", "onward"),
    S.IN_PROGRESS: ("report", "hold", "onward"),
    S.ON_HOLD: ("resume",),
}
"""The forms a referral's page offers in each status (the domain decides anyway)."""

Act = Callable[[Mapping[str, str]], object]


def router(desk: Desk, kit: WebPages, clock: Callable[[], datetime]) -> APIRouter:
    pages = api_router(include_in_schema=False)
    kit.add_session_routes(pages, "desk_web")
    add_preferences_page(pages, kit)

    # --- the inbox and capacity ---------------------------------------------------------

    def inbox_page(
        request: Request,
        session: WebSession,
        *,
        status: int = 200,
        errors: list[str] | None = None,
        values: Mapping[str, str] | None = None,
    ) -> HTMLResponse:
        queue = desk.queue(QueueQuery(limit=QUEUE_LIMIT))
        matrix = desk.matrix(desk.agency.district)
        listed = sorted(
            {row.service.value for row in matrix.rows if row.matches(desk.agency, matrix.district)}
        )
        return kit.page(
            request,
            "inbox.html",
            status=status,
            session=session,
            agency=desk.agency,
            inbox=inbox(queue.referrals, clock()),
            sections=SECTIONS,
            capacity=desk.capacity(),
            capacity_services=listed,
            errors=errors or [],
            values=values or {},
        )

    @pages.get(HOME, dependencies=[DESK_PAGE])
    def home(request: Request) -> Response:
        return kit.in_session(request, lambda session: inbox_page(request, session))

    @pages.post(f"{PATH}/capacity", dependencies=[DESK_PAGE])
    async def capacity(request: Request) -> Response:
        fields = await _fields(request)
        session = kit.posting(request, fields.get("csrf_token", ""))
        if not isinstance(session, WebSession):
            return session
        try:
            body = forms.capacity_body(fields)
            desk.publish_capacity(body.service, body.available, body.capacity)
        except ValidationError as exc:
            lines, code = forms.errors(exc, kit.t(request)), 422
        except RuleViolation as exc:
            lines, code = [kit.refused(request, exc)], exc.status
        else:
            return RedirectResponse(f"{HOME}#capacity", status_code=303)
        return inbox_page(request, session, status=code, errors=lines, values=fields)

    # --- one referral -------------------------------------------------------------------

    def referral_page(
        request: Request,
        session: WebSession,
        referral_id: str,
        *,
        status: int = 200,
        errors: list[str] | None = None,
        values: Mapping[str, str] | None = None,
        open_form: str | None = None,
    ) -> HTMLResponse:
        try:
            detail = desk.detail(referral_id)
        except NotFound:
            return kit.not_found(request, session)
        matrix = desk.matrix(detail.district)
        targets = [
            a for a in matrix.targets_for(detail.stage, desk.directory) if a.id != desk.agency.id
        ]
        now = clock()
        return kit.page(
            request,
            "referral.html",
            status=status,
            session=session,
            r=detail,
            late=inbox([detail], now).sections["overdue"],
            actions=ACTIONS.get(detail.status, ()),
            fact_forms=forms.fact_forms(detail.service),
            targets=targets,
            errors=errors or [],
            values=values or {},
            open_form=open_form,
        )

    @pages.get(f"{PATH}/referrals/{{referral_id}}", dependencies=[DESK_PAGE])
    def show(request: Request, referral_id: str) -> Response:
        return kit.in_session(request, lambda session: referral_page(request, session, referral_id))

    async def act(request: Request, referral_id: str, form: str, action: Act) -> Response:
        """Check the form token, do ``action`` with the form's fields; show a refusal or
        invalid input on the open form (nothing changed), else back to the referral."""
        fields = await _fields(request)
        session = kit.posting(request, fields.get("csrf_token", ""))
        if not isinstance(session, WebSession):
            return session
        kinds = await _kinds(request)
        try:
            action(fields)
        except NotFound:
            return kit.not_found(request, session)
        except ValidationError as exc:
            lines, code = forms.errors(exc, kit.t(request), kinds), 422
        except RuleViolation as exc:
            lines, code = [kit.refused(request, exc)], exc.status
        else:
            return RedirectResponse(f"{PATH}/referrals/{referral_id}", status_code=303)
        values = {**fields, **{f"fact:{kind}": "on" for kind in kinds}}
        return referral_page(
            request,
            session,
            referral_id,
            status=code,
            errors=lines,
            values=values,
            open_form=form,
        )

    @pages.post(f"{PATH}/referrals/{{referral_id}}/accept", dependencies=[DESK_PAGE])
    async def accept(request: Request, referral_id: str) -> Response:
        def run(fields: Mapping[str, str]) -> object:
            return desk.accept(referral_id, note=fields.get("note", "").strip() or None)

        return await act(request, referral_id, "accept", run)

    @pages.post(f"{PATH}/referrals/{{referral_id}}/decline", dependencies=[DESK_PAGE])
    async def decline(request: Request, referral_id: str) -> Response:
        def run(fields: Mapping[str, str]) -> object:
            body = forms.decline_body(fields)
            return desk.decline(referral_id, body.reason, body.detail)

        return await act(request, referral_id, "decline", run)

    @pages.post(f"{PATH}/referrals/{{referral_id}}/hold", dependencies=[DESK_PAGE])
    async def hold(request: Request, referral_id: str) -> Response:
        def run(fields: Mapping[str, str]) -> object:
            return desk.hold(referral_id, forms.hold_body(fields).reason)

        return await act(request, referral_id, "hold", run)

    @pages.post(f"{PATH}/referrals/{{referral_id}}/resume", dependencies=[DESK_PAGE])
    async def resume(request: Request, referral_id: str) -> Response:
        return await act(request, referral_id, "resume", lambda _f: desk.resume(referral_id))

    @pages.post(f"{PATH}/referrals/{{referral_id}}/report", dependencies=[DESK_PAGE])
    async def report(request: Request, referral_id: str) -> Response:
        kinds = await _kinds(request)

        def run(fields: Mapping[str, str]) -> object:
            return desk.report(referral_id, forms.report_draft(fields, kinds))

        return await act(request, referral_id, "report", run)

    @pages.post(f"{PATH}/referrals/{{referral_id}}/onward", dependencies=[DESK_PAGE])
    async def onward(request: Request, referral_id: str) -> Response:
        def run(fields: Mapping[str, str]) -> object:
            return refer_on(desk, referral_id, forms.onward_body(fields))

        return await act(request, referral_id, "onward", run)

    return pages


async def _fields(request: Request) -> dict[str, str]:
    """A posted form's single-valued fields (the last value of a repeated one)."""
    form = await request.form()
    return {key: str(value) for key, value in form.items() if isinstance(value, str)}


async def _kinds(request: Request) -> list[str]:
    """The fact sets ticked on a report form (``fact`` repeated)."""
    form = await request.form()
    return [str(v) for v in form.getlist("fact") if isinstance(v, str)]
