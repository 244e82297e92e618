"""POST /kiosk/heartbeat: the menu a kiosk should show, written down sparingly, never a
citizen's activity, only for enrolled kiosks; the bridge's hardware report recorded."""

from __future__ import annotations

from typing import Any

import httpx2
import pytest

from shared.i18n import Text
from shared.kiosk import devices, fleet, hall_alerts, hardware, sessions
from shared.kiosk.bridge import ScannerJam
from shared.kiosk.fleet_rules import WRITE_EVERY_SECONDS
from shared.menus import store
from shared.services import Services
from tests.kiosk.conftest import Kiosk
from tests.kiosk.signin_helpers import bridge, get_me, place_and_sign_in
from tests.shared.menus.support import ADMIN

MENU = "lobby-menu"


def document(label: str) -> dict[str, Any]:
    return {
        "tiles": [
            {
                "id": "t-a1",
                "kind": "item",
                "target": "GA-SFZ-002",
                "label": {"zh": label, "en": "ID card"},
                "icon": "id-card",
                "colour": "blue",
            }
        ]
    }


async def publish(services: Services, label: str, menu_id: str = MENU) -> str:
    """Publish a one-tile menu now (the first menu made is the default); returns its stamp."""
    now = services.clock.now()
    snapshot = await services.catalog.current()
    async with services.db.transaction() as tx:
        if await store.get_menu(tx, menu_id) is None:
            await store.create_menu(tx, menu_id, Text("测试菜单", "Test menu"), ADMIN, now)
        draft = await store.get_draft(tx, menu_id)
        await store.save_draft(tx, menu_id, document(label), draft.revision, ADMIN, now)
        release = await store.publish(tx, menu_id, snapshot, ADMIN, now)
    services.menus.invalidate()
    return f"{menu_id}@{release.version}"


async def beat(client: httpx2.AsyncClient, shown: str | None) -> httpx2.Response:
    return await client.post("/kiosk/heartbeat", json={"menu": shown})


async def stored(kiosk: Kiosk) -> fleet.HeartbeatRecord:
    record = await fleet.stored_beat(kiosk.services.db, kiosk.device_id)
    assert record is not None
    return record


async def test_without_menus_the_answer_is_null_and_the_beat_is_recorded(kiosk: Kiosk) -> None:
    answer = await beat(kiosk.client, None)
    assert answer.status_code == 200
    assert answer.json() == {"menu": None, "every": 3}
    assert answer.headers["cache-control"] == "no-store"
    record = await stored(kiosk)
    assert (
        record.beat_at == pytest.approx(kiosk.clock.now(), abs=0.001)
        and record.menu_shown is None
        and record.menu_expected is None
    )


async def test_the_answer_names_the_published_menu_and_follows_a_new_version(kiosk: Kiosk) -> None:
    first = await publish(kiosk.services, "身份证")
    answer = await beat(kiosk.client, None)
    assert answer.json()["menu"] == first == f"{MENU}@1"
    # The home page shows version 1; staff publish version 2: the next beat says so.
    kiosk.clock.advance(3)
    assert (await beat(kiosk.client, first)).json()["menu"] == first
    second = await publish(kiosk.services, "居民身份证")
    kiosk.clock.advance(3)
    assert (await beat(kiosk.client, first)).json()["menu"] == second == f"{MENU}@2"
    record = await stored(kiosk)
    assert (record.menu_shown, record.menu_expected) == (first, second)
    assert record.mismatch_since == pytest.approx(kiosk.clock.now(), abs=0.001)
    # The page reloaded and shows version 2 now: the difference is over.
    kiosk.clock.advance(3)
    assert (await beat(kiosk.client, second)).json()["menu"] == second
    record = await stored(kiosk)
    assert (record.menu_shown, record.mismatch_since) == (second, None)


async def test_beats_are_written_at_most_every_30_seconds_unless_something_changed(kiosk: Kiosk) -> None:
    stamp = await publish(kiosk.services, "身份证")
    start = kiosk.clock.now()
    await beat(kiosk.client, stamp)
    for _ in range(9):  # 27 s of beats saying the same
        kiosk.clock.advance(3)
        assert (await beat(kiosk.client, stamp)).status_code == 200
        assert (await stored(kiosk)).beat_at == pytest.approx(start, abs=0.001)
    # ...but the fleet page of this process knows the latest beat.
    latest = kiosk.services.fleet.latest(kiosk.device_id)
    assert latest is not None and latest.beat_at == pytest.approx(start + 27)
    kiosk.clock.advance(3)
    await beat(kiosk.client, stamp)
    assert (await stored(kiosk)).beat_at == pytest.approx(start + WRITE_EVERY_SECONDS, abs=0.001)
    # The page moves to a form (no menu on it): news, written at once.
    kiosk.clock.advance(3)
    await beat(kiosk.client, None)
    assert (await stored(kiosk)).menu_shown is None
    # A hardware change is news too.
    kiosk.clock.advance(3)
    bridge(kiosk).load_paper(kiosk.device_id, sheets=5)
    await beat(kiosk.client, None)
    assert (await stored(kiosk)).beat_at == pytest.approx(kiosk.clock.now(), abs=0.001)
    assert await hardware.state_of(kiosk.services.db, kiosk.device_id, "printer") == "paper_low"


async def test_a_beat_under_a_second_after_the_last_is_ignored(kiosk: Kiosk) -> None:
    assert (await beat(kiosk.client, None)).status_code == 200
    kiosk.clock.advance(0.5)
    ignored = await beat(kiosk.client, "other-menu@4")
    assert ignored.status_code == 204 and ignored.content == b""
    assert (await stored(kiosk)).menu_shown is None  # nothing of it was taken
    kiosk.clock.advance(0.5)
    assert (await beat(kiosk.client, None)).status_code == 200


async def test_a_heartbeat_never_counts_as_the_citizens_activity(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    signed_in = await sessions.get(kiosk.services.db, token)
    assert signed_in is not None
    idle = kiosk.services.settings.kiosk_idle_seconds
    # The screen beats every 3 s while the citizen walks away.
    for _ in range(idle // 3 - 1):
        kiosk.clock.advance(3)
        assert (await beat(kiosk.client, None)).status_code == 200
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.last_seen_at == signed_in.last_seen_at and session.ended_at is None
    kiosk.clock.advance(idle)
    assert (await beat(kiosk.client, None)).status_code == 200  # the kiosk still beats...
    response = await get_me(kiosk.client)  # ...but the citizen's session ran out on time
    assert response.status_code == 303 and response.headers["location"].startswith("/signin")
    session = await sessions.get(kiosk.services.db, token)
    assert session is not None and session.end_reason == "idle"


async def test_a_page_reloaded_by_the_heartbeat_does_not_touch_the_session(kiosk: Kiosk) -> None:
    token = await place_and_sign_in(kiosk)
    before = await sessions.get(kiosk.services.db, token)
    assert before is not None
    kiosk.clock.advance(30)
    reloaded = await kiosk.client.get("/", headers={"HX-Request": "true", "X-Kiosk-Passive": "true"})
    assert reloaded.status_code == 200 and 'data-signed-in="true"' in reloaded.text  # still the citizen's page
    after = await sessions.get(kiosk.services.db, token)
    assert after is not None and after.last_seen_at == before.last_seen_at
    # A tap of the citizen does touch it.
    await kiosk.client.get("/")
    touched = await sessions.get(kiosk.services.db, token)
    assert touched is not None and touched.last_seen_at == pytest.approx(kiosk.clock.now(), abs=0.001)


async def test_only_an_enrolled_active_kiosk_may_beat(kiosk: Kiosk) -> None:
    async with kiosk.new_client() as stranger:
        refused = await beat(stranger, None)
        assert refused.status_code == 403
        stranger.cookies.set("ov_device", "made-up-cookie-value", domain="kiosk.test")
        assert (await beat(stranger, None)).status_code == 403
    async with kiosk.services.db.transaction() as tx:
        await devices.retire(tx, kiosk.device_id, kiosk.clock.now())
    kiosk.services.kiosk_devices.forget_device(kiosk.device_id)
    assert (await beat(kiosk.client, None)).status_code == 403
    assert await fleet.stored_beat(kiosk.services.db, kiosk.device_id) is None


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[]",
        b"{}",
        b'{"menu": 5}',
        b'{"menu": "<b>x</b>"}',
        b'{"menu": "Menu@1"}',
        b"{" + b" " * 300 + b"}",
    ],
)
async def test_a_body_that_is_not_a_heartbeat_is_refused(kiosk: Kiosk, body: bytes) -> None:
    response = await kiosk.client.post("/kiosk/heartbeat", content=body, headers={"Content-Type": "application/json"})
    assert response.status_code == 400
    assert "<b>x</b>" not in response.text
    assert await fleet.stored_beat(kiosk.services.db, kiosk.device_id) is None


async def test_the_bridges_report_is_recorded_with_the_alerts_it_means(kiosk: Kiosk) -> None:
    sim, db, device = bridge(kiosk), kiosk.services.db, kiosk.device_id
    await beat(kiosk.client, None)
    assert await hardware.states(db) == {device: {"printer": "ok", "scanner": "ok", "card_reader": "ok"}}
    assert await hall_alerts.list_open(db) == []

    sim.jam_printer(device)
    sim.fail_next_scan(device, ScannerJam())
    sim.set_card_reader_offline(device)
    kiosk.clock.advance(3)
    await beat(kiosk.client, None)
    assert await hardware.states(db) == {device: {"printer": "jam", "scanner": "jam", "card_reader": "unavailable"}}
    assert sorted(alert.kind for alert in await hall_alerts.list_open(db)) == ["printer_jam", "scanner_fault"]

    # Cleared, then out of paper: the jam alert is over, the paper one is raised.
    sim.clear_jam(device)
    sim.load_paper(device, sheets=0)
    sim.place_document(device)  # someone cleared the feeder and put a page down
    sim.set_card_reader_offline(device, offline=False)
    kiosk.clock.advance(3)
    await beat(kiosk.client, None)
    assert await hardware.states(db) == {device: {"printer": "paper_out", "scanner": "ok", "card_reader": "ok"}}
    assert [alert.kind for alert in await hall_alerts.list_open(db)] == ["printer_paper_out"]

    sim.load_paper(device)
    kiosk.clock.advance(3)
    await beat(kiosk.client, None)
    assert (await hardware.states(db))[device]["printer"] == "ok"
    assert await hall_alerts.list_open(db) == []


async def test_every_kiosk_page_carries_the_heartbeat(kiosk: Kiosk) -> None:
    page = await kiosk.client.get("/")
    assert 'data-heartbeat-url="/kiosk/heartbeat"' in page.text
    assert "/static/js/heartbeat.js?v=" in page.text
    # The device pages (not a kiosk yet) do not beat.
    async with kiosk.new_client() as stranger:
        assert "data-heartbeat-url" not in (await stranger.get("/")).text
