"""The referral desk's web app, served by every agency service that runs a desk under
``/desk/``: the agency's staff sign in with the network's accounts (roles
``desk_staff``, ``desk_head``), see their inbox, open a referral, and answer, report,
refer on and publish capacity through forms. Phone first, Bahasa Indonesia by default,
English on request, on the network's shared web parts (:mod:`rujukan.runtime.web`:
security headers, sessions, form tokens, layout, languages).

Layout: ``inbox.py`` (the sections and deadlines the pages show), ``forms.py`` (forms →
the JSON API's request models), ``pages.py`` with ``templates/`` and
``messages/{id,en}.json``.
"""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import APIRouter
from pydantic import BaseModel

from rujukan.desk.usecases import Desk
from rujukan.desk.web import pages
from rujukan.desk.web.forms import all_fact_forms
from rujukan.desk.web.pages import PATH
from rujukan.referral_deadlines import district_timezone
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.web.auth import Auth
from rujukan.runtime.web.pages import Renderer, WebPages
from schemas.vocabulary import DeclineReason, NotDeliveredReason, OutcomeStatus

PACKAGE = "rujukan.desk.web"


def renderer(district: str, *, strict: bool = False) -> Renderer:
    """The desk's templates over the shared ones, with the vocabularies its forms offer."""
    return Renderer(
        PACKAGE,
        PATH,
        district_timezone(district),
        strict=strict,
        decline_reasons=[r.value for r in DeclineReason],
        outcome_statuses=[s.value for s in OutcomeStatus],
        not_delivered_reasons=[r.value for r in NotDeliveredReason],
        fact_values=fact_values,
    )


@dataclass(frozen=True)
class FactValue:
    """One value of a reported fact, as its line shows it: under its field's name, and a
    value of a closed list (a phase, a kind of rehabilitation...) in words
    (``option.<value>``), not as its code."""

    name: str
    value: object
    option: bool


def fact_values(fact: BaseModel) -> list[FactValue]:
    """A fact's values as its line shows them (its kind is the line's name)."""
    data = fact.model_dump(mode="json")
    form = next((f for f in all_fact_forms() if f.kind == data.get("kind")), None)
    options = {field.name for field in form.fields if field.options} if form else set()
    return [
        FactValue(name, value, name in options)
        for name, value in data.items()
        if name != "kind" and value is not None
    ]


def router(desk: Desk, runtime: AgencyRuntime) -> APIRouter:
    """The desk's pages on the agency's accounts and the desk's clock."""
    auth = Auth(runtime.accounts, PATH, secure_cookie=runtime.settings.companion_cookie_secure)
    kit = WebPages(PATH, auth, renderer(desk.agency.district), rule_words=True)
    return pages.router(desk, kit, lambda: desk.clock())
