"""Scan to sign in, end to end over HTTP: the kiosk page shows a code, the phone app
confirms it through the API with its bearer token, and the kiosk's next poll signs in."""

from __future__ import annotations

import re

from shared.identity import citizens
from shared.kiosk import scan_signin
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to
from tests.mobile_api.auth_helpers import bearer, mobile_token
from tests.pii import ID_ZHANG

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}


async def show_code(kiosk: Kiosk) -> tuple[str, str]:
    page = await kiosk.client.get("/signin/scan")
    qr = re.search(r'data-qr-content="([^"]+)"', page.text)
    poll = re.search(r'name="poll" value="([^"]+)"', page.text)
    assert qr is not None and poll is not None
    assert qr.group(1).startswith(scan_signin.QR_PREFIX)
    return qr.group(1).removeprefix(scan_signin.QR_PREFIX), poll.group(1)


async def test_the_phone_confirms_and_the_kiosk_moves_on(kiosk: Kiosk) -> None:
    nonce, poll = await show_code(kiosk)
    async with kiosk.services.db.transaction() as tx:
        citizen_id = await citizens.sign_in_with_id_card(tx, kiosk.services.vault, "张三", ID_ZHANG, kiosk.clock.now())
    headers = bearer(await mobile_token(kiosk.services, citizen_id))

    async with kiosk.new_client() as phone:
        assert (await phone.post(f"/api/v1/kiosk-sign-ins/{nonce}")).status_code == 401
        confirmed = await phone.post(f"/api/v1/kiosk-sign-ins/{nonce}", headers=headers)
        assert confirmed.status_code == 200, confirmed.text
        assert confirmed.json() == {"status": "confirmed", "citizen": {"name": "张*"}}
        # A retry after a lost answer is the same confirmation, not an error.
        assert (await phone.post(f"/api/v1/kiosk-sign-ins/{nonce}", headers=headers)).status_code == 200
        unknown = await phone.post("/api/v1/kiosk-sign-ins/not-a-code-at-all-but-long-enough", headers=headers)
        assert unknown.status_code == 404 and unknown.json()["error"]["code"] == "scan_code_unknown"
        assert (await phone.post("/api/v1/kiosk-sign-ins/bad%20nonce", headers=headers)).status_code == 404

    moved = await kiosk.client.post("/signin/scan/poll", data={"poll": poll}, headers=HTMX)
    assert moved.status_code == 204 and moved_to(moved) == "/me"
    me = await kiosk.client.get("/me")
    assert me.status_code == 200 and "张*" in me.text


async def test_a_citizen_without_real_name_cannot_confirm(kiosk: Kiosk) -> None:
    nonce, _ = await show_code(kiosk)
    async with kiosk.services.db.transaction() as tx:
        citizen_id = await citizens.create(tx, kiosk.clock.now())
    async with kiosk.new_client() as phone:
        refused = await phone.post(
            f"/api/v1/kiosk-sign-ins/{nonce}", headers=bearer(await mobile_token(kiosk.services, citizen_id))
        )
    assert refused.status_code == 403 and refused.json()["error"]["code"] == "real_name_required"
