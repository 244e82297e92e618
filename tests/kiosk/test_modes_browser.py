"""Elder mode, English, high contrast and the idle wipe on a real touch screen.

Chromium at 1080×1920 with touch against the real server in demo mode with a short idle
time (8 s, countdown from 5 s). Screenshots go to /tmp/shots/h4/ for a person to look at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tests.kiosk.browser_support import (
    IDLE_SECONDS,
    WARNING_SECONDS,
    become_demo_kiosk,
    new_screen,
    short_idle_demo_server,
    shot,
)

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

SHOTS = Path("/tmp/shots/h4")

# WCAG relative luminance and contrast ratio of two computed CSS colours ("rgb(r, g, b)").
CONTRAST_JS = """
([a, b]) => {
  const lum = (c) => {
    const [r, g, bl] = c.match(/\\d+(\\.\\d+)?/g).slice(0, 3).map(Number).map((v) => {
      v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * bl;
  };
  const [l1, l2] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (l1 + 0.05) / (l2 + 0.05);
}
"""


@pytest.fixture
def modes_server(tmp_path: Path) -> Iterator[str]:
    with short_idle_demo_server(tmp_path) as url:
        yield url


def height(page: Page, selector: str) -> float:
    box = page.locator(selector).first.bounding_box()
    assert box is not None
    return float(box["height"])


def tiles_in_first_row(page: Page) -> int:
    tops = page.eval_on_selector_all(
        ".home-section .tiles:not(.tiles-row) .tile", "els => els.map(e => Math.round(e.getBoundingClientRect().top))"
    )
    return sum(1 for top in tops if top == tops[0])


def contrast(page: Page, selector: str) -> float:
    colours = page.eval_on_selector(
        selector,
        """el => {
          let bg = getComputedStyle(el).backgroundColor, node = el;
          while (bg === "rgba(0, 0, 0, 0)" && node.parentElement) {
            node = node.parentElement; bg = getComputedStyle(node).backgroundColor;
          }
          return [getComputedStyle(el).color, bg];
        }""",
    )
    return float(page.evaluate(CONTRAST_JS, colours))


@pytest.mark.browser
def test_elder_mode_english_and_high_contrast(browser: Browser, modes_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, modes_server, problems)
    shot(page, SHOTS, "browser-home")
    plain_text = height(page, ".home .section-title")
    plain_button = height(page, ".search-launch")
    plain_tiles = tiles_in_first_row(page)

    # 长辈模式: one tap in the masthead; everything larger, fewer tiles in a row.
    page.tap(".mode-button-elder")
    expect(page.locator("body")).to_have_class(re.compile(r"\bmode-elder\b"))
    expect(page.locator(".mode-button-elder")).to_have_attribute("aria-pressed", "true")
    assert height(page, ".home .section-title") >= 1.25 * plain_text
    assert height(page, ".search-launch") >= 1.25 * plain_button
    assert tiles_in_first_row(page) < plain_tiles
    # Nothing wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 1080
    shot(page, SHOTS, "browser-home-elder")

    # English, elder mode kept.
    page.tap('.lang-switch button[value="en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator(".mode-button-elder")).to_contain_text("Large text")
    expect(page.locator("body")).to_have_class(re.compile(r"\bmode-elder\b"))
    assert page.evaluate("document.documentElement.scrollWidth") <= 1080
    shot(page, SHOTS, "browser-home-elder-en")

    # Elder mode off, high contrast on: black on white, at least 7:1 (WCAG 1.4.6).
    page.tap(".mode-button-elder")
    expect(page.locator("body")).not_to_have_class(re.compile(r"\bmode-elder\b"))
    assert height(page, ".home .section-title") < 1.1 * plain_text
    page.tap(".mode-button-contrast")
    expect(page.locator("body")).to_have_class(re.compile(r"\bmode-contrast\b"))
    for selector in (".home .section-title", ".tile-name", ".popular-name", ".search-launch-text"):
        assert contrast(page, selector) >= 7, selector
    shot(page, SHOTS, "browser-home-contrast-en")

    # The pressed state shows while a finger is down (no hover needed).
    tile = page.locator(".tile").first
    box = tile.bounding_box()
    assert box is not None
    before = tile.evaluate("el => getComputedStyle(el).transform")
    page.mouse.move(box["x"] + 20, box["y"] + 20)
    page.mouse.down()
    pressed = tile.evaluate("el => getComputedStyle(el).transform")
    page.mouse.up()
    assert pressed != before
    assert problems == []


@pytest.mark.browser
def test_the_idle_wipe_lands_on_the_attract_screen(browser: Browser, modes_server: str) -> None:
    from playwright.sync_api import expect

    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, modes_server, problems)
    page.tap(".mode-button-elder")
    page.tap('.lang-switch button[value="en"]')
    expect(page.locator("html")).to_have_attribute("lang", "en")

    # Walk away: the countdown, then the attract screen, plain and in Chinese again.
    expect(page.locator("#idle-overlay")).to_be_visible(timeout=(IDLE_SECONDS - WARNING_SECONDS + 3) * 1000)
    page.wait_for_url(re.compile(r"/attract$"), timeout=(WARNING_SECONDS + 5) * 1000)
    expect(page.locator(".attract-cta")).to_be_visible()
    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.locator("body").get_attribute("class") == "attract"
    assert {cookie["name"] for cookie in page.context.cookies()} == {"ov_device"}
    shot(page, SHOTS, "browser-attract")

    # The attract screen runs no countdown of its own: it stays.
    page.wait_for_timeout((IDLE_SECONDS + 2) * 1000)
    assert page.url.endswith("/attract") and page.locator("#idle-overlay").count() == 0

    # Any tap starts.
    page.tap(".attract-hall")
    page.wait_for_selector(".search-launch")
    assert page.url.rstrip("/").endswith(modes_server.split("//")[1]) or page.url.endswith("/")
    assert problems == []
