"""What the staff pages' browser tests share on top of tests/kiosk/browser_support.py: a staff
page that collects script and CSP errors and accepts confirmations, and signing in as a demo
staff member (the demo administrator enrols the second factor at the first sign-in)."""

from __future__ import annotations

import re
import time
from typing import TYPE_CHECKING

from shared.staff import totp
from shared.staff.demo import DEMO_PASSWORD

if TYPE_CHECKING:
    from playwright.sync_api import Page


def watch_staff(page: Page, problems: list[str]) -> Page:
    """Script errors and CSP violations (console errors) go to `problems`; a confirmation
    (data-confirm on restore, cancel, unassign) is accepted as a person would."""
    page.set_default_timeout(15_000)
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def sign_in_staff(page: Page, url: str, username: str) -> None:
    """Sign in with the demo password; for the administrator, the second factor with the key the demo shows."""
    page.goto(url + "/staff/sign-in")
    page.fill("#username", username)
    page.fill("#password", DEMO_PASSWORD)
    page.click(".stacked-form button[type=submit]")
    if username == "admin":
        page.wait_for_url(re.compile(r"/staff/sign-in/totp$"))
        secret = totp.decode_secret(page.locator(".demo-secret code").inner_text().replace(" ", ""))
        page.fill("#code", totp.totp(secret, time.time()))
        page.click("form:has(#code) button[type=submit]")
    page.wait_for_url(re.compile(r"/staff/$"))
