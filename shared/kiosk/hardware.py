"""All SQL about the kiosks' hardware state: what each component last reported.

The device bridge reports faults as it meets them (a print that found no paper, a jam, a
scanner that stopped answering); `record` keeps the latest per kiosk and component, and
"ok" again once a job went through. The kiosk heartbeat also asks the bridge how each
component is every few seconds and records what changed (shared.kiosk.fleet), so a printer
running low on paper (`paper_low`) shows before anyone meets it. Staff see these on
/staff/hall and /staff/fleet.
"""

from __future__ import annotations

from dataclasses import dataclass
from sqlite3 import Row
from typing import Literal

from shared.clock import iso
from shared.db import Database, Transaction

Component = Literal["printer", "scanner", "card_reader"]
# "paper_low" (纸将用完, migration 0021): the printer still prints, staff should bring paper.
HardwareState = Literal["ok", "paper_low", "paper_out", "jam", "unavailable"]
COMPONENTS: tuple[Component, ...] = ("printer", "scanner", "card_reader")
STATES: tuple[HardwareState, ...] = ("ok", "paper_low", "paper_out", "jam", "unavailable")
# States in which the component still does its job.
WORKING_STATES: tuple[HardwareState, ...] = ("ok", "paper_low")
MAX_DETAIL_LENGTH = 200


@dataclass(frozen=True, slots=True)
class ComponentState:
    device_id: str
    component: Component
    state: HardwareState
    detail: str | None
    updated_at: str

    @property
    def ok(self) -> bool:
        return self.state == "ok"

    @property
    def working(self) -> bool:
        """Still does its job (ok, or a printer whose paper runs low)."""
        return self.state in WORKING_STATES


async def record(
    tx: Transaction,
    device_id: str,
    component: Component,
    state: HardwareState,
    now: float,
    detail: str | None = None,
) -> None:
    """The latest report of one component (replaces the one before). `detail` is a short
    technical note (never personal data)."""
    if component not in COMPONENTS or state not in STATES:
        raise ValueError(f"unknown hardware report {component!r}/{state!r}")
    await tx.execute(
        "INSERT INTO kiosk_hardware (device_id, component, state, detail, updated_at) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (device_id, component) DO UPDATE SET"
        " state = excluded.state, detail = excluded.detail, updated_at = excluded.updated_at",
        (device_id, component, state, detail[:MAX_DETAIL_LENGTH] if detail else None, iso(now)),
    )


async def state_of(db: Database | Transaction, device_id: str, component: Component) -> HardwareState | None:
    """The last reported state, or None when the component never reported."""
    report = await report_of(db, device_id, component)
    return report.state if report is not None else None


async def report_of(db: Database | Transaction, device_id: str, component: Component) -> ComponentState | None:
    """The last report of one component (state and detail), or None when it never reported."""
    row = await db.fetch_one(
        "SELECT device_id, component, state, detail, updated_at FROM kiosk_hardware"
        " WHERE device_id = ? AND component = ?",
        (device_id, component),
    )
    return _state(row) if row is not None else None


async def all_states(db: Database | Transaction) -> list[ComponentState]:
    rows = await db.fetch_all(
        "SELECT device_id, component, state, detail, updated_at FROM kiosk_hardware ORDER BY device_id, component"
    )
    return [_state(row) for row in rows]


def _state(row: Row) -> ComponentState:
    return ComponentState(
        device_id=str(row["device_id"]),
        component=row["component"],
        state=row["state"],
        detail=row["detail"],
        updated_at=str(row["updated_at"]),
    )


async def states(db: Database | Transaction) -> dict[str, dict[str, str]]:
    """device id → component → state, for every component that ever reported."""
    found: dict[str, dict[str, str]] = {}
    for entry in await all_states(db):
        found.setdefault(entry.device_id, {})[entry.component] = entry.state
    return found
