"""Apply at a real kiosk screen: Chromium at 1080×1920 with touch, against the real server in
demo mode (the demo catalog, demo ID cards, demo wallets).

Sign in with a demo ID card → the ID card renewal guide → "apply at this kiosk" → the
form one screen at a time (a screen left incomplete comes back with its errors next to
the fields) → materials covered by the wallet → delivery → review → a double tap on
submit → one application, its number on the screen → my applications.

Screenshots go to /tmp/shots/kiosk-applications/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot, submit_once_with_a_double_tap

if TYPE_CHECKING:
    from playwright.sync_api import Browser


SHOTS = Path("/tmp/shots/kiosk-applications")


@pytest.mark.browser
def test_apply_fill_in_and_submit_once_on_the_touch_screen(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, demo_server, problems)

    page.goto(demo_server + "/signin/card")
    page.tap('[data-demo-card="wang"]')
    page.wait_for_url(re.compile(r"/me$"))

    page.goto(demo_server + "/items/GA-SFZ-002")
    button = page.locator(".apply-button")
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    assert box is not None and box["height"] >= 100
    shot(page, SHOTS, "01-guide")
    button.tap()
    page.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))
    shot(page, SHOTS, "02-form-situation")

    # Moving on with nothing chosen: the same screen, every problem next to its question.
    with page.expect_navigation():
        page.tap(".form-next")
    expect(page.locator(".form-alert")).to_contain_text("有 2 处需要修改")
    assert page.locator(".field.has-problem").count() == 2
    shot(page, SHOTS, "03-form-errors")
    page.locator(".choice", has_text="本人").tap()
    page.locator(".choice", has_text="有效期满").tap()
    with page.expect_navigation():
        page.tap(".form-next")
    page.wait_for_url(re.compile(r"/form/2$"))

    # What the ID card said is shown masked with its source, not asked.
    expect(page.locator("#field-applicant_name .field-known-value")).to_have_text("王*")
    expect(page.locator("#field-applicant_id_number")).to_contain_text("来自实名信息")
    page.tap("#in-applicant_phone")
    page.keyboard.type("13912345678")
    page.locator(".choice", has_text="窗口领取").tap()
    shot(page, SHOTS, "04-form-applicant")
    with page.expect_navigation():
        page.tap(".form-next")
    page.wait_for_url(re.compile(r"/materials$"))
    expect(page.locator("#material-id_card")).to_contain_text("已由电子证照提供")
    shot(page, SHOTS, "05-materials")
    with page.expect_navigation():
        page.tap(".form-next")
    page.wait_for_url(re.compile(r"/delivery$"))
    # Asked once already on the form: chosen here too.
    expect(page.locator('input[name="method"][value="window"]')).to_be_checked()
    shot(page, SHOTS, "06-delivery")
    with page.expect_navigation():
        page.tap(".form-next")
    page.wait_for_url(re.compile(r"/review$"))
    expect(page.locator(".submit-ready")).to_be_visible()
    assert "139****5678" in page.inner_text("main")
    page.locator(".button-submit").scroll_into_view_if_needed()
    shot(page, SHOTS, "07-review")

    # A double tap while the first is on its way: one application.
    number = submit_once_with_a_double_tap(page)
    expect(page.locator(".done-title")).to_have_text("申请已提交")
    shot(page, SHOTS, "08-submitted")

    page.goto(demo_server + "/applications")
    rows = page.locator(".app-row")
    assert rows.count() == 1
    expect(rows.first).to_contain_text(number)
    shot(page, SHOTS, "09-my-applications")
    rows.first.tap()
    page.wait_for_url(re.compile(rf"/applications/{number}$"))
    expect(page.locator(".timeline-event")).to_have_count(2)
    shot(page, SHOTS, "10-application")

    # Only the answer statuses the flow caused, no script or CSP error.
    assert [p for p in problems if "422" not in p] == [], problems
