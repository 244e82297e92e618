"""Kiosk devices: only a registered, enrolled, active kiosk gets kiosk pages.

An unregistered browser gets a clear bilingual page on every kiosk route (and never a
kiosk screen); enrolment with a wrong key is refused and audited; a retired device is
refused once the short device cache has run out, at once when retired in this process.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest
from starlette.types import Receive, Scope, Send

import onevisit
from onevisit import create_app
from shared import audit
from shared.clock import ManualClock
from shared.config import Settings
from shared.kiosk import devices, sessions
from shared.kiosk.demo import DEMO_KIOSK_ID
from shared.privacy.masking import contains_personal_number
from shared.services import Services
from tests.kiosk.conftest import TEST_DEVICE_ID, Kiosk, enrol_client, register_device
from tests.kiosk.signin_helpers import place_and_sign_in
from tests.pii import ID_ZHANG

KIOSK_PAGES = [
    "/",
    "/?lang=en",
    "/search",
    "/search?q=sfz",
    "/categories/zjbl",
    "/items/GA-SFZ-002",
    "/bundles/newborn",
    "/signin",
    "/signin/card",
    "/signin/scan",
    "/me",
    "/no/such/page",
]
KIOSK_POSTS = [
    "/lang",
    "/signin/card/poll",
    "/signin/card/demo",
    "/signin/scan/poll",
    "/kiosk/session/end",
    "/kiosk/session/keep-alive",
]


def assert_not_registered_page(response: httpx2.Response) -> None:
    assert response.status_code == 403
    assert response.headers["cache-control"] == "no-store"
    body = response.text
    assert "本屏幕不是已登记的政务自助终端" in body
    assert "This screen is not a registered self-service kiosk" in body
    assert "请联系大厅工作人员" in body and "ask the hall staff" in body
    assert 'href="/kiosk/enrol"' in body
    # Not a kiosk: no search, no tiles, no sign-in, no language switch, no idle timer.
    for kiosk_part in ("search-launch", 'class="tile', "lang-switch", "session-button", "data-idle-seconds"):
        assert kiosk_part not in body


async def test_unregistered_browser_gets_the_clear_page_on_every_kiosk_route(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as stranger:
        for path in KIOSK_PAGES:
            response = await stranger.get(path)
            assert_not_registered_page(response)
            # Not in demo mode: no one-tap demo enrolment.
            assert "data-demo-enrol" not in response.text, path
        for path in KIOSK_POSTS:
            assert_not_registered_page(await stranger.post(path, data={"lang": "en", "reason": "idle"}))


async def test_a_made_up_or_revoked_device_cookie_is_no_better_than_none(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as stranger:
        stranger.cookies.set("ov_device", "made-up-value", domain="kiosk.test")
        assert_not_registered_page(await stranger.get("/"))


async def test_an_htmx_request_from_an_unregistered_browser_reloads_the_whole_screen(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as stranger:
        response = await stranger.post("/signin/card/poll", headers={"HX-Request": "true"})
    assert response.status_code == 403
    assert response.headers["hx-refresh"] == "true"


async def test_what_is_not_a_kiosk_page_needs_no_device(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as stranger:
        assert (await stranger.get("/healthz")).status_code == 200
        assert (await stranger.get("/static/css/kiosk.css")).status_code == 200
        assert (await stranger.get("/api/v1/items")).status_code == 200
        enrol_page = await stranger.get("/kiosk/enrol")
        assert enrol_page.status_code == 200
        assert 'name="device_id"' in enrol_page.text and 'name="key"' in enrol_page.text


async def test_an_enrolled_kiosk_gets_kiosk_pages(kiosk: Kiosk) -> None:
    response = await kiosk.client.get("/")
    assert response.status_code == 200
    assert "search-launch" in response.text
    assert 'data-idle-seconds="90"' in response.text
    device = await devices.get(kiosk.services.db, TEST_DEVICE_ID)
    assert device is not None and device.last_seen_at is not None


async def test_enrolment_sets_a_long_lived_httponly_strict_device_cookie(kiosk: Kiosk) -> None:
    key = await register_device(kiosk.services, "lobby-02")
    async with kiosk.new_client() as browser:
        response = await browser.post("/kiosk/enrol", data={"device_id": "lobby-02", "key": key})
        assert response.status_code == 303
        assert response.headers["location"] == "/"
        cookie = response.headers["set-cookie"]
        assert cookie.startswith("ov_device=")
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/" in cookie
        assert re.search(r"Max-Age=\d{8,}", cookie)
        assert "Secure" not in cookie  # settings.https is off in tests
        # The cookie is opaque: neither the device id nor the key.
        value = browser.cookies["ov_device"]
        assert "lobby-02" not in value and key not in value
        assert (await browser.get("/")).status_code == 200
    entries = await audit.recent(kiosk.services.db, action="kiosk.device.enrol")
    assert entries[0].result == "ok" and entries[0].where_kind == "kiosk" and entries[0].where_value == "lobby-02"


async def test_enrolment_with_a_wrong_key_is_refused_and_audited(kiosk: Kiosk) -> None:
    await register_device(kiosk.services, "lobby-02")
    async with kiosk.new_client() as browser:
        wrong_key = await browser.post("/kiosk/enrol", data={"device_id": "lobby-02", "key": "not-the-key"})
        unknown_id = await browser.post("/kiosk/enrol", data={"device_id": "lobby-99", "key": "not-the-key"})
        # Someone typing an ID number as the device id: refused, and not written down.
        typed_number = await browser.post("/kiosk/enrol", data={"device_id": ID_ZHANG, "key": "x"})
        for response in (wrong_key, unknown_id, typed_number):
            assert response.status_code == 401
            assert "设备编号或密钥不正确" in response.text
            assert "set-cookie" not in response.headers
            assert ID_ZHANG not in response.text
        # One answer whatever was wrong.
        assert wrong_key.text == unknown_id.text
        assert_not_registered_page(await browser.get("/"))
    failed = [e for e in await audit.recent(kiosk.services.db, action="kiosk.device.enrol") if e.result == "failed"]
    assert [(e.where_kind, e.where_value) for e in failed][1:] == [("kiosk", "lobby-99"), ("kiosk", "lobby-02")]
    assert failed[0].where_kind == "address"
    assert all(not contains_personal_number(repr(e)) for e in failed)


async def test_enrolment_of_a_retired_device_is_refused(kiosk: Kiosk) -> None:
    key = await register_device(kiosk.services, "lobby-02")
    async with kiosk.services.db.transaction() as tx:
        assert await devices.retire(tx, "lobby-02", kiosk.clock.now())
    async with kiosk.new_client() as browser:
        response = await browser.post("/kiosk/enrol", data={"device_id": "lobby-02", "key": key})
    assert response.status_code == 401


async def test_enrolling_again_revokes_the_cookie_given_before(kiosk: Kiosk) -> None:
    key = await register_device(kiosk.services, "lobby-02")
    async with kiosk.new_client() as first, kiosk.new_client() as second:
        await first.post("/kiosk/enrol", data={"device_id": "lobby-02", "key": key})
        assert (await first.get("/")).status_code == 200
        await second.post("/kiosk/enrol", data={"device_id": "lobby-02", "key": key})
        assert (await second.get("/")).status_code == 200
        assert_not_registered_page(await first.get("/"))


async def test_a_device_retired_elsewhere_is_refused_once_the_cache_runs_out(kiosk: Kiosk) -> None:
    """As `onevisit kiosk retire` in another process: this server learns it within the TTL."""
    cookie = await place_and_sign_in(kiosk)
    assert (await kiosk.client.get("/")).status_code == 200
    async with kiosk.services.db.transaction() as tx:
        assert await devices.retire(tx, TEST_DEVICE_ID, kiosk.clock.now())
    ttl = kiosk.services.kiosk_devices.ttl
    assert ttl <= 5
    kiosk.clock.advance(ttl)
    assert_not_registered_page(await kiosk.client.get("/"))
    assert_not_registered_page(await kiosk.client.get("/search?q=sfz"))
    # The citizen's session on it ended with the device.
    session = await sessions.get(kiosk.services.db, cookie)
    assert session is not None and session.end_reason == "device"


async def test_a_device_retired_in_this_process_is_refused_at_once(kiosk: Kiosk) -> None:
    assert (await kiosk.client.get("/")).status_code == 200
    async with kiosk.services.db.transaction() as tx:
        assert await devices.retire(tx, TEST_DEVICE_ID, kiosk.clock.now())
    kiosk.services.kiosk_devices.forget_device(TEST_DEVICE_ID)
    assert_not_registered_page(await kiosk.client.get("/"))


async def test_demo_enrolment_is_refused_outside_demo_mode(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as browser:
        assert (await browser.post("/kiosk/enrol/demo")).status_code == 404
        assert "set-cookie" not in (await browser.post("/kiosk/enrol/demo")).headers


@pytest.fixture
async def demo_app(tmp_path: Path) -> AsyncIterator[tuple[httpx2.AsyncClient, Services]]:
    app = create_app(Settings(data_dir=tmp_path / "data", demo=True), ManualClock())
    async with app.router.lifespan_context(app) as state:
        assert state is not None

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx2.ASGITransport(app=with_state)
        async with httpx2.AsyncClient(transport=transport, base_url="http://kiosk.test") as client:
            yield client, state["services"]


async def test_demo_mode_offers_the_one_tap_demo_kiosk(demo_app: tuple[httpx2.AsyncClient, Services]) -> None:
    client, services = demo_app
    page = await client.get("/")
    assert_not_registered_page(page)
    assert 'action="/kiosk/enrol/demo"' in page.text and "演示：将本屏幕用作演示自助机" in page.text
    demo = await devices.get(services.db, DEMO_KIOSK_ID)
    assert demo is not None and demo.group == "lobby"
    assert (await client.post("/kiosk/enrol/demo")).status_code == 303
    home = await client.get("/")
    assert home.status_code == 200 and "search-launch" in home.text


def test_device_ids_and_groups_are_plain_codes() -> None:
    assert devices.valid_device_id("lobby-01") and devices.valid_device_id("demo-kiosk-1")
    for bad in ("", "Lobby", "-lobby", "lobby 01", "a" * 64, "lobby_01", ID_ZHANG + "x" * 50):
        assert not devices.valid_device_id(bad), bad
    assert devices.valid_group("exit-entry") and devices.valid_group("lobby")
    assert not devices.valid_group("出入境")


def test_cli_registers_lists_and_retires_a_kiosk(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    data = str(tmp_path / "data")
    name = "一楼大厅 7 号机"
    args = ["kiosk", "register", "--id", "lobby-07", "--name", name, "--group", "lobby", "--data-dir", data]
    assert onevisit.main(args) == 0
    key = capsys.readouterr().out.strip().splitlines()[-1]
    assert len(key) >= 43
    assert onevisit.main(args) == 1  # ids are never reused
    assert "already registered" in capsys.readouterr().err
    assert onevisit.main(["kiosk", "list", "--data-dir", data]) == 0
    assert "lobby-07\tlobby\t一楼大厅 7 号机" in capsys.readouterr().out
    assert onevisit.main(["kiosk", "retire", "--id", "lobby-07", "--data-dir", data]) == 0
    assert "retired kiosk lobby-07" in capsys.readouterr().out
    assert onevisit.main(["kiosk", "retire", "--id", "lobby-07", "--data-dir", data]) == 1
    # The key was shown once: it is not in the database, only its hash.
    database = (tmp_path / "data" / "onevisit.sqlite3").read_bytes()
    assert key.encode() not in database


async def test_enrolment_from_another_client_does_not_enrol_this_one(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as browser:
        await enrol_client(browser, kiosk.services, "lobby-03")
        assert (await browser.get("/")).status_code == 200
    async with kiosk.new_client() as other:
        assert_not_registered_page(await other.get("/"))
