"""The device bridge: how the server reaches a kiosk's own hardware.

A kiosk (政务自助一体机) runs a local hardware service beside its browser; the server asks
it, by device id, to read an ID card, scan a document, print, or read a code held under
the code reader. Card reading follows the second-generation resident ID card
(第二代居民身份证, GB 21658 / the reader's SDK): the chip gives the name, the ID number
and the validity period, and the reader reports a card it cannot read.

    DeviceBridgeError
    ├── CardUnreadable      the card is there but the chip could not be read
    ├── CardExpired         the card was read, and its validity period has ended
    ├── ReaderUnavailable   the hardware service does not answer
    ├── ScannerError
    │   ├── ScannerEmpty        nothing on the glass
    │   ├── ScannerJam          the feeder jammed
    │   └── ScannerUnavailable  the scanner does not answer
    └── PrinterError
        ├── PaperOut            no paper (or not enough for the whole job: nothing printed)
        ├── PaperJam            jammed until someone clears it
        └── PrinterUnavailable  the printer does not answer

`status` says how each component is now (printer, scanner, card reader): the kiosk
heartbeat asks it every few seconds and records changes (shared.kiosk.fleet), so staff see
a printer running out of paper before a citizen meets it.

`SimulatedDeviceBridge` keeps each device's hardware in memory: a card "on the reader", a
document on the scanner's glass, the printer's paper and what it printed, a code under the
code reader. A test or the demo screen puts things there or makes the next use fail. A
placed card, document or code is read once, as real hardware reports each placement once.
"""

from __future__ import annotations

import datetime as dt
import io
import secrets
from dataclasses import dataclass, field
from typing import Literal, Protocol

import anyio
from PIL import Image, ImageDraw, ImageFont

from shared.clock import Clock
from shared.kiosk.hardware import Component, HardwareState
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


class ScannerError(DeviceBridgeError):
    """The document scanner could not give an image."""


class ScannerEmpty(ScannerError):
    """Nothing on the glass: the citizen has not put the document down yet."""


class ScannerJam(ScannerError):
    pass


class ScannerUnavailable(ScannerError):
    pass


class PrinterError(DeviceBridgeError):
    """The printer printed nothing."""


class PaperOut(PrinterError):
    pass


class PaperJam(PrinterError):
    pass


class PrinterUnavailable(PrinterError):
    pass


@dataclass(frozen=True, slots=True)
class ScannedImage:
    """One scanned page as the scanner delivers it (JPEG); stored like any upload."""

    data: bytes = field(repr=False)
    content_type: str
    width: int
    height: int
    dpi: int


Paper = Literal["80mm", "A4"]
PAPERS: tuple[Paper, ...] = ("80mm", "A4")


@dataclass(frozen=True, slots=True)
class PrintJob:
    """A document for a kiosk's printer: an 80 mm thermal receipt or A4 pages."""

    kind: str  # "receipt" | "result" | "test_page" ...
    paper: Paper
    title: str  # for staff lists; never personal data
    body: str = field(repr=False)  # the rendered document (HTML for the print layout)
    reference: str | None = None  # application id, for the record
    sheets: int = 1  # paper used: receipts 1 (80 mm), A4 pages count
    # What the document's QR code says (a receipt's follow link), so the simulated kiosk can
    # hold a printed receipt under its code reader (the demo panel's "present the receipt").
    code: str | None = field(default=None, repr=False)


def card_expired(reading: IdCardReading, today: dt.date) -> bool:
    """A card is valid through its last day (有效期限 "2020.01.01-2040.01.01" includes the end)."""
    return reading.valid_until is not None and reading.valid_until < today


class DeviceBridge(Protocol):
    async def read_id_card(self, device_id: str) -> IdCardReading | None:
        """The card on the device's reader, or None when no card has been placed yet.

        Raises CardUnreadable, CardExpired or ReaderUnavailable.
        """
        ...

    async def scan_document(self, device_id: str) -> ScannedImage:
        """The document on the scanner's glass, as a JPEG. Raises a ScannerError subclass."""
        ...

    async def print_document(self, device_id: str, job: PrintJob) -> str:
        """Print `job` whole and return a print id. Raises a PrinterError subclass, having printed nothing."""
        ...

    async def read_code(self, device_id: str) -> str | None:
        """The QR or bar code held under the code reader, once; None when there is none."""
        ...

    async def status(self, device_id: str) -> dict[Component, HardwareState]:
        """How each component is now: printer ok / paper_low / paper_out / jam / unavailable,
        scanner ok / jam / unavailable, card_reader ok / unavailable.

        Raises DeviceBridgeError when the device's hardware service does not answer at all.
        """
        ...


# A fresh simulated kiosk has paper for this many receipts (80 mm roll) and A4 sheets.
FRESH_PAPER = 200
# Below this many sheets of either paper the simulated printer reports "paper_low".
PAPER_LOW = 20
# What the simulated scanner delivers: an A4 page at 150 dpi (210 × 297 mm).
SCAN_DPI = 150
SCAN_SIZE = (1240, 1754)
DocumentKind = Literal["paper", "certificate", "photo"]
DOCUMENT_KINDS: tuple[DocumentKind, ...] = ("paper", "certificate", "photo")


@dataclass(frozen=True, slots=True)
class PrinterState:
    """What the simulated printer is like now (the demo panel shows it)."""

    paper: dict[Paper, int]
    jammed: bool
    offline: bool


@dataclass(slots=True)
class _Printer:
    paper: dict[Paper, int] = field(default_factory=lambda: dict.fromkeys(PAPERS, FRESH_PAPER))
    jammed: bool = False
    offline: bool = False
    printed: list[tuple[str, PrintJob]] = field(default_factory=list)
    next_failure: PrinterError | None = None
    # The state the last failed print left, until a print goes through or someone fixes it.
    fault: HardwareState | None = None


def printer_fault_state(error: PrinterError) -> HardwareState:
    if isinstance(error, PaperOut):
        return "paper_out"
    if isinstance(error, PaperJam):
        return "jam"
    return "unavailable"


def scanner_fault_state(error: ScannerError) -> HardwareState:
    return "jam" if isinstance(error, ScannerJam) else "unavailable"


class SimulatedDeviceBridge:
    """In-memory hardware per device, for tests and the demo."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._cards: dict[str, IdCardReading] = {}
        self._failures: dict[str, DeviceBridgeError] = {}
        self._documents: dict[str, DocumentKind] = {}
        self._scan_failures: dict[str, ScannerError] = {}
        self._scans = 0
        self._printers: dict[str, _Printer] = {}
        self._codes: dict[str, str] = {}
        # What the status shows between a scanner fault and the next page put down or scanned.
        self._scanner_faults: dict[str, HardwareState] = {}
        self._readers_offline: set[str] = set()

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

    def set_card_reader_offline(self, device_id: str, offline: bool = True) -> None:
        """The card reader stops (or starts again) answering: ReaderUnavailable until then."""
        if offline:
            self._readers_offline.add(device_id)
        else:
            self._readers_offline.discard(device_id)

    async def read_id_card(self, device_id: str) -> IdCardReading | None:
        if device_id in self._readers_offline:
            raise ReaderUnavailable
        failure = self._failures.pop(device_id, None)
        if failure is not None:
            raise failure
        reading = self._cards.pop(device_id, None)
        if reading is None:
            return None
        if card_expired(reading, self._clock.today()):
            raise CardExpired
        return reading

    # --- scanner -------------------------------------------------------------------------

    def place_document(self, device_id: str, kind: DocumentKind = "paper") -> None:
        """A document lies on the glass: the next scan produces its image."""
        if kind not in DOCUMENT_KINDS:
            raise ValueError(f"unknown document kind {kind!r}")
        self._scan_failures.pop(device_id, None)
        # Someone at the scanner put a page down: whatever jammed it has been cleared.
        self._scanner_faults.pop(device_id, None)
        self._documents[device_id] = kind

    def fail_next_scan(self, device_id: str, error: ScannerError) -> None:
        """The next scan on this device raises `error` (a jam, a scanner gone)."""
        self._documents.pop(device_id, None)
        self._scan_failures[device_id] = error

    def document_waiting(self, device_id: str) -> bool:
        return device_id in self._documents

    async def scan_document(self, device_id: str) -> ScannedImage:
        failure = self._scan_failures.pop(device_id, None)
        if failure is not None:
            self._scanner_faults[device_id] = scanner_fault_state(failure)
            raise failure
        kind = self._documents.pop(device_id, None)
        if kind is None:
            raise ScannerEmpty
        self._scanner_faults.pop(device_id, None)
        self._scans += 1
        return await anyio.to_thread.run_sync(draw_scan, kind, self._scans, self._clock.today())

    # --- printer -------------------------------------------------------------------------

    def _printer(self, device_id: str) -> _Printer:
        return self._printers.setdefault(device_id, _Printer())

    def load_paper(self, device_id: str, sheets: int = FRESH_PAPER, paper: Paper | None = None) -> None:
        """Fill the printer with `sheets` (both the receipt roll and the A4 tray unless `paper`
        names one); `sheets=0` empties it."""
        if sheets < 0:
            raise ValueError("sheets must not be negative")
        printer = self._printer(device_id)
        for kind in (paper,) if paper else PAPERS:
            printer.paper[kind] = sheets
        if printer.fault == "paper_out":
            printer.fault = None

    def jam_printer(self, device_id: str) -> None:
        self._printer(device_id).jammed = True

    def clear_jam(self, device_id: str) -> None:
        printer = self._printer(device_id)
        printer.jammed = False
        if printer.fault == "jam":
            printer.fault = None

    def set_printer_offline(self, device_id: str, offline: bool = True) -> None:
        """The printer stops (or starts again) answering: PrinterUnavailable until then."""
        printer = self._printer(device_id)
        printer.offline = offline
        if not offline and printer.fault == "unavailable":
            printer.fault = None

    def fail_next_print(self, device_id: str, error: PrinterError) -> None:
        self._printer(device_id).next_failure = error

    def printer_state(self, device_id: str) -> PrinterState:
        printer = self._printer(device_id)
        return PrinterState(paper=dict(printer.paper), jammed=printer.jammed, offline=printer.offline)

    def printed(self, device_id: str) -> list[PrintJob]:
        """Everything this device's printer printed, oldest first."""
        return [job for _, job in self._printer(device_id).printed]

    def last_printed_code(self, device_id: str) -> str | None:
        """The QR content of the newest printed document that has one (a receipt), if any."""
        return next((job.code for _, job in reversed(self._printer(device_id).printed) if job.code), None)

    def print_ids(self, device_id: str) -> list[str]:
        return [print_id for print_id, _ in self._printer(device_id).printed]

    async def print_document(self, device_id: str, job: PrintJob) -> str:
        if job.sheets < 1 or job.paper not in PAPERS:
            raise ValueError("a print job needs a known paper and at least one sheet")
        printer = self._printer(device_id)
        failure, printer.next_failure = printer.next_failure, None
        if failure is None and printer.offline:
            failure = PrinterUnavailable()
        elif failure is None and printer.jammed:
            failure = PaperJam()
        elif failure is None and printer.paper[job.paper] < job.sheets:
            # The paper ran out part-way: what came out is unusable, and nothing counts as printed.
            printer.paper[job.paper] = 0
            failure = PaperOut()
        if failure is not None:
            printer.fault = printer_fault_state(failure)
            raise failure
        printer.fault = None
        printer.paper[job.paper] -= job.sheets
        print_id = "pr_" + secrets.token_urlsafe(12)
        printer.printed.append((print_id, job))
        return print_id

    # --- code reader ---------------------------------------------------------------------

    def present_code(self, device_id: str, text: str) -> None:
        """A receipt (or a phone) is held under the code reader showing `text`."""
        self._codes[device_id] = text

    async def read_code(self, device_id: str) -> str | None:
        return self._codes.pop(device_id, None)

    # --- status (the heartbeat asks) -----------------------------------------------------

    def _printer_status(self, device_id: str) -> HardwareState:
        printer = self._printer(device_id)
        if printer.offline:
            return "unavailable"
        if printer.jammed:
            return "jam"
        if printer.next_failure is not None:
            return printer_fault_state(printer.next_failure)
        if printer.fault is not None:
            return printer.fault
        if min(printer.paper.values()) <= 0:
            return "paper_out"
        return "paper_low" if min(printer.paper.values()) < PAPER_LOW else "ok"

    def _scanner_status(self, device_id: str) -> HardwareState:
        pending = self._scan_failures.get(device_id)
        if pending is not None:
            return scanner_fault_state(pending)
        return self._scanner_faults.get(device_id, "ok")

    def _card_reader_status(self, device_id: str) -> HardwareState:
        offline = device_id in self._readers_offline
        return "unavailable" if offline or isinstance(self._failures.get(device_id), ReaderUnavailable) else "ok"

    async def status(self, device_id: str) -> dict[Component, HardwareState]:
        return {
            "printer": self._printer_status(device_id),
            "scanner": self._scanner_status(device_id),
            "card_reader": self._card_reader_status(device_id),
        }


_SCAN_TITLES: dict[str, str] = {
    "paper": "DOCUMENT",
    "certificate": "CERTIFICATE",
    "photo": "PHOTO",
}


def draw_scan(kind: str, serial: int, today: dt.date) -> ScannedImage:
    """A real JPEG of an A4 page at 150 dpi, as the simulated scanner sees it: a white page
    with a title and lines of "text" (grey bars), different for every scan."""
    width, height = SCAN_SIZE
    page = Image.new("RGB", SCAN_SIZE, (250, 250, 247))
    draw = ImageDraw.Draw(page)
    title_font = ImageFont.load_default(size=64)
    small_font = ImageFont.load_default(size=28)
    draw.text((120, 120), _SCAN_TITLES.get(kind, "DOCUMENT"), fill=(30, 30, 30), font=title_font)
    draw.text((120, 210), f"scan {serial} - {today.isoformat()}", fill=(90, 90, 90), font=small_font)
    top = 300
    if kind == "photo":
        draw.rectangle((120, top, 520, top + 520), outline=(60, 60, 60), width=4, fill=(215, 222, 230))
        top += 580
    for line in range(24):
        # Line lengths vary with the serial so no two scans are the same image.
        length = 500 + (serial * 131 + line * 197) % 500
        y = top + line * 52
        if y > height - 160:
            break
        draw.rectangle((120, y, 120 + length, y + 18), fill=(120, 120, 120))
    draw.rectangle((40, 40, width - 40, height - 40), outline=(200, 200, 200), width=2)
    out = io.BytesIO()
    page.save(out, format="JPEG", quality=80, dpi=(SCAN_DPI, SCAN_DPI))
    return ScannedImage(data=out.getvalue(), content_type="image/jpeg", width=width, height=height, dpi=SCAN_DPI)
