"""The call-staff button: on every kiosk screen, one alert however often it is tapped, audited once."""

from __future__ import annotations

import pytest

from shared import audit
from shared.kiosk import hall_alerts
from tests.kiosk.application_steps import HTMX
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text


@pytest.mark.parametrize("path", ["/", "/search", "/signin", "/items/GA-SFZ-002"])
async def test_every_screen_has_the_call_staff_button(kiosk: Kiosk, path: str) -> None:
    page = await kiosk.client.get(path)
    assert page.status_code == 200
    assert 'action="/kiosk/call-staff"' in page.text and "data-call-staff" in page.text
    assert "呼叫工作人员" in page.text
    # Not a demo: no simulated devices on a real kiosk's screen.
    assert "data-demo-devices" not in page.text


async def test_a_tap_raises_one_alert_and_a_second_tap_none(kiosk: Kiosk) -> None:
    first = await kiosk.client.post("/kiosk/call-staff", data={"next": "/search"}, headers=HTMX)
    assert first.status_code == 200
    assert "工作人员马上就到" in text(first.text) and "data-call-staff-done" in first.text
    alerts = await hall_alerts.list_open(kiosk.services.db)
    assert [(a.device_id, a.kind, a.state) for a in alerts] == [(kiosk.device_id, "call_staff", "open")]

    kiosk.clock.advance(20)
    second = await kiosk.client.post("/kiosk/call-staff", data={"next": "/search"}, headers=HTMX)
    assert second.status_code == 200
    assert "已在赶来的路上" in text(second.text)
    assert [a.id for a in await hall_alerts.list_open(kiosk.services.db)] == [alerts[0].id]
    entries = await audit.recent(kiosk.services.db, action="kiosk.call_staff")
    assert len(entries) == 1 and entries[0].target == str(alerts[0].id)


async def test_once_resolved_a_new_tap_raises_a_new_alert(kiosk: Kiosk) -> None:
    await kiosk.client.post("/kiosk/call-staff", headers=HTMX)
    [first] = await hall_alerts.list_open(kiosk.services.db)
    async with kiosk.services.db.transaction() as tx:
        await hall_alerts.resolve_by_id(tx, first.id, None, kiosk.clock.now())
    again = await kiosk.client.post("/kiosk/call-staff", headers=HTMX)
    assert "工作人员马上就到" in text(again.text)
    [second] = await hall_alerts.list_open(kiosk.services.db)
    assert second.id != first.id


async def test_without_script_a_page_with_a_way_back(kiosk: Kiosk) -> None:
    page = await kiosk.client.post("/kiosk/call-staff", data={"next": "/items/GA-SFZ-002"})
    assert page.status_code == 200
    assert "工作人员马上就到" in text(page.text)
    assert 'href="/items/GA-SFZ-002"' in page.text
    # Never a way to another site, nor back to a form's answer.
    for bad in ("//evil.example/x", "https://evil.example", "/kiosk/call-staff", "\\\\evil"):
        page = await kiosk.client.post("/kiosk/call-staff", data={"next": bad})
        assert page.status_code == 200
        assert "evil" not in page.text
        assert 'class="button-primary" href="/"' in page.text


async def test_english(kiosk: Kiosk) -> None:
    kiosk.client.cookies.set("ov_lang", "en")
    page = await kiosk.client.post("/kiosk/call-staff", headers=HTMX)
    assert "Staff have been told and will be with you shortly" in text(page.text)


async def test_the_demo_panel_is_not_there_without_the_demo(kiosk: Kiosk) -> None:
    response = await kiosk.client.post("/kiosk/demo/devices", data={"action": "place_document"}, headers=HTMX)
    assert response.status_code == 404


async def test_only_a_registered_kiosk_can_call(kiosk: Kiosk) -> None:
    stranger = kiosk.new_client()
    try:
        response = await stranger.post("/kiosk/call-staff")
        assert response.status_code == 403
    finally:
        await stranger.aclose()
    assert await hall_alerts.list_open(kiosk.services.db) == []
