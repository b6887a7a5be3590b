"""The intake hub's HTTP API as a companion uses it, for integration tests."""

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.support.services import eventually

TODAY = datetime.now(UTC).date()


COMPANION = {
    "companion_id": "comp-siti",
    "role": "social_worker",
    "assignment_letter_ref": "800/112/DINSOS/2026",
    "supervisor_id": "sup-ani",
}
"""The assignment of the tests' companion, supervised by sup-ani."""


class Api:
    """The hub's HTTP API as a companion uses it; every call must succeed."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http

    async def post(self, path: str, body: dict[str, Any] | None = None, status: int = 200) -> Any:
        response = await self.http.post(path, json=body if body is not None else {})
        assert response.status_code == status, (path, response.status_code, response.text)
        if status >= 400:  # every refusal is a problem (RFC 9457)
            assert response.headers["content-type"] == "application/problem+json"
        return response.json()

    async def get(self, path: str, status: int = 200) -> Any:
        response = await self.http.get(path)
        assert response.status_code == status, (path, response.status_code, response.text)
        return response.json()

    async def open_case(self, name: str, **complaint: Any) -> str:
        body = {
            "channel": "hotline_129",
            "complainant": "family",
            "child": {
                "name": name,
                "date_of_birth": "2012-05-01",
                "sex": "female",
                "address": "Desa Nanga Badau",
                "guardian_contact": "aunt, 0812-0000-0000",
            },
            "suspected_category": "trafficking",
        } | complaint
        opened = await self.post("/complaints", body, status=201)
        return str(opened["case_id"])

    async def register(self, case_id: str, category: str, **assignment: str) -> dict[str, Any]:
        """Register the case under ``category`` and assign it the tests' companion
        (:data:`COMPANION`, but for what ``assignment`` names)."""
        registered = await self.post(f"/cases/{case_id}/registration", {"category": category})
        await self.post(f"/cases/{case_id}/companion", COMPANION | assignment)
        return dict(registered)

    async def to_contract(
        self, case_id: str, category: str, companion_id: str = "comp-siti"
    ) -> dict[str, Any]:
        registered = await self.register(case_id, category, companion_id=companion_id)
        await self.post(f"/cases/{case_id}/initial-contact")
        await self.post(f"/cases/{case_id}/service-contract", {"agreed_by": "child_and_guardian"})
        return registered

    async def assess(self, case_id: str, services: list[str]) -> None:
        await self.post(
            f"/cases/{case_id}/assessment",
            {
                "physical_condition": "needs a medical examination",
                "psychological_condition": "anxious, sleeps badly",
                "social_condition": "far from home, no documents",
                "spiritual_condition": "asks for a religious companion",
                "legal_status": "no police report yet",
                "analysis": "victim of recruitment across the border",
                "conclusion": "health, shelter, legal aid and social rehabilitation",
                "recommended_services": services,
            },
        )

    async def plan(self, case_id: str, hub_id: str, lines: list[tuple[str, str, str]]) -> None:
        await self.post(
            f"/cases/{case_id}/plan",
            {
                "participants": [
                    {"name": "Siti", "profession": "social worker", "agency_id": hub_id},
                    {"name": "dr. Budi", "profession": "physician"},
                    {"name": "Ipda Rina", "profession": "police officer"},
                ],
                "services": [
                    {
                        "stage": stage,
                        "service": service,
                        "target_id": target,
                        "due_on": str(TODAY + timedelta(days=14)),
                    }
                    for stage, service, target in lines
                ],
            },
        )

    async def planned(
        self,
        case_id: str,
        hub_id: str,
        lines: list[tuple[str, str, str]],
        category: str = "trafficking",
        companion_id: str = "comp-siti",
    ) -> dict[str, Any]:
        """The case brought to an agreed plan of ``lines`` (stage, service, target): the
        contract, an assessment recommending the lines' services, the plan; the
        registration (its case number)."""
        registered = await self.to_contract(case_id, category, companion_id)
        await self.assess(case_id, list(dict.fromkeys(service for _, service, _ in lines)))
        await self.plan(case_id, hub_id, lines)
        return registered

    async def refer(self, case_id: str, stage: str, target: str, **options: Any) -> Any:
        return await self.post(
            f"/cases/{case_id}/referrals", {"stage": stage, "target_id": target} | options
        )

    async def referral(self, case_id: str, referral_id: str) -> dict[str, Any]:
        case = await self.get(f"/cases/{case_id}")
        return dict(next(r for r in case["referrals"] if r["referral_id"] == referral_id))

    async def status_becomes(self, case_id: str, referral_id: str, status: str) -> None:
        async def reached() -> bool:
            return bool((await self.referral(case_id, referral_id))["status"] == status)

        await eventually(reached)


def a_name() -> str:
    """A child's name no other test uses, so a search of a topic finds only this one."""
    return f"Melati Anggraini {uuid.uuid4().hex[:6]}"
