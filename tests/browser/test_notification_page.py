"""A companion chooses how they are told on the page of the companion web app, in
headless Chromium: signed in, they follow the home page's link and give an e-mail
address, a webhook and quiet hours (half of them is refused in words, in the page's
language), and see the webhook's secret once; the page speaks Indonesian, or English on
request; a form without the session's token is refused."""

from pathlib import Path

import httpx
from playwright.async_api import expect

from ops.broker import LocalBroker
from tests.support.browser import PAGE_TEST, PHONE, chromium
from tests.support.companion_app import PASSWORD, hub_with_companions
from tests.support.serving import served

pytestmark = PAGE_TEST


async def test_a_companion_chooses_email_a_webhook_and_quiet_hours_on_the_page(
    broker: LocalBroker, tmp_path: Path
) -> None:
    siti = ("comp-siti", "Siti Rahmawati", None)
    hub_db = f"sqlite:///{tmp_path}/hub.db"
    async with (
        hub_with_companions(
            broker.bootstrap_servers, hub_db, siti, notify_webhook_hosts="sms.example"
        ) as hub,
        served(hub.app) as base,
        chromium() as browser,
    ):
        page = await (await browser.new_context(viewport=PHONE)).new_page()
        await page.goto(f"{base}/companion/notifications")
        await expect(page).to_have_url(f"{base}/companion/login")
        await page.fill("#companion_id", "comp-siti")
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit].primary")
        await page.click("a[data-link=notifications]")  # from the companion's home page
        await expect(page).to_have_url(f"{base}/companion/notifications")
        await expect(page.locator("html")).to_have_attribute("lang", "id")  # as every page
        await expect(page.locator("#who")).to_have_text("comp-siti")
        save = page.locator("#main button[type=submit]")  # not the bar's log-out button

        await page.fill("#quiet_from", "22:00")  # quiet hours without their end: refused
        await save.click()
        await expect(page.locator("#error")).to_have_text(
            "Jam tenang memerlukan jam mulai dan jam selesai (JJ:MM)"
        )
        assert hub.runtime.notifier.book.get("comp-siti").channels == ()

        await page.fill("#email", "siti@hub.test")
        await page.fill("#webhook_url", "https://sms.example/hook")
        await page.fill("#quiet_from", "22:00")
        await page.fill("#quiet_until", "06:00")
        await save.click()
        await expect(page.locator("#secret")).to_contain_text("whsec_")
        await expect(page.locator("#channels")).to_have_attribute("data-channels", "email webhook")
        await expect(page.locator("#channels")).to_have_text("Saluran saat ini: email, webhook")
        choice = hub.runtime.notifier.book.get("comp-siti")
        assert (choice.quiet_from, choice.quiet_until) == ("22:00", "06:00")

        await page.goto(f"{base}/companion/notifications?lang=en")  # the secret is shown once
        await expect(page.locator("#secret")).to_have_count(0)
        await expect(page.locator("#channels")).to_have_text("Channels now: email, webhook")
        await expect(page.locator("h1")).to_have_text("How you are told")
        cookies = {c["name"]: c["value"] for c in await page.context.cookies()}
        async with httpx.AsyncClient(base_url=base, cookies=cookies) as forged:
            refused = await forged.post("/companion/notifications", data={"email": "x@evil.test"})
        assert refused.status_code == 403
        assert hub.runtime.notifier.book.get("comp-siti").email == "siti@hub.test"
