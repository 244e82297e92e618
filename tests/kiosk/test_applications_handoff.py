"""Continue on the phone (扫码续办): the kiosk's one-time code for one application.

The rules of shared.applications.handoffs (2 minutes, stored hashed, bound to the
application and its citizen, harmless repeat, newest code only) and the kiosk pages that
show the code, wait for the phone and move on to the materials once it is taken up.
"""

from __future__ import annotations

import re

import pytest

from shared import audit
from shared.applications import handoffs, workflow
from shared.applications.handoffs import HandoffNotContinuable, HandoffUnknown
from shared.audit import Where
from shared.privacy.vault import token_hash
from tests.kiosk.application_steps import HTMX, apply, citizen, load, other_kiosk, ready_draft, sign_in
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to

QR = re.compile(r'data-qr-content="onevisit://application-handoff/([A-Za-z0-9_-]+)"')


async def test_a_code_is_claimed_by_its_own_citizen_once_and_stored_hashed(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    app = await load(kiosk, citizen_id, ref)
    services = kiosk.services
    nonce = await handoffs.create(services, app, kiosk.device_id, kiosk.clock.now())
    assert handoffs.nonce_from_scan(handoffs.qr_content(nonce)) == nonce
    assert (await handoffs.status(services, app.id, kiosk.device_id, kiosk.clock.now())).state == "pending"

    rows = await services.db.fetch_all("SELECT nonce_hash FROM application_handoffs")
    assert [bytes(row["nonce_hash"]) for row in rows] == [token_hash(nonce)]

    kiosk.clock.advance(30)
    claimed = await handoffs.claim(services, nonce, citizen_id, kiosk.clock.now())
    assert claimed.id == app.id
    # The phone retried after a lost answer: the same claim, no error.
    again = await handoffs.claim(services, nonce, citizen_id, kiosk.clock.now())
    assert again.id == app.id
    status = await handoffs.status(services, app.id, kiosk.device_id, kiosk.clock.now())
    assert status.state == "claimed"
    entries = [e for e in await audit.recent(services.db, limit=20) if e.action == "application.handoff.claim"]
    assert [e.result for e in entries] == ["ok"]


async def test_another_citizen_an_expired_code_and_a_made_up_one_are_all_unknown(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    app = await load(kiosk, citizen_id, ref)
    services = kiosk.services
    nonce = await handoffs.create(services, app, kiosk.device_id, kiosk.clock.now())
    other_id = await citizen(services)

    with pytest.raises(HandoffUnknown) as stranger:
        await handoffs.claim(services, nonce, other_id, kiosk.clock.now())
    with pytest.raises(HandoffUnknown) as made_up:
        await handoffs.claim(services, "x" * 43, citizen_id, kiosk.clock.now())
    with pytest.raises(HandoffUnknown) as malformed:
        await handoffs.claim(services, "../../etc", citizen_id, kiosk.clock.now())
    # One answer whatever the reason: a photographed code tells a stranger nothing.
    assert stranger.value.status == made_up.value.status == malformed.value.status == 404
    assert stranger.value.message == made_up.value.message

    # The stranger's attempt did not use the code up: its own citizen still can, in time.
    kiosk.clock.advance(handoffs.HANDOFF_SECONDS - 1)
    assert (await handoffs.claim(services, nonce, citizen_id, kiosk.clock.now())).id == app.id

    late = await handoffs.create(services, app, kiosk.device_id, kiosk.clock.now())
    kiosk.clock.advance(handoffs.HANDOFF_SECONDS)
    assert (await handoffs.status(services, app.id, kiosk.device_id, kiosk.clock.now())).state == "expired"
    with pytest.raises(HandoffUnknown):
        await handoffs.claim(services, late, citizen_id, kiosk.clock.now())
    refused = [e for e in await audit.recent(services.db, limit=30) if e.action == "application.handoff.claim"]
    reasons = sorted(str(e.detail.get("reason")) for e in refused if e.result == "refused")
    assert reasons == ["expired", "other_citizen", "unknown", "unknown"]


async def test_a_new_code_replaces_the_unclaimed_one_and_submitted_applications_have_none(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    app = await load(kiosk, citizen_id, ref)
    services = kiosk.services
    first = await handoffs.create(services, app, kiosk.device_id, kiosk.clock.now())
    second = await handoffs.create(services, app, kiosk.device_id, kiosk.clock.now())
    with pytest.raises(HandoffUnknown):
        await handoffs.claim(services, first, citizen_id, kiosk.clock.now())
    assert (await handoffs.claim(services, second, citizen_id, kiosk.clock.now())).id == app.id

    submitted = await workflow.submit(
        services, app, channel="kiosk", where=Where.kiosk(kiosk.device_id), now=kiosk.clock.now()
    )
    with pytest.raises(HandoffNotContinuable):
        await handoffs.create(services, submitted, kiosk.device_id, kiosk.clock.now())


async def test_the_kiosk_shows_the_code_waits_and_moves_on_when_the_phone_takes_it(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await apply(kiosk)
    client = kiosk.client

    page = await client.get(f"/applications/{ref}/handoff")
    assert page.status_code == 200
    assert re.search(r'<svg viewBox="0 0 \d+ \d+" class="qr-code">', page.text) and "style=" not in page.text
    assert "二维码 2 分钟内有效" in page.text
    match = QR.search(page.text)
    assert match is not None
    nonce = match.group(1)

    waiting = await client.post(f"/applications/{ref}/handoff/poll", headers=HTMX)
    assert waiting.status_code == 204

    await handoffs.claim(kiosk.services, nonce, citizen_id, kiosk.clock.now())
    moved = await client.post(f"/applications/{ref}/handoff/poll", headers=HTMX)
    assert moved.status_code == 204
    assert moved_to(moved) == f"/applications/{ref}/materials"

    # The materials screen now looks for the phone's uploads by itself.
    materials = await client.get(f"/applications/{ref}/materials")
    assert "已在手机上打开本申请" in materials.text
    assert 'hx-trigger="every 3s"' in materials.text
    fragment = await client.get(f"/applications/{ref}/materials", headers={**HTMX, "HX-Target": "ul#material-list"})
    assert fragment.text.lstrip().startswith('<ul id="material-list"')


async def test_an_expired_code_on_the_kiosk_offers_a_new_one(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    ref = await apply(kiosk)
    await kiosk.client.get(f"/applications/{ref}/handoff")
    # The page polls all along (which keeps the kiosk session alive) until the code runs out.
    kiosk.clock.advance(60)
    assert (await kiosk.client.post(f"/applications/{ref}/handoff/poll", headers=HTMX)).status_code == 204
    kiosk.clock.advance(handoffs.HANDOFF_SECONDS - 60 + 1)
    expired = await kiosk.client.post(f"/applications/{ref}/handoff/poll", headers=HTMX)
    assert expired.status_code == 200
    assert "二维码已过期" in expired.text
    assert f'href="/applications/{ref}/handoff"' in expired.text


async def test_another_citizens_application_has_no_handoff_page(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    ref = await apply(kiosk)
    other = await other_kiosk(kiosk)
    try:
        page = await other.get(f"/applications/{ref}/handoff")
        assert page.status_code == 404
        assert "找不到该申请" in page.text
        poll = await other.post(f"/applications/{ref}/handoff/poll")
        assert poll.status_code == 404
    finally:
        await other.aclose()
