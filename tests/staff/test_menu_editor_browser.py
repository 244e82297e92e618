"""The menu editor in Chromium against the real demo server, with a kiosk screen open beside it.

An administrator (1920×1080) drags a tile of the hall's default menu to the top with real
mouse moves; the preview shows the new order; publishing it changes the already-open kiosk
home screen (1080×1920, never reloaded by the test) within 5 s through the heartbeat, with
no server restart; restoring version 1 brings the old order back within 5 s. On a tablet
(1024×1366, touch) a finger drags a tile into place. No script or CSP error anywhere, nothing
wider than the screen. Screenshots for a person to look at in /tmp/shots/menus/.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.config import Settings
from tests.kiosk.browser_support import become_demo_kiosk, browser, new_screen, require_browser, serve_in_thread, shot
from tests.staff.browser_support import sign_in_staff, watch_staff

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

SHOTS = Path("/tmp/shots/menus")
MENU = "hall-default"
# The kiosk follows a new version within this many seconds (heartbeat every 3 s, then a reload).
FOLLOW_MS = 5_000
__all__ = ["browser"]

pytestmark = pytest.mark.browser


def _tree_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(
        "#tree-form > .menu-level > .menu-node", "nodes => nodes.map(n => n.dataset.tileId)"
    )
    return ids


def _kiosk_ids(page: Page) -> list[str]:
    ids: list[str] = page.eval_on_selector_all(".menu-tiles .menu-tile", "tiles => tiles.map(t => t.dataset.tileId)")
    return ids


def _mouse_drag(page: Page, tile_id: str, onto: str) -> None:
    """Press the handle of `tile_id` and move the mouse in steps to the upper part of `onto`'s row."""
    handle = page.locator(f"#tile-{tile_id} > .menu-row [data-drag]").bounding_box()
    target = page.locator(f"#tile-{onto} > .menu-row").bounding_box()
    assert handle is not None and target is not None
    page.mouse.move(handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2)
    page.mouse.down()
    page.mouse.move(handle["x"] + 20, handle["y"] + 10, steps=4)
    page.mouse.move(target["x"] + 60, target["y"] + target["height"] * 0.2, steps=12)
    shot(page, SHOTS, "desk-1920x1080-dragging")  # the row follows the pointer, a line shows where it lands
    page.mouse.up()


def _finger_drag(page: Page, tile_id: str, onto: str) -> None:
    """The same with a finger: touch events through the DevTools protocol (Chromium makes pointer events)."""
    handle = page.locator(f"#tile-{tile_id} > .menu-row [data-drag]").bounding_box()
    target = page.locator(f"#tile-{onto} > .menu-row").bounding_box()
    assert handle is not None and target is not None
    cdp = page.context.new_cdp_session(page)
    x, y = handle["x"] + handle["width"] / 2, handle["y"] + handle["height"] / 2
    cdp.send("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": [{"x": x, "y": y}]})
    end_x, end_y = target["x"] + 60, target["y"] + target["height"] * 0.2
    for step in range(1, 13):
        point = {"x": x + (end_x - x) * step / 12, "y": y + (end_y - y) * step / 12}
        cdp.send("Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [point]})
    cdp.send("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})


def _preview_ids(page: Page) -> list[str]:
    frame = page.frame_locator("[data-preview-frame]")
    frame.locator(".menu-tiles .menu-tile").first.wait_for()
    ids: list[str] = frame.locator(".menu-tiles .menu-tile").evaluate_all("tiles => tiles.map(t => t.dataset.tileId)")
    return ids


def _first_group(page: Page, url: str) -> str:
    group: str = page.eval_on_selector("[data-kind='group']", "node => node.dataset.tileId")
    return group


def _fits(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, "the page scrolls sideways"


def _wait_kiosk_order(kiosk: Page, first: str) -> None:
    kiosk.wait_for_function(
        "first => document.querySelector('.menu-tiles .menu-tile')?.dataset.tileId === first",
        arg=first,
        timeout=FOLLOW_MS,
    )


def _desk(browser: Browser, url: str, problems: list[str]) -> tuple[BrowserContext, Page]:
    context = browser.new_context(viewport={"width": 1920, "height": 1080})
    page = watch_staff(context.new_page(), problems)
    sign_in_staff(page, url, "admin")
    return context, page


def test_drag_preview_publish_and_restore_reach_an_open_kiosk(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect

    problems: list[str] = []
    with serve_in_thread(Settings(data_dir=tmp_path / "data", demo=True)) as url:
        kiosk = new_screen(browser, problems)
        become_demo_kiosk(kiosk, url, problems)
        before = _kiosk_ids(kiosk)
        assert len(before) >= 3, before

        desk_context, desk = _desk(browser, url, problems)
        desk.click("a[href='/staff/menus']")
        expect(desk.locator(f"tr[data-menu='{MENU}'] [data-default]")).to_be_visible()
        shot(desk, SHOTS, "desk-1920x1080-list", full_page=True)
        desk.goto(f"{url}/staff/menus/{MENU}")
        assert _tree_ids(desk) == before  # the editor shows what the kiosk shows
        shot(desk, SHOTS, "desk-1920x1080-editor")

        # Drag the third tile to the top with real mouse moves; the page answers without a reload.
        moved = before[2]
        desk.evaluate("window.__same_page = true")
        _mouse_drag(desk, moved, onto=before[0])
        expect(desk.locator("#tree-form > .menu-level > .menu-node").first).to_have_attribute("data-tile-id", moved)
        expect(desk.locator(".notice-ok")).to_be_visible()
        assert desk.evaluate("window.__same_page === true"), "the drop reloaded the page"
        after = [moved, *[tile for tile in before if tile != moved]]
        assert _tree_ids(desk) == after
        assert _kiosk_ids(kiosk) == before  # nothing is live before publishing

        # The side form of a tile, with the target picker, the icons and the palette.
        desk.click(f"#tile-{moved} > .menu-row a[href*='?tile=']")
        expect(desk.locator("#side-title")).to_be_visible()
        shot(desk, SHOTS, "desk-1920x1080-tile-form", full_page=True)

        # The preview shows the draft's new order, in a kiosk-shaped frame.
        desk.goto(f"{url}/staff/menus/{MENU}/preview")
        assert _preview_ids(desk)[: len(after)] == after
        box = desk.locator(".menus-preview-screen").bounding_box()
        assert box is not None and abs(box["height"] / box["width"] - 1920 / 1080) < 0.05
        shot(desk, SHOTS, "desk-1920x1080-preview")

        # Publish: the open kiosk page follows within 5 s, without the test touching it.
        desk.goto(f"{url}/staff/menus/{MENU}")
        desk.fill("#publish-note", "把常用分组放到最前")
        desk.click("[data-publish-now]")
        expect(desk.locator("[data-published]")).to_be_visible()
        _wait_kiosk_order(kiosk, moved)
        assert _kiosk_ids(kiosk) == after
        shot(kiosk, SHOTS, "kiosk-1080x1920-after-publish")

        # Versions: 2 is live; compare 1 with 2 shows the move; restore 1 and the kiosk follows.
        desk.goto(f"{url}/staff/menus/{MENU}/versions")
        expect(desk.locator("tr[data-version='2'] [data-live]")).to_be_visible()
        shot(desk, SHOTS, "desk-1920x1080-versions")
        desk.goto(f"{url}/staff/menus/{MENU}/compare?a=1&b=2")
        expect(desk.locator(f"[data-side='after'] [data-tile-id='{moved}']").first).to_have_attribute(
            "data-marks", re.compile("moved")
        )
        shot(desk, SHOTS, "desk-1920x1080-compare", full_page=True)
        desk.goto(f"{url}/staff/menus/{MENU}/versions")
        desk.click("[data-restore='1']")
        expect(desk.locator("[data-restored]")).to_be_visible()
        expect(desk.locator("tr[data-version='1'] [data-live]")).to_be_visible()
        _wait_kiosk_order(kiosk, before[0])
        assert _kiosk_ids(kiosk) == before

        # Without dragging: the buttons, from the keyboard; focus stays with the moved tile.
        desk.goto(f"{url}/staff/menus/{MENU}")
        second = _tree_ids(desk)[1]
        desk.focus(f"#tile-{second} > .menu-row [data-op='down']")
        desk.keyboard.press("Enter")
        expect(desk.locator("#tree-form > .menu-level > .menu-node").nth(2)).to_have_attribute("data-tile-id", second)
        assert desk.evaluate("document.activeElement.closest('.menu-node')?.dataset.tileId") == second

        # The side form with its script: each kind shows its part, the search answers as one
        # types, a picked service fills the empty labels.
        desk.goto(f"{url}/staff/menus/exit-entry?add=top")
        desk.check("[data-kind-choice][value='action']")
        expect(desk.locator("#tile-action")).to_be_visible()
        expect(desk.locator("[data-target-q]")).to_be_hidden()
        desk.check("[data-kind-choice][value='item']")
        expect(desk.locator("#tile-action")).to_be_hidden()
        with desk.expect_response(lambda response: "/targets?" in response.url and "q=sfz" in response.url):
            desk.fill("[data-target-q]", "sfz")
        pick = desk.locator("#target-results input[name=target]:not([disabled])").first
        name = pick.get_attribute("data-name-zh") or ""
        pick.check()
        expect(desk.locator("[data-label='zh']")).to_have_value(name[:16])
        assert desk.locator("[data-label='en']").input_value() != ""
        desk.check("input[name=colour][value='green']")
        shot(desk, SHOTS, "desk-1920x1080-new-tile")
        desk.click("[data-save-tile]")
        expect(desk.locator(".notice-ok")).to_be_visible()
        expect(desk.locator("#tree-form > .menu-level > .menu-node").last).to_contain_text(name[:16])

        desk.goto(f"{url}/staff/menus/exit-entry?lang=en&tile={_tree_ids(desk)[0]}")
        expect(desk.locator("#side-title")).to_have_text("Edit tile")
        shot(desk, SHOTS, "desk-1920x1080-editor-en")

        # A tablet at a window: the same pages fit, and a finger drags a tile.
        tablet_context = browser.new_context(
            viewport={"width": 1024, "height": 1366}, has_touch=True, storage_state=desk_context.storage_state()
        )
        tablet = watch_staff(tablet_context.new_page(), problems)
        tablet.goto(f"{url}/staff/menus/{MENU}")
        _fits(tablet, 1024)
        shot(tablet, SHOTS, "tablet-1024x1366-editor")
        tiles = _tree_ids(tablet)
        _finger_drag(tablet, tiles[1], onto=tiles[0])
        expect(tablet.locator(".notice-ok")).to_be_visible()  # the server's answer, not only the drop
        expect(tablet.locator("#tree-form > .menu-level > .menu-node").first).to_have_attribute(
            "data-tile-id", tiles[1]
        )
        tablet.goto(f"{url}/staff/menus/{MENU}/preview/frame?group={_first_group(tablet, url)}")
        shot(tablet, SHOTS, "tablet-preview-frame-group")
        tablet.goto(f"{url}/staff/menus/{MENU}")
        shot(tablet, SHOTS, "tablet-1024x1366-editor-after-finger-drag")
        for page_name, path in (("preview", "preview"), ("versions", "versions"), ("compare", "compare?a=1&b=draft")):
            tablet.goto(f"{url}/staff/menus/{MENU}/{path}")
            _fits(tablet, 1024)
            shot(tablet, SHOTS, f"tablet-1024x1366-{page_name}", full_page=page_name != "preview")
        tablet.goto(f"{url}/staff/menus/{MENU}?tile={tiles[0]}")
        _fits(tablet, 1024)
        shot(tablet, SHOTS, "tablet-1024x1366-tile-form", full_page=True)
        tablet.goto(f"{url}/staff/menus")
        _fits(tablet, 1024)
        shot(tablet, SHOTS, "tablet-1024x1366-list", full_page=True)
        tablet_context.close()
        desk_context.close()
    assert problems == [], problems
