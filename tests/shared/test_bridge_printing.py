"""print_at_kiosk: faults become a message for the screen, one hall alert and a recorded printer state."""

from __future__ import annotations

import pytest

from shared import audit
from shared.kiosk import hall_alerts, hardware
from shared.kiosk.bridge import PrinterUnavailable, PrintJob, SimulatedDeviceBridge
from shared.kiosk.printing import print_at_kiosk
from shared.services import Services
from tests.conftest import Running
from tests.kiosk.conftest import register_device

DEVICE = "print-kiosk-1"
RECEIPT = PrintJob(kind="receipt", paper="80mm", title="回执", body="<p>receipt</p>", reference="app-1")


@pytest.fixture
async def services(running: Running) -> Services:
    await register_device(running.services, DEVICE)
    return running.services


def sim(services: Services) -> SimulatedDeviceBridge:
    bridge = services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    return bridge


async def test_a_good_print_is_ok_and_records_the_printer(services: Services) -> None:
    outcome = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert outcome.ok and outcome.problem is None
    assert outcome.print_id == sim(services).print_ids(DEVICE)[0]
    assert sim(services).printed(DEVICE) == [RECEIPT]
    assert await hardware.states(services.db) == {DEVICE: {"printer": "ok"}}
    assert await hall_alerts.list_open(services.db) == []


async def test_paper_out_alerts_once_and_the_next_good_print_resolves_it(services: Services, running: Running) -> None:
    sim(services).load_paper(DEVICE, sheets=0)
    first = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert not first.ok and first.print_id is None
    assert first.problem is not None and "缺纸" in first.problem.zh and "paper" in (first.problem.en or "")
    running.clock.advance(30)
    again = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert not again.ok
    assert sim(services).printed(DEVICE) == []

    alerts = await hall_alerts.list_open(services.db)
    assert [(a.device_id, a.kind, a.state) for a in alerts] == [(DEVICE, "printer_paper_out", "open")]
    assert alerts[0].device_name == f"测试自助机 {DEVICE}"
    assert (await hardware.states(services.db))[DEVICE]["printer"] == "paper_out"
    faults = [e for e in await audit.recent(services.db, limit=20) if e.action == "kiosk.printer.fault"]
    assert len(faults) == 2

    sim(services).load_paper(DEVICE)
    done = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert done.ok
    assert await hall_alerts.list_open(services.db) == []
    resolved = await hall_alerts.get(services.db, alerts[0].id)
    assert resolved is not None and resolved.state == "resolved"
    assert (await hardware.states(services.db))[DEVICE]["printer"] == "ok"


async def test_jam_and_unavailable_have_their_own_alert_and_message(services: Services) -> None:
    sim(services).jam_printer(DEVICE)
    jammed = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert jammed.problem is not None and "卡纸" in jammed.problem.zh
    assert await hardware.state_of(services.db, DEVICE, "printer") == "jam"
    sim(services).clear_jam(DEVICE)
    sim(services).fail_next_print(DEVICE, PrinterUnavailable())
    gone = await print_at_kiosk(services, DEVICE, RECEIPT)
    assert gone.problem is not None and "无法使用" in gone.problem.zh
    kinds = sorted(a.kind for a in await hall_alerts.list_open(services.db))
    assert kinds == ["printer_jam", "printer_unavailable"]
    assert await hardware.state_of(services.db, DEVICE, "printer") == "unavailable"
    # One good print: the printer is fine, every printer alert of this kiosk is resolved.
    assert (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    assert await hall_alerts.list_open(services.db) == []


async def test_raise_alert_returns_the_open_one_until_resolved(services: Services, running: Running) -> None:
    now = running.clock.now()
    async with services.db.transaction() as tx:
        first = await hall_alerts.raise_alert(tx, DEVICE, "call_staff", now)
        assert await hall_alerts.raise_alert(tx, DEVICE, "call_staff", now + 1) == first
        other = await hall_alerts.raise_alert(tx, DEVICE, "scanner_fault", now)
        assert other != first
    async with services.db.transaction() as tx:
        assert await hall_alerts.resolve(tx, DEVICE, "call_staff", now + 2) == first
        assert await hall_alerts.resolve(tx, DEVICE, "call_staff", now + 3) is None
        later = await hall_alerts.raise_alert(tx, DEVICE, "call_staff", now + 4)
    assert later not in (first, other)
    open_ids = [a.id for a in await hall_alerts.list_open(services.db)]
    assert open_ids == [later, other]  # newest first
    with pytest.raises(ValueError):
        async with services.db.transaction() as tx:
            await hall_alerts.raise_alert(tx, DEVICE, "fire", now)  # type: ignore[arg-type]
