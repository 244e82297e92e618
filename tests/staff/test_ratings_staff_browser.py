"""/staff/ratings in Chromium at 1920×1080 on the demo hall: the GA clerk's cases (one overdue
case from earlier, one fresh), a case page with its steps and forms, the supervisor's appeals;
no script or CSP error, nothing wider than the screen; screenshots in /tmp/shots/g4/."""

from __future__ import annotations

import asyncio
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from shared import ratings
from shared.applications import drafts, workflow
from shared.applications.model import Application
from shared.audit import Where
from shared.clock import ManualClock
from shared.config import Settings
from shared.ratings import appeals, followups
from shared.services import Services, open_services
from shared.staff.accounts import StaffPrincipal
from shared.staff.demo import DEMO_PASSWORD
from shared.staff.roles import Role
from tests.kiosk.browser_support import browser, require_browser, serve_in_thread
from tests.pii import ID_LI, PHONE_ZHANG
from tests.staff.applications_support import KIOSK, LI, ZHANG, citizen

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/g4")
__all__ = ["browser"]
DESK = Where.address("127.0.0.1")

pytestmark = pytest.mark.browser


async def submitted(services: Services, citizen_id: str, person: tuple[str, str, str] = ZHANG) -> Application:
    """A submitted 身份证换领 (GA-SFZ-002) of the demo catalog."""
    name, id_number, phone = person
    now = services.clock.now()
    app = await drafts.start(services, citizen_id, item_code="GA-SFZ-002", channel="kiosk", where=KIOSK, now=now)
    answers = {
        "for_whom": "self",
        "renewal_reason": "expiry",
        "applicant_name": name,
        "applicant_id_number": id_number,
        "applicant_phone": phone,
        "delivery_method": "window",
    }
    app = await drafts.save_answers(services, app, answers, now=now)
    app = await drafts.set_delivery(services, app, "window", None, now=now)
    return await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now)


async def _make_cases(settings: Settings) -> str:
    """Two bad ratings of GA matters: one rated 10 days ago (overdue, called back, appealed),
    one today with a comment. Answers the fresh case's id."""
    clock = ManualClock()
    clock.advance(-10 * 86400)
    async with open_services(settings, clock) as services:
        row = await services.db.fetch_one("SELECT id FROM staff_accounts WHERE username = 'clerk'")
        assert row is not None
        clerk = StaffPrincipal(int(row["id"]), "clerk", "clerk", Role.CLERK, "GA")
        zhang = await citizen(services)
        old = await submitted(services, zhang)
        async with services.db.transaction() as tx:
            first = await ratings.rate(tx, old, zhang, 2, ["slow"], "kiosk", clock.now())
        (old_case,) = await followups.for_rating(services.db, first.id)
        clock.advance(86400)
        async with services.db.transaction() as tx:
            await followups.record_step(
                tx,
                old_case.id,
                "callback",
                clerk,
                outcome="reached",
                note="已电话回访，群众称等候时间长",
                where=DESK,
                now=clock.now(),
            )
        async with services.db.transaction() as tx:
            await appeals.file(
                tx, old_case, clerk, grounds="wrong", reason="群众评价的是另一窗口的办件", where=DESK, now=clock.now()
            )
        clock.advance(9 * 86400)
        li = await citizen(services, "李四", ID_LI)
        fresh = await submitted(services, li, person=LI)
        async with services.db.transaction() as tx:
            second = await ratings.rate(
                tx,
                fresh,
                li,
                1,
                ["unfriendly", "extra_trips"],
                "mobile",
                clock.now(),
                comment=f"跑了两趟才办好，请回电 {PHONE_ZHANG}",
                vault=services.vault,
            )
        (case,) = await followups.for_rating(services.db, second.id)
        return case.id


def _sign_in(page: Page, url: str, username: str) -> None:
    page.goto(url + "/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click(".stacked-form button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))


def test_the_ratings_pages_at_a_desk(browser: Browser, tmp_path: Path) -> None:
    require_browser()
    from playwright.sync_api import expect

    settings = Settings(data_dir=tmp_path / "data", demo=True)
    problems: list[str] = []
    with serve_in_thread(settings) as url:
        with ThreadPoolExecutor(1) as pool:
            case_id = pool.submit(asyncio.run, _make_cases(settings)).result()
        SHOTS.mkdir(parents=True, exist_ok=True)
        for username in ("clerk", "supervisor"):
            context = browser.new_context(viewport={"width": 1920, "height": 1080})
            page = context.new_page()
            page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
            _sign_in(page, url, username)
            page.click("a[href='/staff/ratings']")
            page.wait_for_url(re.compile(r"/staff/ratings$"))
            expect(page.locator("h1")).to_have_text("差评整改")
            expect(page.locator(".cases-table tbody tr")).to_have_count(2)
            expect(page.locator("[data-overdue]")).to_have_count(1)
            assert page.evaluate("document.documentElement.scrollWidth") <= 1920
            page.screenshot(path=str(SHOTS / f"list-{username}.png"), full_page=True)
            if username == "clerk":
                page.goto(f"{url}/staff/ratings/{case_id}")
                expect(page.locator("#step-form")).to_be_visible()
                page.screenshot(path=str(SHOTS / "case-fresh-clerk.png"), full_page=True)
                page.check("input[name=outcome][value=reached]")
                page.fill("#step-note", "已回访，向群众致歉并说明改进措施")
                page.click("#step-form button[type=submit]")
                page.wait_for_url(re.compile(r"done=callback"))
                expect(page.locator(".case-steps li")).to_have_count(1)
                page.screenshot(path=str(SHOTS / "case-after-callback.png"), full_page=True)
            else:
                page.click(".appeals-table a")
                expect(page.locator("#decide-form")).to_be_visible()
                page.screenshot(path=str(SHOTS / "case-appeal-supervisor.png"), full_page=True)
                page.check("input[name=decision][value=accept]")
                page.fill("#decide-reason", "经核实，评价对象有误")
                page.click("#decide-form button[type=submit]")
                page.wait_for_url(re.compile(r"done=decide"))
                expect(page.locator("[data-counted=false]")).to_have_count(1)
                page.screenshot(path=str(SHOTS / "case-appeal-upheld.png"), full_page=True)
            context.close()
    assert problems == [], problems
