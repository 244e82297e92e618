"""Registering, moving and retiring kiosks from /staff/fleet: administrators only, every
problem at once in zh-CN and English, the key shown once, every change audited with its
difference; retiring revokes the kiosk's browser and signs its citizen out."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import httpx2

import onevisit
from shared import audit
from shared.config import Settings
from shared.db import Database
from shared.identity import citizens
from shared.kiosk import devices, sessions
from tests.kiosk.conftest import enrol_client, register_device
from tests.staff.conftest import Hall, csrf_of, signed_in_admin

KEY = re.compile(r'<code class="fleet-key" data-key>([A-Za-z0-9_-]{43})</code>')


async def admin_with_token(hall: Hall) -> tuple[httpx2.AsyncClient, str]:
    admin, _ = await signed_in_admin(hall)
    return admin, csrf_of(await admin.get("/staff/fleet/new"))


async def test_an_administrator_registers_a_kiosk_and_sees_its_key_once(hall: Hall) -> None:
    admin, token = await admin_with_token(hall)
    form = {"csrf_token": token, "device_id": "lobby-9", "name": "  一楼大厅   9 号机 ", "group": "lobby"}
    answer = await admin.post("/staff/fleet/new", data=form)
    assert answer.status_code == 200 and answer.headers["cache-control"] == "no-store"
    match = KEY.search(answer.text)
    assert match is not None
    key = match.group(1)
    assert "http://kiosk.test/kiosk/enrol" in answer.text and "只显示这一次" in answer.text
    device = await devices.verify_key(hall.services.db, "lobby-9", key)
    assert device is not None and device.name == "一楼大厅 9 号机" and device.group == "lobby"
    # Never again: not on the kiosk's page, not in the audit trail.
    page = await admin.get("/staff/fleet/kiosks/lobby-9")
    assert page.status_code == 200 and key not in page.text and "一楼大厅 9 号机" in page.text
    [entry] = await audit.recent(hall.services.db, action="kiosk.device.register")
    assert entry.target == "kiosk:lobby-9" and entry.result == "ok" and "boss" in entry.actor_label
    assert key not in str(entry.detail)
    assert {change["path"] for change in entry.detail["changes"]} == {"name", "group", "retired"}  # type: ignore[union-attr, index]
    # The key works: a browser enrolled with it is that kiosk.
    kiosk_browser = hall.client_at("10.0.9.8")
    enrolled = await kiosk_browser.post("/kiosk/enrol", data={"device_id": "lobby-9", "key": key})
    assert enrolled.status_code == 303 and kiosk_browser.cookies.get("ov_device")


async def test_every_problem_of_the_form_is_shown_at_once_in_both_languages(hall: Hall) -> None:
    await register_device(hall.services, "lobby-1")
    admin, token = await admin_with_token(hall)
    bad = {"csrf_token": token, "device_id": "Lobby 1", "name": "", "group": "大厅"}
    answer = await admin.post("/staff/fleet/new", data=bad)
    assert answer.status_code == 422
    for problem in ("编号只能用小写字母", "请填写名称", "分组只能用小写字母"):
        assert problem in answer.text
    english = await admin.post("/staff/fleet/new?lang=en", data=bad)
    assert "The id uses lower-case letters" in english.text and "Give a name" in english.text
    assert english.text.count('aria-invalid="true"') == 3
    taken = await admin.post("/staff/fleet/new", data={**bad, "device_id": "lobby-1", "name": "x", "group": "lobby"})
    assert taken.status_code == 422 and "这个编号已经用过" in taken.text
    # What was typed stays in the form; nothing was registered or audited.
    assert 'value="lobby-1"' in taken.text
    assert [d.id for d in await devices.list_all(hall.services.db)] == ["lobby-1"]
    assert await audit.recent(hall.services.db, action="kiosk.device.register") == []


async def test_moving_a_kiosk_to_another_group_is_audited_with_the_difference(hall: Hall) -> None:
    await register_device(hall.services, "lobby-1")
    admin, token = await admin_with_token(hall)
    moved = await admin.post(
        "/staff/fleet/kiosks/lobby-1/move", data={"csrf_token": token, "name": "出入境 1 号机", "group": "exit-entry"}
    )
    assert moved.status_code == 303 and moved.headers["location"] == "/staff/fleet/kiosks/lobby-1?moved=1"
    device = await devices.get(hall.services.db, "lobby-1")
    assert device is not None and (device.name, device.group) == ("出入境 1 号机", "exit-entry")
    [entry] = await audit.recent(hall.services.db, action="kiosk.device.move")
    assert entry.target == "kiosk:lobby-1"
    changes = {change["path"]: change for change in entry.detail["changes"]}  # type: ignore[union-attr]
    assert set(changes) == {"name", "group"}
    assert changes["group"]["before"] == "lobby" and changes["group"]["after"] == "exit-entry"  # type: ignore[index]
    page = await admin.get("/staff/fleet/kiosks/lobby-1?moved=1")
    assert "已保存" in page.text
    # Nothing changed, or a bad group: refused, nothing audited.
    same = await admin.post(
        "/staff/fleet/kiosks/lobby-1/move", data={"csrf_token": token, "name": "出入境 1 号机", "group": "exit-entry"}
    )
    assert same.status_code == 409
    bad = await admin.post("/staff/fleet/kiosks/lobby-1/move", data={"csrf_token": token, "name": "x", "group": "A B"})
    assert bad.status_code == 422 and "分组只能用小写字母" in bad.text
    form = {"csrf_token": token, "name": "x", "group": "a"}
    missing = await admin.post("/staff/fleet/kiosks/no-such/move", data=form)
    assert missing.status_code == 404
    assert len(await audit.recent(hall.services.db, action="kiosk.device.move")) == 1


async def test_retiring_revokes_the_kiosk_and_signs_its_citizen_out(hall: Hall) -> None:
    services = hall.services
    kiosk_browser = hall.client_at("10.0.9.9")
    await enrol_client(kiosk_browser, services, "lobby-1")
    assert (await kiosk_browser.post("/kiosk/heartbeat", json={"menu": None})).status_code == 200
    now = services.clock.now()
    async with services.db.transaction() as tx:
        citizen_id = await citizens.create(tx, now)
        token = await sessions.start(tx, "lobby-1", citizen_id, "id_card", now)
    admin, csrf = await admin_with_token(hall)
    page = await admin.get("/staff/fleet/kiosks/lobby-1")
    assert "data-retire-form" in page.text and "data-confirm=" in page.text
    services.clock.advance(1)
    retired = await admin.post("/staff/fleet/kiosks/lobby-1/retire", data={"csrf_token": csrf})
    assert retired.status_code == 303 and retired.headers["location"] == "/staff/fleet/kiosks/lobby-1"
    session = await sessions.get(services.db, token)
    assert session is not None and session.end_reason == "device"
    # The kiosk's browser is no kiosk any more, at once (this process forgot its cookie).
    assert (await kiosk_browser.post("/kiosk/heartbeat", json={"menu": None})).status_code == 403
    assert (await kiosk_browser.get("/")).status_code == 403
    [entry] = await audit.recent(services.db, action="kiosk.device.retire")
    assert entry.target == "kiosk:lobby-1"
    assert [c["path"] for c in entry.detail["changes"]] == ["retired"]  # type: ignore[union-attr, index]
    # The fleet lists it among the retired; its page has no forms any more; twice is a 404.
    fleet_page = await admin.get("/staff/fleet")
    assert 'data-kiosk="lobby-1"' not in fleet_page.text and "已停用的自助机" in fleet_page.text
    after = await admin.get("/staff/fleet/kiosks/lobby-1")
    assert "data-retired" in after.text and "data-retire-form" not in after.text and "data-move-form" not in after.text
    again = await admin.post("/staff/fleet/kiosks/lobby-1/retire", data={"csrf_token": csrf})
    assert again.status_code == 404


async def test_changes_need_the_anti_csrf_token(hall: Hall) -> None:
    await register_device(hall.services, "lobby-1")
    admin, _ = await admin_with_token(hall)
    assert (await admin.post("/staff/fleet/kiosks/lobby-1/retire", data={})).status_code == 403
    unsigned = {"device_id": "x-1", "name": "x", "group": "a"}
    assert (await admin.post("/staff/fleet/new", data=unsigned)).status_code == 403
    device = await devices.get(hall.services.db, "lobby-1")
    assert device is not None and device.active
    assert await devices.get(hall.services.db, "x-1") is None
    unknown = await admin.get("/staff/fleet/kiosks/NO%20SUCH")
    assert unknown.status_code == 404


def test_the_command_line_audits_a_kiosk_under_the_same_target(tmp_path: Path) -> None:
    data = str(tmp_path / "data")
    register = ["kiosk", "register", "--id", "lobby-07", "--name", "七号机", "--group", "lobby", "--data-dir", data]
    assert onevisit.main(register) == 0
    assert onevisit.main(["kiosk", "retire", "--id", "lobby-07", "--data-dir", data]) == 0

    async def history() -> list[str]:
        db = Database(Settings(data_dir=tmp_path / "data").database_path, readers=1)
        await db.open()
        try:
            return [entry.action for entry in await audit.recent(db, target="kiosk:lobby-07")]
        finally:
            await db.close()

    assert asyncio.run(history()) == ["kiosk.device.retire", "kiosk.device.register"]
