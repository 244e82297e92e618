"""The device bridge: how the server reaches a kiosk's own hardware (the ID-card reader).

A kiosk runs a local hardware service beside its browser; the server asks it for a card
reading by device id. Card reading follows the second-generation resident ID card
(第二代居民身份证, GB 21658 / the reader's SDK): the chip gives the name, the ID number
and the validity period, and the reader reports a card it cannot read.

    DeviceBridgeError
    ├── CardUnreadable      the card is there but the chip could not be read
    ├── CardExpired         the card was read, and its validity period has ended
    └── ReaderUnavailable   the hardware service does not answer

`SimulatedDeviceBridge` keeps a card "on the reader" per device: a test or the demo
screen places one, or makes the next read fail. A placed card is read once, as a real
reader reports each card placement once.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Protocol

from shared.clock import Clock
from shared.privacy.masking import mask_id_number, mask_name


@dataclass(frozen=True, slots=True)
class IdCardReading:
    """What the chip of a resident ID card says. Never log or render it whole."""

    name: str = field(repr=False)
    id_number: str = field(repr=False)
    valid_from: dt.date
    # None for a long-term card (长期).
    valid_until: dt.date | None

    def __repr__(self) -> str:
        return f"IdCardReading({mask_name(self.name)}, {mask_id_number(self.id_number)}, until {self.valid_until})"


class DeviceBridgeError(Exception):
    """The kiosk's hardware could not give a usable reading."""


class CardUnreadable(DeviceBridgeError):
    pass


class CardExpired(DeviceBridgeError):
    pass


class ReaderUnavailable(DeviceBridgeError):
    pass


def card_expired(reading: IdCardReading, today: dt.date) -> bool:
    """A card is valid through its last day (有效期限 "2020.01.01-2040.01.01" includes the end)."""
    return reading.valid_until is not None and reading.valid_until < today


class DeviceBridge(Protocol):
    async def read_id_card(self, device_id: str) -> IdCardReading | None:
        """The card on the device's reader, or None when no card has been placed yet.

        Raises CardUnreadable, CardExpired or ReaderUnavailable.
        """
        ...


class SimulatedDeviceBridge:
    """An in-memory reader per device, for tests and the demo."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._cards: dict[str, IdCardReading] = {}
        self._failures: dict[str, DeviceBridgeError] = {}

    def place_card(self, device_id: str, reading: IdCardReading) -> None:
        self._failures.pop(device_id, None)
        self._cards[device_id] = reading

    def fail_next_read(self, device_id: str, error: DeviceBridgeError) -> None:
        """The next read on this device raises `error` (an unreadable card, a reader gone)."""
        self._cards.pop(device_id, None)
        self._failures[device_id] = error

    def remove_card(self, device_id: str) -> None:
        self._cards.pop(device_id, None)
        self._failures.pop(device_id, None)

    async def read_id_card(self, device_id: str) -> IdCardReading | None:
        failure = self._failures.pop(device_id, None)
        if failure is not None:
            raise failure
        reading = self._cards.pop(device_id, None)
        if reading is None:
            return None
        if card_expired(reading, self._clock.today()):
            raise CardExpired
        return reading
