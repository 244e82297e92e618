"""The fleet monitor and the heartbeat behind it: beats written only when they say something
new, what other paths wrote read back, the bridge's status and its alerts, the overview."""

from __future__ import annotations

import dataclasses

import pytest

from shared.kiosk import devices, fleet, hall_alerts, hardware
from shared.kiosk.bridge import (
    PAPER_LOW,
    PaperJam,
    PrintJob,
    ReaderUnavailable,
    ScannerUnavailable,
    SimulatedDeviceBridge,
)
from shared.kiosk.fleet import Beat, FleetMonitor
from shared.kiosk.fleet_rules import WRITE_EVERY_SECONDS
from shared.kiosk.hardware import Component, HardwareState
from shared.kiosk.heartbeat import beat
from shared.kiosk.printing import print_at_kiosk
from shared.services import Services
from tests.conftest import Running
from tests.kiosk.conftest import register_device

DEVICE = "fleet-kiosk-1"
OK = {"printer": "ok", "scanner": "ok", "card_reader": "ok"}
RECEIPT = PrintJob(kind="receipt", paper="80mm", title="回执", body="<p>receipt</p>")


@pytest.fixture
async def services(running: Running) -> Services:
    await register_device(running.services, DEVICE)
    await register_device(running.services, "fleet-kiosk-2", "exit-entry")
    return running.services


def sim(services: Services) -> SimulatedDeviceBridge:
    bridge = services.device_bridge
    assert isinstance(bridge, SimulatedDeviceBridge)
    return bridge


async def test_the_simulated_bridge_reports_each_component(services: Services) -> None:
    bridge = sim(services)
    assert await bridge.status(DEVICE) == OK
    bridge.load_paper(DEVICE, sheets=PAPER_LOW - 1, paper="A4")
    assert (await bridge.status(DEVICE))["printer"] == "paper_low"
    bridge.load_paper(DEVICE, sheets=0, paper="80mm")
    assert (await bridge.status(DEVICE))["printer"] == "paper_out"
    bridge.load_paper(DEVICE)
    bridge.set_printer_offline(DEVICE)
    assert (await bridge.status(DEVICE))["printer"] == "unavailable"
    bridge.set_printer_offline(DEVICE, offline=False)
    # A one-off failure shows as the printer's state until a print goes through.
    bridge.fail_next_print(DEVICE, PaperJam())
    assert (await bridge.status(DEVICE))["printer"] == "jam"
    assert not (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    assert (await bridge.status(DEVICE))["printer"] == "jam"
    assert (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    assert (await bridge.status(DEVICE))["printer"] == "ok"

    bridge.fail_next_scan(DEVICE, ScannerUnavailable())
    assert (await bridge.status(DEVICE))["scanner"] == "unavailable"
    with pytest.raises(ScannerUnavailable):
        await bridge.scan_document(DEVICE)
    assert (await bridge.status(DEVICE))["scanner"] == "unavailable"
    bridge.place_document(DEVICE)
    assert (await bridge.status(DEVICE))["scanner"] == "ok"

    bridge.set_card_reader_offline(DEVICE)
    assert (await bridge.status(DEVICE))["card_reader"] == "unavailable"
    with pytest.raises(ReaderUnavailable):
        await bridge.read_id_card(DEVICE)
    bridge.set_card_reader_offline(DEVICE, offline=False)
    assert await bridge.status(DEVICE) == OK
    # Another kiosk's hardware is its own.
    assert await bridge.status("fleet-kiosk-2") == OK


async def test_a_monitor_writes_news_and_every_30_seconds(services: Services, running: Running) -> None:
    monitor, db, clock = FleetMonitor(), services.db, running.clock

    async def take(shown: str | None, expected: str | None, **hw: str) -> bool:
        return await monitor.record(db, Beat(DEVICE, clock.now(), shown, expected, {**OK, **hw}))  # type: ignore[arg-type]

    assert await take("m@1", "m@1")  # the first beat this process hears
    for _ in range(9):
        clock.advance(3)
        assert not await take("m@1", "m@1")
    clock.advance(3)
    assert await take("m@1", "m@1")  # 30 s since the last write
    clock.advance(3)
    assert await take("m@1", "m@2")  # a publish: the page must reload
    clock.advance(3)
    assert not await take("m@1", "m@2")  # still the same difference (its start is kept)
    stored = await fleet.stored_beat(db, DEVICE)
    assert stored is not None and stored.mismatch_since == pytest.approx(clock.now() - 3, abs=0.001)
    clock.advance(3)
    assert await take("m@2", "m@2")
    clock.advance(3)
    assert await take("m@2", "m@2", scanner="jam")
    assert await hardware.state_of(db, DEVICE, "scanner") == "jam"
    assert [a.kind for a in await hall_alerts.list_open(db)] == ["scanner_fault"]


async def test_what_another_path_wrote_is_read_back_at_the_periodic_write(services: Services, running: Running) -> None:
    monitor, db, clock = FleetMonitor(), services.db, running.clock
    await monitor.record(db, Beat(DEVICE, clock.now(), None, None, OK))  # type: ignore[arg-type]
    # A print fails (recorded by shared.kiosk.printing), though the printer says it is fine now.
    async with db.transaction() as tx:
        await hardware.record(tx, DEVICE, "printer", "jam", clock.now())
        await hall_alerts.raise_alert(tx, DEVICE, "printer_jam", clock.now())
    clock.advance(WRITE_EVERY_SECONDS)
    assert await monitor.record(db, Beat(DEVICE, clock.now(), None, None, OK))  # type: ignore[arg-type]
    assert await hardware.state_of(db, DEVICE, "printer") == "ok"
    assert await hall_alerts.list_open(db) == []


async def test_a_heartbeat_asks_the_menus_and_the_bridge(services: Services, running: Running) -> None:
    kiosk = await devices.get(services.db, DEVICE)
    assert kiosk is not None
    answer = await beat(services, kiosk, None)
    assert answer is not None and answer.menu is None and answer.every == 3
    assert await beat(services, kiosk, None) is None  # the same second: ignored

    class Silent(SimulatedDeviceBridge):
        async def status(self, device_id: str) -> dict[Component, HardwareState]:
            raise ReaderUnavailable

    silent = dataclasses.replace(services, device_bridge=Silent(running.clock))
    running.clock.advance(3)
    assert await beat(silent, kiosk, None) is not None
    # The hardware service does not answer at all: nothing on this kiosk can be used.
    assert (await hardware.states(services.db))[DEVICE] == dict.fromkeys(OK, "unavailable")
    assert {a.kind for a in await hall_alerts.list_open(services.db)} == {"printer_unavailable", "scanner_fault"}


async def test_the_overview_prefers_the_newer_beat_of_memory_or_database(services: Services, running: Running) -> None:
    db, clock = services.db, running.clock
    writer = FleetMonitor()
    await writer.record(db, Beat(DEVICE, clock.now(), None, None, OK))  # type: ignore[arg-type]
    clock.advance(10)
    await services.fleet.record(db, Beat(DEVICE, clock.now(), None, None, OK))  # type: ignore[arg-type]
    clock.advance(5)
    services.fleet.accept(DEVICE, clock.now())
    await services.fleet.record(db, Beat(DEVICE, clock.now(), None, None, OK))  # type: ignore[arg-type]

    async def nothing(_: object) -> None:
        return None

    rows = {row.device.id: row for row in await fleet.overview(db, services.fleet, nothing, clock.now())}
    assert rows[DEVICE].beat is not None and rows[DEVICE].beat.beat_at == pytest.approx(clock.now())
    assert rows[DEVICE].online and rows[DEVICE].problems == frozenset()
    other = rows["fleet-kiosk-2"]
    assert other.beat is None and not other.online and other.problems == {"offline"}
    # From another process's point of view (only the database), the beat is at most 30 s old.
    elsewhere = {row.device.id: row for row in await fleet.overview(db, FleetMonitor(), nothing, clock.now())}
    beat_seen = elsewhere[DEVICE].beat
    assert beat_seen is not None and clock.now() - beat_seen.beat_at <= WRITE_EVERY_SECONDS


async def a_print_that_ran_out_of_paper(
    services: Services, running: Running
) -> tuple[SimulatedDeviceBridge, FleetMonitor]:
    """A kiosk the monitor last saw healthy, whose receipt print then failed: paper out."""
    bridge = sim(services)
    monitor = FleetMonitor()
    await monitor.record(services.db, Beat(DEVICE, running.clock.now(), None, None, OK))  # type: ignore[arg-type]
    bridge.load_paper(DEVICE, sheets=0, paper="80mm")
    running.clock.advance(1)
    assert not (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    return bridge, monitor


async def test_a_beat_read_before_a_refill_does_not_raise_the_alert_a_later_print_resolved(
    services: Services, running: Running
) -> None:
    db, clock = services.db, running.clock
    bridge, monitor = await a_print_that_ran_out_of_paper(services, running)
    assert [a.kind for a in await hall_alerts.list_open(db)] == ["printer_paper_out"]

    # A heartbeat asks the bridge (paper out) ...
    clock.advance(1)
    asked_at = clock.now()
    status = await bridge.status(DEVICE)
    # ... staff refill and the citizen's print goes through before that beat is written.
    bridge.load_paper(DEVICE)
    clock.advance(0.5)
    assert (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    assert await hall_alerts.list_open(db) == []

    await monitor.record(db, Beat(DEVICE, asked_at, None, None, status))
    assert await hall_alerts.list_open(db) == []
    assert await hardware.state_of(db, DEVICE, "printer") == "ok"
    # The next beat, with a fresh report, has nothing to change.
    clock.advance(3)
    fresh = await bridge.status(DEVICE)
    await monitor.record(db, Beat(DEVICE, clock.now(), None, None, fresh))
    assert await hall_alerts.list_open(db) == [] and await hardware.state_of(db, DEVICE, "printer") == "ok"


async def test_a_beat_repeating_a_failed_print_keeps_its_paper_so_the_next_good_print_clears_it(
    services: Services, running: Running
) -> None:
    db, clock = services.db, running.clock
    bridge, monitor = await a_print_that_ran_out_of_paper(services, running)
    report = await hardware.report_of(db, DEVICE, "printer")
    assert report is not None and report.detail == "80mm receipt"

    # The monitor still thinks the printer is fine; this beat says paper out, as stored.
    clock.advance(1)
    await monitor.record(db, Beat(DEVICE, clock.now(), None, None, await bridge.status(DEVICE)))
    report = await hardware.report_of(db, DEVICE, "printer")
    assert report is not None and report.state == "paper_out" and report.detail == "80mm receipt"

    bridge.load_paper(DEVICE)
    clock.advance(1)
    assert (await print_at_kiosk(services, DEVICE, RECEIPT)).ok
    assert await hall_alerts.list_open(db) == []
