"""All SQL about the kiosk fleet (自助机设备管理): heartbeats and what staff see of each kiosk.

A kiosk screen beats every few seconds (shared.kiosk.heartbeat). Writing each beat would
cost a durable commit per kiosk every three seconds for no news, so `FleetMonitor` (one per
process, `services.fleet`) keeps the latest beat of each kiosk in memory and writes it to
`kiosk_heartbeats` only when it says something new — the menu it shows or should show, a
hardware state — or when the stored beat is `WRITE_EVERY_SECONDS` old. The stored beat is
therefore at most that old, well inside the 60 s after which a kiosk counts as offline; the
fleet page of the same process reads the newer one from memory.

Hardware changes the bridge reports are recorded in `kiosk_hardware` (shared.kiosk.hardware)
with the hall alerts they mean: a printer or scanner fault raises its alert (at most one
open per kiosk and kind), the component reported working again resolves it. The card
reader's state is recorded and shown; it has no alert kind of its own.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.kiosk import devices, hall_alerts, hardware
from shared.kiosk.devices import KioskDevice
from shared.kiosk.fleet_rules import (
    MIN_BEAT_INTERVAL_SECONDS,
    WRITE_EVERY_SECONDS,
    MenuState,
    Problem,
    menu_state,
    mismatch_since,
    online,
    problems,
)
from shared.kiosk.hall_alerts import AlertKind, HallAlert
from shared.kiosk.hardware import Component, ComponentState, HardwareState

log = logging.getLogger("onevisit.kiosk.fleet")

# The alert each printer fault means (shared.kiosk.printing raises the same on a failed print).
PRINTER_ALERTS: dict[str, AlertKind] = {
    "paper_out": "printer_paper_out",
    "jam": "printer_jam",
    "unavailable": "printer_unavailable",
}


@dataclass(frozen=True, slots=True)
class Beat:
    """What one heartbeat says: the menu the page shows (None: a page without a menu), the
    one the server says it should show, and the bridge's report of the hardware."""

    device_id: str
    at: float
    menu_shown: str | None
    menu_expected: str | None
    hardware: Mapping[Component, HardwareState]


@dataclass(frozen=True, slots=True)
class HeartbeatRecord:
    """A kiosk's latest known beat."""

    device_id: str
    beat_at: float
    menu_shown: str | None
    menu_expected: str | None
    mismatch_since: float | None


@dataclass(slots=True)
class _Memory:
    received_at: float  # the last beat accepted (rate limit)
    record: HeartbeatRecord | None = None  # the latest beat, written or not
    written: HeartbeatRecord | None = None  # what kiosk_heartbeats holds
    written_at: float | None = None  # when this process last wrote (or read) the row
    hardware: dict[str, str] = field(default_factory=dict)  # what kiosk_hardware holds, as last seen


def _parse(value: str | None) -> float | None:
    return dt.datetime.fromisoformat(value).timestamp() if value else None


def _record(row: Row) -> HeartbeatRecord:
    beat_at = _parse(row["beat_at"])
    assert beat_at is not None
    return HeartbeatRecord(
        device_id=str(row["device_id"]),
        beat_at=beat_at,
        menu_shown=row["menu_shown"],
        menu_expected=row["menu_expected"],
        mismatch_since=_parse(row["mismatch_since"]),
    )


_SELECT = "SELECT device_id, beat_at, menu_shown, menu_expected, mismatch_since FROM kiosk_heartbeats"


async def stored_beat(db: Database | Transaction, device_id: str) -> HeartbeatRecord | None:
    row = await db.fetch_one(f"{_SELECT} WHERE device_id = ?", (device_id,))
    return _record(row) if row is not None else None


async def stored_beats(db: Database | Transaction) -> dict[str, HeartbeatRecord]:
    return {str(row["device_id"]): _record(row) for row in await db.fetch_all(_SELECT)}


async def _write_beat(tx: Transaction, record: HeartbeatRecord) -> None:
    await tx.execute(
        "INSERT INTO kiosk_heartbeats (device_id, beat_at, menu_shown, menu_expected, mismatch_since)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (device_id) DO UPDATE SET beat_at = excluded.beat_at,"
        " menu_shown = excluded.menu_shown, menu_expected = excluded.menu_expected,"
        " mismatch_since = excluded.mismatch_since",
        (
            record.device_id,
            iso(record.beat_at),
            record.menu_shown,
            record.menu_expected,
            iso(record.mismatch_since) if record.mismatch_since is not None else None,
        ),
    )


async def _hardware_of(db: Database | Transaction, device_id: str) -> dict[str, str]:
    rows = await db.fetch_all("SELECT component, state FROM kiosk_hardware WHERE device_id = ?", (device_id,))
    return {str(row["component"]): str(row["state"]) for row in rows}


async def record_hardware_change(
    tx: Transaction, device_id: str, component: Component, state: HardwareState, now: float
) -> HardwareState:
    """Record a component's new state and raise or resolve the hall alert it means; the
    state now stored.

    `now` is when the bridge was asked. A report written by another path after that (a
    print that just went through after a refill, under the writer lock before this one)
    is newer than ours and stays: a heartbeat read before the refill must not raise the
    paper alert again. A report that says what is stored already is not written either:
    the print that failed recorded which paper ran out (`80mm receipt`), and a good print
    on that paper is what clears it (shared.kiosk.printing).
    """
    stored = await hardware.report_of(tx, device_id, component)
    if stored is not None and (stored.updated_at > iso(now) or stored.state == state):
        return stored.state
    await hardware.record(tx, device_id, component, state, now, detail="heartbeat")
    if component == "printer":
        fault = PRINTER_ALERTS.get(state)
        for kind in hall_alerts.PRINTER_KINDS:
            if kind != fault:  # a jam cleared and now out of paper: the jam alert is over
                await hall_alerts.resolve(tx, device_id, kind, now)
        if fault is not None:
            await hall_alerts.raise_alert(tx, device_id, fault, now, note=state)
    elif component == "scanner":
        if state in hardware.WORKING_STATES:
            await hall_alerts.resolve(tx, device_id, "scanner_fault", now)
        else:
            await hall_alerts.raise_alert(tx, device_id, "scanner_fault", now, note=state)
    return state


class FleetMonitor:
    """The latest beat of every kiosk this process has heard, and when to write it down."""

    def __init__(self) -> None:
        self._memory: dict[str, _Memory] = {}

    def accept(self, device_id: str, now: float) -> bool:
        """Whether a beat arriving now is taken; False when the last one came under a second
        ago (a page opened twice, a script gone wrong): it is answered without any work."""
        memory = self._memory.get(device_id)
        if memory is not None and 0 <= now - memory.received_at < MIN_BEAT_INTERVAL_SECONDS:
            return False
        if memory is None:
            self._memory[device_id] = _Memory(received_at=now)
        else:
            memory.received_at = now
        return True

    def latest(self, device_id: str) -> HeartbeatRecord | None:
        memory = self._memory.get(device_id)
        return memory.record if memory is not None else None

    def forget(self, device_id: str) -> None:
        """Drop what is known of a kiosk (it was retired)."""
        self._memory.pop(device_id, None)

    async def record(self, db: Database, beat: Beat) -> bool:
        """Take a beat; True when it was written to the database (with any hardware change)."""
        memory = self._memory.setdefault(beat.device_id, _Memory(received_at=beat.at))
        now = beat.at
        refresh = memory.written_at is None or now - memory.written_at >= WRITE_EVERY_SECONDS
        if refresh:
            # First beat in this process, or time for the periodic write: read what is stored,
            # since other paths (a failed print, another process) write these tables too.
            memory.written = await stored_beat(db, beat.device_id)
            memory.hardware = await _hardware_of(db, beat.device_id)
            if memory.record is None or (memory.written and memory.written.beat_at > memory.record.beat_at):
                memory.record = memory.written
        previous = memory.record
        since = mismatch_since(beat.menu_shown, beat.menu_expected, previous.mismatch_since if previous else None, now)
        record = HeartbeatRecord(beat.device_id, now, beat.menu_shown, beat.menu_expected, since)
        changed_hardware = {c: s for c, s in beat.hardware.items() if memory.hardware.get(c) != s}
        written = memory.written
        news = written is None or (
            (written.menu_shown, written.menu_expected, written.mismatch_since is None)
            != (record.menu_shown, record.menu_expected, record.mismatch_since is None)
        )
        memory.record = record
        if not (refresh or news or changed_hardware):
            return False
        stored: dict[Component, HardwareState] = {}
        async with db.transaction() as tx:
            await _write_beat(tx, record)
            for component, state in changed_hardware.items():
                stored[component] = await record_hardware_change(tx, beat.device_id, component, state, now)
        for component, state in stored.items():
            memory.hardware[component] = state
            log.info("kiosk %s: %s is now %s", beat.device_id, component, state)
        memory.written = record
        memory.written_at = now
        return True


# --- what staff see ----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class KioskStatus:
    """One row of the fleet page."""

    device: KioskDevice
    beat: HeartbeatRecord | None
    online: bool
    menu_expected: str | None
    menu: MenuState
    hardware: dict[str, ComponentState]
    alerts: list[HallAlert]
    problems: frozenset[Problem]

    @property
    def menu_shown(self) -> str | None:
        return self.beat.menu_shown if self.beat is not None else None


ExpectedMenu = Callable[[KioskDevice], Awaitable[str | None]]


async def overview(db: Database, monitor: FleetMonitor, expected: ExpectedMenu, now: float) -> list[KioskStatus]:
    """Every active kiosk with its last beat, menus, hardware, open alerts and problems.

    `expected` gives the menu stamp a kiosk should show now (the menus' own resolution).
    """
    kiosks = [device for device in await devices.list_all(db) if device.active]
    stored = await stored_beats(db)
    states: dict[str, dict[str, ComponentState]] = {}
    for state in await hardware.all_states(db):
        states.setdefault(state.device_id, {})[state.component] = state
    alerts: dict[str, list[HallAlert]] = {}
    for alert in await hall_alerts.list_open(db):
        alerts.setdefault(alert.device_id, []).append(alert)
    found: list[KioskStatus] = []
    for device in kiosks:
        beat = _newer(stored.get(device.id), monitor.latest(device.id))
        should_show = await expected(device)
        is_online = online(beat.beat_at if beat else None, now)
        # The beat's mismatch was judged against the menu of that moment. After a publish
        # since, a kiosk that showed the old menu differs from its last beat on (None here:
        # menu_state counts from `beat_at`); one that differed already, from that earlier time.
        menu = menu_state(
            beat.menu_shown if beat else None,
            should_show,
            beat.mismatch_since if beat else None,
            beat.beat_at if beat else None,
            now,
        )
        component_states = states.get(device.id, {})
        device_alerts = alerts.get(device.id, [])
        found.append(
            KioskStatus(
                device=device,
                beat=beat,
                online=is_online,
                menu_expected=should_show,
                menu=menu,
                hardware=component_states,
                alerts=device_alerts,
                problems=problems(
                    is_online=is_online,
                    hardware={c: s.state for c, s in component_states.items()},
                    open_alerts=len(device_alerts),
                    menu=menu,
                ),
            )
        )
    return found


def _newer(stored: HeartbeatRecord | None, remembered: HeartbeatRecord | None) -> HeartbeatRecord | None:
    if stored is None or remembered is None:
        return stored or remembered
    return remembered if remembered.beat_at >= stored.beat_at else stored
