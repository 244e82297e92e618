"""What the kiosk's browser tests share: Debian's Chromium (driven by Playwright), the real
app under uvicorn in a thread, a kiosk screen (1080×1920, touch) and a phone screen, the
demo kiosk's enrolment, screenshots for a person to look at, and tapping on-screen keys.

`browser` and `demo_server` are fixtures (registered for tests/kiosk by its conftest).
Needs /usr/bin/chromium; without it a browser test is skipped, or fails when
ONEVISIT_REQUIRE_BROWSER=1 (as in CI).
"""

from __future__ import annotations

import os
import re
import socket
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
import uvicorn

from onevisit import create_app
from shared.config import Settings

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page, Route, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
APPLICATION_NUMBER = re.compile(r"\d{14}")
KIOSK_SCREEN: ViewportSize = {"width": 1080, "height": 1920}
PHONE_SCREEN: ViewportSize = {"width": 390, "height": 844}


def require_browser() -> None:
    problem = None
    if not CHROMIUM.exists():
        problem = f"{CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium)"
    else:
        try:
            import playwright.sync_api  # noqa: F401
        except ImportError:
            problem = "playwright is not installed (pip install -e '.[test]')"
    if problem is None:
        return
    if os.environ.get("ONEVISIT_REQUIRE_BROWSER") == "1":
        pytest.fail(f"browser test required (ONEVISIT_REQUIRE_BROWSER=1) but {problem}")
    pytest.skip(problem)


@contextmanager
def serve_in_thread(settings: Settings) -> Iterator[str]:
    """Run the app under uvicorn in a thread on a free localhost port; yields its base URL."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    config = uvicorn.Config(
        create_app(settings), log_config=None, log_level="warning", access_log=False, lifespan="on", ws="none"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the kiosk server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()


@pytest.fixture
def browser() -> Iterator[Browser]:
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def demo_server(tmp_path: Path) -> Iterator[str]:
    """The real server in demo mode: the demo catalog, kiosk, cards, wallets and staff."""
    require_browser()
    with serve_in_thread(Settings(data_dir=tmp_path / "data", demo=True)) as url:
        yield url


# Short enough for a browser test to wait through the idle countdown and the wipe.
IDLE_SECONDS = 8
WARNING_SECONDS = 5


@contextmanager
def short_idle_demo_server(tmp_path: Path) -> Iterator[str]:
    """The demo server with a kiosk session that goes idle after IDLE_SECONDS."""
    require_browser()
    settings = Settings(
        data_dir=tmp_path / "data",
        demo=True,
        kiosk_idle_seconds=IDLE_SECONDS,
        kiosk_idle_warning_seconds=WARNING_SECONDS,
        kiosk_session_max_seconds=600,
    )
    with serve_in_thread(settings) as url:
        yield url


def _watch(page: Page, problems: list[str]) -> Page:
    page.set_default_timeout(15_000)
    # CSP violations and script errors are console errors.
    page.on("console", lambda message: problems.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: problems.append(str(error)))
    return page


def new_screen(browser: Browser, problems: list[str]) -> Page:
    """A kiosk: portrait 1080×1920, touch."""
    context = browser.new_context(viewport=KIOSK_SCREEN, has_touch=True, is_mobile=False)
    return _watch(context.new_page(), problems)


def phone_screen(browser: Browser, problems: list[str]) -> Page:
    """A citizen's phone (for the pages a kiosk's QR code opens)."""
    context = browser.new_context(viewport=PHONE_SCREEN, has_touch=True, is_mobile=True)
    return _watch(context.new_page(), problems)


def become_demo_kiosk(page: Page, url: str, problems: list[str]) -> None:
    page.goto(url + "/")
    page.tap("[data-demo-enrol]")
    page.wait_for_selector(".search-launch")
    # Chromium reports the 403 "not registered" document as a failed load.
    assert all("403" in problem for problem in problems)
    problems.clear()


def shot(page: Page, folder: Path, name: str, *, full_page: bool = False) -> None:
    """A screenshot for a person to look at."""
    folder.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(folder / f"{name}.png"), full_page=full_page)


def tap_keys(page: Page, pad: str, keys: Iterable[str]) -> None:
    """Type on an on-screen pad or keyboard (a CSS selector), one tap per key."""
    for key in keys:
        page.locator(f'{pad} .key[data-key="{key}"]').tap()


def submit_once_with_a_double_tap(page: Page) -> str:
    """Two taps on submit while the first is still on its way (held back, as on a slow network):
    the button disables itself, the second tap sends nothing, one application. Its number."""
    from playwright.sync_api import expect

    held: list[Route] = []
    submit_url = re.compile(r".*/submit$")

    def hold(route: Route) -> None:
        held.append(route)

    page.route(submit_url, hold)
    submit = page.locator(".button-submit")
    submit.tap(no_wait_after=True)
    expect(submit).to_be_disabled()
    submit.tap(force=True, no_wait_after=True)
    page.wait_for_timeout(300)
    assert len(held) == 1
    held[0].continue_()
    page.unroute(submit_url)
    page.wait_for_url(re.compile(r"/applications/\d{14}/submitted$"))
    number = page.locator(".done-number").inner_text().strip()
    assert APPLICATION_NUMBER.fullmatch(number), number
    return number
