"""The demo's agency staff as a browser uses the desk's web app (``rujukan demo
--via-desk``): their own cookie jar, the sign-in form, and every answer and report posted
as an HTML form with the page's form token — the same forms a nurse fills in on a phone.
A refused form (the page answers 422 with the rule and its article) fails the demo."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

import httpx

from rujukan.runtime.accounts.demo import demo_account_with

TOKEN = re.compile(r'name="csrf_token" value="([^"]+)"')
REFUSAL = re.compile(r"<div class=\"error\" role=\"alert\"[^>]*>(.*?)</div>", re.S)
NOTE_KIND = "service_note"


class DeskBrowser:
    """One staff member's browser on one agency's desk app."""

    def __init__(self, client: httpx.AsyncClient, base: str, error: type[Exception]) -> None:
        self.client = client
        self.base = base
        self.error = error

    async def sign_in(self) -> None:
        account = demo_account_with("desk_staff")
        page = await self._get("/desk/login")
        answer = await self.client.post(
            f"{self.base}/desk/login",
            data={
                "account_id": account.account_id,
                "password": account.password or "",
                "csrf_token": _token(page),
            },
        )
        if answer.status_code != 303:
            raise self.error(f"sign-in at {self.base}/desk: {answer.status_code}")

    async def has_new(self, referral_id: str) -> bool:
        inbox = await self._get("/desk/")
        return f'data-referral="{referral_id}"' in inbox

    async def submit(self, referral_id: str, action: str, fields: Mapping[str, Any]) -> None:
        """Post the referral page's ``action`` form with its form token."""
        path = f"/desk/referrals/{referral_id}"
        page = await self._get(path)
        data: dict[str, Any] = {"csrf_token": _token(page)}
        for name, value in fields.items():
            data[name] = [str(v) for v in value] if isinstance(value, list) else str(value)
        answer = await self.client.post(f"{self.base}{path}/{action}", data=data)
        if answer.status_code != 303:
            found = REFUSAL.search(answer.text)
            why = re.sub(r"<[^>]+>|\s+", " ", found.group(1)).strip() if found else ""
            raise self.error(f"{action} form for {referral_id}: {answer.status_code} {why}")

    async def _get(self, path: str) -> str:
        response = await self.client.get(f"{self.base}{path}")
        if response.status_code != 200:
            raise self.error(f"GET {self.base}{path}: {response.status_code}")
        return response.text


def _token(html: str) -> str:
    found = TOKEN.search(html)
    if not found:
        raise ValueError("the page has no form token")
    return found.group(1)


def report_fields(report: Mapping[str, Any]) -> dict[str, Any]:
    """A report of the JSON API as the report form's fields: each fact's set ticked and
    filled in, a service note as the form's note."""
    fields: dict[str, Any] = {"status": report["status"], "fact": []}
    if report.get("final"):
        fields["final"] = "on"
    for name in ("not_delivered_reason", "document_ref"):
        if report.get(name):
            fields[name] = report[name]
    for fact in report.get("facts", []):
        kind = fact["kind"]
        if kind == NOTE_KIND:
            fields["note"] = fact["summary"]
            continue
        fields["fact"].append(kind)
        fields.update({f"{kind}.{k}": v for k, v in fact.items() if k != "kind"})
    return fields


async def answer_through_forms(
    client: httpx.AsyncClient,
    base: str,
    referral_id: str,
    answer_note: str | None,
    reports: tuple[Mapping[str, Any], ...],
    *,
    pace: float,
    error: type[Exception],
    until: Callable[[Callable[[], Awaitable[bool]]], Awaitable[None]],
) -> None:
    """Sign in, wait for the referral among the new ones, accept it and report."""
    browser = DeskBrowser(client, base, error)
    await browser.sign_in()
    await until(lambda: browser.has_new(referral_id))
    await asyncio.sleep(pace)
    await browser.submit(referral_id, "accept", {"note": answer_note} if answer_note else {})
    for report in reports:
        await asyncio.sleep(pace)
        await browser.submit(referral_id, "report", report_fields(report))
