"""Drives cases and referrals through the hub's public API, safely retried.

Every request names its own case and referral ids, so a request retried after a lost
answer (the hub was killed mid-request) is refused as a repeat (409 naming the rule)
instead of acting twice; the driver treats that refusal as done.
"""

import asyncio
import time
from dataclasses import dataclass, field
from typing import Any

import httpx

from rujukan.directory import load_directory
from rujukan.runtime.accounts.demo import demo_account_with, demo_token
from services.intake.domain import rules

_REPEATS = {
    rules.ONE_COMPLAINT_PER_CASE.name,
    rules.REGISTRATION_ONCE_AFTER_COMPLAINT.name,
    rules.ONE_COMPANION_PER_CASE.name,
    rules.REFERRAL_ID_UNIQUE.name,
}

HUB_ID = "kh-hub"
"""The hub the driver's Kapuas Hulu cases go to."""
OFFICER = demo_account_with("intake_officer").account_id

STAGES = {
    # target agency -> the Kapuas Hulu stage that lists it for the child's safety or
    # health, the only services an emergency referral may ask for (LT Pasal 10)
    "kh-rsud": "REHABILITASI_KESEHATAN",
    "kh-puskesmas-putussibau-utara": "REHABILITASI_KESEHATAN",
    "kh-dinsos": "PENAMPUNGAN",
    "kh-polres": "PENAMPUNGAN",
}


class HubUnavailable(RuntimeError):
    pass


@dataclass
class Driver:
    hub_url: str
    token: str | None = None
    """The API token it calls with; by default the local demo's intake officer at the hub
    its URL belongs to (`rujukan up` and the chaos network seed the demo accounts)."""
    retry_for_s: float = 180.0
    timeout_s: float = 10.0
    """How long one request may take before it is tried again."""
    max_in_flight: int = 32
    """Requests open at once; the rest wait here. httpx's pool hands queued requests to
    connections in time that grows with the queue, so thousands of queued requests
    would spend the driver's CPU instead of the network's."""
    issued: list[tuple[str, str, str]] = field(default_factory=list)
    """(case id, referral id, target) of every referral the hub accepted."""

    async def __aenter__(self) -> "Driver":
        token = self.token or demo_token(load_directory().get(HUB_ID), OFFICER)
        self._http = httpx.AsyncClient(
            base_url=self.hub_url,
            timeout=self.timeout_s,
            headers={"Authorization": f"Bearer {token}"},
        )
        self._slots = asyncio.Semaphore(self.max_in_flight)
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self._http.aclose()

    async def call(self, path: str, body: dict[str, Any]) -> None:
        """POST until the hub answers 2xx (or refuses a repeat of what it already did)."""
        deadline = time.monotonic() + self.retry_for_s
        attempt = 0
        while True:
            attempt += 1
            try:
                async with self._slots:
                    response = await self._http.post(path, json=body)
            except httpx.HTTPError:
                response = None
            if response is not None:
                if response.status_code < 300:
                    return
                repeat = response.status_code == 409 and attempt > 1
                if repeat and response.json().get("rule") in _REPEATS:
                    return
                if response.status_code < 500:
                    raise RuntimeError(f"{path}: {response.status_code} {response.text}")
            if time.monotonic() > deadline:
                raise HubUnavailable(f"{path}: the hub did not answer for {self.retry_for_s}s")
            await asyncio.sleep(min(2.0, 0.1 * attempt))

    async def open_case(self, case_id: str) -> None:
        """A case ready for emergency referrals: complaint, registration, companion."""
        await self.call(
            "/complaints",
            {
                "case_id": case_id,
                "channel": "hotline_129",
                "complainant": "community",
                "child": {"name": f"Anak {case_id}", "sex": "female", "estimated_age": 14},
                "suspected_category": "trafficking",
            },
        )
        await self.call(f"/cases/{case_id}/registration", {"category": "trafficking"})
        await self.call(
            f"/cases/{case_id}/companion",
            {
                "companion_id": "comp-chaos",
                "role": "social_worker",
                "assignment_letter_ref": "800/1/CHAOS",
                "supervisor_id": "sup-chaos",
            },
        )

    async def refer(
        self, case_id: str, referral_id: str, target: str, stage: str | None = None
    ) -> None:
        """An emergency referral to ``target`` at ``stage`` (default: the Kapuas Hulu
        stage of :data:`STAGES` that lists it)."""
        await self.call(
            f"/cases/{case_id}/referrals",
            {
                "referral_id": referral_id,
                "stage": stage or STAGES[target],
                "target_id": target,
                "emergency": True,
            },
        )
        self.issued.append((case_id, referral_id, target))
