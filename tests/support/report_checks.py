"""The district reports of a running local network after ``rujukan demo``: ``rujukan
report`` (in this process, as an operator runs it) for each demo district in every
format, and the hub's report page in headless Chromium, checked for what they must show
and for what they must never hold."""

import asyncio
import json
import shutil
import subprocess
from datetime import UTC, datetime, timedelta
from pathlib import Path

from playwright.async_api import async_playwright
from typer.testing import CliRunner

from ops.cli.main import app
from ops.network import Network
from ops.reports.formats import FORMATS
from rujukan.runtime.accounts.demo import demo_account_with
from tests.support.disclosure_attack import exposed_in_report

CHROMIUM = Path("/usr/bin/chromium")
DEMO_DISTRICTS = {"kapuas-hulu": ("kh-hub", "kh-disdikbud"), "luwu-timur": ("lt-hub", "lt-disdik")}


def pdf_text(path: Path) -> str:
    """The PDF's text as poppler's pdftotext extracts it (installed by scripts/test.sh)."""
    assert shutil.which("pdftotext"), "pdftotext is missing: apt-get install poppler-utils"
    done = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, timeout=60
    )
    return done.stdout.decode()


def district_reports(network: Network, folder: Path) -> dict[str, dict[str, str]]:
    """Every demo district's report in every format, as text: district → format → text."""
    today = datetime.now(UTC).date()
    period = ["--from", str(today - timedelta(days=90)), "--to", str(today + timedelta(days=1))]
    texts: dict[str, dict[str, str]] = {}
    for district, agencies in DEMO_DISTRICTS.items():
        urls = [f"--url={a}={network.member(a).url}" for a in agencies]
        texts[district] = {}
        for form in FORMATS:
            out = folder / f"{district}.{form}"
            args = ["report", "--district", district, *period, "--format", form, "-o", str(out)]
            done = CliRunner().invoke(app, [*args, *urls])
            assert done.exit_code == 0, done.output
            texts[district][form] = pdf_text(out) if form == "pdf" else out.read_text()
        report = json.loads(texts[district]["json"])
        assert [s["agency_id"] for s in report["sections"]] == list(agencies)
        assert exposed_in_report(report) == []
        opened = next(t for t in report["sections"][0]["tables"] if t["name"] == "cases_opened")
        assert opened["total"] is None or opened["total"] >= 5  # one demo case: withheld
    return texts


async def report_page_text(hub_url: str, folder: Path) -> str:
    """The hub's report page as the demo's reporting officer sees it after signing in,
    in headless Chromium; a screenshot of it is left in ``folder``."""
    officer = demo_account_with("report_officer")
    assert officer.password is not None
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox", "--disable-gpu"]
        )
        try:
            page = await browser.new_page(viewport={"width": 1100, "height": 1400})
            await page.goto(f"{hub_url}/companion/login")
            await page.fill("input[name=companion_id]", officer.account_id)
            await page.fill("input[name=password]", officer.password)
            await page.click("button[type=submit]")
            response = await page.goto(f"{hub_url}/companion/reports")
            assert response is not None
            assert response.status == 200
            assert await page.locator("h3#cases_opened").count() == 1
            assert await page.locator("svg[role=img]").count() >= 1
            await page.screenshot(path=str(folder / "report-page.png"), full_page=False)
            return await page.inner_text("body")
        finally:
            await browser.close()


def check_reports(network: Network, folder: Path, forbidden: str) -> None:
    """Every format of every demo district's report and the hub's page: their tables
    are there, and ``forbidden`` (the canaries' tag) is in none of them."""
    folder.mkdir(parents=True, exist_ok=True)
    for district, texts in district_reports(network, folder).items():
        for form, text in texts.items():
            assert forbidden not in text, (district, form)
            assert any(mark in text for mark in ("<5*", "withheld", "null")), (district, form)
        assert "Referrals issued, by agency and status" in texts["pdf"], district
    page = asyncio.run(report_page_text(network.member("kh-hub").url, folder))
    assert "Cases opened, by category and channel" in page
    assert forbidden not in page
