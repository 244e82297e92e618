"""/staff/fleet: who may see and change the kiosk fleet, what each kiosk's row says (heartbeat,
offline after 60 s, menus, hardware, alerts), the filters, and polling that does not keep a
staff session alive."""

from __future__ import annotations

import re

import httpx2

from shared import audit
from shared.kiosk import devices, hall_alerts
from shared.kiosk.fleet import Beat
from shared.services import Services
from tests.kiosk.conftest import register_device
from tests.kiosk.test_heartbeat import publish
from tests.staff.applications_support import staff
from tests.staff.conftest import Hall, csrf_of, signed_in_admin

HTMX = {"HX-Request": "true", "HX-Request-Type": "partial"}
ALL_OK = {"printer": "ok", "scanner": "ok", "card_reader": "ok"}


def row_of(page: httpx2.Response, device_id: str) -> str:
    match = re.search(rf'<tr data-kiosk="{re.escape(device_id)}".*?</tr>', page.text, re.S)
    assert match is not None, f"no row for {device_id}"
    return match.group(0)


def text(markup: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", markup).split())


async def beat(services: Services, device_id: str, shown: str | None, expected: str | None, **components: str) -> None:
    report = {**ALL_OK, **components}
    await services.fleet.record(services.db, Beat(device_id, services.clock.now(), shown, expected, report))  # type: ignore[arg-type]


async def hall_of_kiosks(hall: Hall) -> None:
    for device_id, group in (("lobby-1", "lobby"), ("lobby-2", "lobby"), ("exit-1", "exit-entry"), ("new-1", "lobby")):
        await register_device(hall.services, device_id, group)


async def test_clerks_supervisors_and_administrators_see_it_reviewers_do_not(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    for username, role, department in (("clerk.f", "clerk", "GA"), ("sup.f", "supervisor", None)):
        person = await staff(hall, username, role, department)
        assert 'href="/staff/fleet"' in (await person.client.get("/staff/")).text
        page = await person.client.get("/staff/fleet")
        assert page.status_code == 200 and "自助机设备" in page.text and "lobby-1" in page.text
        assert (await person.client.get("/staff/fleet/table", headers=HTMX)).status_code == 200
        assert (await person.client.get("/staff/fleet/kiosks/lobby-1")).status_code == 200
        # Neither may register, move or retire (MANAGE_KIOSKS): no button, and 403 on every change.
        assert "data-register-kiosk" not in page.text
        assert "data-move-form" not in (await person.client.get("/staff/fleet/kiosks/lobby-1")).text
        token = csrf_of(page)
        assert (await person.client.get("/staff/fleet/new")).status_code == 403
        new = {"csrf_token": token, "device_id": "lobby-9", "name": "九号机", "group": "lobby"}
        assert (await person.client.post("/staff/fleet/new", data=new)).status_code == 403
        move = {"csrf_token": token, "name": "改名", "group": "lobby"}
        assert (await person.client.post("/staff/fleet/kiosks/lobby-1/move", data=move)).status_code == 403
        retire = await person.client.post("/staff/fleet/kiosks/lobby-1/retire", data={"csrf_token": token})
        assert retire.status_code == 403
    assert await devices.get(hall.services.db, "lobby-9") is None
    lobby_1 = await devices.get(hall.services.db, "lobby-1")
    assert lobby_1 is not None and lobby_1.active and lobby_1.name == "测试自助机 lobby-1"

    reviewer = await staff(hall, "rev.f", "reviewer", "GA")
    assert 'href="/staff/fleet"' not in (await reviewer.client.get("/staff/")).text
    for path in ("/staff/fleet", "/staff/fleet/kiosks/lobby-1", "/staff/fleet/new"):
        assert (await reviewer.client.get(path)).status_code == 403, path
    assert (await reviewer.client.get("/staff/fleet/table", headers=HTMX)).status_code == 403
    assert (await reviewer.client.get("/staff/fleet/table")).status_code == 403
    refused = await audit.recent(hall.services.db, action="staff.access", limit=1)
    assert refused[0].result == "refused"

    admin, _ = await signed_in_admin(hall)
    page = await admin.get("/staff/fleet")
    assert page.status_code == 200 and "data-register-kiosk" in page.text


async def test_each_row_says_how_long_ago_the_kiosk_beat_and_offline_after_60_seconds(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    services, clock = hall.services, hall.clock
    await beat(services, "exit-1", None, None)
    clock.advance(30)
    await beat(services, "lobby-2", None, None)
    clock.advance(27)
    await beat(services, "lobby-1", None, None)
    clerk = await staff(hall, "clerk.f", "clerk", "GA")

    page = await clerk.client.get("/staff/fleet")
    assert "刚刚" in text(row_of(page, "lobby-1"))
    assert "27 秒前" in text(row_of(page, "lobby-2")) and "离线" not in text(row_of(page, "lobby-2"))
    assert "57 秒前" in text(row_of(page, "exit-1")) and "离线" not in text(row_of(page, "exit-1"))
    assert "离线" in text(row_of(page, "new-1")) and "从未连接" in text(row_of(page, "new-1"))
    assert "共 4 台" in text(page.text) and "在线 3" in text(page.text) and "离线 1" in text(page.text)

    clock.advance(3)  # exit-1: exactly 60 s without a beat
    page = await clerk.client.get("/staff/fleet/table", headers=HTMX)
    exit_row = row_of(page, "exit-1")
    assert 'data-heartbeat="offline"' in exit_row and "离线" in text(exit_row) and "1 分钟前" in text(exit_row)
    assert 'data-heartbeat="online"' in row_of(page, "lobby-2")
    assert "离线 2" in text(page.text)
    # The table alone (the poll's answer) is not a whole page.
    assert "<html" not in page.text and 'id="fleet-live"' in page.text

    clock.advance(60)
    page = await clerk.client.get("/staff/fleet?lang=en")
    assert "Offline" in text(row_of(page, "lobby-1")) and "4 offline" in text(page.text)


async def test_a_menu_that_differs_for_more_than_10_seconds_is_flagged(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    services, clock = hall.services, hall.clock
    first = await publish(services, "身份证")
    await beat(services, "lobby-1", first, first)
    await beat(services, "lobby-2", None, first)  # a citizen on a form page
    clerk = await staff(hall, "clerk.f", "clerk", "GA")
    page = await clerk.client.get("/staff/fleet")
    assert 'data-menu="current"' in row_of(page, "lobby-1") and "测试菜单" in text(row_of(page, "lobby-1"))
    assert "第 1 版" in text(row_of(page, "lobby-1")) and "已是最新" in text(row_of(page, "lobby-1"))
    assert 'data-menu="elsewhere"' in row_of(page, "lobby-2") and "正在办理页面" in text(row_of(page, "lobby-2"))

    second = await publish(services, "居民身份证")
    clock.advance(2)
    await beat(services, "lobby-1", first, second)  # told; it reloads within a beat or two
    page = await clerk.client.get("/staff/fleet/table", headers=HTMX)
    row = row_of(page, "lobby-1")
    assert 'data-menu="updating"' in row and "第 1 版" in text(row) and "第 2 版" in text(row)
    assert "菜单未更新 0" in text(page.text)

    clock.advance(11)  # still showing version 1 after 13 s: out of date
    await beat(services, "lobby-1", first, second)
    page = await clerk.client.get("/staff/fleet/table", headers=HTMX)
    assert 'data-menu="stale"' in row_of(page, "lobby-1") and "未更新" in text(row_of(page, "lobby-1"))
    assert "菜单未更新 1" in text(page.text)
    only = await clerk.client.get("/staff/fleet?problem=menu")
    assert 'data-kiosk="lobby-1"' in only.text and 'data-kiosk="lobby-2"' not in only.text

    await beat(services, "lobby-1", second, second)
    page = await clerk.client.get("/staff/fleet/table", headers=HTMX)
    assert 'data-menu="current"' in row_of(page, "lobby-1")


async def test_hardware_and_open_alerts_with_the_hall_actions(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    services = hall.services
    await beat(services, "lobby-1", None, None, printer="paper_out", card_reader="unavailable")
    await beat(services, "lobby-2", None, None, printer="paper_low")
    async with services.db.transaction() as tx:
        call = await hall_alerts.raise_alert(tx, "lobby-2", "call_staff", services.clock.now())
    clerk = await staff(hall, "clerk.f", "clerk", "GA")
    page = await clerk.client.get("/staff/fleet")
    row = row_of(page, "lobby-1")
    assert 'data-state="paper_out"' in row and "缺纸" in text(row) and "打印机缺纸" in text(row)
    assert "无响应" in text(row)
    lobby_2 = row_of(page, "lobby-2")
    assert "纸将用完" in text(lobby_2) and "群众呼叫工作人员" in text(lobby_2)
    assert f'data-acknowledge="{call}"' in lobby_2
    # Paper low is no fault; out of paper and an unusable reader are.
    hardware_only = await clerk.client.get("/staff/fleet?problem=hardware")
    assert 'data-kiosk="lobby-1"' in hardware_only.text and 'data-kiosk="lobby-2"' not in hardware_only.text
    alerts_only = await clerk.client.get("/staff/fleet?problem=alert")
    assert 'data-kiosk="lobby-1"' in alerts_only.text and 'data-kiosk="lobby-2"' in alerts_only.text
    assert 'data-kiosk="exit-1"' not in alerts_only.text

    acknowledged = await clerk.client.post(
        f"/staff/hall/alerts/{call}/acknowledge", data={"csrf_token": csrf_of(page), "return_to": "fleet"}
    )
    assert acknowledged.status_code == 303 and acknowledged.headers["location"] == "/staff/fleet?done=acknowledge"
    page = await clerk.client.get("/staff/fleet?done=acknowledge")
    assert "已标记为前往处理" in page.text and "clerk.f name 已前往" in text(row_of(page, "lobby-2"))
    # From the kiosk's own page, back to it; anything else posted as the way back goes to the hall page.
    resolved = await clerk.client.post(
        f"/staff/hall/alerts/{call}/resolve", data={"csrf_token": csrf_of(page), "return_to": "fleet/kiosks/lobby-2"}
    )
    assert resolved.headers["location"] == "/staff/fleet/kiosks/lobby-2?done=resolve"
    assert "已标记为处理完毕" in (await clerk.client.get(resolved.headers["location"])).text
    async with services.db.transaction() as tx:
        again = await hall_alerts.raise_alert(tx, "lobby-2", "call_staff", services.clock.now())
    elsewhere = await clerk.client.post(
        f"/staff/hall/alerts/{again}/resolve", data={"csrf_token": csrf_of(page), "return_to": "//evil.example/x"}
    )
    assert elsewhere.headers["location"] == "/staff/hall?done=resolve"
    # A supervisor reads the same page without the buttons (acting is the hall floor's).
    supervisor = await staff(hall, "sup.f", "supervisor")
    seen = await supervisor.client.get("/staff/fleet")
    assert "打印机缺纸" in seen.text and "data-resolve" not in seen.text


async def test_filters_by_group_and_problem_and_ignores_made_up_values(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    await beat(hall.services, "lobby-1", None, None)
    clerk = await staff(hall, "clerk.f", "clerk", "GA")
    exit_only = await clerk.client.get("/staff/fleet?group=exit-entry")
    assert 'data-kiosk="exit-1"' in exit_only.text and 'data-kiosk="lobby-1"' not in exit_only.text
    # The poll keeps the filter.
    assert 'hx-get="/staff/fleet/table?group=exit-entry"' in exit_only.text
    offline = await clerk.client.get("/staff/fleet?problem=offline&group=lobby")
    assert 'data-kiosk="lobby-2"' in offline.text and 'data-kiosk="new-1"' in offline.text
    assert 'data-kiosk="lobby-1"' not in offline.text and 'data-kiosk="exit-1"' not in offline.text
    made_up = await clerk.client.get("/staff/fleet?group=<script>&problem=everything")
    assert made_up.status_code == 200 and "<script>" not in made_up.text
    assert all(f'data-kiosk="{d}"' in made_up.text for d in ("lobby-1", "lobby-2", "exit-1", "new-1"))
    none = await clerk.client.get("/staff/fleet?group=exit-entry&problem=menu")
    assert "没有符合条件的自助机" in none.text


async def test_polling_does_not_keep_the_staff_session_alive(hall: Hall) -> None:
    await hall_of_kiosks(hall)
    clerk = await staff(hall, "clerk.f", "clerk", "GA")
    assert (await clerk.client.get("/staff/fleet")).status_code == 200
    idle = hall.services.settings.staff_idle_seconds
    # The page polls every 5 s for most of the idle time...
    for _ in range(3):
        hall.clock.advance((idle - 60) / 3)
        assert (await clerk.client.get("/staff/fleet/table", headers=HTMX)).status_code == 200
    # ...and once the idle time since the person's last request has passed, the next poll
    # sends the page to sign in again (not into the table).
    hall.clock.advance(61)
    ended = await clerk.client.get("/staff/fleet/table", headers=HTMX)
    assert ended.status_code == 204
    assert ended.headers["hx-redirect"] == "/staff/sign-in?reason=idle"
    assert (await clerk.client.get("/staff/fleet")).status_code == 303
    # A person's own request does count: after one, the session lasts the idle time again.
    again = await staff(hall, "clerk.g", "clerk", "GA")
    hall.clock.advance(idle - 60)
    assert (await again.client.get("/staff/fleet")).status_code == 200
    hall.clock.advance(idle - 60)
    assert (await again.client.get("/staff/fleet/table", headers=HTMX)).status_code == 200
    # Without htmx the table's address is the page.
    plain = await again.client.get("/staff/fleet/table?group=lobby")
    assert plain.status_code == 303 and plain.headers["location"] == "/staff/fleet?group=lobby"
