"""The heartbeat and the fleet page in Chromium, against the real demo server in a thread.

- An open kiosk home screen (1080×1920, never reloaded by the test) shows a menu published
  behind its back within 5 s: the heartbeat reloads it through htmx, with no new history
  entry; a screen on a task page (search) is left alone, and shows the new menu when the
  citizen goes home.
- A heartbeat reload does not restart the screen's idle countdown: the screen still returns
  to the attract screen on time.
- /staff/fleet at 1920×1080 (administrator) and on a window tablet (1024×1366, touch, clerk):
  the demo kiosk online with its menu, the other demo kiosks offline, a printer emptied from
  the kiosk's demo panel showing up by itself through the page's polling, "on my way" from the
  fleet page; registering a kiosk shows its key once. Screenshots in /tmp/shots/fleet/.
"""

from __future__ import annotations

import asyncio
import copy
import re
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.audit import Actor
from shared.catalog.snapshot import CatalogService
from shared.config import Settings
from shared.db import Database
from shared.menus import store
from tests.kiosk.browser_support import (
    IDLE_SECONDS,
    WARNING_SECONDS,
    become_demo_kiosk,
    browser,
    new_screen,
    require_browser,
    serve_in_thread,
    shot,
)
from tests.staff.browser_support import sign_in_staff, watch_staff

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/fleet")
MENU = "hall-default"
FOLLOW_MS = 5_000
ACTOR = Actor("staff", "0", "test (admin)")
__all__ = ["browser"]

pytestmark = pytest.mark.browser


def publish_reversed(data_dir: Path) -> tuple[str, list[str]]:
    """Staff publish the default menu with its top tiles reversed, from another connection to
    the server's database (as a second server process would); the stamp and the new order."""

    async def run() -> tuple[str, list[str]]:
        db = Database(Settings(data_dir=data_dir).database_path, readers=1)
        await db.open()
        try:
            catalog = CatalogService(db, 0.0)
            await catalog.load()
            now = time.time()
            async with db.transaction() as tx:
                draft = await store.get_draft(tx, MENU)
                document = copy.deepcopy(draft.document)
                document["tiles"] = list(reversed(document["tiles"]))
                await store.save_draft(tx, MENU, document, draft.revision, ACTOR, now)
                release = await store.publish(tx, MENU, await catalog.current(), ACTOR, now)
            return f"{MENU}@{release.version}", [tile["id"] for tile in document["tiles"]]
        finally:
            await db.close()

    # Playwright's sync API runs an event loop in this thread: the database work gets its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(run())).result()


def _stamp(page: Page) -> str | None:
    stamp: str | None = page.evaluate("document.getElementById('menu-stamp')?.dataset.menuStamp ?? null")
    return stamp


def _tile_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(".menu-tiles .menu-tile", "tiles => tiles.map(t => t.dataset.tileId)")
    return ids


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def test_a_published_menu_reaches_an_open_home_screen_and_spares_a_task_page(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    problems: list[str] = []
    data_dir = tmp_path / "data"
    with serve_in_thread(Settings(data_dir=data_dir, demo=True)) as url:
        kiosk = new_screen(browser, problems)
        become_demo_kiosk(kiosk, url, problems)
        assert _stamp(kiosk) == f"{MENU}@1"
        before = _tile_ids(kiosk)
        assert len(before) >= 3
        history = kiosk.evaluate("history.length")

        started = time.monotonic()
        stamp, order = publish_reversed(data_dir)
        kiosk.wait_for_function(
            "stamp => document.getElementById('menu-stamp')?.dataset.menuStamp === stamp", arg=stamp, timeout=FOLLOW_MS
        )
        assert time.monotonic() - started < FOLLOW_MS / 1000
        assert _tile_ids(kiosk) == order == list(reversed(before))
        assert kiosk.url == url + "/" and kiosk.evaluate("history.length") == history  # a reload, not a visit
        shot(kiosk, SHOTS, "kiosk-1080x1920-after-publish")

        # A citizen on the search screen is not disturbed by the next publish.
        kiosk.tap(".search-launch")
        kiosk.wait_for_url(re.compile(r"/search"))
        kiosk.evaluate(
            "document.getElementById('main').append(Object.assign(document.createElement('i'), {id: 'probe'}))"
        )
        stamp, order = publish_reversed(data_dir)
        kiosk.wait_for_timeout(FOLLOW_MS + 1_500)
        assert kiosk.evaluate("Boolean(document.getElementById('probe'))"), "the search screen was reloaded"
        # Home again: the new menu.
        kiosk.tap(".masthead .brand")
        kiosk.wait_for_function(
            "stamp => document.getElementById('menu-stamp')?.dataset.menuStamp === stamp", arg=stamp
        )
        assert _tile_ids(kiosk) == order
    assert problems == [], problems


def test_a_heartbeat_reload_does_not_restart_the_idle_countdown(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    problems: list[str] = []
    data_dir = tmp_path / "data"
    settings = Settings(
        data_dir=data_dir,
        demo=True,
        kiosk_idle_seconds=IDLE_SECONDS,
        kiosk_idle_warning_seconds=WARNING_SECONDS,
        kiosk_session_max_seconds=600,
    )
    with serve_in_thread(settings) as url:
        kiosk = new_screen(browser, problems)
        become_demo_kiosk(kiosk, url, problems)
        opened = time.monotonic()
        stamp, _ = publish_reversed(data_dir)
        kiosk.wait_for_function(
            "stamp => document.getElementById('menu-stamp')?.dataset.menuStamp === stamp", arg=stamp, timeout=FOLLOW_MS
        )
        reloaded = time.monotonic() - opened
        kiosk.wait_for_url(re.compile(r"/attract$"), timeout=(IDLE_SECONDS + 5) * 1000)
        # Back at the start on the screen's own schedule, not a full idle time after the reload.
        assert time.monotonic() - opened < IDLE_SECONDS + 2.0, (reloaded, time.monotonic() - opened)
    assert problems == [], problems


def test_the_fleet_page_at_a_desk_and_on_a_tablet(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect

    problems: list[str] = []
    with serve_in_thread(Settings(data_dir=tmp_path / "data", demo=True)) as url:
        kiosk = new_screen(browser, problems)
        become_demo_kiosk(kiosk, url, problems)
        kiosk.wait_for_timeout(1_500)  # its first beat

        desk_context = browser.new_context(viewport={"width": 1920, "height": 1080})
        desk = watch_staff(desk_context.new_page(), problems)
        sign_in_staff(desk, url, "admin")
        desk.click("a[href='/staff/fleet']")
        demo_row = desk.locator("tr[data-kiosk='demo-kiosk-1']")
        expect(demo_row.locator("[data-heartbeat='online']")).to_be_visible()
        expect(demo_row.locator("[data-menu='current']")).to_be_visible()
        expect(desk.locator("tr[data-kiosk='exit-entry-1'] [data-heartbeat='offline']")).to_be_visible()
        expect(desk.locator("tr[data-kiosk='lobby-2']")).to_contain_text("从未连接")
        _fits(desk, 1920)
        shot(desk, SHOTS, "desk-1920x1080-fleet")

        # The kiosk's printer runs out (its demo panel): the page shows it by itself (polling),
        # and the demo kiosk's card reader is unplugged too.
        desk.evaluate("window.__same_page = true")
        kiosk.click("[data-demo-devices] summary")
        kiosk.click("[data-demo-action='paper_out']")
        kiosk.click("[data-demo-action='reader_off']")
        expect(demo_row.locator("[data-component='printer'] [data-state='paper_out']")).to_be_visible(timeout=12_000)
        expect(demo_row.locator("[data-component='card_reader'] [data-state='unavailable']")).to_be_visible(
            timeout=12_000
        )
        expect(demo_row).to_contain_text("打印机缺纸")
        assert desk.evaluate("window.__same_page === true"), "the table was refreshed by reloading the page"
        shot(desk, SHOTS, "desk-1920x1080-fleet-printer-out")
        desk.click("tr[data-kiosk='demo-kiosk-1'] [data-acknowledge]")
        desk.wait_for_url(re.compile(r"/staff/fleet\?done=acknowledge$"))
        expect(desk.locator(".notice-ok")).to_be_visible()
        desk.goto(url + "/staff/fleet?problem=any")
        shot(desk, SHOTS, "desk-1920x1080-fleet-problems")

        desk.click("tr[data-kiosk='demo-kiosk-1'] .fleet-kiosk-name")
        expect(desk.locator("[data-move-form]")).to_be_visible()
        shot(desk, SHOTS, "desk-1920x1080-kiosk", full_page=True)

        desk.goto(url + "/staff/fleet/new")
        desk.fill("#new-id", "Lobby 3")  # not an id: said next to the field, what was typed kept
        desk.fill("#new-name", "一楼大厅 3 号机")
        desk.click("[data-register-form] button[type=submit]")
        expect(desk.locator("#new-id[aria-invalid='true']")).to_be_visible()
        shot(desk, SHOTS, "desk-1920x1080-register-problem")
        # Chromium reports the 422 page (the form with its problems) as a failed load.
        problems[:] = [problem for problem in problems if "422" not in problem]
        desk.fill("#new-id", "lobby-3")
        desk.fill("#new-name", "一楼大厅 3 号机")
        desk.click("[data-register-form] button[type=submit]")
        expect(desk.locator("[data-key]")).to_be_visible()
        assert re.fullmatch(r"[A-Za-z0-9_-]{43}", desk.locator("[data-key]").inner_text())
        shot(desk, SHOTS, "desk-1920x1080-registered")
        desk.goto(url + "/staff/fleet/kiosks/lobby-3")
        assert desk.locator("[data-key]").count() == 0

        tablet_context = browser.new_context(viewport={"width": 1024, "height": 1366}, has_touch=True)
        tablet = watch_staff(tablet_context.new_page(), problems)
        sign_in_staff(tablet, url, "clerk")
        tablet.goto(url + "/staff/fleet")
        expect(tablet.locator("tr[data-kiosk='demo-kiosk-1'] [data-heartbeat='online']")).to_be_visible()
        _fits(tablet, 1024)
        shot(tablet, SHOTS, "tablet-1024x1366-fleet", full_page=True)
        tablet.goto(url + "/staff/fleet/kiosks/demo-kiosk-1")
        _fits(tablet, 1024)
        shot(tablet, SHOTS, "tablet-1024x1366-kiosk", full_page=True)
        tablet_context.close()
        desk_context.close()
    assert problems == [], problems
