"""The companion web app, served by the intake hub under ``/companion/``.

A companion (pendamping) logs in, sees the cases assigned to them with the overdue
referrals first, follows each referral's timeline, acknowledges outcomes (LT Pasal 17(3))
and records the answers and reports of institutions that run no software. Phone first,
Bahasa Indonesia by default, English on request.

Layout (thin edges, like the staff API), on the network's shared web parts
(:mod:`rujukan.runtime.web`: cookies and form tokens, layout, sign-in, languages; the
accounts are the network's, :mod:`rujukan.runtime.accounts`): ``access.py`` (who may
reach what: the one place of the 404 rule), ``overview.py`` (what the pages and the JSON API show),
``pages.py`` with ``templates/`` and ``static/``, ``companion_api.py`` (JSON under
``/companion/api/``), ``i18n.py`` with ``messages/{id,en}.json``; and ``audit.py``, the
district auditor's trace page under ``/audit/`` on the same parts.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import timedelta

from fastapi import APIRouter

from rujukan.referral_deadlines import district_timezone
from rujukan.runtime.accounts import Accounts
from rujukan.runtime.service import AgencyRuntime
from rujukan.runtime.web.auth import Auth
from rujukan.runtime.web.pages import WebPages
from services.intake.usecases import IntakeHub
from services.intake.web import audit, companion_api, pages
from services.intake.web.access import CompanionAccess


def routers(runtime: AgencyRuntime, hub: IntakeHub) -> Sequence[APIRouter]:
    """The app's pages and JSON API, on the hub's database and clock."""
    settings = runtime.settings
    runtime.accounts = Accounts(
        runtime.sessions,
        runtime.agency,
        clock=lambda: hub.clock(),
        session_lifetime=timedelta(hours=settings.companion_session_hours),
        metrics=runtime.metrics,
        read_sessions=runtime.read_sessions,
    )
    auth = Auth(runtime.accounts, pages.PATH, secure_cookie=settings.companion_cookie_secure)
    access = CompanionAccess(hub)
    renderer = pages.Renderer(district_timezone(runtime.agency.district))
    audit_auth = Auth(runtime.accounts, audit.PATH, secure_cookie=settings.companion_cookie_secure)
    audit_renderer = pages.Renderer(district_timezone(runtime.agency.district), app=audit.PATH)
    return [
        pages.router(hub, access, auth, renderer),
        companion_api.router(hub, access, auth),
        audit.router(runtime, WebPages(audit.PATH, audit_auth, audit_renderer)),
    ]
