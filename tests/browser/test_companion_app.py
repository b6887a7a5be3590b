"""The companion web app in real headless Chromium (Debian's, driven by Playwright) at a
phone's viewport: the hub served by uvicorn on a loopback port, the real broker and a
stand-in RSUD. A companion logs in, opens her case, sees the RSUD's report arrive
without reloading, acknowledges it, switches to English, and cannot open another
companion's case."""

from pathlib import Path

from playwright.async_api import Browser, expect

from ops.broker import LocalBroker
from rujukan.runtime.accounts.demo import demo_account_with
from rujukan.runtime.service import AgencyRuntime
from tests.support.browser import NARROW_PHONE, PAGE_TEST, PHONE, chromium, fits_the_phone
from tests.support.companion_app import PASSWORD, hub_with_companions
from tests.support.hub_api import Api, a_name
from tests.support.responder_service import ACCEPT_ONLY, RESPONDER, report_final
from tests.support.services import running_together
from tests.support.serving import served

pytestmark = PAGE_TEST

HUB_ID = "kh-hub"


async def test_a_companion_follows_and_acknowledges_an_outcome_on_a_phone(
    broker: LocalBroker, tmp_path: Path
) -> None:
    bootstrap = broker.bootstrap_servers
    responders = {"kh-rsud": (RESPONDER, f"sqlite:///{tmp_path / 'rsud.db'}")}
    siti, budi = ("comp-siti", "Siti Rahmawati", "sup-ani"), ("comp-budi", "Budi", None)
    async with (
        running_together(responders, bootstrap=bootstrap) as agencies,
        hub_with_companions(bootstrap, f"sqlite:///{tmp_path}/hub.db", siti, budi) as hub,
        served(hub.app) as base,
        chromium() as browser,
    ):
        api = Api(hub.http)
        child = a_name()
        case_id = await api.open_case(child)
        lines = [
            ("REHABILITASI_KESEHATAN", "health", "kh-rsud"),
            ("IDENTIFIKASI", "identification", "kh-dukcapil"),
        ]
        number = (await api.planned(case_id, HUB_ID, lines))["case_number"]
        issued = await api.refer(case_id, "REHABILITASI_KESEHATAN", "kh-rsud", note=ACCEPT_ONLY)
        referral_id = issued["referral"]["referral_id"]
        letter = await api.refer(case_id, "IDENTIFIKASI", "kh-dukcapil")
        letter_id = letter["referral"]["referral_id"]
        await api.status_becomes(case_id, referral_id, "accepted")
        other_case = await api.open_case(a_name())
        await api.to_contract(other_case, "child_labour", "comp-budi")

        context = await browser.new_context(
            viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True
        )
        page = await context.new_page()

        # log in
        await page.goto(f"{base}/companion/")
        await expect(page).to_have_url(f"{base}/companion/login")
        await page.fill("#companion_id", "comp-siti")
        await page.fill("#password", PASSWORD)
        await page.click("button[type=submit].primary")
        await expect(page).to_have_url(f"{base}/companion/")
        await expect(page.locator("h1")).to_have_text("Kasus saya")
        await fits_the_phone(page)

        # open the case: the RSUD accepted, the service is under way
        await page.click(f'a[data-case="{case_id}"]')
        await expect(page).to_have_url(f"{base}/companion/cases/{case_id}")
        await expect(page.locator("h1")).to_contain_text(number)
        timeline = page.locator(f'[data-referral="{referral_id}"]')
        await expect(timeline.locator('[data-step="answered"]')).to_contain_text("disetujui")
        await expect(timeline.locator('[data-step="outcome"]')).to_have_attribute(
            "data-state", "pending"
        )
        assert child not in await page.content()

        # the RSUD reports its result: the page shows it without being reloaded by hand
        hub_topic = hub.runtime.agency.inbox_topic
        summary = "Pemeriksaan medis selesai"
        report_final(agencies["kh-rsud"].runtime, case_id, referral_id, hub_topic, summary)
        outcome_step = timeline.locator('[data-step="outcome"]')
        await expect(outcome_step).to_have_attribute("data-state", "done", timeout=20_000)
        await expect(outcome_step).to_contain_text("selesai")
        final = next(o for o in (await api.get(f"/cases/{case_id}"))["outcomes"] if o["final"])

        # acknowledge it
        await page.click(f'[data-acknowledge="{final["outcome_id"]}"]')
        await expect(page).to_have_url(f"{base}/companion/cases/{case_id}")
        item = page.locator(f'li[data-outcome="{final["outcome_id"]}"]')
        await expect(item).to_have_attribute("data-acknowledged", "yes")
        await expect(item).to_contain_text("Sudah dikonfirmasi")
        acknowledged = timeline.locator('[data-step="acknowledged"]')
        await expect(acknowledged).to_have_attribute("data-state", "done")
        loops = (await api.get(f"/cases/{case_id}"))["loops"]
        assert {loop["referral_id"]: loop["closed"] for loop in loops}[referral_id] is True

        # the offline institution's answer form, open, still fits a 360 px phone
        offline = page.locator(f'[data-referral="{letter_id}"]')
        await offline.locator("summary").first.click()
        await expect(offline.locator('input[name="decision"]').first).to_be_visible()
        await page.set_viewport_size(NARROW_PHONE)
        await fits_the_phone(page)
        await page.screenshot(path=str(tmp_path / "case-id.png"), full_page=True)
        await page.set_viewport_size(PHONE)

        # English, remembered from page to page
        await page.click("a.lang")
        await expect(page.locator("h1")).to_have_text(f"Case {number}")
        await expect(item).to_contain_text("Acknowledged")
        await expect(acknowledged).to_contain_text("Acknowledged")
        await fits_the_phone(page)
        await page.screenshot(path=str(tmp_path / "case-en.png"), full_page=True)
        await page.click("p.back a")
        await expect(page.locator("h1")).to_have_text("My cases")
        await page.screenshot(path=str(tmp_path / "home-en.png"), full_page=True)

        # another companion's case is not reachable
        response = await page.goto(f"{base}/companion/cases/{other_case}")
        assert response is not None
        assert response.status == 404
        await expect(page.locator("h1")).to_have_text("Not found")
        api_answer = await page.request.get(f"{base}/companion/api/cases/{other_case}")
        assert api_answer.status == 404
        await context.close()

        await an_auditor_traces_the_case(browser, base, hub.runtime, case_id, referral_id, child)


async def an_auditor_traces_the_case(
    browser: Browser, base: str, hub: AgencyRuntime, case_id: str, referral_id: str, child: str
) -> None:
    """The district's auditor signs in at the hub's auditor page on a phone, gives their
    API token and sees the case's trace: the RSUD, whose address this hub was not given,
    shows as not reachable; no identity. A companion is not let in."""
    auditor = demo_account_with("auditor")
    hub.accounts.add(
        auditor.account_id,
        auditor.name,
        auditor.roles,
        password=auditor.password,
        district_level=True,
    )
    token = hub.accounts.issue_token(auditor.account_id)
    context = await browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = await context.new_page()
    await page.goto(f"{base}/audit/")
    await expect(page).to_have_url(f"{base}/audit/login")
    await page.fill("#account_id", auditor.account_id)
    await page.fill("#password", auditor.password or "")
    await page.click("button[type=submit].primary")
    await expect(page).to_have_url(f"{base}/audit/")
    await page.fill("#case_id", case_id)
    await page.fill("#token", token)
    await page.click("button[data-action=trace]")
    trace = page.locator(f'[data-trace="{case_id}"]')
    await expect(trace.locator('[data-disagreement="not_reachable"]')).to_contain_text(
        f"kh-rsud {referral_id}"
    )
    await expect(trace.locator('[data-line="referral.issued"]').first).to_be_visible()
    await fits_the_phone(page)
    content = await page.content()
    assert child not in content
    assert token not in content
    await context.close()

    context = await browser.new_context(viewport=PHONE)
    page = await context.new_page()
    await page.goto(f"{base}/audit/login")
    await page.fill("#account_id", "comp-siti")
    await page.fill("#password", PASSWORD)
    await page.click("button[type=submit].primary")
    refused = await page.goto(f"{base}/audit/")
    assert refused is not None
    assert refused.status == 403
    await context.close()
