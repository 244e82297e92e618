"""Helpers for tests that need a signed-in citizen on the phone API.

tokens = await sign_in(running)                       # through the API, as a phone would
headers = bearer(tokens["access_token"])

token = await mobile_token(running.services, citizen_id)   # straight from the services
"""

from __future__ import annotations

from typing import Any

from shared.auth import sessions
from shared.auth.sms import SimulatedSmsGateway
from shared.auth.tokens import MOBILE
from shared.auth.wechat import SimulatedWeChat
from shared.identity.numbers import id_check_character
from shared.services import Services
from tests.conftest import Running

# Valid GB 11643 numbers (real area codes, check characters right) and mainland mobiles.
ID_WANG = "110105198506122312"
ID_LI = "310104194803051429"
PHONE_A = "13800138000"
PHONE_B = "13912345678"


def id_number(first17: str) -> str:
    return first17 + id_check_character(first17)


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def wechat(services: Services) -> SimulatedWeChat:
    assert isinstance(services.wechat, SimulatedWeChat)
    return services.wechat


def sms(services: Services) -> SimulatedSmsGateway:
    assert isinstance(services.sms, SimulatedSmsGateway)
    return services.sms


async def sign_in(running: Running, openid: str | None = None) -> dict[str, Any]:
    """Sign in through /auth/wechat-login with a fresh wx.login code; the token answer."""
    code = wechat(running.services).issue_code(openid)
    response = await running.client.post("/api/v1/auth/wechat-login", json={"code": code})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def mobile_token(services: Services, citizen_id: str) -> str:
    """An access token for `citizen_id` with a live session family behind it (every
    authenticated request checks the family)."""
    async with services.db.transaction() as tx:
        session, _refresh = await sessions.start(tx, citizen_id, MOBILE, services.clock.now(), 86_400)
    return services.tokens.mint(MOBILE, citizen_id, session.id).token


async def real_name(
    running: Running, tokens: dict[str, Any], name: str = "王晓明", number: str = ID_WANG, phone: str = PHONE_A
) -> dict[str, Any]:
    """Complete real-name binding through the API; the new token answer."""
    headers = bearer(tokens["access_token"])
    sent = await running.client.post("/api/v1/me/phone-codes", json={"phone": phone}, headers=headers)
    assert sent.status_code == 202, sent.text
    code = sms(running.services).latest_code(phone)
    response = await running.client.post(
        "/api/v1/me/real-name",
        json={"name": name, "id_number": number, "phone": phone, "code": code},
        headers=headers,
    )
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body
