"""Citizens at the kiosk: ID-card and scan sign-in, the server-side session and its end.

Over the real stack: the simulated ID-card reader of `services.device_bridge`, the real
SQLite file, the kiosk's device cookie set by the `kiosk` fixture, and the shared clock
moved by the tests instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import re
from urllib.parse import unquote

import pytest

from kiosk.session import CLEAR_SITE_DATA
from shared.identity import citizens
from shared.kiosk import sessions
from shared.kiosk.bridge import CardUnreadable, IdCardReading, ReaderUnavailable
from shared.kiosk.demo import DEMO_CARDS, with_check_character
from shared.privacy.masking import mask_id_number
from tests.kiosk.conftest import Kiosk, enrol_client
from tests.kiosk.helpers import moved_to, text
from tests.kiosk.signin_helpers import (
    HTMX,
    LI,
    ZHANG,
    bridge,
    get_me,
    last,
    no_personal_numbers,
    place_and_sign_in,
    poll_card,
)
from tests.pii import ID_ZHANG

# --- ID card ---------------------------------------------------------------------------------


async def test_sign_in_page_offers_both_ways_with_big_targets(kiosk: Kiosk) -> None:
    page = no_personal_numbers(await kiosk.client.get("/signin"))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert 'class="signin-choice" href="/signin/card"' in page.text
    assert 'class="signin-choice" href="/signin/scan"' in page.text
    assert "刷身份证登录" in page.text and "手机扫码登录" in page.text
    english = await kiosk.client.get("/signin?lang=en")
    assert "Sign in with your ID card" in english.text and "Scan with your phone" in english.text


async def test_id_card_sign_in_through_the_simulated_reader(kiosk: Kiosk) -> None:
    page = no_personal_numbers(await kiosk.client.get("/signin/card"))
    assert 'hx-post="/signin/card/poll" hx-trigger="every 1s"' in page.text
    # Demo cards only in demo mode.
    assert "data-demo-card" not in page.text

    # No card yet: 204, nothing swapped, no cookie.
    waiting = await poll_card(kiosk.client)
    assert waiting.status_code == 204 and moved_to(waiting) is None
    assert "ov_kiosk" not in kiosk.client.cookies

    bridge(kiosk).place_card(kiosk.device_id, ZHANG)
    response = await poll_card(kiosk.client)
    assert response.status_code == 204
    assert moved_to(response) == "/me"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("ov_kiosk=")
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
    # A browser-session cookie: the server decides when it ends.
    assert "Max-Age" not in cookie and "expires" not in cookie.lower()

    me = await get_me(kiosk.client)
    assert me.status_code == 200
    assert me.headers["cache-control"] == "no-store"
    assert "张*" in text(me.text) and mask_id_number(ID_ZHANG) in me.text
    assert "身份证" in text(me.text)
    assert 'data-signed-in="true"' in me.text
    title = re.search(r"<title>(.*?)</title>", me.text)
    assert title is not None and "张" not in title.group(1) and "1101" not in title.group(1)

    citizen = await citizens.find_by_id_number(kiosk.services.db, kiosk.services.vault, ID_ZHANG)
    assert citizen is not None and citizen.verified_by == "id_card"
    entry = await last(kiosk, "kiosk.sign_in")
    assert (entry.result, entry.where_kind, entry.where_value) == ("ok", "kiosk", kiosk.device_id)
    assert entry.actor_id == citizen.id and entry.detail == {"method": "id_card"}


async def test_each_sign_in_gets_a_new_token_and_ends_the_one_before(kiosk: Kiosk) -> None:
    first = await place_and_sign_in(kiosk, ZHANG)
    second = await place_and_sign_in(kiosk, LI)
    assert first != second
    ended = await sessions.get(kiosk.services.db, first)
    assert ended is not None and ended.end_reason == "device"
    me = await get_me(kiosk.client)
    assert "李*" in me.text and "张*" not in me.text


async def test_an_unreadable_card_gets_a_clear_message_and_a_way_forward(kiosk: Kiosk) -> None:
    bridge(kiosk).fail_next_read(kiosk.device_id, CardUnreadable())
    response = await poll_card(kiosk.client)
    assert response.status_code == 200
    body = response.text
    assert 'id="card-status"' in body and "hx-trigger" not in body  # the asking stops
    assert "无法读取身份证" in body and "The card could not be read" in body
    assert 'href="/signin/card"' in body  # try again
    assert "ov_kiosk" not in kiosk.client.cookies
    entry = await last(kiosk, "kiosk.sign_in")
    assert entry.result == "failed" and entry.detail == {"method": "id_card", "reason": "unreadable"}


async def test_an_expired_card_is_refused_with_its_own_message(kiosk: Kiosk) -> None:
    expired = IdCardReading("王五", ID_ZHANG, dt.date(2004, 1, 1), dt.date(2024, 1, 1))
    bridge(kiosk).place_card(kiosk.device_id, expired)
    response = await poll_card(kiosk.client)
    assert response.status_code == 200
    assert "身份证已过期" in response.text and "has expired" in response.text
    assert "ov_kiosk" not in kiosk.client.cookies
    assert (await last(kiosk, "kiosk.sign_in")).detail["reason"] == "expired"
    # Nobody was created or signed in.
    assert await citizens.find_by_id_number(kiosk.services.db, kiosk.services.vault, ID_ZHANG) is None


async def test_a_reader_that_is_gone_or_a_garbled_reading_are_not_a_sign_in(kiosk: Kiosk) -> None:
    bridge(kiosk).fail_next_read(kiosk.device_id, ReaderUnavailable())
    response = await poll_card(kiosk.client)
    assert "读卡器暂时不可用" in response.text
    garbled = IdCardReading("张三", ID_ZHANG[:-1] + ("0" if ID_ZHANG[-1] != "0" else "1"), dt.date(2015, 1, 1), None)
    bridge(kiosk).place_card(kiosk.device_id, garbled)
    response = await poll_card(kiosk.client)
    assert "无法读取身份证" in response.text
    assert (await last(kiosk, "kiosk.sign_in")).detail["reason"] == "invalid_reading"
    assert "ov_kiosk" not in kiosk.client.cookies


async def test_without_javascript_the_card_form_works_by_redirects(kiosk: Kiosk) -> None:
    waiting = await kiosk.client.post("/signin/card/poll", data={"next": "/items/GA-SFZ-002"})
    assert waiting.status_code == 303 and waiting.headers["location"] == "/signin/card?next=%2Fitems%2FGA-SFZ-002"
    bridge(kiosk).place_card(kiosk.device_id, ZHANG)
    done = await kiosk.client.post("/signin/card/poll", data={"next": "/items/GA-SFZ-002"})
    assert done.status_code == 303 and done.headers["location"] == "/items/GA-SFZ-002"
    bridge(kiosk).fail_next_read(kiosk.device_id, CardUnreadable())
    failed = no_personal_numbers(await kiosk.client.post("/signin/card/poll"))
    assert failed.status_code == 200 and failed.text.startswith("<!doctype html>") and "无法读取身份证" in failed.text


@pytest.mark.parametrize(
    ("next_path", "goes_to"),
    [
        ("/items/GA-SFZ-002", "/items/GA-SFZ-002"),
        ("//evil.example/", "/"),
        ("https://evil.example/", "/"),
        ("/signin/card", "/me"),
        ("/kiosk/session/end", "/me"),
        ("", "/me"),
    ],
)
async def test_after_sign_in_the_page_goes_back_where_it_came_from_safely(
    kiosk: Kiosk, next_path: str, goes_to: str
) -> None:
    bridge(kiosk).place_card(kiosk.device_id, ZHANG)
    response = await poll_card(kiosk.client, next_path)
    assert moved_to(response) == goes_to


async def test_a_page_that_needs_a_citizen_sends_the_browser_to_sign_in(kiosk: Kiosk) -> None:
    response = await kiosk.client.get("/me")
    assert response.status_code == 303
    assert response.headers["location"] == "/signin?next=%2Fme"
    assert response.headers["cache-control"] == "no-store"
    htmx = await kiosk.client.get("/me", headers=HTMX)
    assert htmx.headers["hx-redirect"] == "/signin?next=%2Fme"
    sign_in = await kiosk.client.get(unquote(response.headers["location"]))
    assert 'href="/signin/card"' in sign_in.text  # "/me" is the default, so no ?next


async def test_signed_in_the_sign_in_page_moves_on(kiosk: Kiosk) -> None:
    await place_and_sign_in(kiosk)
    response = await kiosk.client.get("/signin")
    assert response.status_code == 303 and response.headers["location"] == "/me"


async def test_catalog_pages_show_the_signed_in_frame_but_nothing_of_the_citizen(kiosk: Kiosk) -> None:
    before = await kiosk.client.get("/items/GA-SFZ-002")
    assert 'href="/signin"' in before.text and "data-signed-in" not in before.text
    await place_and_sign_in(kiosk)
    during = no_personal_numbers(await kiosk.client.get("/items/GA-SFZ-002"))
    assert 'data-signed-in="true"' in during.text and 'href="/me"' in during.text
    assert 'action="/kiosk/session/end"' in during.text
    assert "张*" not in during.text and mask_id_number(ID_ZHANG) not in during.text
    async with kiosk.new_client() as other:
        await enrol_client(other, kiosk.services, "lobby-02")
        # The page kept for signed-in screens is not served to the others.
        assert "data-signed-in" not in (await other.get("/items/GA-SFZ-002")).text


# --- the server-side session ---------------------------------------------------------------


async def test_a_request_after_the_idle_time_finds_the_session_ended(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    idle = kiosk.services.settings.kiosk_idle_seconds
    assert (await get_me(kiosk.client)).status_code == 200
    # The page never noticed: no end request, just time passing.
    kiosk.clock.advance(idle + 1)
    response = await get_me(kiosk.client)
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    # The dead cookie (and the language) are dropped on whatever the answer was.
    assert 'ov_kiosk=""' in response.headers["set-cookie"] or "ov_kiosk=;" in response.headers["set-cookie"]
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "idle"
    assert session.ended_at == pytest.approx(session.last_seen_at + idle)
    entry = await last(kiosk, "kiosk.session.end")
    assert entry.detail == {"reason": "idle", "method": "id_card"}
    # The same cookie never comes back, even at once.
    kiosk.client.cookies.set("ov_kiosk", token, domain="kiosk.test")
    assert (await kiosk.client.get("/me")).status_code == 303


async def test_the_next_citizen_signs_in_over_a_dead_cookie_left_in_the_browser(kiosk: Kiosk) -> None:
    await place_and_sign_in(kiosk, ZHANG)
    kiosk.clock.advance(kiosk.services.settings.kiosk_idle_seconds + 1)
    # Nobody asked the server since; the dead cookie is still there when the next one chooses
    # a language and signs in. The answers drop the dead cookie but never what they set anew
    # (a browser applies Set-Cookie headers in order: a deletion after would win).
    dead = kiosk.client.cookies["ov_kiosk"]
    chosen = await kiosk.client.post("/lang", data={"lang": "en", "next": "/"})
    assert [c.split(";")[0] for c in chosen.headers.get_list("set-cookie")] == [
        "ov_lang=en",
        'ov_kiosk=""',
        'ov_mode=""',
    ]
    kiosk.client.cookies.set("ov_kiosk", dead, domain="kiosk.test")
    bridge(kiosk).place_card(kiosk.device_id, LI)
    signed_in = await poll_card(kiosk.client)
    names = [c.split("=")[0] for c in signed_in.headers.get_list("set-cookie")]
    assert names == ["ov_kiosk", "ov_lang", "ov_mode"]  # the new session; the dead one's language and modes going
    new_token = kiosk.client.cookies["ov_kiosk"]
    assert new_token != dead
    me = await get_me(kiosk.client)
    assert me.status_code == 200 and "李*" in me.text
    session = await sessions.get(kiosk.services.db, new_token)
    assert session is not None and session.ended_at is None


async def test_every_request_counts_as_activity(kiosk: Kiosk) -> None:
    await place_and_sign_in(kiosk)
    idle = kiosk.services.settings.kiosk_idle_seconds
    for path in ("/me", "/items/GA-SFZ-002", "/search?q=sfz", "/me"):
        kiosk.clock.advance(idle - 5)
        response = await kiosk.client.get(path)
        assert response.status_code == 200, path
    kiosk.clock.advance(idle - 5)
    assert (await kiosk.client.post("/kiosk/session/keep-alive")).status_code == 204
    kiosk.clock.advance(idle - 5)
    assert (await get_me(kiosk.client)).status_code == 200


async def test_the_session_ends_at_the_absolute_cap_however_busy(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    settings = kiosk.services.settings
    elapsed = 0
    step = settings.kiosk_idle_seconds - 10
    while elapsed + step < settings.kiosk_session_max_seconds:
        kiosk.clock.advance(step)
        elapsed += step
        assert (await kiosk.client.post("/kiosk/session/keep-alive")).status_code == 204
    kiosk.clock.advance(settings.kiosk_session_max_seconds - elapsed)
    assert (await kiosk.client.post("/kiosk/session/keep-alive")).status_code == 401
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "max_age"
    assert (await kiosk.client.get("/me")).status_code == 303


def test_expiry_rules() -> None:
    limits = sessions.Limits(idle_seconds=90, max_seconds=900)
    assert sessions.expiry(0, 0, 89.9, limits) is None
    assert sessions.expiry(0, 0, 90, limits) == ("idle", 90)
    assert sessions.expiry(0, 850, 900, limits) == ("max_age", 900)
    assert sessions.expiry(0, 850, 899, limits) is None
    assert sessions.expiry(0, 800, 1000, limits) == ("idle", 890)


async def test_a_session_cookie_used_from_another_device_is_refused(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    async with kiosk.new_client() as thief:
        await enrol_client(thief, kiosk.services, "lobby-02")
        thief.cookies.set("ov_kiosk", token, domain="kiosk.test")
        response = await thief.get("/me")
        assert response.status_code == 303 and response.headers["location"].startswith("/signin")
        assert "ov_kiosk" not in thief.cookies  # the answer dropped the dead cookie
        thief.cookies.set("ov_kiosk", token, domain="kiosk.test")
        assert (await thief.post("/kiosk/session/keep-alive")).status_code == 401
    # The copied session is over everywhere.
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "device"
    assert (await kiosk.client.get("/me")).status_code == 303
    refused = await last(kiosk, "kiosk.session.refused")
    assert refused.result == "refused" and refused.where_value == "lobby-02"


async def test_sign_out_wipes_the_browser_and_the_old_cookie_is_worthless(kiosk: Kiosk) -> None:
    await kiosk.client.post("/lang", data={"lang": "en", "next": "/"})
    token = await place_and_sign_in(kiosk)
    response = await kiosk.client.post("/kiosk/session/end", data={"reason": "sign_out"})
    assert response.status_code == 303 and response.headers["location"] == "/attract"
    assert response.headers["clear-site-data"] == CLEAR_SITE_DATA == '"cache", "storage"'
    assert response.headers["cache-control"] == "no-store"
    deleted = response.headers.get_list("set-cookie")
    assert any(c.startswith("ov_kiosk=") and "Max-Age=0" in c for c in deleted)
    assert any(c.startswith("ov_lang=") and "Max-Age=0" in c for c in deleted)
    assert not any(c.startswith("ov_device=") for c in deleted)  # the kiosk stays a kiosk
    assert "ov_kiosk" not in kiosk.client.cookies and "ov_lang" not in kiosk.client.cookies
    # Home again, in Chinese, for the next person.
    home = await kiosk.client.get("/")
    assert home.status_code == 200 and '<html lang="zh-CN">' in home.text
    kiosk.client.cookies.set("ov_kiosk", token, domain="kiosk.test")
    assert (await kiosk.client.get("/me")).status_code == 303
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "sign_out"
    assert (await last(kiosk, "kiosk.session.end")).detail == {"reason": "sign_out", "method": "id_card"}


async def test_the_idle_end_records_its_reason_and_wipes_without_a_session_too(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    response = await kiosk.client.post("/kiosk/session/end", data={"reason": "idle"})
    assert response.headers["clear-site-data"] == '"cache", "storage"'
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "idle"
    # A screen nobody signed in on is wiped all the same (the language goes too).
    again = await kiosk.client.post("/kiosk/session/end", data={"reason": "finished"})
    assert again.status_code == 303 and again.headers["clear-site-data"] == '"cache", "storage"'


async def test_the_end_answers_htmx_with_a_redirect_header(kiosk: Kiosk) -> None:
    await place_and_sign_in(kiosk)
    response = await kiosk.client.post("/kiosk/session/end", data={"reason": "sign_out"}, headers=HTMX)
    assert response.status_code == 204 and response.headers["hx-redirect"] == "/attract"
    assert response.headers["clear-site-data"] == '"cache", "storage"'


async def test_signed_in_pages_carry_the_idle_settings_and_the_countdown(kiosk: Kiosk) -> None:
    await place_and_sign_in(kiosk)
    me = await get_me(kiosk.client)
    assert 'data-idle-seconds="90" data-idle-warning="20"' in me.text
    assert 'data-keep-alive-url="/kiosk/session/keep-alive"' in me.text
    assert 'id="idle-overlay"' in me.text and "继续办理" in me.text
    assert re.search(r'<form method="post" action="/kiosk/session/end" data-idle-end>', me.text)
    assert " style=" not in me.text and "<style" not in me.text
    assert re.search(r"<script(?![^>]*\bsrc=)", me.text) is None


# --- demo cards ---------------------------------------------------------------------------------


def test_demo_cards_are_valid_made_up_people_and_two_bad_cards() -> None:
    from shared.identity.numbers import normalize_id_number

    today = dt.date(2026, 11, 1)
    kinds = [card.kind for card in DEMO_CARDS]
    assert kinds.count("valid") == 4 and kinds.count("expired") == 1 and kinds.count("unreadable") == 1
    for card in DEMO_CARDS:
        if card.reading is not None:
            assert normalize_id_number(card.reading.id_number, today) == card.reading.id_number
            assert card.id_number_masked == mask_id_number(card.reading.id_number)
            assert card.reading.id_number not in repr(card.reading)
    assert with_check_character("11010519491231002") == "11010519491231002X"
