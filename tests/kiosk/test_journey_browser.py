"""Whole citizen journeys at a real kiosk screen: Chromium at 1080×1920 with touch, taps
only (no physical keyboard), against the real server in demo mode.

1. A matter with a fee (居民身份证换领, ¥20): attract screen → search on the on-screen
   keyboard → guide → sign in with the ID card → the form, typed on the keypad → review →
   a double tap on submit → pay from the phone (simulated cashier) while the kiosk waits
   and moves on by itself → print the receipt → rate → finish, back to the attract screen.
2. A bundle (退休一件事): one application for three matters of three departments, each
   item's number on the screen.
3. Returned for correction (户籍证明开具): submitted at the kiosk, a window clerk returns it
   from the staff pages listing what to fix, the citizen comes back, signs in, corrects it
   (scanning the missing paper on the kiosk's scanner) and resubmits.
4. Coming back (户籍证明开具, result printed at the kiosk): the police accept and approve it on
   the staff pages; the citizen holds the receipt under the code reader at 查询办件, sees the
   progress without signing in, signs in and prints the result here, once.

Screenshots of every step go to /tmp/shots/journey/ for a person to look at.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import (
    become_demo_kiosk,
    new_screen,
    phone_screen,
    shot,
    submit_once_with_a_double_tap,
    tap_keys,
)
from tests.pii import ID_LI

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page


SHOTS = Path("/tmp/shots/journey")
STAFF_PASSWORD = "onevisit-demo-2026"


def start_at_attract(page: Page, server: str) -> None:
    page.goto(server + "/attract")
    page.locator(".attract-touch").tap()
    page.wait_for_selector(".search-launch")


def sign_in_with_card(page: Page, card: str) -> None:
    """From a page that asks for sign-in: the ID card, the demo card placed on the reader."""
    page.locator('a[href^="/signin/card"]').first.tap()
    page.locator(f'[data-demo-card="{card}"]').tap()


def kiosk_at_the_first_screen(
    browser: Browser, server: str, guide: str, card: str, shot_name: str
) -> tuple[Page, list[str]]:
    """A demo kiosk screen, from the attract screen to the first form screen of `guide`'s
    matter; with the list its console problems go to."""
    problems: list[str] = []
    kiosk = new_screen(browser, problems)
    become_demo_kiosk(kiosk, server, problems)
    apply_from_the_guide(kiosk, server, guide, card, shot_name)
    return kiosk, problems


def fill_until_materials(page: Page, choices: dict[str, str], first_shot: str | None = None) -> None:
    """Answer screen after screen until the materials."""
    screens = 0
    while not page.url.endswith("/materials"):
        fill_screen(page, choices)
        if screens == 0 and first_shot:
            shot(page, SHOTS, first_shot)
        screens += 1
        assert screens < 12, "the form never reached the materials"
        next_screen(page)


def apply_from_the_guide(page: Page, server: str, guide: str, card: str, shot_name: str) -> None:
    """From the attract screen to a guide, "apply" (sign in with the demo card first), the form's first screen."""
    start_at_attract(page, server)
    page.goto(server + guide)
    shot(page, SHOTS, shot_name)
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/signin"))
    sign_in_with_card(page, card)
    page.wait_for_url(re.compile(re.escape(guide) + "$"))
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))


def next_screen(page: Page, url_pattern: str | None = None) -> None:
    """Tap "next" and wait for the next screen (not merely for the address to match: the
    screen being left may match the pattern too)."""
    before = page.url
    page.locator(".form-next").tap()
    page.wait_for_url(lambda url: url != before)
    if url_pattern is not None:
        assert re.search(url_pattern, page.url), page.url


# What a citizen types on the pads, by field type, where the screen asks for something new.
TYPED = {"phone": "13912345678", "date": "20261201", "text": "LI SI", "number": "1", "id_number": ID_LI}


def fill_screen(page: Page, choices: dict[str, str]) -> None:
    """Answer what the screen still asks: the named choice (or the first), pads for the rest."""
    fields = page.locator(".field")
    for index in range(fields.count()):
        field = fields.nth(index)
        if not field.is_visible():
            continue  # a question this situation does not ask
        code = (field.get_attribute("id") or "").removeprefix("field-")
        radios = field.locator(".choice:visible")
        if radios.count() and field.locator("input[type=radio]:checked").count() == 0:
            wanted = choices.get(code)
            (radios.filter(has_text=wanted) if wanted else radios).first.tap()
            continue
        box = field.locator(".field-input")
        if box.count() and box.first.input_value() == "":
            pad = box.first.get_attribute("data-pad") or "text"
            box.first.tap()
            tap_keys(page, f".pad-{pad}", choices.get(code, TYPED[pad]).replace(" ", "")) if " " not in choices.get(
                code, TYPED[pad]
            ) else _type_words(page, f".pad-{pad}", choices.get(code, TYPED[pad]))
            page.locator(f".pad-{pad} [data-pad-done]").tap()


def _type_words(page: Page, pad: str, text: str) -> None:
    for index, word in enumerate(text.split(" ")):
        if index:
            page.locator(f'{pad} .key[data-key="space"]').tap()
        tap_keys(page, pad, word)


def scan_here(page: Page, material_scan_link: str) -> None:
    """Tap "scan at this kiosk" for one material, put a page on the glass (demo panel), scan."""
    from playwright.sync_api import expect

    page.locator(material_scan_link).first.tap()
    page.wait_for_url(re.compile(r"/scan$"))
    page.locator(".demo-devices-toggle").tap()
    page.locator('[data-demo-action="place_document"]').tap()
    expect(page.locator("#demo-device-status")).not_to_be_empty()
    page.locator(".demo-devices-toggle").tap()  # close the panel again
    expect(page.locator(".demo-devices-panel")).to_be_hidden()
    page.locator("[data-scan-start]").tap()
    expect(page.locator('[data-scan-result="ok"]')).to_be_visible()


def scan_every_missing_material(page: Page) -> int:
    """Each material still needed: onto the kiosk's scanner (the demo panel puts a page there)."""
    scanned = 0
    while page.locator(".mat-missing .mat-scan").count():
        scan_here(page, ".mat-missing .mat-scan")
        if not scanned:
            shot(page, SHOTS, "scan-material")
        page.locator("[data-scan-done]").tap()
        page.wait_for_url(re.compile(r"/materials$"))
        scanned += 1
    return scanned


def finish_and_forget(page: Page) -> None:
    """The finish card ends the session: the attract screen, nothing of the citizen left."""
    page.locator(".hub-finish-button").tap()
    page.wait_for_url(re.compile(r"/attract$"))
    assert {cookie["name"] for cookie in page.context.cookies()} == {"ov_device"}


@pytest.mark.browser
def test_a_matter_with_a_fee_from_the_attract_screen_to_the_rating(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    kiosk = new_screen(browser, problems)
    become_demo_kiosk(kiosk, demo_server, problems)
    start_at_attract(kiosk, demo_server)

    # Find the matter by its pinyin initials, typed on the on-screen keyboard.
    kiosk.locator(".search-launch").tap()
    tap_keys(kiosk, ".keyboard", "sfz")
    expect(kiosk.locator("#found-items")).to_be_visible()
    result = kiosk.locator('#search-results a[href="/items/GA-SFZ-002"]').first
    expect(result).to_be_visible()
    shot(kiosk, SHOTS, "fee-01-search")
    result.tap()
    kiosk.wait_for_url(re.compile(r"/items/GA-SFZ-002$"))
    expect(kiosk.locator(".apply-button")).to_be_visible()
    shot(kiosk, SHOTS, "fee-02-guide")

    kiosk.locator(".apply-button").tap()
    kiosk.wait_for_url(re.compile(r"/signin"))
    sign_in_with_card(kiosk, "wang")
    kiosk.wait_for_url(re.compile(r"/items/GA-SFZ-002$"))
    kiosk.locator(".apply-button").tap()
    kiosk.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))
    kiosk.locator(".choice", has_text="本人").tap()
    kiosk.locator(".choice", has_text="有效期满").tap()
    shot(kiosk, SHOTS, "fee-03-form-situation")
    next_screen(kiosk, r"/form/2$")

    # The phone number on the keypad: a wrong one first, its error next to the field.
    kiosk.locator("#in-applicant_phone").tap()
    expect(kiosk.locator(".pad-phone")).to_be_visible()
    tap_keys(kiosk, ".pad-phone", "1391234")
    kiosk.locator(".choice", has_text="窗口领取").tap()
    kiosk.locator(".form-next").tap()
    expect(kiosk.locator("#field-applicant_phone.has-problem")).to_be_visible()
    assert kiosk.url.endswith("/form/2")
    shot(kiosk, SHOTS, "fee-04-phone-error")
    kiosk.locator("#in-applicant_phone").tap()
    tap_keys(kiosk, ".pad-phone", "5678")
    expect(kiosk.locator("#in-applicant_phone")).to_have_value("13912345678")
    shot(kiosk, SHOTS, "fee-05-phone-keypad")
    kiosk.locator(".pad-phone [data-pad-done]").tap()
    next_screen(kiosk, r"/materials$")
    expect(kiosk.locator("#material-id_card")).to_contain_text("电子证照")
    shot(kiosk, SHOTS, "fee-06-materials")
    next_screen(kiosk, r"/delivery$")
    next_screen(kiosk, r"/review$")
    expect(kiosk.locator(".submit-ready")).to_be_visible()
    expect(kiosk.locator("main")).to_contain_text("139****5678")
    shot(kiosk, SHOTS, "fee-07-review")
    number = submit_once_with_a_double_tap(kiosk)
    expect(kiosk.locator(".hub-card-pay")).to_contain_text("20")
    shot(kiosk, SHOTS, "fee-08-hub")

    # Pay: the kiosk shows a code, the citizen's phone pays, the kiosk moves on by itself.
    kiosk.locator(".hub-card-pay a").tap()
    kiosk.wait_for_url(re.compile(rf"/applications/{number}/pay$"))
    cashier_url = kiosk.locator(".qr-box").get_attribute("data-qr-content")
    assert cashier_url is not None and cashier_url.startswith(demo_server + "/paysim/")
    shot(kiosk, SHOTS, "fee-09-pay")
    phone = phone_screen(browser, problems)
    phone.goto(cashier_url)
    phone.locator('[data-paysim="pay"]').tap()
    expect(phone.locator('[data-paysim-state="paid"]')).to_be_visible()
    kiosk.wait_for_url(re.compile(rf"/applications/{number}/submitted$"), timeout=5_000)
    expect(kiosk.locator(".hub-card-pay")).to_have_class(re.compile(r"\bis-done\b"))

    # The receipt on the 80 mm printer, then the rating, then leave.
    kiosk.locator("#receipt-card .print-button").first.tap()
    expect(kiosk.locator("#receipt-card")).to_have_class(re.compile(r"\bis-done\b"))
    shot(kiosk, SHOTS, "fee-10-hub-paid-printed")
    kiosk.locator(".hub-card-rate a").tap()
    kiosk.wait_for_url(re.compile(r"/rating"))
    shot(kiosk, SHOTS, "fee-11-rate-levels")
    kiosk.locator(".rate-level-5").tap()
    kiosk.locator(".rate-reason").first.tap()
    shot(kiosk, SHOTS, "fee-12-rate-reasons")
    kiosk.locator(".rate-submit").tap()
    kiosk.wait_for_url(re.compile(rf"/applications/{number}/submitted$"))
    expect(kiosk.locator(".hub-card-rate")).to_have_class(re.compile(r"\bis-done\b"))
    shot(kiosk, SHOTS, "fee-13-hub-done")
    finish_and_forget(kiosk)
    shot(kiosk, SHOTS, "fee-14-attract-again")

    # Only the answer statuses the flow caused (the wrong phone number's 422).
    assert [p for p in problems if "422" not in p] == [], problems


@pytest.mark.browser
def test_a_bundle_of_three_departments_in_one_application(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    kiosk, problems = kiosk_at_the_first_screen(browser, demo_server, "/bundles/retirement", "wang", "bundle-01-guide")
    fill_until_materials(kiosk, {"retirement_type": "达到法定退休年龄"}, "bundle-02-first-screen")
    shot(kiosk, SHOTS, "bundle-03-materials")
    # Signed in on a page that scrolls: six buttons in the bar, one row, none cut or wrapped.
    bar = kiosk.locator(".bottom-bar").bounding_box()
    assert bar is not None and bar["height"] <= 140, bar
    for button in kiosk.locator(".bottom-bar :is(.bar-button, .back-link):visible").all():
        box = button.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1080, box
        assert box["height"] <= 96, (button.inner_text(), box)
    assert scan_every_missing_material(kiosk) >= 1
    shot(kiosk, SHOTS, "bundle-04-materials-scanned")
    next_screen(kiosk, r"/delivery$")
    fill_screen(kiosk, {})
    next_screen(kiosk, r"/review$")
    expect(kiosk.locator(".submit-ready")).to_be_visible()
    shot(kiosk, SHOTS, "bundle-05-review")
    number = submit_once_with_a_double_tap(kiosk)

    # One application, three matters of three departments, each with its own number.
    children = kiosk.locator(".done-children li")
    expect(children).to_have_count(3)
    for index in range(3):
        expect(children.nth(index)).to_contain_text(f"{number}-{index + 1}")
    expect(kiosk.locator(".hub-card-pay")).to_have_count(0)  # nothing to pay in this bundle
    shot(kiosk, SHOTS, "bundle-06-hub")
    finish_and_forget(kiosk)
    assert [p for p in problems if "422" not in p] == [], problems


@pytest.mark.browser
def test_returned_for_correction_then_completed_at_the_kiosk(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    kiosk, problems = kiosk_at_the_first_screen(browser, demo_server, "/items/GA-HJ-003", "lin", "correction-00-guide")
    fill_until_materials(kiosk, {"for_whom": "本人", "certificate_kind": "注销户口证明", "purpose": "BANLI"})
    assert scan_every_missing_material(kiosk) == 1  # 亲属关系证明
    next_screen(kiosk, r"/delivery$")
    fill_screen(kiosk, {})
    next_screen(kiosk, r"/review$")
    number = submit_once_with_a_double_tap(kiosk)
    finish_and_forget(kiosk)

    # A window clerk of the police (GA) returns it, listing everything to fix at once.
    staff = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    staff.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    staff.goto(demo_server + "/staff/sign-in")
    staff.fill("#username", "clerk")
    staff.fill("#password", STAFF_PASSWORD)
    staff.click(".stacked-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/$"))
    staff.goto(f"{demo_server}/staff/applications/{number}")
    staff.click("#action-return summary")
    targets = staff.locator("#action-return .return-target")
    for label, reason in (("用途", "用途写得不清楚，请写明用途"), ("亲属关系证明", "扫描件不清晰，请重新扫描")):
        target = targets.filter(has=staff.get_by_text(label, exact=True))
        target.locator("input[type=checkbox]").check()
        target.locator("input[type=text]").fill(reason)
    staff.screenshot(path=str(SHOTS / "correction-01-staff-return.png"))
    staff.click("#action-return button[type=submit]")
    expect(staff.locator("body")).to_contain_text("待补正")
    staff.screenshot(path=str(SHOTS / "correction-02-staff-returned.png"))

    # The citizen comes back, signs in, sees it first in "mine" and corrects it here.
    start_at_attract(kiosk, demo_server)
    kiosk.goto(demo_server + "/signin/card")
    kiosk.locator('[data-demo-card="lin"]').tap()
    kiosk.wait_for_url(re.compile(r"/me$"))
    expect(kiosk.locator("main")).to_contain_text(number)
    shot(kiosk, SHOTS, "correction-03-me")
    kiosk.goto(f"{demo_server}/applications/{number}/correction")
    expect(kiosk.locator("main")).to_contain_text("用途写得不清楚")
    expect(kiosk.locator("main")).to_contain_text("扫描件不清晰")
    shot(kiosk, SHOTS, "correction-04-what-to-fix")

    # 1. The answer: its screen, the field marked, typed again on the keyboard.
    kiosk.locator("li", has_text="用途写得不清楚").locator(".correction-fix").tap()
    expect(kiosk.locator("#field-purpose.has-correction")).to_be_visible()
    kiosk.locator("#in-purpose").tap()
    kiosk.locator('.pad-text .key[data-key="clear"]').tap()
    tap_keys(kiosk, ".pad-text", "DANGAN")
    kiosk.locator(".pad-text [data-pad-done]").tap()
    shot(kiosk, SHOTS, "correction-05-answer")
    next_screen(kiosk)
    # 2. The material: scanned again on this kiosk.
    kiosk.goto(f"{demo_server}/applications/{number}/correction")
    kiosk.locator("li", has_text="扫描件不清晰").locator(".correction-fix").tap()
    kiosk.wait_for_url(re.compile(r"/materials#material-kinship_proof$"))
    scan_here(kiosk, "#material-kinship_proof .mat-scan")
    shot(kiosk, SHOTS, "correction-06-rescanned")
    kiosk.locator("[data-scan-done]").tap()
    kiosk.wait_for_url(re.compile(r"/materials$"))
    kiosk.goto(f"{demo_server}/applications/{number}/correction")
    next_screen(kiosk, r"/review$")
    expect(kiosk.locator("main")).to_contain_text("DANGAN")
    shot(kiosk, SHOTS, "correction-07-review")
    kiosk.locator(".button-submit").tap()
    kiosk.wait_for_url(re.compile(rf"/applications/{number}/submitted$"))
    expect(kiosk.locator(".done-title")).to_have_text("补正已提交")
    shot(kiosk, SHOTS, "correction-08-resubmitted")
    finish_and_forget(kiosk)

    # Staff see it back in the queue, submitted again, with both trips' worth of history.
    staff.goto(f"{demo_server}/staff/applications/{number}")
    expect(staff.locator("body")).to_contain_text("已提交")
    staff.screenshot(path=str(SHOTS / "correction-09-staff-resubmitted.png"))
    assert [p for p in problems if "422" not in p] == [], problems


def staff_screen(browser: Browser, server: str, username: str, problems: list[str]) -> Page:
    """A hall PC (1920×1080) signed in to the staff pages as a demo account."""
    staff = browser.new_context(viewport={"width": 1920, "height": 1080}).new_page()
    staff.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    staff.goto(server + "/staff/sign-in")
    staff.fill("#username", username)
    staff.fill("#password", STAFF_PASSWORD)
    staff.click(".stacked-form button[type=submit]")
    staff.wait_for_url(re.compile(r"/staff/$"))
    return staff


@pytest.mark.browser
def test_come_back_with_the_receipt_and_collect_the_result_printed_here(browser: Browser, demo_server: str) -> None:
    from playwright.sync_api import expect

    kiosk, problems = kiosk_at_the_first_screen(browser, demo_server, "/items/GA-HJ-003", "chen", "collect-00-guide")
    fill_until_materials(kiosk, {"for_whom": "本人", "certificate_kind": "户籍信息证明", "purpose": "JIUYE"})
    next_screen(kiosk, r"/delivery$")
    kiosk.locator('.choice:has(input[value="kiosk_print"])').tap()
    next_screen(kiosk, r"/review$")
    number = submit_once_with_a_double_tap(kiosk)
    kiosk.locator("#receipt-card .print-button").first.tap()
    expect(kiosk.locator("#receipt-card")).to_have_class(re.compile(r"\bis-done\b"))
    finish_and_forget(kiosk)

    # The police accept it and decide: approved, to be printed at a kiosk.
    clerk = staff_screen(browser, demo_server, "clerk", problems)
    clerk.goto(f"{demo_server}/staff/applications/{number}")
    clerk.click("#action-accept button[type=submit]")
    expect(clerk.locator("body")).to_contain_text("已受理")
    reviewer = staff_screen(browser, demo_server, "reviewer.ga", problems)
    reviewer.goto(f"{demo_server}/staff/applications/{number}")
    reviewer.check('#action-opinion input[value="agree"]')
    reviewer.click("#action-opinion button[type=submit]")
    reviewer.check('#action-decide input[value="approve"]')
    reviewer.click("#action-decide button[type=submit]")
    expect(reviewer.locator("body")).to_contain_text("准予办理")

    # Days later: 查询办件, the receipt under the code reader, the progress without signing in.
    start_at_attract(kiosk, demo_server)
    kiosk.locator(".track-launch").tap()
    kiosk.wait_for_url(re.compile(r"/track$"))
    kiosk.locator(".demo-devices-toggle").tap()
    kiosk.locator('[data-demo-action="present_receipt"]').tap()
    kiosk.locator(".demo-devices-toggle").tap()
    expect(kiosk.locator(".progress-number")).to_have_text(number, timeout=5_000)
    expect(kiosk.locator(".progress-state")).to_contain_text("准予办理")
    assert "陈" not in kiosk.inner_text(".progress-card")  # no personal data before signing in
    shot(kiosk, SHOTS, "collect-01-receipt-scanned")

    # Signed in, the result comes out of this kiosk's printer, once.
    kiosk.locator(".track-actions a[href^='/signin']").tap()
    sign_in_with_card(kiosk, "chen")
    kiosk.wait_for_url(re.compile(rf"/applications/{number}$"))
    shot(kiosk, SHOTS, "collect-02-application")
    kiosk.locator(".collect-button").tap()
    expect(kiosk.locator("#collect-card")).to_have_class(re.compile(r"\bis-done\b"))
    shot(kiosk, SHOTS, "collect-03-printed")
    kiosk.goto(f"{demo_server}/applications/{number}")
    expect(kiosk.locator(".status-title")).to_have_text("已送达")
    expect(kiosk.locator(".collect-button")).to_have_count(0)
    assert [p for p in problems if "422" not in p] == [], problems
