"""The step form on a real touch screen, typed only on the on-screen pads, and what a dropped
connection or a restarting server looks like in the middle of it.

Chromium at 1080×1920 with touch against the real server in demo mode (its catalog, its ID
cards). No step uses a keyboard: every character comes from tapping a key on the screen.

- The ID card renewal for a child: the phone number on the phone keypad, a wrong one first
  (its problem shows next to the field, with the keypad open again to fix it), the address
  on the keyboard (省市区…单元 keys), the child's name and ID number (digits and X).
- A form post that does not get through (Playwright aborts it), then the server stopped
  and started again on the same port: "try again" (重试) shows over the screen as it was,
  with what was typed still in place; tapping it carries on.
- Every move is htmx (boosted): the document is never reloaded, yet the address bar, the
  title and the back button behave as with pages.

Screenshots go to /tmp/shots/h5/ for a person to look at.
"""

from __future__ import annotations

import re
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from onevisit import create_app
from shared.config import Settings
from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot
from tests.pii import make_id_number

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route


SHOTS = Path("/tmp/shots/h5")
# A child's ID number whose check character is X (GB 11643), to type the X key too.
CHILD_ID = next(n for n in (make_id_number("110105", "20150307", f"{o:03d}") for o in range(100, 999)) if n[-1] == "X")
PHONE = "13912345678"


class RestartableServer:
    """The app under uvicorn in a thread on a fixed port, which can be stopped and started
    again (a server restart: same data directory, same address)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        probe = socket.socket()
        probe.bind(("127.0.0.1", 0))
        self.port = probe.getsockname()[1]
        probe.close()
        self.url = f"http://127.0.0.1:{self.port}"
        self._server: uvicorn.Server | None = None
        self._thread: threading.Thread | None = None

    def start(self) -> None:
        config = uvicorn.Config(
            create_app(self.settings),
            host="127.0.0.1",
            port=self.port,
            log_config=None,
            log_level="warning",
            access_log=False,
            lifespan="on",
            ws="none",
        )
        server = uvicorn.Server(config)
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        deadline = time.monotonic() + 10
        while not server.started:
            if time.monotonic() > deadline or not thread.is_alive():
                raise RuntimeError("the kiosk server did not start")
            time.sleep(0.05)
        self._server, self._thread = server, thread

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=10)
        self._server = self._thread = None


@pytest.fixture
def server(tmp_path: Path) -> Iterator[RestartableServer]:
    from tests.kiosk.browser_support import require_browser

    require_browser()
    live = RestartableServer(Settings(data_dir=tmp_path / "data", demo=True))
    live.start()
    try:
        yield live
    finally:
        live.stop()


@contextmanager
def no_reload(page: Page) -> Iterator[None]:
    """Assert that the document is never replaced (every move went through htmx)."""
    page.evaluate("window.__sameDocument = true")
    yield
    assert page.evaluate("window.__sameDocument === true"), "the page was reloaded"


def tap_keys(page: Page, pad: str, keys: list[str] | str) -> None:
    for key in keys:
        page.locator(f'.pad[data-pad="{pad}"]:not([hidden]) button[data-key="{key}"]').tap()


def sign_in_and_apply(page: Page, url: str, problems: list[str]) -> None:
    become_demo_kiosk(page, url, problems)
    page.goto(url + "/signin/card")
    page.tap('[data-demo-card="wang"]')
    page.wait_for_url(re.compile(r"/me$"))
    page.goto(url + "/items/GA-SFZ-002")
    page.locator(".apply-button").tap()
    page.wait_for_url(re.compile(r"/applications/a_[\w-]+/form/1$"))


@pytest.mark.browser
def test_a_whole_form_typed_on_the_pads_with_an_inline_error_fixed(browser: Browser, server: RestartableServer) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    sign_in_and_apply(page, server.url, problems)

    with no_reload(page):
        page.locator(".choice", has_text="未成年子女").tap()
        page.locator(".choice", has_text="有效期满").tap()
        page.tap(".form-next")
        page.wait_for_url(re.compile(r"/form/2$"))
        expect(page).to_have_title(re.compile("居民身份证"))

        # The phone keypad, under the field; the system keyboard is never asked for.
        phone = page.locator("#in-applicant_phone")
        expect(phone).to_have_attribute("inputmode", "none")
        phone.tap()
        pad = page.locator('.pad[data-pad="phone"]')
        expect(pad).to_be_visible()
        assert page.locator('.pad[data-pad="phone"] [data-key="X"]').count() == 0
        field_box = page.locator("#field-applicant_phone").bounding_box()
        pad_box = pad.bounding_box()
        assert field_box is not None and pad_box is not None
        assert 0 <= pad_box["y"] - (field_box["y"] + field_box["height"]) <= 40  # right under the field
        tap_keys(page, "phone", "1391234")
        expect(phone).to_have_value("1391234")
        shot(page, SHOTS, "01-phone-keypad")
        page.locator("[data-pad-done]:visible").tap()
        expect(pad).to_be_hidden()

        # Post: the same screen (no new history entry), the problem next to the field, the
        # keypad open again on it.
        page.locator(".choice", has_text="邮寄").tap()
        page.tap(".form-next")
        expect(page.locator("#field-applicant_phone .field-error")).to_be_visible()
        expect(page.locator(".form-alert")).to_be_visible()
        expect(page.locator('.pad[data-pad="phone"]')).to_be_visible()
        assert page.locator("#field-applicant_phone .field-error + .pad, #field-applicant_phone + .pad").count() == 1
        shot(page, SHOTS, "02-inline-error")
        tap_keys(page, "phone", ["clear", *PHONE])
        expect(page.locator("#in-applicant_phone")).to_have_value(PHONE)

        # Mail: the address is asked on the same screen, typed on the keyboard.
        address = page.locator("#in-mailing_address")
        expect(address).to_be_visible()
        address.tap()
        keyboard = page.locator('.pad[data-pad="text"]')
        expect(keyboard).to_be_visible()
        tap_keys(page, "text", ["8", "号", "楼", "3", "单元", "5", "0", "1", "室"])
        expect(address).to_have_value("8号楼3单元501室")
        shot(page, SHOTS, "03-address-keyboard")
        page.tap(".form-next")
        page.wait_for_url(re.compile(r"/form/3$"))

        # The child: a name from letters, the ID number from digits and X.
        page.locator("#in-child_name").tap()
        tap_keys(page, "text", "LIMING")
        page.locator("#in-child_id_number").tap()
        expect(page.locator('.pad[data-pad="text"]')).to_be_hidden()
        id_pad = page.locator('.pad[data-pad="id_number"]')
        expect(id_pad).to_be_visible()
        tap_keys(page, "id_number", "X")  # X is the 18th character or nothing
        expect(page.locator("#in-child_id_number")).to_have_value("")
        tap_keys(page, "id_number", CHILD_ID)
        expect(page.locator("#in-child_id_number")).to_have_value(CHILD_ID)
        shot(page, SHOTS, "04-id-keypad")
        page.locator(".choice").first.tap()
        page.tap(".form-next")
        page.wait_for_url(re.compile(r"/materials$"))

        # Back and forward are pages too: the previous screen, its answers, the address bar.
        page.go_back()
        page.wait_for_url(re.compile(r"/form/3$"))
        expect(page.locator("#in-child_name")).to_have_value("LIMING")
        page.go_back()
        page.wait_for_url(re.compile(r"/form/2$"))
        expect(page.locator("#field-applicant_phone")).to_contain_text("139****5678")
        expect(page.locator("#in-mailing_address")).to_have_value("8号楼3单元501室")
        page.go_forward()
        page.wait_for_url(re.compile(r"/form/3$"))
        expect(page.locator("h2.section-title")).to_be_visible()

    # The screens' only failed loads: the first answer with problems (422).
    assert [p for p in problems if "422" not in p] == [], problems


@pytest.mark.browser
def test_a_dropped_connection_and_a_server_restart_lose_nothing(browser: Browser, server: RestartableServer) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    sign_in_and_apply(page, server.url, problems)

    with no_reload(page):
        page.locator(".choice", has_text="本人").tap()
        page.locator(".choice", has_text="有效期满").tap()
        page.tap(".form-next")
        page.wait_for_url(re.compile(r"/form/2$"))
        page.locator("#in-applicant_phone").tap()
        tap_keys(page, "phone", PHONE)
        page.locator(".choice", has_text="窗口").tap()

        # The post does not get through: "try again", over the screen as it was.
        aborted: list[str] = []

        def drop(route: Route) -> None:
            aborted.append(route.request.url)
            route.abort("internetdisconnected")

        page.route(re.compile(r".*/form/2$"), drop)
        page.tap(".form-next")
        retry = page.locator("#kiosk-alerts [data-retry]")
        expect(retry).to_be_visible()
        expect(page.locator("#kiosk-alerts")).to_contain_text("网络暂时中断")
        expect(page.locator("#in-applicant_phone")).to_have_value(PHONE)
        assert page.url.endswith("/form/2") and len(aborted) == 1
        box = retry.bounding_box()
        assert box is not None and box["height"] >= 96
        shot(page, SHOTS, "05-network-error")
        page.unroute(re.compile(r".*/form/2$"), drop)
        retry.tap()
        page.wait_for_url(re.compile(r"/materials$"))
        expect(page.locator("#kiosk-alerts [data-retry]")).to_have_count(0)

        # The server goes away in the middle of the journey.
        page.go_back()
        page.wait_for_url(re.compile(r"/form/2$"))
        expect(page.locator("#field-applicant_phone")).to_contain_text("139****5678")  # saved as a draft
        server.stop()
        page.locator(".form-previous").tap()
        expect(page.locator("#kiosk-alerts [data-retry]")).to_be_visible()
        assert page.locator("main .app-form").count() == 1  # the screen, not a blank one
        shot(page, SHOTS, "06-server-down")

        # Back again (same data, same address): tapping "try again" carries on.
        server.start()
        page.locator("#kiosk-alerts [data-retry]").tap()
        page.wait_for_url(re.compile(r"/form/1$"))
        expect(page.locator('input[name="for_whom"][value="self"]')).to_be_checked()
        expect(page.locator("#kiosk-alerts")).to_be_empty()
        shot(page, SHOTS, "07-after-restart")

        # A link while the server is down: the same, for a navigation.
        server.stop()
        page.locator(".bottom-bar a.bar-button[href='/']").tap()
        expect(page.locator("#kiosk-alerts [data-retry]")).to_be_visible()
        assert page.url.endswith("/form/1")
        server.start()
        page.locator("#kiosk-alerts [data-retry]").tap()
        page.wait_for_url(re.compile(r"/$"))
        expect(page.locator(".search-launch")).to_be_visible()

    # Failed loads are the ones this test caused.
    assert all("ERR_" in p or "Failed to fetch" in p or "htmx" in p for p in problems), problems
