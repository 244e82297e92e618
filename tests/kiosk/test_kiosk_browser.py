"""A citizen's journey on a real touch screen: Chromium at 1080×1920 against the real server.

Home → tap the search box → type `sfz` on the on-screen keyboard → the ID-card item appears
(htmx, no page load) → tap it → read materials and time limits → switch to English.
Needs Debian's /usr/bin/chromium; without it the test is skipped, or fails when
ONEVISIT_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import asyncio
import json
import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.config import Settings
from shared.db import Database
from shared.kiosk import devices
from tests.kiosk.browser_support import CHROMIUM, CHROMIUM_ARGS, require_browser, serve_in_thread
from tests.kiosk.conftest import kiosk_catalog

if TYPE_CHECKING:
    from playwright.sync_api import BrowserContext

BROWSER_DEVICE_ID = "browser-kiosk-1"


async def _prepare(settings: Settings) -> str:
    """Import the fixture catalog and register and enrol a kiosk; returns its device cookie."""
    db = Database(settings.database_path, readers=1)
    await db.open()
    try:
        await import_catalog(db, parse_catalog_text(json.dumps(kiosk_catalog(), ensure_ascii=False)))
        async with db.transaction() as tx:
            await devices.register(tx, BROWSER_DEVICE_ID, "浏览器测试机", "lobby", time.time())
            return await devices.issue_credential(tx, BROWSER_DEVICE_ID, time.time(), revoke_others=True)
    finally:
        await db.close()


def enrol_context(context: BrowserContext, url: str, device_cookie: str) -> None:
    """Make a browser context the enrolled kiosk, as /kiosk/enrol would have."""
    context.add_cookies(
        [{"name": "ov_device", "value": device_cookie, "url": url, "httpOnly": True, "sameSite": "Strict"}]
    )


@dataclass(frozen=True)
class LiveServer:
    url: str
    # The `ov_device` cookie of an enrolled kiosk (pre-enrolled: kiosk pages need one).
    device_cookie: str


@pytest.fixture
def live_server(tmp_path: Path) -> Iterator[LiveServer]:
    """The real app under uvicorn in a thread, with the fixture catalog and one enrolled kiosk."""
    require_browser()
    settings = Settings(data_dir=tmp_path / "data", demo=False)
    settings.data_dir.mkdir(parents=True)
    device_cookie = asyncio.run(_prepare(settings))
    with serve_in_thread(settings) as url:
        yield LiveServer(url, device_cookie)


@pytest.mark.browser
def test_search_by_tapping_then_read_the_guide(live_server: LiveServer) -> None:
    from playwright.sync_api import ConsoleMessage, Request, expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1080, "height": 1920}, has_touch=True, is_mobile=False)
            enrol_context(context, live_server.url, live_server.device_cookie)
            page = context.new_page()
            page.set_default_timeout(10_000)
            problems: list[str] = []
            htmx_requests: list[dict[str, Any]] = []

            def console(message: ConsoleMessage) -> None:
                # CSP violations and failed loads (a missing favicon too) are console errors.
                if message.type == "error":
                    problems.append(f"{message.text} ({message.location['url']})")

            def record(request: Request) -> None:
                if request.headers.get("hx-request") == "true":
                    htmx_requests.append({"url": request.url, **request.headers})

            page.on("console", console)
            page.on("pageerror", lambda error: problems.append(str(error)))
            page.on("request", record)

            # Home: large tiles and big text, then tap the search box.
            page.goto(live_server.url + "/")
            tile = page.locator(".tile").first
            box = tile.bounding_box()
            assert box is not None and box["height"] >= 64
            assert page.evaluate("parseFloat(getComputedStyle(document.body).fontSize)") >= 24
            page.tap(".search-launch")
            page.wait_for_url(re.compile(r"/search$"))

            # Type on the on-screen keyboard; htmx swaps the results while typing.
            for key in "sfz":
                page.tap(f'.key[data-key="{key}"]')
            expect(page.locator("#search-q")).to_have_value("sfz")
            expect(page.locator("#found-items")).to_contain_text("找到 1 个事项")
            result = page.locator('#search-results a[href="/items/GA-SFZ-002"]')
            expect(result).to_contain_text("居民身份证到期换领")
            expect(page).to_have_url(re.compile(r"/search\?q=sfz$"))  # hx-replace-url
            partial = [r for r in htmx_requests if r["url"].endswith("/search?q=sfz")]
            assert partial and partial[-1].get("hx-request-type") == "partial"
            assert partial[-1].get("hx-target") == "div#search-results"

            # The guide: materials and time limits, all at once.
            result.tap()
            page.wait_for_url(re.compile(r"/items/GA-SFZ-002$"))
            expect(page.locator("h1.guide-title")).to_have_text("居民身份证到期换领")
            expect(page.locator("#materials")).to_have_text("申请材料")
            expect(page.locator(".materials > li")).to_have_count(3)
            expect(page.locator(".materials")).to_contain_text("可用电子证照「居民身份证」代替")
            expect(page.locator(".facts")).to_contain_text("20 个工作日")
            expect(page.locator(".facts")).to_contain_text("60 个工作日")

            # English, on the same page.
            with page.expect_navigation():
                page.tap('.lang-switch button[value="en"]')
            expect(page).to_have_url(re.compile(r"/items/GA-SFZ-002$"))
            expect(page.locator("html")).to_have_attribute("lang", "en")
            expect(page.locator("#materials")).to_have_text("Materials")
            expect(page.locator("h1.guide-title")).to_have_text("Renew a resident ID card on expiry")

            # No CSP violation or script error on the way.
            assert problems == []
        finally:
            browser.close()
