"""Helpers for the staff application page tests: citizens with submitted applications
(made through the real draft and workflow functions) and staff signed in through the pages.

Items of the mini catalog used here:

- GA-SFZ-002 (公安局 GA leads, no co-department): the ID card material is covered by a
  wallet certificate and the household register by shared data, so no upload is needed.
- YB-CB-003 (医保局 YB leads, GA reviews too: 并联审批): the birth certificate is covered by
  a wallet certificate, the household register must be uploaded (a PNG): the file tests.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass
from typing import Any

import httpx2
from PIL import Image

from shared import materials
from shared.applications import certificates, drafts, workflow
from shared.applications.model import Application
from shared.audit import Where
from shared.identity import citizens
from shared.services import Services
from tests.pii import ID_LI, ID_ZHANG, PHONE_LI, PHONE_ZHANG
from tests.staff.conftest import Hall, csrf_of, make_account, sign_in

KIOSK = Where.kiosk("kiosk-test-1")
DONE = re.compile(r'class="notice notice-ok" role="status">([^<]+)<')

_addresses = iter(range(10, 250))


def png_bytes() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


async def citizen(services: Services, name: str = "张三", id_number: str = ID_ZHANG) -> str:
    """A citizen signed in with an ID card, holding the certificates the tests rely on."""
    now = services.clock.now()
    async with services.db.transaction() as tx:
        citizen_id = await citizens.sign_in_with_id_card(tx, services.vault, name, id_number, now)
    holder = await certificates.holder_hash(services.db, citizen_id)
    assert holder is not None
    async with services.db.transaction() as tx:
        await certificates.issue(tx, holder, "resident_id_card", f"RID-{citizen_id[-6:]}", "GA", now, None)
        await certificates.issue(tx, holder, "birth_cert", f"BC-{citizen_id[-6:]}", "WJ", now, None)
    return citizen_id


ZHANG = ("张三", ID_ZHANG, PHONE_ZHANG)
LI = ("李四", ID_LI, PHONE_LI)


async def submitted(
    services: Services, citizen_id: str, item: str = "GA-SFZ-002", person: tuple[str, str, str] = ZHANG
) -> Application:
    """A submitted application of `citizen_id` for `item`, complete enough to pass the check."""
    name, id_number, phone = person
    now = services.clock.now()
    app = await drafts.start(services, citizen_id, item_code=item, channel="kiosk", where=KIOSK, now=now)
    answers: dict[str, Any]
    if item == "GA-SFZ-002":
        answers = {
            "for_whom": "self",
            "applicant_name": name,
            "applicant_id_number": id_number,
            "applicant_phone": phone,
            "delivery": "window",
        }
    else:
        answers = {"baby_name": "张小宝", "applicant_phone": phone}
    app = await drafts.save_answers(services, app, answers, now=now)
    if item == "GA-SFZ-002":
        app = await drafts.set_delivery(services, app, "window", None, now=now)
    else:
        png = png_bytes()
        await materials.store(
            services, app, "hukou_booklet", data=png, claimed_type="image/png", filename="a.png", via="kiosk", now=now
        )
    return await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now)


@dataclass
class Person:
    """A staff member signed in on their own client (own cookies, own address)."""

    username: str
    client: httpx2.AsyncClient

    async def page(self, ref: str) -> httpx2.Response:
        return await self.client.get(f"/staff/applications/{ref}")

    async def post(self, ref: str, action: str, data: dict[str, Any] | None = None) -> httpx2.Response:
        """Open the page for its anti-CSRF token, then post the action form."""
        page = await self.client.get("/staff/applications")
        form = {"csrf_token": csrf_of(page), **(data or {})}
        return await self.client.post(f"/staff/applications/{ref}/{action}", data=form)


async def staff(hall: Hall, username: str, role: str, department: str | None = None) -> Person:
    await make_account(hall, username, role, department)
    client = hall.client_at(f"10.0.1.{next(_addresses)}")
    response = await sign_in(client, username)
    assert response.status_code == 303 and response.headers["location"] == "/staff/", response.text
    return Person(username, client)


def done_text(response: httpx2.Response) -> str:
    match = DONE.search(response.text)
    assert match is not None, "no confirmation on the page"
    return match.group(1)
