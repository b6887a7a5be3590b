"""Real headless Chromium (Debian's, driven by Playwright) for the page tests.

Without ``/usr/bin/chromium`` the browser tests are skipped on a developer's machine, but
fail where ``RUJUKAN_REQUIRE_BROWSER`` is set (CI, ``.ci/run``): a missing browser must
not pass as a green run."""

import os
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from playwright.async_api import Browser, Page, ViewportSize, async_playwright

CHROMIUM = Path("/usr/bin/chromium")
REQUIRED = bool(os.environ.get("RUJUKAN_REQUIRE_BROWSER"))
PHONE: ViewportSize = {"width": 390, "height": 844}
NARROW_PHONE: ViewportSize = {"width": 360, "height": 780}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not REQUIRED,
    reason="Debian's chromium is not installed at /usr/bin/chromium",
)
"""Skip without Chromium, unless it is required (then `chromium` fails the test)."""

PAGE_TEST = [
    pytest.mark.browser,
    pytest.mark.broker,
    pytest.mark.asyncio(loop_scope="function"),
    needs_chromium,
]
"""The marks of every page test (``pytestmark = PAGE_TEST``): Chromium drives the pages
of services running on the real broker, in the test's event loop."""


@asynccontextmanager
async def chromium() -> AsyncIterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"RUJUKAN_REQUIRE_BROWSER is set but {CHROMIUM} is missing")
    async with async_playwright() as playwright:
        browser = await playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            await browser.close()


async def fits_the_phone(page: Page) -> None:
    width: Any = await page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"horizontal scrolling: {width}"
