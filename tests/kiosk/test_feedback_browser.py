"""投诉 / 咨询 / 建议 / 举报 on a real kiosk screen (Chromium, 1080×1920, touch, demo mode) and
the complaints desk on a hall PC (1920×1080): a citizen asks a question typed on the kiosk's
text pad, a window clerk takes it (首问) and answers, the citizen reads the answer and rates it.

Screenshots go to /tmp/shots/g5/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot, tap_keys

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SHOTS = Path("/tmp/shots/g5")
DEMO_PASSWORD = "onevisit-demo-2026"


@pytest.mark.browser
def test_ask_at_the_kiosk_answered_by_the_first_clerk_who_takes_it(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    kiosk = new_screen(browser, problems)
    become_demo_kiosk(kiosk, demo_server, problems)
    kiosk.goto(demo_server + "/signin/card")
    kiosk.tap('[data-demo-card="wang"]')
    kiosk.wait_for_url(re.compile(r"/me$"))
    kiosk.locator("a.me-feedback").tap()
    kiosk.wait_for_url(re.compile(r"/feedback$"))
    kinds = kiosk.locator(".feedback-kind")
    expect(kinds).to_have_count(4)
    box = kinds.first.bounding_box()
    assert box is not None and box["height"] >= 200 and box["width"] >= 400  # big tap targets
    shot(kiosk, SHOTS, "kiosk-01-choose")

    kiosk.locator('[data-kind="question"]').tap()
    kiosk.wait_for_url(re.compile(r"/feedback/new\?kind=question"))
    kiosk.locator("#in-text").tap()
    expect(kiosk.locator(".pad-text")).to_be_visible()
    # Whole phrases and the address keys carry Chinese (the kiosk has no Chinese input method).
    tap_keys(kiosk, ".pad-text", ["请问", "市", "区", "办理时间", "space", "S", "A", "T"])
    expect(kiosk.locator("#in-text")).to_have_value("请问市区办理时间 SAT")
    shot(kiosk, SHOTS, "kiosk-02-typing")
    kiosk.locator(".pad-text [data-pad-done]").tap()
    kiosk.locator("[data-send]").tap()
    kiosk.wait_for_url(re.compile(r"/feedback/cp_[\w-]+\?new=1$"))
    expect(kiosk.locator(".feedback-notice")).to_be_visible()
    case_url = kiosk.url.split("?")[0]
    case_id = case_url.rsplit("/", 1)[1]
    shot(kiosk, SHOTS, "kiosk-03-sent")

    staff = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    staff.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    staff.goto(demo_server + "/staff/sign-in")
    staff.fill("#username", "clerk")
    staff.fill("#password", DEMO_PASSWORD)
    staff.click(".stacked-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/$"))
    staff.goto(demo_server + "/staff/complaints")
    expect(staff.locator(f'tr[data-case="{case_id}"]')).to_be_visible()
    shot(staff, SHOTS, "staff-01-queue")
    staff.locator(f'a[href="/staff/complaints/{case_id}"]').click()
    shot(staff, SHOTS, "staff-02-case-open")
    staff.locator("[data-take]").click()
    expect(staff.locator("[data-owner]")).to_contain_text("演示窗口人员")
    staff.fill("#reply-text", "周六上午 9:00–12:00 开放，欢迎前来办理。")
    staff.locator("#reply-form button[type=submit]").click()
    expect(staff.locator('[data-event="replied"]')).to_be_visible()
    shot(staff, SHOTS, "staff-03-answered")

    kiosk.goto(case_url)
    expect(kiosk.locator(".feedback-reply")).to_contain_text("周六上午")
    shot(kiosk, SHOTS, "kiosk-04-answer")
    kiosk.locator('button[name="satisfied"][value="yes"]').tap()
    expect(kiosk.locator(".feedback-rated")).to_be_visible()
    shot(kiosk, SHOTS, "kiosk-05-rated")
    assert problems == []
