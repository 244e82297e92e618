"""All SQL about hall alerts (大厅提醒): what hall staff must go and see at a kiosk.

A citizen's "call staff" (呼叫工作人员) tap raises one, and so does every hardware fault
the kiosk meets (the printer out of paper, jammed or gone; the scanner failing). Staff
acknowledge an alert ("on my way") and resolve it; a printer alert also resolves itself
when the next print goes through (shared.kiosk.printing).

At most one unresolved alert per kiosk and kind (a partial unique index): raising it again
while one is open returns that one, so a citizen tapping "call staff" three times, or a
printer failing three times, is still one thing to do on the staff screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from shared.clock import iso
from shared.db import Database, Row, Transaction
from shared.errors import Conflict, NotFound
from shared.i18n import Text

AlertKind = Literal["call_staff", "printer_paper_out", "printer_jam", "printer_unavailable", "scanner_fault"]
AlertState = Literal["open", "acknowledged", "resolved"]
KINDS: tuple[AlertKind, ...] = (
    "call_staff",
    "printer_paper_out",
    "printer_jam",
    "printer_unavailable",
    "scanner_fault",
)
PRINTER_KINDS: tuple[AlertKind, ...] = ("printer_paper_out", "printer_jam", "printer_unavailable")
MAX_NOTE_LENGTH = 200

KIND_TEXT: dict[str, Text] = {
    "call_staff": Text("群众呼叫工作人员", "A citizen is calling for staff"),
    "printer_paper_out": Text("打印机缺纸", "Printer out of paper"),
    "printer_jam": Text("打印机卡纸", "Printer jammed"),
    "printer_unavailable": Text("打印机无响应", "Printer not responding"),
    "scanner_fault": Text("扫描仪故障", "Scanner fault"),
}


class AlertNotFound(NotFound):
    code = "alert_not_found"
    default_message = Text("找不到这条提醒。", "We could not find this alert.")


class AlertResolved(Conflict):
    code = "alert_resolved"
    default_message = Text("这条提醒已处理完毕。", "This alert has already been resolved.")


@dataclass(frozen=True, slots=True)
class HallAlert:
    id: int
    device_id: str
    device_name: str
    kind: AlertKind
    state: AlertState
    raised_at: str
    acknowledged_at: str | None
    acknowledged_by: int | None
    acknowledged_by_name: str | None
    resolved_at: str | None
    note: str | None

    @property
    def text(self) -> Text:
        return KIND_TEXT[self.kind]


_SELECT = (
    "SELECT a.id, a.device_id, COALESCE(d.name, a.device_id) AS device_name, a.kind, a.state, a.raised_at,"
    " a.acknowledged_at, a.acknowledged_by, s.display_name AS acknowledged_by_name, a.resolved_at, a.note"
    " FROM hall_alerts a LEFT JOIN kiosk_devices d ON d.id = a.device_id"
    " LEFT JOIN staff_accounts s ON s.id = a.acknowledged_by"
)


def _alert(row: Row) -> HallAlert:
    return HallAlert(
        id=int(row["id"]),
        device_id=str(row["device_id"]),
        device_name=str(row["device_name"]),
        kind=row["kind"],
        state=row["state"],
        raised_at=str(row["raised_at"]),
        acknowledged_at=row["acknowledged_at"],
        acknowledged_by=row["acknowledged_by"],
        acknowledged_by_name=row["acknowledged_by_name"],
        resolved_at=row["resolved_at"],
        note=row["note"],
    )


async def find_open(db: Database | Transaction, device_id: str, kind: AlertKind) -> HallAlert | None:
    """The unresolved alert of this kiosk and kind, if any."""
    row = await db.fetch_one(
        f"{_SELECT} WHERE a.device_id = ? AND a.kind = ? AND a.state <> 'resolved'", (device_id, kind)
    )
    return _alert(row) if row is not None else None


async def raise_alert(tx: Transaction, device_id: str, kind: AlertKind, now: float, note: str | None = None) -> int:
    """Raise an alert, or return the id of the one of this kiosk and kind still unresolved."""
    if kind not in KINDS:
        raise ValueError(f"unknown alert kind {kind!r}")
    row = await tx.fetch_one(
        "INSERT INTO hall_alerts (device_id, kind, state, raised_at, note) VALUES (?, ?, 'open', ?, ?)"
        " ON CONFLICT (device_id, kind) WHERE state <> 'resolved' DO NOTHING RETURNING id",
        (device_id, kind, iso(now), note[:MAX_NOTE_LENGTH] if note else None),
    )
    if row is not None:
        return int(row["id"])
    existing = await find_open(tx, device_id, kind)
    if existing is None:  # pragma: no cover - the conflict above means one exists in this transaction
        raise RuntimeError("hall alert conflict without an open alert")
    return existing.id


async def get(db: Database | Transaction, alert_id: int) -> HallAlert | None:
    row = await db.fetch_one(f"{_SELECT} WHERE a.id = ?", (alert_id,))
    return _alert(row) if row is not None else None


async def acknowledge(tx: Transaction, alert_id: int, staff_account_id: int, now: float) -> HallAlert:
    """A staff member is on the way. Acknowledging twice keeps the first (who went first);
    a resolved alert refuses (409)."""
    alert = await get(tx, alert_id)
    if alert is None:
        raise AlertNotFound()
    if alert.state == "resolved":
        raise AlertResolved()
    if alert.state == "open":
        await tx.execute(
            "UPDATE hall_alerts SET state = 'acknowledged', acknowledged_at = ?, acknowledged_by = ?"
            " WHERE id = ? AND state = 'open'",
            (iso(now), staff_account_id, alert_id),
        )
    found = await get(tx, alert_id)
    assert found is not None
    return found


async def resolve_by_id(tx: Transaction, alert_id: int, staff_account_id: int | None, now: float) -> HallAlert:
    """Staff say the matter is dealt with. A resolved alert refuses (409)."""
    alert = await get(tx, alert_id)
    if alert is None:
        raise AlertNotFound()
    if alert.state == "resolved":
        raise AlertResolved()
    await tx.execute(
        "UPDATE hall_alerts SET state = 'resolved', resolved_at = ?, resolved_by = ?"
        " WHERE id = ? AND state <> 'resolved'",
        (iso(now), staff_account_id, alert_id),
    )
    found = await get(tx, alert_id)
    assert found is not None
    return found


async def resolve(tx: Transaction, device_id: str, kind: AlertKind, now: float) -> int | None:
    """The device itself says the matter is over (e.g. a print went through): resolve the
    unresolved alert of this kiosk and kind. Returns its id, or None when there was none."""
    row = await tx.fetch_one(
        "UPDATE hall_alerts SET state = 'resolved', resolved_at = ?"
        " WHERE device_id = ? AND kind = ? AND state <> 'resolved' RETURNING id",
        (iso(now), device_id, kind),
    )
    return int(row["id"]) if row is not None else None


async def list_open(db: Database | Transaction) -> list[HallAlert]:
    """Every unresolved alert (open or acknowledged), newest first."""
    rows = await db.fetch_all(f"{_SELECT} WHERE a.state <> 'resolved' ORDER BY a.raised_at DESC, a.id DESC")
    return [_alert(row) for row in rows]


async def recently_resolved(db: Database | Transaction, limit: int = 10) -> list[HallAlert]:
    rows = await db.fetch_all(
        f"{_SELECT} WHERE a.state = 'resolved' ORDER BY a.resolved_at DESC, a.id DESC LIMIT ?", (limit,)
    )
    return [_alert(row) for row in rows]
