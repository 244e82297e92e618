"""Pay at a real kiosk screen: Chromium at 1080×1920 with touch, and a phone-sized browser
for the simulated cashier, against the real server in demo mode.

An ID card renewal (GA-SFZ-002, ¥20) is submitted at the kiosk → the pay page shows the
amount, the fee line and a QR code → the "phone" opens the QR code's address (模拟支付),
declines once: the kiosk shows the failure with "try again" by itself → try again, a new
code → the phone pays → the kiosk moves on to the after-submission hub by itself.

Screenshots go to /tmp/shots/h2/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import become_demo_kiosk, new_screen, phone_screen, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


SHOTS = Path("/tmp/shots/h2")


def submit_id_card_renewal(page: Page, server: str) -> str:
    """Through the kiosk's own screens: sign in with a demo card, fill in, submit; the number."""
    page.goto(server + "/signin/card")
    page.tap('[data-demo-card="wang"]')
    page.wait_for_url(re.compile(r"/me$"))
    page.goto(server + "/items/GA-SFZ-002")
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))
    page.locator(".choice", has_text="本人").tap()
    page.locator(".choice", has_text="有效期满").tap()
    with page.expect_navigation():
        page.tap(".form-next")
    page.wait_for_url(re.compile(r"/form/2$"))
    page.tap("#in-applicant_phone")
    page.keyboard.type("13912345678")
    page.locator(".choice", has_text="窗口领取").tap()
    for step in ("/materials$", "/delivery$", "/review$"):
        with page.expect_navigation():
            page.tap(".form-next")
        page.wait_for_url(re.compile(step))
    page.locator(".button-submit").tap()
    page.wait_for_url(re.compile(r"/applications/\d{14}/submitted$"))
    return page.url.rstrip("/").split("/")[-2]


@pytest.mark.browser
def test_pay_by_phone_and_the_kiosk_moves_on_by_itself(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    kiosk = new_screen(browser, problems)
    become_demo_kiosk(kiosk, demo_server, problems)
    number = submit_id_card_renewal(kiosk, demo_server)

    kiosk.goto(f"{demo_server}/applications/{number}/pay")
    expect(kiosk.locator(".pay-amount-value")).to_have_text("20 元")
    expect(kiosk.locator(".pay-lines")).to_contain_text("居民身份证工本费")
    qr = kiosk.locator(".qr-box")
    expect(qr.locator("svg.qr-code")).to_be_visible()
    box = qr.locator("svg.qr-code").bounding_box()
    assert box is not None and box["width"] >= 400  # big enough to scan from a phone held at arm's length
    cashier_url = qr.get_attribute("data-qr-content")
    assert cashier_url is not None and cashier_url.startswith(demo_server + "/paysim/")
    shot(kiosk, SHOTS, "01-kiosk-pay")

    mobile = phone_screen(browser, problems)
    mobile.goto(cashier_url)
    expect(mobile.locator(".paysim-banner")).to_contain_text("模拟支付")
    expect(mobile.locator(".paysim-amount")).to_contain_text("20.00")
    shot(mobile, SHOTS, "02-phone-cashier")
    mobile.tap('[data-paysim="decline"]')
    expect(mobile.locator('[data-paysim-state="failed"]')).to_be_visible()
    shot(mobile, SHOTS, "03-phone-declined")

    # The kiosk learns of the failure by itself (its poll) and offers to try again.
    expect(kiosk.locator(".pay-failed")).to_be_visible(timeout=5_000)
    expect(kiosk.locator(".pay-retry")).to_be_visible()
    shot(kiosk, SHOTS, "04-kiosk-failed")
    kiosk.locator(".pay-retry").tap()
    expect(kiosk.locator(".qr-box")).to_be_visible()
    second_url = kiosk.locator(".qr-box").get_attribute("data-qr-content")
    assert second_url is not None and second_url != cashier_url

    mobile.goto(second_url)
    mobile.tap('[data-paysim="pay"]')
    expect(mobile.locator('[data-paysim-state="paid"]')).to_be_visible()
    shot(mobile, SHOTS, "05-phone-paid")

    # No tap on the kiosk: it moves on to the hub once the signed notification has landed.
    kiosk.wait_for_url(re.compile(rf"/applications/{number}/submitted$"), timeout=5_000)
    shot(kiosk, SHOTS, "06-kiosk-hub-after-paying")
    # The old code, opened again, cannot pay anything.
    mobile.goto(cashier_url)
    expect(mobile.locator('[data-paysim-state="paid"]')).to_be_visible()
    assert problems == [], problems
