"""Scan to sign in at the kiosk: the QR code, the phone's confirmation, polling, expiry and refusals."""

from __future__ import annotations

import re

import httpx2
import pytest

from shared.identity import citizens
from shared.kiosk import scan_signin
from shared.kiosk.bridge import IdCardReading
from shared.kiosk.scan_signin import KioskRealNameRequired, ScanCodeExpired, ScanCodeUnknown, ScanCodeUsed
from tests.kiosk.conftest import Kiosk, enrol_client
from tests.kiosk.helpers import moved_to
from tests.kiosk.signin_helpers import HTMX, LI, ZHANG, get_me, last, no_personal_numbers

# --- scan to sign in ---------------------------------------------------------------------------


async def real_name_citizen(kiosk: Kiosk, reading: IdCardReading = LI) -> str:
    async with kiosk.services.db.transaction() as tx:
        return await citizens.sign_in_with_id_card(
            tx, kiosk.services.vault, reading.name, reading.id_number, kiosk.clock.now()
        )


async def show_code(client: httpx2.AsyncClient) -> tuple[str, str]:
    """Open the scan page; return (nonce from the QR code, the page's poll token)."""
    page = no_personal_numbers(await client.get("/signin/scan"))
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    content = re.search(r'data-qr-content="([^"]+)"', page.text)
    poll = re.search(r'name="poll" value="([^"]+)"', page.text)
    assert content is not None and poll is not None
    nonce = scan_signin.nonce_from_scan(content.group(1))
    assert nonce is not None
    return nonce, poll.group(1)


async def poll_scan(client: httpx2.AsyncClient, poll_token: str) -> httpx2.Response:
    return no_personal_numbers(await client.post("/signin/scan/poll", data={"poll": poll_token}, headers=HTMX))


async def test_scan_page_shows_an_inline_svg_qr_code_and_polls(kiosk: Kiosk) -> None:
    page = await kiosk.client.get("/signin/scan")
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="qr-code">', page.text)
    assert 'data-qr-content="onevisit://kiosk-sign-in/' in page.text
    assert 'hx-post="/signin/scan/poll" hx-trigger="every 1s"' in page.text
    assert " style=" not in page.text and "<style" not in page.text
    assert "data-demo-confirm" not in page.text  # demo only
    # A fresh code on every showing.
    assert (await show_code(kiosk.client))[0] != (await show_code(kiosk.client))[0]


async def test_scan_to_sign_in_end_to_end(kiosk: Kiosk) -> None:
    nonce, poll = await show_code(kiosk.client)
    waiting = await poll_scan(kiosk.client, poll)
    assert waiting.status_code == 204 and moved_to(waiting) is None

    citizen_id = await real_name_citizen(kiosk)
    await scan_signin.confirm_scan(kiosk.services, nonce, citizen_id)

    # The page's next poll (within a second) signs the citizen in and moves on.
    response = await poll_scan(kiosk.client, poll)
    assert response.status_code == 204 and moved_to(response) == "/me"
    assert "ov_kiosk" in kiosk.client.cookies
    me = await get_me(kiosk.client)
    assert "李*" in me.text and "手机扫码" in me.text
    confirm = await last(kiosk, "kiosk.scan.confirm")
    assert (confirm.result, confirm.actor_id, confirm.where_value) == ("ok", citizen_id, kiosk.device_id)
    assert (await last(kiosk, "kiosk.sign_in")).detail == {"method": "scan"}

    # Single use: a phone retrying its confirmation changes nothing; nobody else may confirm,
    # and a second poll does not sign in again.
    await scan_signin.confirm_scan(kiosk.services, nonce, citizen_id)
    other = await real_name_citizen(kiosk, ZHANG)
    with pytest.raises(ScanCodeUsed):
        await scan_signin.confirm_scan(kiosk.services, nonce, other)
    again = await poll_scan(kiosk.client, poll)
    assert again.status_code == 200 and "二维码已过期或已使用" in again.text
    assert 'href="/signin/scan"' in again.text  # a fresh code


async def test_an_expired_code_is_refused_and_the_page_offers_a_fresh_one(kiosk: Kiosk) -> None:
    nonce, poll = await show_code(kiosk.client)
    kiosk.clock.advance(scan_signin.SCAN_CODE_SECONDS + 1)
    with pytest.raises(ScanCodeExpired):
        await scan_signin.confirm_scan(kiosk.services, nonce, await real_name_citizen(kiosk))
    response = await poll_scan(kiosk.client, poll)
    assert response.status_code == 200
    assert "二维码已过期或已使用" in response.text and "刷新二维码" in response.text
    assert "hx-trigger" not in response.text
    assert "ov_kiosk" not in kiosk.client.cookies
    refused = await last(kiosk, "kiosk.scan.confirm")
    assert refused.result == "refused" and refused.detail == {"reason": "scan_code_expired"}


async def test_another_device_cannot_consume_the_code(kiosk: Kiosk) -> None:
    nonce, poll = await show_code(kiosk.client)
    await scan_signin.confirm_scan(kiosk.services, nonce, await real_name_citizen(kiosk))
    async with kiosk.new_client() as other:
        await enrol_client(other, kiosk.services, "lobby-02")
        stolen = await poll_scan(other, poll)
        assert stolen.status_code == 200 and "二维码已过期或已使用" in stolen.text
        assert "ov_kiosk" not in other.cookies
    # The kiosk that showed it still signs in.
    assert moved_to(await poll_scan(kiosk.client, poll)) == "/me"


async def test_unknown_codes_and_citizens_who_are_not_real_name_are_refused(kiosk: Kiosk) -> None:
    nonce, _ = await show_code(kiosk.client)
    with pytest.raises(ScanCodeUnknown):
        await scan_signin.confirm_scan(kiosk.services, "x" * 43, await real_name_citizen(kiosk))
    async with kiosk.services.db.transaction() as tx:
        anonymous = await citizens.create(tx, kiosk.clock.now())
    with pytest.raises(KioskRealNameRequired) as refused:
        await scan_signin.confirm_scan(kiosk.services, nonce, anonymous)
    assert refused.value.status == 403 and "实名认证" in refused.value.message.zh
    with pytest.raises(KioskRealNameRequired):
        await scan_signin.confirm_scan(kiosk.services, nonce, "no-such-citizen")
    # The code is still good for a real-name citizen.
    await scan_signin.confirm_scan(kiosk.services, nonce, await real_name_citizen(kiosk))


async def test_a_code_of_a_retired_kiosk_is_unknown(kiosk: Kiosk) -> None:
    from shared.kiosk import devices

    nonce, _ = await show_code(kiosk.client)
    async with kiosk.services.db.transaction() as tx:
        await devices.retire(tx, kiosk.device_id, kiosk.clock.now())
    with pytest.raises(ScanCodeUnknown):
        await scan_signin.confirm_scan(kiosk.services, nonce, await real_name_citizen(kiosk))


def test_nonce_from_what_the_phone_scanned() -> None:
    nonce = "A" * 43
    assert scan_signin.nonce_from_scan(f"onevisit://kiosk-sign-in/{nonce}") == nonce
    assert scan_signin.nonce_from_scan(nonce) == nonce
    assert scan_signin.nonce_from_scan("https://evil.example/") is None
    assert scan_signin.nonce_from_scan("") is None
