"""A printer fault at a real kiosk screen: Chromium at 1080×1920 with touch, the real server
in demo mode. Submit an application, empty the printer through the demo device panel, tap
打印回执 → a clear message with "print again" and "send to my phone instead", and an open
alert for staff; add paper → print again → printed, the alert resolved. Then the receipt's
QR code on a phone (390×844): the follow page. And the print layouts themselves (80 mm, A4,
the A4 result document), drawn as pages.

Screenshots go to /tmp/shots/h3/ for a person to look at.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.config import Settings
from shared.i18n import Text
from shared.receipts.layouts import ResultSheet, a4_receipt, result_document, thermal_receipt
from shared.receipts.model import Receipt, ReceiptLine
from tests.kiosk.browser_support import (
    become_demo_kiosk,
    new_screen,
    require_browser,
    serve_in_thread,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


SHOTS = Path("/tmp/shots/h3")


@pytest.fixture
def demo(tmp_path: Path) -> Iterator[tuple[str, Path]]:

    require_browser()
    settings = Settings(data_dir=tmp_path / "data", demo=True)
    with serve_in_thread(settings) as url:
        yield url, settings.database_path


def submit_an_application(page: Page, url: str) -> str:
    """Sign in with a demo ID card and apply for the ID card renewal, as a citizen would."""
    page.goto(url + "/signin/card")
    page.tap('[data-demo-card="wang"]')
    page.wait_for_url(re.compile(r"/me$"))
    page.goto(url + "/items/GA-SFZ-002")
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/form/1$"))
    page.locator(".choice", has_text="本人").tap()
    page.locator(".choice", has_text="有效期满").tap()
    page.tap(".form-next")
    page.wait_for_url(re.compile(r"/form/2$"))
    page.tap("#in-applicant_phone")
    page.keyboard.type("13912345678")
    page.locator(".choice", has_text="窗口领取").tap()
    page.tap(".form-next")
    page.wait_for_url(re.compile(r"/materials$"))
    page.tap(".form-next")
    page.wait_for_url(re.compile(r"/delivery$"))
    page.tap(".form-next")
    page.wait_for_url(re.compile(r"/review$"))
    page.locator(".button-submit").tap()
    page.wait_for_url(re.compile(r"/applications/\d{14}/submitted$"))
    return page.locator(".done-number").inner_text().strip()


def open_alerts(database: Path) -> list[str]:
    with sqlite3.connect(database) as db:
        return [row[0] for row in db.execute("SELECT kind FROM hall_alerts WHERE state <> 'resolved'")]


def demo_panel(page: Page, action: str) -> None:
    panel = page.locator("[data-demo-devices]")
    if panel.get_attribute("open") is None:
        panel.locator("summary").tap()
    page.tap(f'[data-demo-action="{action}"]')
    page.wait_for_timeout(300)
    if panel.get_attribute("open") is not None:
        panel.locator("summary").tap()


@pytest.mark.browser
def test_paper_out_then_refill_and_print_the_receipt(browser: Browser, demo: tuple[str, Path]) -> None:
    from playwright.sync_api import expect

    url, database = demo
    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, url, problems)
    number = submit_an_application(page, url)
    expect(page.locator(".hub-card-pay")).to_contain_text("去缴费")
    expect(page.locator("[data-auto-end-count]")).to_be_visible()
    shot(page, SHOTS, "01-hub", full_page=True)
    first = int(page.locator("[data-auto-end-count]").inner_text())
    page.wait_for_timeout(2300)
    assert int(page.locator("[data-auto-end-count]").inner_text()) < first  # the countdown runs

    demo_panel(page, "paper_out")
    page.locator("#receipt-card .print-button").tap()
    expect(page.locator("#receipt-card .print-problem")).to_contain_text("打印机缺纸，已通知工作人员")
    expect(page.locator("#receipt-card .print-retry")).to_be_visible()
    expect(page.locator("#receipt-card .print-phone")).to_be_visible()
    assert open_alerts(database) == ["printer_paper_out"]
    page.locator("#receipt-card").scroll_into_view_if_needed()
    shot(page, SHOTS, "02-paper-out")

    page.locator("#receipt-card .print-phone").tap()
    expect(page.locator("#receipt-card .hub-qr svg")).to_be_visible()
    page.locator("#receipt-card").scroll_into_view_if_needed()
    shot(page, SHOTS, "03-send-to-phone")

    demo_panel(page, "paper_in")
    page.locator("#receipt-card .print-button").tap()
    expect(page.locator("#receipt-card")).to_contain_text("回执已打印，请从出纸口取走。")
    assert open_alerts(database) == []
    page.locator("#receipt-card").scroll_into_view_if_needed()
    shot(page, SHOTS, "04-printed")

    # The receipt's QR code on a phone: the follow page, nothing personal.
    with sqlite3.connect(database) as db:
        assert db.execute("SELECT count(*) FROM receipt_prints WHERE outcome = 'printed'").fetchone()[0] == 1
    demo_panel(page, "present_receipt")  # the printed receipt held under the code reader
    page.goto(url + "/track")
    expect(page.locator("#track-status")).to_contain_text(number, timeout=5000)
    shot(page, SHOTS, "05-track-scanned")
    assert page.locator("#track-status .progress-number").inner_text().strip() == number

    assert [p for p in problems if "422" not in p and "409" not in p] == [], problems


@pytest.mark.browser
def test_the_follow_page_on_a_phone_and_the_print_layouts(browser: Browser, demo: tuple[str, Path]) -> None:
    url, database = demo
    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, url, problems)
    submit_an_application(page, url)
    page.locator("#receipt-card .print-button").tap()
    page.wait_for_selector("#receipt-card.is-done")
    page.tap(".hub-finish-button")
    page.wait_for_url(re.compile(r"/(attract)?$"))
    shot(page, SHOTS, "06-after-finish")
    page.goto(url + "/")
    shot(page, SHOTS, "07-home-with-track-entry")

    # The follow link printed on the receipt: opened on a phone.
    with sqlite3.connect(database) as db:
        receipt_id = db.execute("SELECT id FROM receipts").fetchone()[0]
    from shared.receipts.repository import follow_token
    from shared.secrets import load_or_create_secret

    token = follow_token(load_or_create_secret(database.parent), receipt_id)
    phone = browser.new_context(viewport={"width": 390, "height": 844}, has_touch=True, is_mobile=True).new_page()
    phone.goto(f"{url}/follow/{token}")
    assert "申请编号" in phone.inner_text("body")
    SHOTS.mkdir(parents=True, exist_ok=True)
    phone.screenshot(path=str(SHOTS / "08-follow-phone.png"), full_page=True)
    phone.goto(f"{url}/follow/{token}?lang=en")
    phone.screenshot(path=str(SHOTS / "09-follow-phone-en.png"), full_page=True)
    phone.goto(f"{url}/follow/{'A' * 43}")
    phone.screenshot(path=str(SHOTS / "10-follow-missing.png"))

    # The print layouts as pages.
    receipt = Receipt(
        number="20261123000042",
        title=Text("居民身份证到期换领", "Renew a resident ID card on expiry"),
        submitted_at="2026-11-23 10:05",
        lines=(ReceiptLine("20261123000042", Text("居民身份证到期换领"), Text("市公安局"), 20, dt.date(2026, 12, 21)),),
        next_steps=(
            Text("窗口工作人员将核对您的申请和材料，符合条件即受理；需要补正时会一次性告知。"),
            Text("还需到现场一次：需现场采集指纹和人像。"),
            Text("办结后，请凭本回执到窗口领取结果。"),
            Text("扫描下方二维码，随时查看办理进度。"),
        ),
        promised_date=dt.date(2026, 12, 21),
        fee_fen=2000,
        fee_paid=True,
        delivery=Text("窗口领取"),
        follow_url=f"https://zwfw.example.gov.cn/follow/{token}",
        hall=Text("政务服务中心", "Government Service Centre"),
    )
    sheet = ResultSheet(
        "decision",
        Text("准予行政许可决定书"),
        "GA-JD-20261123000042",
        "20261123000042",
        Text("居民身份证到期换领"),
        Text("市公安局"),
        dt.date(2026, 12, 1),
        decision="approve",
        reason="材料齐全，符合法定条件。",
    )
    for name, body, width in (
        ("11-receipt-80mm", thermal_receipt(receipt), 420),
        ("12-receipt-a4", a4_receipt(receipt), 900),
        ("13-result-a4", result_document((sheet,), receipt.hall), 900),
    ):
        path = SHOTS / f"{name}.html"
        path.write_text(body, encoding="utf-8")
        layout = browser.new_context(viewport={"width": width, "height": 1000}).new_page()
        layout.goto(path.as_uri())
        layout.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)
