"""The companion web app as a browser without JavaScript uses it: its own cookie jar,
the login form, and forms posted with the page's form token. For integration tests."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from rujukan.runtime.service import AgencyRuntime
from services.intake import SERVICE as HUB
from tests.support.services import RunningService, running

PASSWORD = "kata-sandi-uji-1"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_companions(runtime: AgencyRuntime, *accounts: tuple[str, str, str | None]) -> None:
    """Create companion accounts (id, display name, supervisor) with `PASSWORD` in a hub's
    database; a supervisor named by another account is a supervisor too."""
    supervisors = {supervisor for _id, _name, supervisor in accounts if supervisor}
    for companion_id, name, supervisor_id in accounts:
        roles = {"companion", "supervisor"} if companion_id in supervisors else {"companion"}
        runtime.accounts.add(
            companion_id, name, roles, password=PASSWORD, supervisor_id=supervisor_id
        )


@asynccontextmanager
async def hub_with_companions(
    bootstrap: str, database_url: str, *accounts: tuple[str, str, str | None], **settings: Any
) -> AsyncIterator[RunningService]:
    """The Kapuas Hulu hub (``kh-hub``) on ``database_url``, with the companion accounts
    ``accounts`` (as :func:`add_companions` takes them) and ``settings``."""
    async with running(
        HUB, agency_id="kh-hub", bootstrap=bootstrap, database_url=database_url, **settings
    ) as hub:
        add_companions(hub.runtime, *accounts)
        yield hub


def form_token(html: str) -> str:
    """The form token of a page (every form of a page carries the same one)."""
    found = _TOKEN.search(html)
    assert found, "the page has no form token"
    return found.group(1)


class Companion:
    """One companion's browser session on the hub's app."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def log_in(self, companion_id: str, password: str = PASSWORD) -> httpx.Response:
        page = await self.http.get("/companion/login")
        assert page.status_code == 200, page.text
        return await self.http.post(
            "/companion/login",
            data={
                "companion_id": companion_id,
                "password": password,
                "csrf_token": form_token(page.text),
            },
        )

    async def page(self, path: str) -> httpx.Response:
        return await self.http.get(path)

    async def submit(
        self, page_path: str, action: str, fields: dict[str, str] | None = None
    ) -> httpx.Response:
        """Post a form of ``page_path`` to ``action`` with the page's form token."""
        page = await self.http.get(page_path)
        assert page.status_code == 200, (page_path, page.status_code)
        data = {"csrf_token": form_token(page.text), **(fields or {})}
        return await self.http.post(action, data=data)

    async def api_token(self) -> str:
        me = await self.http.get("/companion/api/me")
        assert me.status_code == 200, me.text
        return str(me.json()["csrf_token"])

    async def api_post(self, path: str, body: Any = None) -> httpx.Response:
        """A JSON API POST with the session's form token in its header."""
        headers = {"X-CSRF-Token": await self.api_token()}
        return await self.http.post(path, json=body if body is not None else {}, headers=headers)


@asynccontextmanager
async def companion(app: FastAPI, address: str = "127.0.0.1") -> AsyncIterator[Companion]:
    """A fresh browser (its own cookies) on the hub's app, from the client ``address``."""
    transport = httpx.ASGITransport(app=app, client=(address, 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
        yield Companion(http)
