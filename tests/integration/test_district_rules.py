"""Each regulation binds its own district, through the real broker: the Batang education
service applies BTG Pasal 18 and the Kapuas Hulu one handles no school report; a Belu
trafficking case refers the victim home only after her consent is recorded (BLU Pasal 1
angka 8), and its withdrawal reaches the target."""

from pathlib import Path
from typing import Any

import pytest

from ops.broker import LocalBroker
from schemas.vocabulary import AgencyKind
from tests.integration.test_education_service import (
    SCHOOL,
    get,
    identity_of,
    journal_rows,
    network,
    outbox,
    post,
    pupil,
    staff_of,
)
from tests.support.hub_api import Api, a_name
from tests.support.services import eventually

pytestmark = [pytest.mark.broker, pytest.mark.asyncio(loop_scope="function")]

INJURED_PUPIL: dict[str, Any] = {
    "channel": "letter",
    "schools": [SCHOOL],
    "parties": [pupil("p-victim", "victim"), pupil("p-other", "reported")],
    "forms": ["physical"],
    "impacts": ["physical_injury_or_complaint"],
}


async def test_batang_applies_btg_pasal_18_and_kapuas_hulu_handles_no_school_report(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    kinds = {
        "btg-disdik": AgencyKind.EDUCATION,
        "btg-rsud": AgencyKind.HEALTH,
        "kh-disdikbud": AgencyKind.EDUCATION,
    }
    async with network(broker, db_kind, tmp_path, kinds) as net:
        batang, kapuas_hulu, rsud = net["btg-disdik"], net["kh-disdikbud"], net["btg-rsud"]
        report = INJURED_PUPIL | {"identities": [identity_of("p-victim", a_name())]}

        opened = await staff_of(batang)["tppk"].post("/school-reports", report, status=201)

        # BTG 18(2)b, 18(4)h: the parents of both pupils by letter; 18(4)c: the injured
        # pupil referred at once to the service her district's matrix lists
        assert sorted(n["party_id"] for n in opened["notices"]) == ["p-other", "p-victim"]
        assert all(n["article"].startswith("BTG Pasal 18") for n in opened["notices"])
        (referral,) = opened["referrals"]
        assert (referral["purpose"], referral["target_id"]) == ("btg_18_4c", "btg-rsud")
        referral_id = referral["referral_id"]

        async def received() -> dict[str, Any] | None:
            response = await rsud.http.get(f"/referrals/{referral_id}")
            return dict(response.json()) if response.status_code == 200 else None

        assert (await eventually(received))["service"] == "health"
        notices = journal_rows(batang, "id.rujukan.school.notice_issued.v1")
        assert [r["topic"] for r in notices] == ["rujukan.journal.btg-disdik"] * 2

        # Kapuas Hulu adopted neither school-violence regulation: no school report, no
        # BTG duty, no SKW deadline, and its referral desk works as before
        staff_of(kapuas_hulu)
        await post(kapuas_hulu, "/school-reports", report, status=404)
        await get(kapuas_hulu, "/school-deadlines", status=404)
        assert await get(kapuas_hulu, "/referrals") is not None
        assert not [r for r in outbox(kapuas_hulu) if "school" in r["event_type"]]


async def test_a_belu_victim_is_referred_home_only_after_her_consent_is_recorded(
    broker: LocalBroker, db_kind: str, tmp_path: Path
) -> None:
    kinds = {"blu-hub": AgencyKind.INTAKE, "blu-dinsos": AgencyKind.SOCIAL}
    async with network(broker, db_kind, tmp_path, kinds) as net:
        hub, dinsos = Api(net["blu-hub"].http), net["blu-dinsos"]
        case_id = await hub.open_case(a_name())
        await hub.to_contract(case_id, "trafficking")
        await hub.assess(case_id, ["repatriation"])
        await hub.plan(case_id, "blu-hub", [("PEMULANGAN", "repatriation", "blu-dinsos")])

        refused = await hub.post(
            f"/cases/{case_id}/referrals",
            {"stage": "PEMULANGAN", "target_id": "blu-dinsos"},
            status=409,
        )
        assert (refused["rule"], refused["article"]) == (
            "return_needs_the_consent_of_victim_or_witness",
            "BLU Pasal 1 angka 8",
        )
        await hub.post(
            f"/cases/{case_id}/return-consent",
            {"consent_of": "victim", "parent_or_guardian_present": True},
        )
        issued = await hub.refer(case_id, "PEMULANGAN", "blu-dinsos")
        referral_id = issued["referral"]["referral_id"]

        async def at_the_target(status: str) -> bool:
            response = await dinsos.http.get(f"/referrals/{referral_id}")
            return response.status_code == 200 and response.json()["status"] == status

        await eventually(lambda: at_the_target("received"))
        (given,) = (await hub.get(f"/cases/{case_id}"))["return_consents"]
        assert (given["consent_of"], given["in_force"]) == ("victim", True)
        assert given["parent_or_guardian_present"] is True

        # she changes her mind: the withdrawal cancels the referral at the Dinas Sosial
        await hub.post(f"/cases/{case_id}/return-consent/withdrawal", {"consent_of": "victim"})
        await eventually(lambda: at_the_target("cancelled"))
        assert (await hub.referral(case_id, referral_id))["status"] == "cancelled"
        (withdrawn,) = (await hub.get(f"/cases/{case_id}"))["return_consents"]
        assert (withdrawn["in_force"], withdrawn["article"]) == (False, "BLU Pasal 1 angka 8")
        assert withdrawn["withdrawn_at"] is not None
        journal = [r["event_type"] for r in outbox(net["blu-hub"]) if "journal" in r["topic"]]
        assert "id.rujukan.case.return_consent_recorded.v1" in journal
        assert "id.rujukan.case.return_consent_withdrawn.v1" in journal
