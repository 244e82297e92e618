"""One kiosk heartbeat: which menu the kiosk should show, and how its hardware is.

Every kiosk screen posts its heartbeat every `BEAT_EVERY_SECONDS` (kiosk/views/heartbeat.py,
static/js/heartbeat.js) with the stamp of the menu it shows. The answer is the stamp it
should show (the menus' own resolution, `services.menus.for_device`); a home or menu page
whose stamp differs reloads itself, so a published menu reaches every open kiosk within
seconds. The beat also asks the device bridge how the printer, scanner and card reader are,
and `services.fleet` records what changed (shared.kiosk.fleet).

A heartbeat is not a citizen's doing: it never touches the citizen's kiosk session (the
device middleware leaves this path alone) nor the page's idle timer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from shared.kiosk.bridge import DeviceBridgeError
from shared.kiosk.devices import KioskDevice
from shared.kiosk.fleet import Beat
from shared.kiosk.fleet_rules import BEAT_EVERY_SECONDS
from shared.kiosk.hardware import COMPONENTS, Component, HardwareState
from shared.services import Services

log = logging.getLogger("onevisit.kiosk.heartbeat")


@dataclass(frozen=True, slots=True)
class HeartbeatAnswer:
    """What the kiosk page is told: the menu stamp to show (None: no menus at all, the home
    keeps its catalog layout) and how many seconds until the next beat."""

    menu: str | None
    every: int = BEAT_EVERY_SECONDS


async def expected_menu(services: Services, device: KioskDevice, now: float) -> str | None:
    """The stamp (`menu_id@version`) of the menu `device` should show at `now`, or None.

    The menus decide (shared.menus.resolve.MenuCache.for_device, which costs no SQL
    while nothing was published): this only asks.
    """
    live = await services.menus.for_device(services.db, device, now)
    return live.stamp if live is not None else None


async def hardware_status(services: Services, device_id: str) -> dict[Component, HardwareState]:
    """The bridge's report; a bridge that does not answer at all leaves every part unusable."""
    try:
        return await services.device_bridge.status(device_id)
    except DeviceBridgeError:
        log.warning("the hardware service of kiosk %s does not answer", device_id)
        return dict.fromkeys(COMPONENTS, "unavailable")


async def beat(services: Services, device: KioskDevice, menu_shown: str | None) -> HeartbeatAnswer | None:
    """Take one heartbeat of `device`; None when it came too soon after the last (ignored)."""
    now = services.clock.now()
    if not services.fleet.accept(device.id, now):
        return None
    expected = await expected_menu(services, device, now)
    status = await hardware_status(services, device.id)
    await services.fleet.record(services.db, Beat(device.id, now, menu_shown, expected, status))
    return HeartbeatAnswer(menu=expected)
