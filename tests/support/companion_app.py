"""The companion web app as a browser without JavaScript uses it: its own cookie jar,
the login form, and forms posted with the page's form token. For integration tests."""

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import httpx
from fastapi import FastAPI

from rujukan.runtime.service import AgencyRuntime
from services.intake.web.accounts import Accounts

PASSWORD = "kata-sandi-uji-1"
_TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')


def add_companions(runtime: AgencyRuntime, *accounts: tuple[str, str, str | None]) -> None:
    """Create accounts (id, display name, supervisor) with `PASSWORD` in a hub's database."""
    store = Accounts(runtime.sessions)
    for companion_id, name, supervisor_id in accounts:
        store.add(companion_id, name, PASSWORD, supervisor_id=supervisor_id)


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
async def companion(app: FastAPI) -> AsyncIterator[Companion]:
    """A fresh browser (its own cookies) on the hub's app."""
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://localhost") as http:
        yield Companion(http)
