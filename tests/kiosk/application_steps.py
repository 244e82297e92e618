"""Steps the kiosk application tests share: a citizen signed in with the simulated ID-card
reader, certificates in their wallet, a draft started through the apply button, and a
window clerk who returns an application for correction.

Items of the kiosk catalog used (tests/fixtures/mini_catalog.json):

- GA-SFZ-002 (ID card renewal, 公安局 GA): screen 1 "for whom" (a child adds the guardian's
  name), screen 2 the applicant (name and ID number come from the ID card); the ID card
  material is covered by a `resident_id_card` certificate, the household register by GA's
  shared data, the guardian's ID card (for a child) must be uploaded; delivery window or mail.
- GA-HJ-010: not offered at kiosks.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import httpx2

from shared.applications import access, certificates, drafts
from shared.applications.model import Application
from shared.identity import citizens
from shared.kiosk.bridge import IdCardReading, SimulatedDeviceBridge
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role
from tests.kiosk.conftest import Kiosk, enrol_client
from tests.pii import ID_LI, ID_ZHANG

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
ZHANG = IdCardReading("张三丰", ID_ZHANG, dt.date(2015, 1, 1), dt.date(2035, 1, 1))
LI = IdCardReading("李四", ID_LI, dt.date(2015, 1, 1), None)
ITEM = "GA-SFZ-002"
CLERK = StaffPrincipal(1, "clerk01", "窗口一", Role.CLERK, "GA")
FORM_URL = re.compile(r"^/applications/(a_[A-Za-z0-9_-]+)/form/1$")


async def sign_in(kiosk: Kiosk, reading: IdCardReading = ZHANG, client: httpx2.AsyncClient | None = None) -> str:
    """Sign a citizen in at the kiosk with the simulated reader; returns their citizen id."""
    bridge = kiosk.services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    bridge.place_card(kiosk.device_id, reading)
    response = await (client or kiosk.client).post("/signin/card/poll", headers=HTMX)
    assert response.status_code == 204, response.text
    found = await citizens.find_by_id_number(kiosk.services.db, kiosk.services.vault, reading.id_number)
    assert found is not None
    return found.id


async def citizen(services: Services, reading: IdCardReading = LI) -> str:
    """A citizen known from an ID card (signed in somewhere else): their id."""
    async with services.db.transaction() as tx:
        return await citizens.sign_in_with_id_card(
            tx, services.vault, reading.name, reading.id_number, services.clock.now()
        )


async def other_kiosk(kiosk: Kiosk, reading: IdCardReading = LI, device_id: str = "test-kiosk-2") -> httpx2.AsyncClient:
    """Another enrolled kiosk with another citizen signed in (close the client after use)."""
    client = kiosk.new_client()
    await enrol_client(client, kiosk.services, device_id)
    bridge = kiosk.services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    bridge.place_card(device_id, reading)
    response = await client.post("/signin/card/poll", headers=HTMX)
    assert response.status_code == 204, response.text
    return client


async def give_certificate(services: Services, citizen_id: str, type_code: str = "resident_id_card") -> None:
    holder = await certificates.holder_hash(services.db, citizen_id)
    assert holder is not None
    async with services.db.transaction() as tx:
        await certificates.issue(tx, holder, type_code, f"CERT-{type_code}-1", "GA", services.clock.now(), None)


async def apply(kiosk: Kiosk, item: str = ITEM, client: httpx2.AsyncClient | None = None) -> str:
    """Tap "apply" on the item's guide; returns the new draft's id."""
    response = await (client or kiosk.client).post(f"/items/{item}/apply")
    assert response.status_code == 303, response.text
    match = FORM_URL.match(response.headers["location"])
    assert match is not None, response.headers["location"]
    return match.group(1)


async def load(kiosk: Kiosk, citizen_id: str, ref: str) -> Application:
    return await access.for_citizen(kiosk.services, citizen_id, ref)


async def fill(kiosk: Kiosk, citizen_id: str, ref: str, answers: dict[str, Any]) -> Application:
    """Answer questions directly (what the screens do, without the screens)."""
    app = await load(kiosk, citizen_id, ref)
    return await drafts.save_answers(kiosk.services, app, answers, now=kiosk.clock.now())


async def ready_draft(kiosk: Kiosk, citizen_id: str) -> str:
    """A GA-SFZ-002 draft with nothing missing: answers, covered materials, delivery."""
    await give_certificate(kiosk.services, citizen_id)
    ref = await apply(kiosk)
    app = await fill(
        kiosk, citizen_id, ref, {"for_whom": "self", "applicant_phone": "13912345678", "delivery": "window"}
    )
    await drafts.set_delivery(kiosk.services, app, "window", None, now=kiosk.clock.now())
    return ref


def token_of(page: str) -> str:
    match = re.search(r'name="token" value="([^"]+)"', page)
    assert match is not None, "no submit token on the page"
    return match.group(1)
