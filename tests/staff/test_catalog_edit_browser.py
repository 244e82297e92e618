"""The catalog editor in Chromium against the demo server: an administrator edits an item on a
desk PC (1920×1080) and on a tablet (1024×1366, touch): the draft saves as they type (no
button), a wrong time limit is named beside its input after "check", a material is added
with the button, the kiosk preview shows the draft, and publishing makes the next version
that the kiosk's own guide page shows. No script or CSP error, no sideways scrolling.
Screenshots for a person to look at in /tmp/shots/catalog/."""

from __future__ import annotations

import re
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from shared.staff import totp
from shared.staff.demo import DEMO_PASSWORD
from tests.kiosk.browser_support import become_demo_kiosk, browser, demo_server, new_screen, require_browser

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/catalog")
__all__ = ["browser", "demo_server"]

pytestmark = pytest.mark.browser

VIEWPORTS = (("desk", 1920, 1080, False), ("tablet", 1024, 1366, True))


def _sign_in_admin(page: Page, url: str) -> None:
    page.goto(url + "/staff/sign-in")
    page.fill("#username", "admin")
    page.fill("#password", DEMO_PASSWORD)
    page.click(".stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/sign-in/totp$"))
    secret = page.locator(".demo-secret code").inner_text().replace(" ", "").strip()
    code = totp.totp(totp.decode_secret(secret), time.time())
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_url(re.compile(r"/staff/$"))


def _shot(page: Page, name: str, *, full_page: bool = False) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=full_page)


def _no_sideways_scroll(page: Page, width: int) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= width, page.url


def test_edit_check_preview_and_publish_an_item(browser: Browser, demo_server: str) -> None:
    require_browser()
    from playwright.sync_api import expect

    problems: list[str] = []
    signed_in: Any = None  # the first context's cookies: a second factor code is good once only
    for name, width, height, touch in VIEWPORTS:
        context = browser.new_context(
            viewport={"width": width, "height": height}, has_touch=touch, storage_state=signed_in
        )
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: problems.append(str(error)))
        if signed_in is None:
            _sign_in_admin(page, demo_server)
            signed_in = context.storage_state()
        page.goto(demo_server + "/staff/")

        page.click("a[href='/staff/catalog']")
        page.wait_for_url(re.compile(r"/staff/catalog$"))
        expect(page.locator("h1")).to_have_text("事项管理")
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-list")
        page.fill("#cl-q", "身份证")
        page.click(".cl-filters button[type=submit]")
        page.wait_for_url(re.compile(r"q="))
        _shot(page, f"{name}-list-search")

        item = page.locator("tr[data-row^='item:']").first
        code = item.get_attribute("data-row").split(":", 1)[1]  # type: ignore[union-attr]
        item.locator("a.button").click()
        page.wait_for_url(re.compile(rf"/staff/catalog/item/{re.escape(code)}$"))
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-basics")

        # Typing saves the draft by itself.
        summary = page.locator("[name='summary.zh']")
        summary.fill(summary.input_value() + "（已更新）")
        expect(page.locator("[data-autosave-status]")).to_have_text("已自动保存", timeout=10_000)
        page.reload()
        expect(page.locator("[data-draft-state]")).to_contain_text("第 1 次保存")

        page.click("a.cf-tab:has-text('时限、渠道与收费')")
        page.fill("[name='legal_days']", "1")
        page.fill("[name='promised_days']", "5")
        page.click("button[name=op][value=check]")
        page.wait_for_url(re.compile(r"check=1"))
        expect(page.locator("#p-promised_days .cf-problem")).to_contain_text("超过了法定时限")
        expect(page.locator("#p-promised_days .cf-problem")).to_contain_text("exceeds the legal one")
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-handling-problem")
        page.locator("#p-promised_days").scroll_into_view_if_needed()
        _shot(page, f"{name}-handling-problem-field")
        page.fill("[name='promised_days']", "1")
        page.click("button[name=op][value=check]")
        expect(page.locator(".cf-check-good")).to_be_visible()

        page.click("a.cf-tab:has-text('申请材料')")
        before = page.locator("fieldset.cf-row").count()
        page.click("button[name=op][value='add:materials']")
        expect(page.locator("fieldset.cf-row")).to_have_count(before + 1)
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-materials")
        page.fill(f"[name='materials[{before}].name.zh']", "委托书")
        page.click(".cf-action-buttons button[value=save]")
        expect(page.locator(".notice-ok")).to_contain_text("草稿已保存")

        page.click("a.cf-tab:has-text('表单与情形')")
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-form")
        page.click("a.cf-tab:has-text('高级')")
        _shot(page, f"{name}-advanced")

        page.click("button[name=op][value=preview]")
        page.wait_for_url(re.compile(r"/preview$"))
        frame = page.frame_locator("iframe.cp-frame")
        expect(frame.locator(".guide-title")).to_be_visible()
        expect(frame.locator("body")).to_contain_text("委托书")
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-preview")
        page.click("a:has-text('English')")
        expect(page.frame_locator("iframe.cp-frame").locator(".guide-kicker")).to_be_visible()
        _shot(page, f"{name}-preview-en")

        page.click("a:has-text('返回编辑')")
        page.click("button[name=op][value=publish]")
        page.wait_for_url(re.compile(r"/publish$"))
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-publish", full_page=True)
        page.click("button[data-publish]")
        page.wait_for_url(re.compile(r"done=published"))
        expect(page.locator(".notice-ok")).to_contain_text("已发布为第")
        _shot(page, f"{name}-published")

        # A bundle: its items in order, with the buttons to move them.
        page.goto(f"{demo_server}/staff/catalog?kind=bundle")
        page.locator("tr[data-row^='bundle:'] a.button").first.click()
        page.click("a.cf-tab:has-text('包含事项')")
        expect(page.locator(".cf-bundle-item").first).to_be_visible()
        _no_sideways_scroll(page, width)
        _shot(page, f"{name}-bundle-items")
        context.close()
        if name == "desk":
            # The kiosk's own guide page shows the published material.
            kiosk_problems: list[str] = []
            kiosk = new_screen(browser, kiosk_problems)
            become_demo_kiosk(kiosk, demo_server, kiosk_problems)
            kiosk.goto(f"{demo_server}/items/{code}")
            expect(kiosk.locator(".guide-title")).to_be_visible()
            expect(kiosk.locator("body")).to_contain_text("委托书")
            assert kiosk_problems == [], kiosk_problems
            kiosk.context.close()
    assert problems == [], problems
