"""What a receipt (受理回执) says: the value the layouts draw, built once per print.

Nothing personal is on a receipt: no name, no ID or phone number, no answer. A receipt
left on the kiosk or dropped in the hall tells a stranger only an application number and
the item, and its QR code opens a page that shows no more than that (the follow page).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from shared.i18n import Text


@dataclass(frozen=True, slots=True)
class ReceiptLine:
    """One item of the receipt: the item itself, or one item of a bundle (一件事)."""

    number: str
    item: Text
    department: Text | None
    promised_days: int | None  # None: the catalog does not say
    promised_date: dt.date | None


@dataclass(frozen=True, slots=True)
class Receipt:
    number: str  # the application's number (a bundle's own number)
    title: Text  # the item's or the bundle's name
    submitted_at: str  # local time, "2026-11-23 10:05"
    lines: tuple[ReceiptLine, ...]
    next_steps: tuple[Text, ...]
    promised_date: dt.date | None  # the latest of the lines' dates
    fee_fen: int  # what is due; 0 when nothing is
    fee_paid: bool
    delivery: Text | None  # how the result is handed over
    follow_url: str  # what the QR code holds: the phone follow page
    hall: Text  # the hall's name, for the letterhead
    resubmitted: bool = False

    @property
    def is_bundle(self) -> bool:
        return len(self.lines) > 1
