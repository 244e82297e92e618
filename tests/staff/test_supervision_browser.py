"""The supervision board in Chromium, over four months of demo history made by
`onevisit demo history`: a supervisor signs in on a desk PC (1920×1080) and on a tablet
(1024×1366); no script or CSP error; no sideways scrolling; screenshots for a person to
look at in /tmp/shots/g3/."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.config import Settings
from shared.staff.demo import DEMO_PASSWORD
from shared.supervision.demo_history import run_command
from tests.kiosk.browser_support import browser, require_browser, serve_in_thread

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/g3")
__all__ = ["browser"]

pytestmark = pytest.mark.browser


def _sign_in(page: Page, url: str) -> None:
    page.goto(url + "/staff/sign-in")
    page.fill("#username", "supervisor")
    page.fill("#password", DEMO_PASSWORD)
    page.click(".stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))


def test_the_board_over_four_months_of_history(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect

    settings = Settings(data_dir=tmp_path / "data", demo=True)
    # Playwright's sync API holds this thread's event loop: make the history in another thread.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, run_command(settings, 4, 6.0, 2026)).result() == 0
    problems: list[str] = []
    with serve_in_thread(settings) as url:
        for name, viewport in (("desk-1920x1080", (1920, 1080)), ("tablet-1024x1366", (1024, 1366))):
            context = browser.new_context(viewport={"width": viewport[0], "height": viewport[1]})
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            _sign_in(page, url)
            page.click("a[href='/staff/supervision']")
            page.wait_for_url(re.compile(r"/staff/supervision$"))
            expect(page.locator("h1")).to_have_text("电子监察")
            expect(page.locator(".sv-kpi")).to_have_count(7)
            assert page.locator("svg.chart").count() >= 6
            # Nothing wider than the screen (a tablet must not scroll sideways).
            assert page.evaluate("document.documentElement.scrollWidth") <= viewport[0]
            SHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SHOTS / f"{name}.png"))
            page.screenshot(path=str(SHOTS / f"{name}-full.png"), full_page=True)
            if name.startswith("desk"):
                page.select_option("select[name=department]", "GA")
                page.click(".sv-filters button[type=submit]")
                page.wait_for_url(re.compile(r"department=GA"))
                expect(page.locator(".sv-showing")).to_contain_text("公安局")
                page.screenshot(path=str(SHOTS / f"{name}-GA.png"), full_page=True)
            context.close()
    assert problems == [], problems
