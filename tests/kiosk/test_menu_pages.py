"""The kiosk home from the kiosk's menu and the menu's group pages (kiosk/views/menu.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

import httpx2
import pytest

from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.i18n import Text
from shared.menus import store
from shared.menus.model import PALETTE
from tests.kiosk.browser_support import become_demo_kiosk, new_screen, shot
from tests.kiosk.conftest import Kiosk, enrol_client, kiosk_catalog
from tests.shared.menus.support import ADMIN

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parents[2]

HOME_MENU: dict[str, Any] = {
    "tiles": [
        {
            "id": "t-a1",
            "kind": "item",
            "target": "GA-SFZ-002",
            "label": {"zh": "换身份证", "en": "Renew ID card"},
            "icon": "id-card",
            "colour": "purple",
        },
        {
            "id": "t-a2",
            "kind": "group",
            "label": {"zh": "更多", "en": "More"},
            "icon": "grid",
            "colour": "teal",
            "children": [
                {"id": "t-b1", "kind": "category", "target": "yiliao", "label": {"zh": "医保", "en": "Medical"}},
                {
                    "id": "t-b2",
                    "kind": "group",
                    "label": {"zh": "家庭", "en": "Family"},
                    "colour": "orange",
                    "children": [
                        {"id": "t-c1", "kind": "bundle", "target": "newborn", "label": {"zh": "出生", "en": "Baby"}},
                        {
                            "id": "t-c2",
                            "kind": "item",
                            "target": "GA-HJ-010",
                            "label": {"zh": "户籍证明", "en": "Hukou"},
                        },
                    ],
                },
            ],
        },
        {
            "id": "t-a3",
            "kind": "action",
            "target": "feedback",
            "label": {"zh": "咨询投诉", "en": "Ask or complain"},
            "colour": "red",
        },
        {"id": "t-a4", "kind": "category", "target": "zjbl", "label": {"zh": "证件", "en": "IDs"}},
    ]
}
EXIT_MENU: dict[str, Any] = {
    "tiles": [{"id": "t-e1", "kind": "action", "target": "track", "label": {"zh": "查询办件", "en": "Track"}}]
}


async def publish(kiosk: Kiosk, menu_id: str, doc: dict[str, Any], *, go_live_at: float | None = None) -> None:
    services = kiosk.services
    async with services.db.transaction() as tx:
        if await store.get_menu(tx, menu_id) is None:
            await store.create_menu(tx, menu_id, Text("菜单", "Menu"), ADMIN, kiosk.clock.now())
        draft = await store.get_draft(tx, menu_id)
        await store.save_draft(tx, menu_id, doc, draft.revision, ADMIN, kiosk.clock.now())
        snapshot = await services.catalog.current()
        await store.publish(tx, menu_id, snapshot, ADMIN, kiosk.clock.now(), go_live_at=go_live_at)
    services.menus.invalidate()


def tile_ids(html: str) -> list[str]:
    return re.findall(r'data-tile-id="(t-[0-9a-f]+)"', html)


def stamp(html: str) -> str:
    found = re.search(r'<div hidden id="menu-stamp" data-menu-stamp="([^"]*)"></div>', html)
    assert found is not None, "no #menu-stamp"
    return found.group(1)


async def test_without_a_menu_the_home_is_laid_out_from_the_catalog(kiosk: Kiosk) -> None:
    body = (await kiosk.client.get("/")).text
    assert stamp(body) == ""  # the heartbeat then reloads the home when a first menu goes live
    assert 'href="/categories/zjbl"' in body and "menu-tile" not in body


async def test_the_home_shows_the_menu_s_top_tiles_in_order_with_icons_and_colours(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    body = (await kiosk.client.get("/")).text
    assert stamp(body) == "hall@1"
    assert tile_ids(body) == ["t-a1", "t-a2", "t-a3", "t-a4"]
    # Search and track come first, most used after the tiles, as before.
    assert body.index('class="search-launch"') < body.index('class="track-launch"') < body.index("t-a1")
    assert body.index("t-a4") < body.index('class="popular-link"')
    tiles = re.findall(r'<a class="tile menu-tile ([^"]*)" href="([^"]*)"', body)
    assert tiles == [
        ("menu-item colour-purple", "/items/GA-SFZ-002"),
        ("menu-group colour-teal", "/menu/t-a2"),
        ("menu-action colour-red", "/feedback"),
        ("menu-category colour-blue", "/categories/zjbl"),  # no colour given: blue
    ]
    assert "换身份证" in body and "2 项" in body  # the group says how many tiles it opens onto
    symbols = re.findall(r'kiosk\.svg\?v=[^#"]+#([a-z-]+)"></use></svg></span>\s*<span class="tile-name">', body)
    # Named icons; none named: the category's own icon (zjbl: id-card), an action's usual one.
    assert symbols == ["id-card", "grid", "question", "id-card"]
    english = (await kiosk.client.get("/", params={"lang": "en"})).text
    assert "Renew ID card" in english and "2 choices" in english and "换身份证" not in english


async def test_a_group_page_shows_its_tiles_and_goes_back_one_level(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    group = await kiosk.client.get("/menu/t-a2")
    assert group.status_code == 200
    assert stamp(group.text) == "hall@1"
    assert tile_ids(group.text) == ["t-b1", "t-b2"]
    assert '<h1 class="page-title">更多</h1>' in group.text
    assert 'class="back-link" href="/"' in group.text
    nested = (await kiosk.client.get("/menu/t-b2")).text
    assert tile_ids(nested) == ["t-c1", "t-c2"]
    assert 'href="/bundles/newborn"' in nested and 'href="/items/GA-HJ-010"' in nested
    assert 'class="back-link" href="/menu/t-a2"' in nested
    assert 'class="page-head menu-group-head colour-orange"' in nested


@pytest.mark.parametrize("tile_id", ["t-ffff", "t-a1", "nonsense", "t-a2x"])
async def test_an_id_that_is_no_group_of_the_live_version_goes_home(kiosk: Kiosk, tile_id: str) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    response = await kiosk.client.get(f"/menu/{tile_id}")
    assert response.status_code == 303 and response.headers["location"] == "/"


async def test_a_group_page_without_any_menu_goes_home(kiosk: Kiosk) -> None:
    response = await kiosk.client.get("/menu/t-a2")
    assert response.status_code == 303 and response.headers["location"] == "/"


async def test_a_new_version_replaces_the_home_and_old_group_links_go_home(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    assert (await kiosk.client.get("/menu/t-a2")).status_code == 200
    await publish(kiosk, "hall", {"tiles": HOME_MENU["tiles"][3:] + HOME_MENU["tiles"][:1]})
    body = (await kiosk.client.get("/")).text
    assert stamp(body) == "hall@2" and tile_ids(body) == ["t-a4", "t-a1"]
    assert (await kiosk.client.get("/menu/t-a2")).status_code == 303


async def test_a_scheduled_version_shows_at_its_time(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    await publish(kiosk, "hall", EXIT_MENU, go_live_at=kiosk.clock.now() + 600)
    assert stamp((await kiosk.client.get("/")).text) == "hall@1"
    kiosk.clock.advance(600)
    body = (await kiosk.client.get("/")).text
    assert stamp(body) == "hall@2" and tile_ids(body) == ["t-e1"]


async def test_each_kiosk_shows_its_own_group_s_menu(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    await publish(kiosk, "exit", EXIT_MENU)
    async with kiosk.services.db.transaction() as tx:
        await store.assign(tx, "group", "exit-entry", "exit", ADMIN, kiosk.clock.now())
        await store.assign(tx, "device", "test-kiosk-2", "exit", ADMIN, kiosk.clock.now())
    kiosk.services.menus.invalidate()
    async with kiosk.new_client() as other:
        await enrol_client(other, kiosk.services, "test-kiosk-2")  # group lobby, its own menu
        assert stamp((await other.get("/")).text) == "exit@1"
    assert stamp((await kiosk.client.get("/")).text) == "hall@1"


async def test_tiles_the_catalog_no_longer_offers_are_left_out(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    later = kiosk_catalog()
    for item in later["items"]:
        if item["code"] == "GA-SFZ-002":
            item.setdefault("channels", {})["kiosk"] = False  # now only at the counter
        if item["code"] == "GA-HJ-010":
            item["status"] = "retired"
    for bundle in later["bundles"]:
        if bundle["code"] == "newborn":
            bundle["status"] = "retired"
    await import_catalog(kiosk.services.db, parse_catalog_text(json.dumps(later, ensure_ascii=False)))
    await kiosk.services.catalog.load()
    body = (await kiosk.client.get("/")).text
    assert tile_ids(body) == ["t-a2", "t-a3", "t-a4"]  # the item no longer at kiosks is gone
    group = (await kiosk.client.get("/menu/t-a2")).text
    assert tile_ids(group) == ["t-b1"]  # "family" lost both its tiles, so it is gone too
    assert "1 项" in body


async def test_elder_mode_lists_fewer_most_used(kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    plain = (await kiosk.client.get("/")).text
    kiosk.client.cookies.set("ov_mode", "elder")
    elder = (await kiosk.client.get("/")).text
    assert tile_ids(elder) == tile_ids(plain)
    assert 'class="home mode-elder"' in elder and 'class="home mode-elder"' not in plain
    assert elder.count('class="popular-link"') <= 4


async def test_menu_pages_have_no_inline_script_or_style(page_client: httpx2.AsyncClient, kiosk: Kiosk) -> None:
    await publish(kiosk, "hall", HOME_MENU)
    for path in ("/", "/menu/t-a2", "/menu/t-b2"):
        body = (await page_client.get(path)).text
        assert " style=" not in body and "<script>" not in body and " onclick=" not in body


def _hex(value: str) -> tuple[float, float, float]:
    return tuple(int(value[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def _luminance(colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _hex(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    light, dark = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_every_palette_colour_is_styled_with_readable_text() -> None:
    """WCAG 2.1 1.4.3: the label on the tile and on its pressed shade, the white icon on its disc."""
    css = (ROOT / "static" / "css" / "kiosk.css").read_text(encoding="utf-8")
    for colour in PALETTE:
        rule = re.search(r"\.colour-" + colour + r" \{([^}]*)\}", css)
        assert rule is not None, colour
        shades = dict(re.findall(r"--tile-(ink|solid|tint|line): (#[0-9a-f]{6});", rule.group(1)))
        assert set(shades) == {"ink", "solid", "tint", "line"}, colour
        assert contrast(shades["ink"], shades["tint"]) >= 4.5, colour
        assert contrast(shades["ink"], shades["line"]) >= 4.5, colour
        assert contrast("#ffffff", shades["solid"]) >= 4.5, colour
    assert ".mode-contrast :is(.menu-tile, .menu-group-head)" in css


SHOTS = Path("/tmp/shots/menus-kiosk")


@pytest.mark.browser
def test_the_demo_menu_on_a_kiosk_screen(browser: Browser, demo_server: str) -> None:
    """The demo hall's default menu at 1080×1920: tiles, a group opened by a tap, zh/en, elder, contrast."""
    problems: list[str] = []
    page = new_screen(browser, problems)
    become_demo_kiosk(page, demo_server, problems)
    for lang in ("zh", "en"):
        # The switch, as a citizen would: `?lang=` alone holds for one page, not the group behind it.
        page.goto(f"{demo_server}/")
        page.locator(f'.lang-switch button[value="{lang}"]').tap()
        page.wait_for_selector(f'.lang-switch button[value="{lang}"][aria-pressed="true"]')
        assert page.locator("#menu-stamp").get_attribute("data-menu-stamp") == "hall-default@1"
        assert page.locator(".menu-tile").count() == 12
        shot(page, SHOTS, f"home-{lang}")
        page.locator(".menu-group").first.tap()
        page.wait_for_url(re.compile(r"/menu/t-[0-9a-f]+$"))
        assert page.locator(".menu-group-head").is_visible()
        assert page.locator("#menu-stamp").get_attribute("data-menu-stamp") == "hall-default@1"
        assert page.locator("html").get_attribute("lang") == ("zh-CN" if lang == "zh" else "en")
        shot(page, SHOTS, f"group-{lang}")
    page.goto(f"{demo_server}/")
    page.locator('.lang-switch button[value="zh"]').tap()
    page.wait_for_selector('.lang-switch button[value="zh"][aria-pressed="true"]')
    page.locator(".mode-button-elder").tap()
    page.wait_for_selector("body.mode-elder")
    shot(page, SHOTS, "home-elder-zh")
    page.locator(".menu-group").first.tap()
    page.wait_for_url(re.compile(r"/menu/t-[0-9a-f]+$"))
    shot(page, SHOTS, "group-elder-zh")
    page.locator(".back-link").tap()
    page.wait_for_selector(".search-launch")
    page.locator(".mode-button-contrast").tap()
    page.wait_for_selector("body.mode-contrast")
    shot(page, SHOTS, "home-elder-contrast-zh")
    # Every tile is on the screen's width, whatever the mode (no sideways scrolling).
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert problems == []
