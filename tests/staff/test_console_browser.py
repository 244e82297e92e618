"""The work console in Chromium over a month of demo history (`onevisit demo history`), with
queue tickets taken at a demo kiosk (1080×1920, touch): a window clerk calls the next number
on a desk PC (1920×1080) and the kiosk's line shows it; filters and a search by name (posted:
the name is in no URL); a supervisor's hall-wide console; both on a tablet (1024×1366, touch)
without sideways scrolling. No script or CSP error. Screenshots in /tmp/shots/console/."""

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
from tests.kiosk.browser_support import (
    become_demo_kiosk,
    browser,
    new_screen,
    require_browser,
    serve_in_thread,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/console")
QUEUE_SHOTS = Path("/tmp/shots/queue")
TICKET_URL = re.compile(r"/queue/tickets/\d+$")
__all__ = ["browser"]

pytestmark = pytest.mark.browser


def staff_screen(browser: Browser, problems: list[str], width: int, height: int, touch: bool) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, has_touch=touch)
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


def sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click(".stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))
    page.goto(url + "/staff/applications")


def test_the_console_with_calling_filters_and_search(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect

    settings = Settings(data_dir=tmp_path / "data", demo=True)
    # Playwright's sync API holds this thread's event loop: make the history in another thread.
    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(asyncio.run, run_command(settings, 1, 6.0, 2026)).result() == 0
    problems: list[str] = []
    with serve_in_thread(settings) as url:
        kiosk = new_screen(browser, problems)
        become_demo_kiosk(kiosk, url, problems)
        for line in ("GA", "GA", "GA", "CRJ"):
            kiosk.goto(url + "/queue")
            kiosk.locator(f'[data-take="{line}"]').tap()
            kiosk.wait_for_url(TICKET_URL)

        desk = staff_screen(browser, problems, 1920, 1080, touch=False)
        sign_in(desk, url, "clerk")  # the demo's window clerk of 公安局 (GA)
        expect(desk.locator(".call-desk .badge-waiting")).to_have_text("等候 3 人")
        expect(desk.locator(".call-upcoming")).to_contain_text("A001")
        assert desk.locator(".console-table tbody tr").count() > 0
        desk.fill("#call-counter", "3")
        desk.click('[data-call="call_next"]')
        desk.wait_for_url(re.compile(r"called=called&number=A001"))
        expect(desk.locator(".call-number")).to_have_text("A001")
        expect(desk.locator("[data-called]")).to_have_text("已叫号 A001。")
        shot(desk, SHOTS, "01-desk-clerk-calling")
        shot(desk, SHOTS, "01-desk-clerk-calling-full", full_page=True)

        kiosk.goto(url + "/queue")
        expect(kiosk.locator('.queue-line[data-line="GA"] .queue-line-number')).to_have_text("A001")
        expect(kiosk.locator('.queue-line[data-line="GA"] .queue-line-waiting')).to_have_text("等候 2 人")
        shot(kiosk, QUEUE_SHOTS, "07-lines-while-calling")
        # Someone else takes a number: the clerk's panel says so by itself (polling), no reload.
        kiosk.locator('[data-take="GA"]').tap()
        kiosk.wait_for_url(TICKET_URL)
        expect(desk.locator(".call-desk .badge-waiting")).to_have_text("等候 3 人", timeout=8000)
        expect(desk.locator(".call-upcoming")).to_contain_text("A004")

        desk.select_option("#console-deadline", "due")
        desk.fill("#console-within", "5")
        desk.click(".console-filters button[type=submit]")
        desk.wait_for_url(re.compile(r"deadline=due&within=5"))
        expect(desk.locator('.state-tabs [aria-current="page"]')).to_contain_text("全部")
        shot(desk, SHOTS, "02-desk-due-within-5")

        desk.fill("#console-q", "李明")
        desk.click(".console-search-form button[type=submit]")
        desk.wait_for_url(re.compile(r"search="))
        assert "李明" not in desk.url and "%E6%9D%8E" not in desk.url
        expect(desk.locator(".console-searching")).to_contain_text("李*")
        expect(desk.locator("#console-q")).to_have_value("")
        shot(desk, SHOTS, "03-desk-search-by-name")

        supervisor = staff_screen(browser, problems, 1920, 1080, touch=False)
        sign_in(supervisor, url, "supervisor")
        expect(supervisor.locator("#console-department")).to_be_visible()
        expect(supervisor.locator(".call-desk")).to_have_count(0)
        shot(supervisor, SHOTS, "04-desk-supervisor")
        supervisor.click('.state-tabs [data-tab="accepted"]')
        supervisor.wait_for_url(re.compile(r"state=accepted"))
        shot(supervisor, SHOTS, "05-desk-supervisor-accepted")

        for username in ("clerk", "supervisor"):
            tablet = staff_screen(browser, problems, 1024, 1366, touch=True)
            sign_in(tablet, url, username)
            assert tablet.evaluate("document.documentElement.scrollWidth") <= 1024
            shot(tablet, SHOTS, f"06-tablet-{username}")
            shot(tablet, SHOTS, f"06-tablet-{username}-full", full_page=True)
            if username == "clerk":
                tablet.locator('[data-call="recall"]').tap()
                tablet.wait_for_url(re.compile(r"called=recalled"))
                expect(tablet.locator(".call-meta")).to_contain_text("已呼叫 2 次")
    assert [p for p in problems if "403" not in p] == [], problems
