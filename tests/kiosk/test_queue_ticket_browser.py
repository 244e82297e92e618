"""取号 on a real kiosk screen: Chromium at 1080×1920 with touch, the real server in demo mode.
The lines; a double tap on 取号 while the first tap is still on its way sends one request and
prints one ticket; the next number counts who waits ahead; a jammed printer says so, keeps
the number on screen to write down and prints it on "print again" once cleared.

Screenshots go to /tmp/shots/queue/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.i18n import Text
from shared.queue.layout import ticket_slip
from shared.receipts.building import HALL
from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route

SHOTS = Path("/tmp/shots/queue")
TICKET_URL = re.compile(r"/queue/tickets/\d+$")

pytestmark = pytest.mark.browser


def demo_panel(page: Page, action: str) -> None:
    panel = page.locator("[data-demo-devices]")
    if panel.get_attribute("open") is None:
        panel.locator("summary").tap()
    page.tap(f'[data-demo-action="{action}"]')
    page.wait_for_timeout(300)
    if panel.get_attribute("open") is not None:
        panel.locator("summary").tap()


def test_take_a_ticket_with_a_double_tap_and_through_a_jam(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    url = demo_server
    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, url, problems)

    page.goto(url + "/queue")
    expect(page.locator(".queue-line")).to_have_count(13)  # the demo catalog's departments
    expect(page.locator('.queue-line[data-line="GA"] .queue-line-letter')).to_have_text("A")
    shot(page, SHOTS, "01-lines")
    shot(page, SHOTS, "01-lines-full", full_page=True)

    # A double tap while the first tap is still on its way: one request, one ticket.
    held: list[Route] = []
    take_url = re.compile(r".*/queue/take$")
    page.route(take_url, lambda route: held.append(route))
    button = page.locator('[data-take="GA"]')
    button.tap(no_wait_after=True)
    expect(button).to_be_disabled()
    button.tap(force=True, no_wait_after=True)
    page.wait_for_timeout(300)
    assert len(held) == 1
    held[0].continue_()
    page.unroute(take_url)
    page.wait_for_url(TICKET_URL)
    expect(page.locator(".queue-ticket-number")).to_have_text("A001")
    expect(page.locator(".queue-ticket-ahead")).to_contain_text("您前面没有人等候")
    expect(page.locator(".queue-printed")).to_contain_text("排队小票已打印")
    shot(page, SHOTS, "02-ticket")

    page.locator(".queue-another").tap()
    page.wait_for_url(re.compile(r"/queue$"))
    expect(page.locator('.queue-line[data-line="GA"] .queue-line-waiting')).to_have_text("等候 1 人")
    page.locator('[data-take="GA"]').tap()
    page.wait_for_url(TICKET_URL)
    expect(page.locator(".queue-ticket-number")).to_have_text("A002")
    expect(page.locator(".queue-ticket-ahead")).to_have_text("您前面还有 1 人等候")

    # The printer jams: the message, the number to write down, and "print again".
    demo_panel(page, "jam")
    page.locator(".queue-another").tap()
    page.wait_for_url(re.compile(r"/queue$"))
    page.locator('[data-take="CRJ"]').tap()
    page.wait_for_url(TICKET_URL)
    expect(page.locator(".queue-print-problem")).to_contain_text("打印机卡纸，已通知工作人员")
    expect(page.locator(".queue-write-down")).to_have_text("请记下您的号码：B001")
    shot(page, SHOTS, "03-jammed")
    demo_panel(page, "clear_jam")
    page.locator(".queue-print-again").tap()
    expect(page.locator(".queue-printed")).to_contain_text("排队小票已打印")
    expect(page.locator(".queue-print-problem")).to_have_count(0)
    expect(page.locator(".queue-ticket-number")).to_have_text("B001")
    shot(page, SHOTS, "04-printed-after-the-jam")

    # In English, and in 长辈模式 (elder mode: everything larger).
    page.locator(".lang-switch button[value='en']").first.tap()
    expect(page.locator(".queue-ticket-title")).to_have_text("Your queue number")
    shot(page, SHOTS, "05-ticket-english")
    page.goto(url + "/queue")
    shot(page, SHOTS, "06-lines-english")

    assert page.evaluate("document.documentElement.scrollWidth") <= 1080
    assert problems == [], problems


def test_the_printed_ticket_drawn_as_a_page(browser: Browser) -> None:
    """The 80 mm slip itself, as the print service gets it (drawn on grey for a person to look at)."""
    page = browser.new_page(viewport={"width": 480, "height": 720})
    for lang in ("zh", "en"):
        slip = ticket_slip(
            hall=HALL,
            line_name=Text("市公安局", "City Police"),
            number="A012",
            ahead=4,
            taken="2026-03-02 09:41",
            lang=lang,
        )
        page.set_content(slip)
        assert page.locator(".number").inner_text() == "A012"
        shot(page, SHOTS, f"08-printed-ticket-80mm-{lang}", full_page=True)
