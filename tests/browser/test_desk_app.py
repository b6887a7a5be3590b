"""The agency desk's web app in real headless Chromium at a phone's viewport, on the real
broker: a puskesmas nurse signs in, sees the new referral, accepts it, reports a medical
examination and the final outcome; the companion's app at the hub then shows that
outcome. A visum without the examination it reports is refused on the form with the
rule's article and changes nothing; the nurse cannot open the RSUD's referral (404).

With ``RUJUKAN_SCREENSHOTS=<dir>`` the inbox and the referral's page are saved there
(``docs/desk-inbox.png``, ``docs/desk-referral.png`` are made this way)."""

import os
from datetime import UTC, datetime
from pathlib import Path

from playwright.async_api import Page, expect

from ops.broker import LocalBroker
from services.health import SERVICE as HEALTH
from tests.support.browser import PAGE_TEST, PHONE, chromium, fits_the_phone
from tests.support.companion_app import PASSWORD, hub_with_companions
from tests.support.hub_api import Api, a_name
from tests.support.services import running_together
from tests.support.serving import served

pytestmark = PAGE_TEST

HUB_ID = "kh-hub"
PUSKESMAS = "kh-puskesmas-putussibau-utara"
RSUD = "kh-rsud"
STAGE = "REHABILITASI_KESEHATAN"
NURSE = "perawat-desi"
TODAY = datetime.now(UTC).date().isoformat()
SCREENSHOTS = os.environ.get("RUJUKAN_SCREENSHOTS")


async def shoot(page: Page, name: str) -> None:
    if SCREENSHOTS:
        await page.screenshot(path=str(Path(SCREENSHOTS) / name), full_page=True)


async def open_form(page: Page, name: str) -> None:
    await page.click(f'details[data-form="{name}"] > summary')


async def test_a_puskesmas_nurse_answers_and_reports_a_referral_on_a_phone(
    broker: LocalBroker, tmp_path: Path
) -> None:
    bootstrap = broker.bootstrap_servers
    desks = {
        PUSKESMAS: (HEALTH, f"sqlite:///{tmp_path / 'puskesmas.db'}"),
        RSUD: (HEALTH, f"sqlite:///{tmp_path / 'rsud.db'}"),
    }
    hub_db = f"sqlite:///{tmp_path / 'hub.db'}"
    async with (
        running_together(desks, bootstrap=bootstrap) as agencies,
        hub_with_companions(bootstrap, hub_db, ("comp-siti", "Siti Rahmawati", None)) as hub,
        served(hub.app) as hub_url,
        served(agencies[PUSKESMAS].app) as desk_url,
        chromium() as browser,
    ):
        agencies[PUSKESMAS].runtime.accounts.add(
            NURSE, "Desi Purnamasari", ["desk_staff"], password=PASSWORD
        )
        api = Api(hub.http)
        case_id = await api.open_case(a_name())
        await api.planned(case_id, HUB_ID, [(STAGE, "health", PUSKESMAS)])
        referral_id = (await api.refer(case_id, STAGE, PUSKESMAS))["referral"]["referral_id"]
        other = await api.open_case(a_name())
        await api.planned(other, HUB_ID, [(STAGE, "health", RSUD)])
        rsud_referral = (await api.refer(other, STAGE, RSUD))["referral"]["referral_id"]
        await api.status_becomes(case_id, referral_id, "received")
        await api.status_becomes(other, rsud_referral, "received")

        context = await browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        page = await context.new_page()

        # sign in: the inbox, the referral among the new ones
        await page.goto(f"{desk_url}/desk/")
        await expect(page).to_have_url(f"{desk_url}/desk/login")
        await page.fill("#account_id", NURSE)
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit].primary")
        await expect(page.locator("h1")).to_have_text("Rujukan masuk")
        new = page.locator('[data-section="new"]')
        await expect(new.locator(f'[data-referral="{referral_id}"]')).to_be_visible()
        await fits_the_phone(page)
        await shoot(page, "desk-inbox.png")

        # accept it
        await new.locator(f'[data-referral="{referral_id}"]').click()
        await expect(page).to_have_url(f"{desk_url}/desk/referrals/{referral_id}")
        await expect(page.locator("[data-identity]")).to_be_visible()
        await open_form(page, "accept")
        await page.click('[data-action="accept"]')
        await expect(page.locator("#state [data-status]")).to_have_attribute(
            "data-status", "accepted"
        )

        # a visum without its examination: refused on the form, nothing stored
        await open_form(page, "report")
        await page.check("#fact-visum_issued")
        await page.fill("#visum_issued-document_ref", "VER/440/PKM/01")
        await page.fill("#visum_issued-issued_on", TODAY)
        await page.click('[data-action="report"]')
        refusal = page.locator('details[data-form="report"] [data-refusal]')
        await expect(refusal).to_contain_text("examination_before_visum")
        await expect(refusal).to_contain_text("KH Lampiran I")
        await expect(page.locator("[data-report]")).to_have_count(0)
        await fits_the_phone(page)

        # the medical examination, then the final outcome
        await page.uncheck("#fact-visum_issued")
        await page.check("#fact-medical_examination")
        await page.fill("#medical_examination-examined_on", TODAY)
        await page.click('[data-action="report"]')
        await expect(page.locator("[data-report]")).to_have_count(1)
        await open_form(page, "report")
        await page.check("#fact-treatment")
        await page.select_option("#treatment-phase", "completed")
        await page.check("#report-final")
        await page.click('[data-action="report"]')
        await expect(page.locator("#state [data-status]")).to_have_attribute(
            "data-status", "completed"
        )
        await expect(page.locator("[data-report]")).to_have_count(2)
        await fits_the_phone(page)
        await shoot(page, "desk-referral.png")

        # English on request
        await page.click("a.lang")
        await expect(page.locator("#state [data-status]")).to_have_text("completed")

        # another agency's referral is not reachable
        response = await page.goto(f"{desk_url}/desk/referrals/{rsud_referral}")
        assert response is not None
        assert response.status == 404

        # the companion's app shows the outcome
        companion = await context.new_page()
        await companion.goto(f"{hub_url}/companion/login?lang=id")
        await companion.fill("#companion_id", "comp-siti")
        await companion.fill("#password", PASSWORD)
        await companion.click("button[type=submit].primary")
        await companion.goto(f"{hub_url}/companion/cases/{case_id}")
        outcome = companion.locator(f'[data-referral="{referral_id}"] [data-step="outcome"]')
        await expect(outcome).to_have_attribute("data-state", "done", timeout=20_000)
        await expect(outcome).to_contain_text("selesai")
        await context.close()
