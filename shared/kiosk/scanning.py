"""Scanning at a kiosk: one page from the document scanner, faults turned into a plain answer.

A citizen who has not put the page down yet (ScannerEmpty) only needs to be told; a jam or
a scanner that does not answer is a hardware fault: its state is recorded
(shared.kiosk.hardware) and hall staff get one `scanner_fault` alert, which the next good
scan resolves again. The screen words live with the kiosk (kiosk/texts_devices.py).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Literal

from shared.kiosk import hall_alerts, hardware
from shared.kiosk.bridge import ScannedImage, ScannerEmpty, ScannerError, ScannerJam
from shared.kiosk.hardware import HardwareState
from shared.services import Services

log = logging.getLogger("onevisit.kiosk.scanning")

ScanProblem = Literal["empty", "jam", "unavailable"]
SCAN_PROBLEMS: tuple[ScanProblem, ...] = ("empty", "jam", "unavailable")


@dataclass(frozen=True, slots=True)
class ScanOutcome:
    image: ScannedImage | None
    problem: ScanProblem | None


async def scan_at_kiosk(services: Services, device_id: str) -> ScanOutcome:
    """Scan the page on kiosk `device_id`'s glass; never raises for a scanner fault."""
    try:
        image = await services.device_bridge.scan_document(device_id)
    except ScannerEmpty:
        return ScanOutcome(None, "empty")
    except ScannerError as error:
        jammed = isinstance(error, ScannerJam)
        problem: ScanProblem = "jam" if jammed else "unavailable"
        state: HardwareState = "jam" if jammed else "unavailable"
        now = services.clock.now()
        async with services.db.transaction() as tx:
            await hardware.record(tx, device_id, "scanner", state, now)
            await hall_alerts.raise_alert(tx, device_id, "scanner_fault", now, note=problem)
        log.warning("scanner fault on %s: %s", device_id, problem)
        return ScanOutcome(None, problem)
    if await hardware.state_of(services.db, device_id, "scanner") != "ok":
        now = services.clock.now()
        async with services.db.transaction() as tx:
            await hardware.record(tx, device_id, "scanner", "ok", now)
            await hall_alerts.resolve(tx, device_id, "scanner_fault", now)
    return ScanOutcome(image, None)
