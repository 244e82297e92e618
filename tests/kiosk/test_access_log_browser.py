"""数据查询记录 on a real kiosk screen (1080×1920): a demo citizen signs in, hall staff have
looked at their matters, and 我的 → "谁查看了我的信息" lists who (role · department), when,
what and why, newest first, older entries a tap away. Screenshots into /tmp/shots/g6/."""

from __future__ import annotations

import asyncio
import datetime as dt
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared.db import Database
from shared.i18n import Text
from shared.kiosk.demo import DEMO_CARDS
from shared.privacy import access_log
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser

SHOTS = Path("/tmp/shots/g6")
CHINA = dt.timezone(dt.timedelta(hours=8))
CITIZEN = DEMO_CARDS[0]
NUMBER = "20260915000123"
FORM = Text(
    f"办件 {NUMBER}（居民身份证换领）：申请表、材料清单和申请人信息",
    f"Application {NUMBER} (ID card renewal): the form, the list of materials and the applicant's details",
)
FILE = Text(f"办件 {NUMBER} 的材料文件 户口簿-1.jpg", f"A material file of application {NUMBER}: 户口簿-1.jpg")
LOOKS = [
    (StaffPrincipal(1, "c", "x", Role.CLERK, "GA"), FORM, access_log.INTAKE),
    (StaffPrincipal(1, "c", "x", Role.CLERK, "GA"), FILE, access_log.INTAKE),
    (StaffPrincipal(2, "r", "x", Role.REVIEWER, "CRJ"), FORM, access_log.PARALLEL_REVIEW),
    (StaffPrincipal(3, "r", "x", Role.REVIEWER, "GA"), FORM, access_log.DECISION_REVIEW),
    (StaffPrincipal(4, "s", "x", Role.SUPERVISOR, None), FORM, access_log.SUPERVISION),
    (StaffPrincipal(1, "c", "x", Role.CLERK, "GA"), FORM, access_log.DELIVERY),
]


async def _record_looks(database: Path) -> None:
    """Staff looks written through a second connection to the running server's database,
    a few hours apart, for the citizen signed in at the kiosk."""
    db = Database(database, readers=1)
    await db.open()
    try:
        row = await db.fetch_one("SELECT citizen_id FROM kiosk_sessions ORDER BY rowid DESC LIMIT 1")
        assert row is not None
        # Hall hours in China time: older looks in June, the recent ones on one September day.
        now = dt.datetime(2026, 6, 1, 10, 5, tzinfo=CHINA).timestamp()
        for extra in range(6):  # older ones, for the second page
            staff = StaffPrincipal(5, "a", "x", Role.ADMIN, None)
            what = Text(f"办件 2026060100{extra:04d}（社会保障卡申领）", f"Application 2026060100{extra:04d}")
            await access_log.record(db, row["citizen_id"], staff, what, access_log.HALL_ADMIN, now)
            now += 7 * 60
        now = dt.datetime(2026, 9, 15, 9, 2, tzinfo=CHINA).timestamp()
        for staff, what, why in LOOKS:
            now += 47 * 60
            await access_log.record(db, row["citizen_id"], staff, what, why, now)
    finally:
        await db.close()


@pytest.mark.browser
def test_who_looked_at_my_data_on_the_kiosk(browser: Browser, demo_server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, demo_server, problems)
    page.goto(demo_server + "/signin/card")
    page.tap(f'[data-demo-card="{CITIZEN.key}"]')
    page.wait_for_url(re.compile(r"/me$"), timeout=5_000)

    page.tap(".me-access")
    page.wait_for_url(re.compile(r"/me/access$"))
    expect(page.locator(".empty-note")).to_be_visible()
    shot(page, SHOTS, "access-empty")

    # Playwright's sync API keeps an event loop in this thread: the writes run in another.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, _record_looks(tmp_path / "data" / "onevisit.sqlite3")).result()
    page.goto(demo_server + "/me")
    shot(page, SHOTS, "me-with-link")
    page.tap(".me-access")
    page.wait_for_url(re.compile(r"/me/access$"))
    rows = page.locator(".access-row")
    expect(rows).to_have_count(8)
    expect(rows.first.locator(".access-why")).to_have_text("送达")
    expect(rows.first.locator(".access-who")).to_have_text("窗口人员 · 澜江市公安局")
    expect(page.locator(".access-row .access-who", has_text="监察人员 · 政务服务中心")).to_have_count(1)
    shot(page, SHOTS, "access-list")

    page.tap(".access-pager a")
    page.wait_for_url(re.compile(r"/me/access\?before=\d+$"))
    expect(page.locator(".access-row")).to_have_count(4)
    shot(page, SHOTS, "access-older")

    page.goto(demo_server + "/me/access")
    page.tap('.lang-switch button[value="en"]')
    expect(page.locator("h1")).to_have_text("Who looked at my data")
    expect(page.locator(".access-row").first.locator(".access-why")).to_have_text("Handing over the result")
    shot(page, SHOTS, "access-list-en")
    assert problems == []
