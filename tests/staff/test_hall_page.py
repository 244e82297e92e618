"""/staff/hall: hall administrators and window clerks see kiosk alerts and hardware; acting is audited."""

from __future__ import annotations

from shared import audit
from shared.kiosk import hall_alerts, hardware
from tests.kiosk.conftest import register_device
from tests.staff.applications_support import staff
from tests.staff.conftest import Hall, csrf_of, signed_in_admin

KIOSK = "lobby-7"


async def raise_alerts(hall: Hall) -> tuple[int, int]:
    await register_device(hall.services, KIOSK)
    now = hall.clock.now()
    async with hall.services.db.transaction() as tx:
        call = await hall_alerts.raise_alert(tx, KIOSK, "call_staff", now - 300)
        paper = await hall_alerts.raise_alert(tx, KIOSK, "printer_paper_out", now - 60)
        await hardware.record(tx, KIOSK, "printer", "paper_out", now - 60, detail="receipt")
    return call, paper


async def test_a_clerk_sees_open_alerts_newest_first_with_the_kiosk_and_the_time(hall: Hall) -> None:
    await raise_alerts(hall)
    clerk = await staff(hall, "clerk.h", "clerk", "GA")
    home = await clerk.client.get("/staff/")
    assert 'href="/staff/hall"' in home.text
    page = await clerk.client.get("/staff/hall")
    assert page.status_code == 200
    body = page.text
    assert f"测试自助机 {KIOSK}" in body
    assert body.index("打印机缺纸") < body.index("群众呼叫工作人员")  # newest first
    assert "5 分钟前" in body and "1 分钟前" in body
    # The hardware table: the printer out of paper, the rest not reported yet.
    assert "缺纸" in body and "未报告" in body


async def test_reviewers_and_supervisors_are_refused(hall: Hall) -> None:
    await raise_alerts(hall)
    for username, role, department in (("rev.h", "reviewer", "GA"), ("sup.h", "supervisor", None)):
        person = await staff(hall, username, role, department)
        home = await person.client.get("/staff/")
        assert 'href="/staff/hall"' not in home.text
        page = await person.client.get("/staff/hall")
        assert page.status_code == 403, role
        refused = await audit.recent(hall.services.db, action="staff.access")
        assert refused[0].result == "refused" and refused[0].target == "/staff/hall"


async def test_an_administrator_sees_the_page(hall: Hall) -> None:
    await raise_alerts(hall)
    client, _ = await signed_in_admin(hall)
    page = await client.get("/staff/hall")
    assert page.status_code == 200 and "群众呼叫工作人员" in page.text


async def test_acknowledge_then_resolve_each_audited(hall: Hall) -> None:
    call, _ = await raise_alerts(hall)
    clerk = await staff(hall, "clerk.h", "clerk", "GA")
    page = await clerk.client.get("/staff/hall")
    token = csrf_of(page)

    acknowledged = await clerk.client.post(f"/staff/hall/alerts/{call}/acknowledge", data={"csrf_token": token})
    assert acknowledged.status_code == 303 and acknowledged.headers["location"] == "/staff/hall?done=acknowledge"
    alert = await hall_alerts.get(hall.services.db, call)
    assert alert is not None and alert.state == "acknowledged" and alert.acknowledged_by_name == "clerk.h name"
    page = await clerk.client.get("/staff/hall?done=acknowledge")
    assert "已标记为前往处理" in page.text and "clerk.h name 已前往" in page.text
    # A second "on my way" keeps who went first.
    again = await clerk.client.post(f"/staff/hall/alerts/{call}/acknowledge", data={"csrf_token": token})
    assert again.status_code == 303

    resolved = await clerk.client.post(f"/staff/hall/alerts/{call}/resolve", data={"csrf_token": token})
    assert resolved.status_code == 303
    alert = await hall_alerts.get(hall.services.db, call)
    assert alert is not None and alert.state == "resolved"
    assert [a.id for a in await hall_alerts.list_open(hall.services.db)] != [call]

    events = await audit.recent(hall.services.db, limit=20)
    acts = [(e.action, e.target, e.detail.get("kind")) for e in events if e.action.startswith("hall.alert.")]
    assert acts[-1] == ("hall.alert.acknowledge", str(call), "call_staff")
    assert acts[0] == ("hall.alert.resolve", str(call), "call_staff")
    assert all("clerk.h" in e.actor_label for e in events if e.action.startswith("hall.alert."))

    # Resolved once: a second resolve says so (409) and writes nothing more.
    twice = await clerk.client.post(f"/staff/hall/alerts/{call}/resolve", data={"csrf_token": token})
    assert twice.status_code == 409
    after = [e for e in await audit.recent(hall.services.db, limit=20) if e.action.startswith("hall.alert.")]
    assert len(after) == len(acts)


async def test_without_the_anti_csrf_token_or_with_a_wrong_alert_nothing_changes(hall: Hall) -> None:
    call, _ = await raise_alerts(hall)
    clerk = await staff(hall, "clerk.h", "clerk", "GA")
    refused = await clerk.client.post(f"/staff/hall/alerts/{call}/resolve", data={})
    assert refused.status_code == 403
    token = csrf_of(await clerk.client.get("/staff/hall"))
    missing = await clerk.client.post("/staff/hall/alerts/99999/resolve", data={"csrf_token": token})
    assert missing.status_code == 404
    unknown = await clerk.client.post(f"/staff/hall/alerts/{call}/explode", data={"csrf_token": token})
    assert unknown.status_code == 404
    assert len(await hall_alerts.list_open(hall.services.db)) == 2
    reviewer = await staff(hall, "rev.h", "reviewer", "GA")
    token = csrf_of(await reviewer.client.get("/staff/"))
    forbidden = await reviewer.client.post(f"/staff/hall/alerts/{call}/resolve", data={"csrf_token": token})
    assert forbidden.status_code == 403
    assert len(await hall_alerts.list_open(hall.services.db)) == 2
