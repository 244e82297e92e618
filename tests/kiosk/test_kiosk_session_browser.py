"""A citizen signs in at a real kiosk screen, walks away, and nothing of them is left.

Chromium at 1080×1920 with touch, against the real server in demo mode with short idle
settings (8 s, countdown from 5 s; the environment's minimum is 30 s, a test may go lower):

- an unregistered screen gets the "not a registered kiosk" page; the demo button enrols it;
- sign in with a demo ID card on the simulated reader; "我的" shows the citizen masked;
- idle: the countdown appears, then the page returns to the start by itself; Back shows
  nothing of the citizen; no cookie but the device cookie and no storage entry are left;
- "continue" keeps the session; scan to sign in moves the page on by itself.

Screenshots go to /tmp/shots/kiosk/ for a person to look at.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.kiosk.demo import DEMO_CARDS
from tests.kiosk.browser_support import (
    IDLE_SECONDS,
    WARNING_SECONDS,
    become_demo_kiosk,
    new_screen,
    short_idle_demo_server,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/kiosk")
CITIZEN = DEMO_CARDS[0]


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    with short_idle_demo_server(tmp_path) as url:
        yield url


def visible_text(page: Page) -> str:
    return page.inner_text("body")


@pytest.mark.browser
def test_sign_in_with_the_id_card_then_walk_away(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)

    # Not a kiosk yet: the clear page, in both languages, with the demo's one-tap button.
    page.goto(demo_server + "/")
    expect(page.locator("h1")).to_have_text("本屏幕不是已登记的政务自助终端")
    expect(page.locator("body")).to_contain_text("This screen is not a registered self-service kiosk")
    assert page.locator(".search-launch").count() == 0
    shot(page, SHOTS, "not-registered")
    # Chromium reports the 403 document itself as a failed load; nothing else may go wrong.
    assert all("403" in problem for problem in problems)
    problems.clear()
    page.tap("[data-demo-enrol]")
    page.wait_for_selector(".search-launch")

    # Sign in: the choice, two big targets.
    page.tap(".session-button")
    page.wait_for_url(re.compile(r"/signin$"))
    for choice in page.locator(".signin-choice").all():
        box = choice.bounding_box()
        assert box is not None and box["height"] >= 200 and box["width"] >= 900
    shot(page, SHOTS, "signin-choice")

    # The QR screen, then back to the ID card.
    page.tap('.signin-choice[href="/signin/scan"]')
    page.wait_for_selector("svg.qr-code")
    qr = page.locator("svg.qr-code").bounding_box()
    assert qr is not None and qr["width"] >= 400
    shot(page, SHOTS, "scan-qr")
    page.tap('.signin-switch[href="/signin/card"]')
    page.wait_for_selector("[data-demo-card]")
    shot(page, SHOTS, "id-card")

    # Tap a demo card: it lands on the simulated reader; the polling page moves on by itself.
    page.tap(f'[data-demo-card="{CITIZEN.key}"]')
    page.wait_for_url(re.compile(r"/me$"), timeout=5_000)
    expect(page.locator(".me-name")).to_have_text(CITIZEN.name_masked)
    expect(page.locator(".me-id-number")).to_have_text(CITIZEN.id_number_masked)
    assert CITIZEN.name_masked not in page.title()
    shot(page, SHOTS, "signed-in")
    # Something a page might have kept: it must not outlive the citizen.
    page.evaluate("() => { sessionStorage.setItem('draft', 'x'); localStorage.setItem('draft', 'x'); }")

    # Walk away: the countdown, then the start again by itself.
    overlay = page.locator("#idle-overlay")
    expect(overlay).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
    count = int(page.locator("[data-idle-count]").inner_text())
    assert 1 <= count <= WARNING_SECONDS
    button = page.locator("[data-idle-continue]").bounding_box()
    assert button is not None and button["height"] >= 100
    shot(page, SHOTS, "idle-countdown")
    page.wait_for_url(re.compile(r"/attract$"), timeout=(WARNING_SECONDS + 5) * 1000)
    page.wait_for_selector(".attract-touch")
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("[data-signed-in]").count() == 0

    # Nothing of theirs is left: cookies (but the kiosk's own), storage, screen.
    assert {cookie["name"] for cookie in page.context.cookies()} == {"ov_device"}
    assert page.evaluate("() => sessionStorage.length + localStorage.length") == 0
    masked_id_tail = CITIZEN.id_number_masked[-4:]

    def assert_nothing_of_them() -> None:
        text = visible_text(page)
        assert CITIZEN.name_masked not in text and masked_id_tail not in text and "****" not in text
        assert CITIZEN.name_masked not in page.content()

    assert_nothing_of_them()

    # Back: the page of "我的" is asked for again and shows nothing of them.
    page.go_back()
    page.wait_for_load_state()
    assert "/me" not in page.url.split("?")[0]
    assert_nothing_of_them()
    shot(page, SHOTS, "after-back")
    assert {cookie["name"] for cookie in page.context.cookies()} == {"ov_device"}
    assert problems == []


@pytest.mark.browser
def test_continue_keeps_the_session_and_scan_signs_in_by_itself(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, demo_server, problems)

    # Scan to sign in: the demo button stands in for the phone; the page moves on by itself.
    page.goto(demo_server + "/signin/scan")
    page.wait_for_selector("svg.qr-code")
    started = time.monotonic()
    page.tap("[data-demo-confirm]")
    page.wait_for_url(re.compile(r"/me$"), timeout=5_000)
    assert time.monotonic() - started < 3  # polled every second: within two seconds, plus the tap
    expect(page.locator(".me-name")).to_have_text(CITIZEN.name_masked)
    signed_in_at = time.monotonic()

    # "Continue" twice: the server's idle time starts again each time.
    overlay = page.locator("#idle-overlay")
    for _ in range(2):
        expect(overlay).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
        page.tap("[data-idle-continue]")
        expect(overlay).to_be_hidden()
    # Longer than the idle time since the last page load: only "continue" kept it alive.
    remaining = IDLE_SECONDS + 1 - (time.monotonic() - signed_in_at)
    if remaining > 0:
        page.wait_for_timeout(remaining * 1000)
    assert overlay.is_hidden() or int(page.locator("[data-idle-count]").inner_text()) > 0
    page.reload()
    expect(page).to_have_url(re.compile(r"/me$"))
    expect(page.locator(".me-name")).to_have_text(CITIZEN.name_masked)
    expect(page.locator(".me-sign-out button")).to_be_visible()

    # Sign out by hand: the start again, the citizen's cookie gone.
    page.tap(".me-sign-out button")
    page.wait_for_url(re.compile(r"/attract$"))
    assert {cookie["name"] for cookie in page.context.cookies()} == {"ov_device"}
    assert problems == []
