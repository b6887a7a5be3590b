"""Where an account chooses how it is told: a page in each web app and an API.

- ``GET``/``PUT /notifications/preferences``: the caller's own channels (an e-mail
  address, a webhook URL) and quiet hours; any account of the agency, for itself only
  (the account is the authenticated principal, never a field of the body).
- ``GET``/``PUT /notifications/facility``: the agency's shared address, for its
  operators and the heads who answer for the facility (desk head, supervisor).
- ``GET``/``POST <app>/notifications``: the same choice as a page of each web app (the
  companion's, the desk's), under its path so that its session cookie reaches it, built
  like its other pages (:mod:`rujukan.runtime.web`: layout, languages, security
  headers); the form carries the session's form token.

Setting a webhook URL answers its signing secret once; it is never shown again.
"""

from dataclasses import asdict
from typing import Annotated

from fastapi import APIRouter, Form, Request, Response
from fastapi.responses import HTMLResponse
from pydantic import BaseModel, Field

from rujukan.errors import RuleViolation
from rujukan.runtime.accounts.http import requires
from rujukan.runtime.accounts.principal import Principal
from rujukan.runtime.accounts.roles import network_roles
from rujukan.runtime.notify.store import Choice, RecipientBook
from rujukan.runtime.notify.tables import FACILITY
from rujukan.runtime.routing import api_router
from rujukan.runtime.web.pages import WebPages

FACILITY_MANAGERS = ("operator", "desk_head", "supervisor")
_CLOCK = r"^([01]\d|2[0-3]):[0-5]\d$"


class ChoiceIn(BaseModel):
    """Channels are chosen by giving their address; leave one out to turn it off."""

    email: str | None = Field(default=None, max_length=254, description="E-mail address.")
    webhook_url: str | None = Field(
        default=None, max_length=500, description="An https endpoint (e.g. an SMS gateway)."
    )
    quiet_from: str | None = Field(default=None, pattern=_CLOCK, description="HH:MM, local.")
    quiet_until: str | None = Field(default=None, pattern=_CLOCK, description="HH:MM, local.")
    new_secret: bool = Field(default=False, description="Replace the webhook's secret.")


class ChoiceOut(BaseModel):
    owner_id: str
    email: str | None
    webhook_url: str | None
    webhook_secret_set: bool
    quiet_from: str | None
    quiet_until: str | None
    channels: list[str]
    webhook_secret: str | None = Field(
        default=None, description="Only in the answer that made it: keep it, it is not shown again."
    )


def _out(choice: Choice, secret: str | None = None) -> ChoiceOut:
    return ChoiceOut.model_validate(
        asdict(choice) | {"channels": list(choice.channels), "webhook_secret": secret}
    )


def _book(request: Request) -> RecipientBook:
    book: RecipientBook = request.app.state.runtime.notifier.book
    return book


def _save(book: RecipientBook, owner_id: str, body: ChoiceIn) -> ChoiceOut:
    secret = book.choose(
        owner_id,
        email=body.email or None,
        webhook_url=body.webhook_url or None,
        quiet_from=body.quiet_from or None,
        quiet_until=body.quiet_until or None,
        new_secret=body.new_secret,
    )
    return _out(book.get(owner_id), secret)


def notification_routes() -> APIRouter:
    """The API (every role of the network may choose for itself); the page is each web
    app's (`add_preferences_page`)."""
    anyone = requires(*network_roles().by_name)
    Anyone = Annotated[Principal, anyone]
    router = api_router(tags=["notifications"])

    @router.get("/notifications/preferences", summary="How I am told")
    def mine(request: Request, principal: Anyone) -> ChoiceOut:
        return _out(_book(request).get(principal.account_id))

    @router.put("/notifications/preferences", summary="Choose how I am told")
    def choose_mine(request: Request, principal: Anyone, body: ChoiceIn) -> ChoiceOut:
        return _save(_book(request), principal.account_id, body)

    @router.get(
        "/notifications/facility",
        summary="The agency's shared address",
        dependencies=[requires(*FACILITY_MANAGERS)],
    )
    def facility(request: Request) -> ChoiceOut:
        return _out(_book(request).get(FACILITY))

    @router.put(
        "/notifications/facility",
        summary="Set the agency's shared address",
        dependencies=[requires(*FACILITY_MANAGERS)],
    )
    def set_facility(request: Request, body: ChoiceIn) -> ChoiceOut:
        return _save(_book(request), FACILITY, body)

    return router


def add_preferences_page(router: APIRouter, kit: WebPages) -> None:
    """``GET``/``POST <app>/notifications``: the signed-in account's choice as a page of
    the web app ``kit`` serves (its session cookie, layout, languages and form tokens),
    for every role of the network."""
    Signed = Annotated[Principal, requires(*network_roles().by_name, sign_in=kit.login)]
    path = f"{kit.path}/notifications"

    @router.get(path, include_in_schema=False, response_class=HTMLResponse)
    def show(request: Request, principal: Signed) -> HTMLResponse:
        return _page(kit, request, principal, _book(request).get(principal.account_id))

    @router.post(path, include_in_schema=False, response_class=HTMLResponse)
    def save(
        request: Request,
        principal: Signed,
        email: Annotated[str, Form(max_length=254)] = "",
        webhook_url: Annotated[str, Form(max_length=500)] = "",
        quiet_from: Annotated[str, Form(max_length=5)] = "",
        quiet_until: Annotated[str, Form(max_length=5)] = "",
        csrf_token: Annotated[str, Form(max_length=128)] = "",
    ) -> Response:
        posted = kit.posting(request, csrf_token)
        if isinstance(posted, Response):
            return posted
        book = _book(request)
        body = ChoiceIn.model_construct(
            email=email.strip() or None,
            webhook_url=webhook_url.strip() or None,
            quiet_from=quiet_from.strip() or None,
            quiet_until=quiet_until.strip() or None,
            new_secret=False,
        )
        try:
            saved = _save(book, principal.account_id, body)
        except RuleViolation as exc:
            current = book.get(principal.account_id)
            error = kit.refused(request, exc)
            return _page(kit, request, principal, current, error=error, status=422)
        choice = book.get(principal.account_id)
        return _page(kit, request, principal, choice, saved.webhook_secret)


def _page(
    kit: WebPages,
    request: Request,
    principal: Principal,
    choice: Choice,
    secret: str | None = None,
    *,
    error: str | None = None,
    status: int = 200,
) -> HTMLResponse:
    session = kit.auth.session_of(request)
    return kit.page(
        request,
        "preferences.html",
        status=status,
        session=session,
        who=principal.account_id,
        choice=choice,
        secret=secret,
        error=error,
        csrf_token=session.csrf_token if session else "",
        action=request.url.path,
    )
