"""Helpers of the kiosk sign-in tests: demo readings, the simulated reader, polls that scan for personal numbers."""

from __future__ import annotations

import datetime as dt

import httpx2

from shared import audit
from shared.kiosk.bridge import IdCardReading, SimulatedDeviceBridge
from shared.privacy.masking import contains_personal_number
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to
from tests.pii import ID_ZHANG, make_id_number

# A second made-up person whose number passes GB 11643 with its area code (310104, 1975).
ID_LI = make_id_number("310104", "19751120", "456")
HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
ZHANG = IdCardReading("张三丰", ID_ZHANG, dt.date(2015, 1, 1), dt.date(2035, 1, 1))
LI = IdCardReading("李四", ID_LI, dt.date(2015, 1, 1), None)


def bridge(kiosk: Kiosk) -> SimulatedDeviceBridge:
    device_bridge = kiosk.services.device_bridge
    assert isinstance(device_bridge, SimulatedDeviceBridge)
    return device_bridge


def no_personal_numbers(response: httpx2.Response) -> httpx2.Response:
    """Every page and fragment of these tests goes through here: no whole ID or phone number."""
    assert contains_personal_number(response.text) == [], response.request.url
    assert contains_personal_number(str(response.headers)) == []
    assert contains_personal_number(str(response.request.url)) == []
    return response


async def poll_card(client: httpx2.AsyncClient, next_path: str | None = None) -> httpx2.Response:
    data = {"next": next_path} if next_path is not None else {}
    return no_personal_numbers(await client.post("/signin/card/poll", data=data, headers=HTMX))


async def place_and_sign_in(kiosk: Kiosk, reading: IdCardReading = ZHANG) -> str:
    """Sign a citizen in with the simulated reader; returns the session cookie's value."""
    bridge(kiosk).place_card(kiosk.device_id, reading)
    response = await poll_card(kiosk.client)
    assert response.status_code == 204
    assert moved_to(response) == "/me"
    token = kiosk.client.cookies.get("ov_kiosk")
    assert token
    return token


async def get_me(client: httpx2.AsyncClient) -> httpx2.Response:
    return no_personal_numbers(await client.get("/me"))


async def last(kiosk: Kiosk, action: str) -> audit.AuditEntry:
    return (await audit.recent(kiosk.services.db, action=action, limit=1))[0]
