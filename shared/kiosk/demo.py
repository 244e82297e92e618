"""The demo kiosk and the demo ID cards (only when `settings.demo` is on).

The demo kiosk `demo-kiosk-1` stands in the lobby. Its key is random and thrown away: a
browser becomes the demo kiosk through the one-tap button of the "not registered" page,
which exists only in demo mode. A few more kiosks are registered so the fleet page
(/staff/fleet) looks like a real hall: another in the lobby, one in the exit-entry area
(出入境专区, which has its own menu) and one in the social-security area. No browser is
enrolled as them, so they never beat and show as offline (离线), which is the truth.

The demo cards are made-up people with ID numbers that pass GB 11643 (area code, birth
date, check character), plus a card the reader cannot read and an expired card. Screens
show them masked only, like every other citizen.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

from shared.db import Database
from shared.i18n import Text
from shared.identity.numbers import id_check_character
from shared.kiosk import devices
from shared.kiosk.bridge import CardUnreadable, IdCardReading, SimulatedDeviceBridge
from shared.privacy.masking import mask_id_number, mask_name

DEMO_KIOSK_ID = "demo-kiosk-1"
DEMO_KIOSK_NAME = "演示自助机（一楼大厅）"
DEMO_KIOSK_GROUP = "lobby"
# (id, name, group) of the other demo kiosks, registered but never enrolled.
DEMO_FLEET: tuple[tuple[str, str, str], ...] = (
    ("lobby-2", "一楼大厅 2 号机", "lobby"),
    ("exit-entry-1", "出入境专区 1 号机", "exit-entry"),
    ("social-1", "社保专区 1 号机", "social-security"),
)


def with_check_character(first_17: str) -> str:
    """A made-up ID number: 17 digits and their GB 11643 check character."""
    return first_17 + id_check_character(first_17)


CardKind = Literal["valid", "expired", "unreadable"]


@dataclass(frozen=True, slots=True)
class DemoCard:
    key: str
    kind: CardKind
    note: Text
    reading: IdCardReading | None

    @property
    def name_masked(self) -> str:
        return mask_name(self.reading.name) if self.reading else ""

    @property
    def id_number_masked(self) -> str:
        return mask_id_number(self.reading.id_number) if self.reading else ""


def _card(key: str, name: str, first_17: str, note: Text, until: dt.date | None, kind: CardKind = "valid") -> DemoCard:
    reading = IdCardReading(name, with_check_character(first_17), dt.date(2016, 3, 1), until)
    return DemoCard(key, kind, note, reading)


DEMO_CARDS: tuple[DemoCard, ...] = (
    _card("wang", "王晓明", "11010519850612231", Text("男，1985 年生", "man, born 1985"), dt.date(2036, 3, 1)),
    _card(
        "li", "李秀兰", "31010419480305142", Text("女，1948 年生，长期有效", "woman, born 1948, long-term card"), None
    ),
    _card("chen", "陈思远", "33011020010918357", Text("男，2001 年生", "man, born 2001"), dt.date(2031, 3, 1)),
    _card("lin", "林雪", "35020319920229408", Text("女，1992 年生", "woman, born 1992"), dt.date(2036, 3, 1)),
    _card(
        "zhao",
        "赵志刚",
        "11010519700415271",
        Text("证件已过期", "expired card"),
        dt.date(2024, 4, 15),
        kind="expired",
    ),
    DemoCard("unreadable", "unreadable", Text("芯片损坏，无法读取", "damaged chip, cannot be read"), None),
)


def find_card(key: str) -> DemoCard | None:
    return next((card for card in DEMO_CARDS if card.key == key), None)


def present_card(bridge: SimulatedDeviceBridge, device_id: str, card: DemoCard) -> None:
    """Put a demo card on the simulated reader of a device."""
    if card.reading is None:
        bridge.fail_next_read(device_id, CardUnreadable())
    else:
        bridge.place_card(device_id, card.reading)


async def seed_demo_kiosk(db: Database, now: float) -> bool:
    """Register the demo kiosks a database lacks; True when any was added."""
    wanted = ((DEMO_KIOSK_ID, DEMO_KIOSK_NAME, DEMO_KIOSK_GROUP), *DEMO_FLEET)
    missing = [kiosk for kiosk in wanted if await devices.get(db, kiosk[0]) is None]
    if not missing:
        return False
    async with db.transaction() as tx:
        for device_id, name, group in missing:
            # The keys are thrown away: the demo kiosk is enrolled by the demo-only button,
            # the others never are.
            await devices.register(tx, device_id, name, group, now)
    return True
