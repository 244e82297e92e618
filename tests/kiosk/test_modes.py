"""长辈模式 and 高对比度: switched in the masthead, kept in a cookie like the language,
gone when the session ends; body classes; fewer things per screen in elder mode."""

from __future__ import annotations

import re

from kiosk.modes import PLAIN, Modes, parse_modes
from tests.kiosk.application_steps import sign_in
from tests.kiosk.conftest import Kiosk

BODY = re.compile(r'<body class="([^"]*)"')


def body_classes(page: str) -> set[str]:
    match = BODY.search(page)
    assert match is not None
    return set(match.group(1).split())


def test_the_cookie_value_round_trips_and_ignores_the_unknown() -> None:
    for modes in (PLAIN, Modes(elder=True), Modes(contrast=True), Modes(True, True)):
        assert parse_modes(modes.cookie_value) == modes
    assert parse_modes("elder.zoom.x") == Modes(elder=True)
    assert parse_modes("x" * 100) == PLAIN and parse_modes(None) == PLAIN
    assert Modes(True, True).body_class == "mode-elder mode-contrast"


async def test_switch_on_and_off_from_the_masthead(kiosk: Kiosk) -> None:
    home = await kiosk.client.get("/")
    assert 'action="/kiosk/mode"' in home.text and 'value="elder-on"' in home.text
    assert 'aria-pressed="false"' in home.text
    assert body_classes(home.text) == {"home"}

    on = await kiosk.client.post("/kiosk/mode", data={"set": "elder-on", "next": "/search"})
    assert on.status_code == 303 and on.headers["location"] == "/search"
    cookie = next(c for c in on.headers.get_list("set-cookie") if c.startswith("ov_mode="))
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Max-Age" not in cookie
    await kiosk.client.post("/kiosk/mode", data={"set": "contrast-on", "next": "/"})
    # A double tap asks for the same state again: no flip back.
    await kiosk.client.post("/kiosk/mode", data={"set": "contrast-on", "next": "/"})
    page = await kiosk.client.get("/")
    assert body_classes(page.text) == {"home", "mode-elder", "mode-contrast"}
    assert 'value="elder-off"' in page.text and 'value="contrast-off"' in page.text

    await kiosk.client.post("/kiosk/mode", data={"set": "elder-off", "next": "/"})
    assert body_classes((await kiosk.client.get("/")).text) == {"home", "mode-contrast"}
    off = await kiosk.client.post("/kiosk/mode", data={"set": "contrast-off", "next": "//evil.example"})
    assert off.headers["location"] == "/"  # no open redirect
    assert any(c.startswith("ov_mode=") and "Max-Age=0" in c for c in off.headers.get_list("set-cookie"))
    assert body_classes((await kiosk.client.get("/")).text) == {"home"}


async def test_an_unknown_choice_is_400_in_both_languages(kiosk: Kiosk) -> None:
    for value in ("elder", "zoom-on", ""):
        response = await kiosk.client.post("/kiosk/mode", data={"set": value})
        assert response.status_code == 400 and "请选择长辈模式或高对比度" in response.text
    await kiosk.client.post("/lang", data={"lang": "en", "next": "/"})
    english = await kiosk.client.post("/kiosk/mode", data={"set": "x"})
    assert english.status_code == 400 and "Please choose large text or high contrast." in english.text


async def test_the_end_of_a_session_clears_the_modes(kiosk: Kiosk) -> None:
    await kiosk.client.post("/kiosk/mode", data={"set": "elder-on", "next": "/"})
    await sign_in(kiosk)
    assert "mode-elder" in body_classes((await kiosk.client.get("/me")).text)
    ended = await kiosk.client.post("/kiosk/session/end", data={"reason": "idle"})
    assert ended.status_code == 303 and ended.headers["location"] == "/attract"
    assert any(c.startswith("ov_mode=") and "Max-Age=0" in c for c in ended.headers.get_list("set-cookie"))
    assert "ov_mode" not in kiosk.client.cookies
    assert body_classes((await kiosk.client.get("/")).text) == {"home"}


async def test_elder_mode_lists_fewer_things(kiosk: Kiosk) -> None:
    plain = await kiosk.client.get("/")
    await kiosk.client.post("/kiosk/mode", data={"set": "elder-on", "next": "/"})
    elder = await kiosk.client.get("/")
    # The fixture catalog has four items; elder mode shows at most four most-used rows.
    assert elder.text.count('class="popular-link"') <= 4
    assert plain.text.count('class="popular-link"') >= elder.text.count('class="popular-link"')
    # Cached pages are kept per mode: the plain page does not leak into elder mode or back.
    assert "mode-elder" in body_classes(elder.text) and "mode-elder" not in body_classes(plain.text)


def test_page_sizes() -> None:
    from kiosk.views import home, search

    assert home.MOST_USED_ELDER < home.MOST_USED and search.MAX_RESULTS_ELDER < search.MAX_RESULTS
