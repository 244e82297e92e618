"""The hall at a real kiosk screen (Chromium, 1080×1920, touch, demo mode): "call staff" from
the bottom bar, the demo device panel, scanning a material with the simulated scanner (a
fault first, then a page), a printer emptied from the panel, and the staff hall page at
1920×1080 where a window clerk sees the call and acknowledges it.

Screenshots go to /tmp/shots/h1/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


SHOTS = Path("/tmp/shots/h1")
# A kiosk item of the demo catalog asking for a document no wallet certificate covers (the permit).
ITEM = "CRJ-GAQZ-001"
DEMO_PASSWORD = "onevisit-demo-2026"


def demo_action(page: Page, action: str) -> None:
    panel = page.locator("[data-demo-devices]")
    if panel.get_attribute("open") is None:
        page.tap(".demo-devices-toggle")
    page.tap(f'[data-demo-action="{action}"]')


@pytest.mark.browser
def test_call_staff_scan_a_material_and_the_staff_hall_page(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, demo_server, problems)
    shot(page, SHOTS, "01-home")

    # Call staff from the bottom bar: a calm notice on the same screen; a second tap, no second alert.
    call = page.locator("[data-call-staff]")
    box = call.bounding_box()
    assert box is not None and box["height"] >= 80
    call.tap()
    expect(page.locator("#kiosk-alerts [data-call-staff-done]")).to_contain_text("工作人员马上就到")
    shot(page, SHOTS, "02-call-staff")
    call.tap()
    expect(page.locator("#kiosk-alerts [data-call-staff-done]")).to_contain_text("已在赶来的路上")

    # The search screen (its keyboard takes the bottom) still has the button.
    page.goto(demo_server + "/search")
    expect(page.locator("[data-call-staff]")).to_be_visible()
    shot(page, SHOTS, "03-search")

    # Sign in, start an application, and scan the permit at the kiosk.
    page.goto(demo_server + "/signin/card")
    page.tap('[data-demo-card="wang"]')
    page.wait_for_url(re.compile(r"/me$"))
    page.goto(demo_server + f"/items/{ITEM}")
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))
    base = page.url.rsplit("/form/", 1)[0]
    page.goto(base + "/materials")
    scan_link = page.locator("[data-scan-material]").first
    expect(scan_link).to_be_visible()
    shot(page, SHOTS, "04-materials")
    scan_link.tap()
    page.wait_for_url(re.compile(r"/materials/[\w-]+/scan$"))
    shot(page, SHOTS, "05-scan")

    # Nothing on the glass: a clear message and "scan again".
    page.tap("[data-scan-start]")
    page.wait_for_url(re.compile(r"/scan\?problem=empty$"))
    expect(page.locator("[data-scan-problem]")).to_contain_text("扫描台上没有发现材料")
    shot(page, SHOTS, "06-scan-empty")

    # The demo panel puts a page on the glass; the scan is stored as the material's file.
    demo_action(page, "place_document")
    expect(page.locator("#demo-device-status")).to_contain_text("扫描台上已放好材料")
    shot(page, SHOTS, "07-demo-panel")
    page.tap(".demo-devices-toggle")
    page.tap("[data-scan-start]")
    page.wait_for_url(re.compile(r"/scan\?scanned=f_[\w-]+$"))
    expect(page.locator("[data-scan-result]")).to_contain_text("已扫描并保存")
    shot(page, SHOTS, "08-scanned")
    page.tap("[data-scan-done]")
    page.wait_for_url(re.compile(r"/materials$"))
    expect(page.locator(".mat-uploaded").first).to_be_visible()
    shot(page, SHOTS, "09-materials-after")

    # English and the printer emptied from the panel.
    demo_action(page, "paper_out")
    expect(page.locator("#demo-device-status")).to_contain_text("打印机已没有纸")
    # The kiosk's next heartbeat (every 3 s) reports the empty printer: staff are told before
    # a citizen meets it.
    page.wait_for_timeout(4_000)
    assert problems == [], problems

    # Staff: a window clerk on the hall PC sees the call and says they are on their way.
    staff_context = browser.new_context(viewport={"width": 1920, "height": 1080})
    staff = staff_context.new_page()
    staff.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    staff.goto(demo_server + "/staff/sign-in")
    staff.fill("#username", "clerk")
    staff.fill("#password", DEMO_PASSWORD)
    staff.click(".stacked-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/$"))
    staff.click("a[href='/staff/hall']")
    staff.wait_for_url(re.compile(r"/staff/hall$"))
    expect(staff.locator(".hall-alerts tbody tr")).to_have_count(2)
    expect(staff.locator(".hall-alerts")).to_contain_text("群众呼叫工作人员")
    expect(staff.locator(".hall-alerts tr.alert-printer_paper_out")).to_contain_text("打印机缺纸")
    staff.screenshot(path=str(SHOTS / "10-staff-hall.png"))
    staff.click("tr.alert-call_staff [data-acknowledge]")
    staff.wait_for_url(re.compile(r"/staff/hall\?done=acknowledge$"))
    expect(staff.locator(".hall-alerts tr.alert-call_staff")).to_contain_text("已前往")
    staff.screenshot(path=str(SHOTS / "11-staff-acknowledged.png"))
    staff.click("tr.alert-call_staff [data-resolve]")
    expect(staff.locator(".hall-alerts tr.alert-call_staff")).to_have_count(0)
    # The printer stays to be seen to until paper is loaded.
    expect(staff.locator(".hall-alerts tbody tr")).to_have_count(1)
    staff.screenshot(path=str(SHOTS / "12-staff-resolved.png"))
    staff_context.close()
    assert problems == [], problems
