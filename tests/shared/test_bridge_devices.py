"""The simulated device bridge: scanner (a real JPEG), printer (paper, jams, what it printed), code reader."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from shared.clock import ManualClock
from shared.kiosk.bridge import (
    FRESH_PAPER,
    PaperJam,
    PaperOut,
    PrinterUnavailable,
    PrintJob,
    ScannerEmpty,
    ScannerJam,
    ScannerUnavailable,
    SimulatedDeviceBridge,
)

DEVICE = "kiosk-a"
RECEIPT = PrintJob(kind="receipt", paper="80mm", title="回执", body="<p>receipt</p>", reference="app-1")


@pytest.fixture
def bridge() -> SimulatedDeviceBridge:
    return SimulatedDeviceBridge(ManualClock(1_780_000_000))


async def test_a_placed_document_scans_to_a_real_a4_jpeg_once(bridge: SimulatedDeviceBridge) -> None:
    bridge.place_document(DEVICE)
    assert bridge.document_waiting(DEVICE)
    image = await bridge.scan_document(DEVICE)
    assert image.content_type == "image/jpeg"
    assert (image.width, image.height, image.dpi) == (1240, 1754, 150)
    with Image.open(io.BytesIO(image.data)) as opened:
        assert opened.format == "JPEG"
        assert opened.size == (1240, 1754)
        opened.load()  # decodes the whole image, not only the header
        # A white page with dark marks on it, not a blank.
        extrema = opened.convert("L").getextrema()
        assert isinstance(extrema[0], int) and isinstance(extrema[1], int)
        assert extrema[0] < 100 < 240 < extrema[1]
    # The document was scanned; the glass is empty again.
    with pytest.raises(ScannerEmpty):
        await bridge.scan_document(DEVICE)


async def test_two_scans_are_different_images(bridge: SimulatedDeviceBridge) -> None:
    bridge.place_document(DEVICE)
    first = await bridge.scan_document(DEVICE)
    bridge.place_document(DEVICE, "photo")
    second = await bridge.scan_document(DEVICE)
    assert first.data != second.data


async def test_nothing_on_the_glass_and_scanner_faults(bridge: SimulatedDeviceBridge) -> None:
    with pytest.raises(ScannerEmpty):
        await bridge.scan_document(DEVICE)
    bridge.place_document(DEVICE)
    bridge.fail_next_scan(DEVICE, ScannerJam())
    with pytest.raises(ScannerJam):
        await bridge.scan_document(DEVICE)
    bridge.fail_next_scan(DEVICE, ScannerUnavailable())
    with pytest.raises(ScannerUnavailable):
        await bridge.scan_document(DEVICE)
    # A fault happens once; the citizen puts the page down again and it scans.
    bridge.place_document(DEVICE)
    assert (await bridge.scan_document(DEVICE)).width == 1240
    with pytest.raises(ValueError):
        bridge.place_document(DEVICE, "banana")  # type: ignore[arg-type]


async def test_devices_are_separate(bridge: SimulatedDeviceBridge) -> None:
    bridge.place_document("kiosk-b")
    with pytest.raises(ScannerEmpty):
        await bridge.scan_document(DEVICE)
    bridge.jam_printer("kiosk-b")
    await bridge.print_document(DEVICE, RECEIPT)
    assert bridge.printed("kiosk-b") == []


async def test_printer_keeps_what_it_printed_and_counts_paper(bridge: SimulatedDeviceBridge) -> None:
    first = await bridge.print_document(DEVICE, RECEIPT)
    a4 = PrintJob(kind="result", paper="A4", title="决定书", body="<p>1</p>", sheets=3)
    second = await bridge.print_document(DEVICE, a4)
    assert first != second and first.startswith("pr_")
    assert bridge.printed(DEVICE) == [RECEIPT, a4]
    assert bridge.print_ids(DEVICE) == [first, second]
    state = bridge.printer_state(DEVICE)
    assert state.paper == {"80mm": FRESH_PAPER - 1, "A4": FRESH_PAPER - 3}
    assert not state.jammed and not state.offline


async def test_paper_runs_out_mid_job_and_prints_nothing(bridge: SimulatedDeviceBridge) -> None:
    bridge.load_paper(DEVICE, sheets=2, paper="A4")
    job = PrintJob(kind="result", paper="A4", title="决定书", body="<p>1</p>", sheets=3)
    with pytest.raises(PaperOut):
        await bridge.print_document(DEVICE, job)
    assert bridge.printed(DEVICE) == []
    assert bridge.printer_state(DEVICE).paper["A4"] == 0
    # The receipt roll is a different paper and still full.
    await bridge.print_document(DEVICE, RECEIPT)
    bridge.load_paper(DEVICE, sheets=0)
    with pytest.raises(PaperOut):
        await bridge.print_document(DEVICE, RECEIPT)
    bridge.load_paper(DEVICE)
    await bridge.print_document(DEVICE, job)
    assert bridge.printed(DEVICE) == [RECEIPT, job]


async def test_a_jam_lasts_until_cleared(bridge: SimulatedDeviceBridge) -> None:
    bridge.jam_printer(DEVICE)
    for _ in range(2):
        with pytest.raises(PaperJam):
            await bridge.print_document(DEVICE, RECEIPT)
    paper_before = bridge.printer_state(DEVICE).paper
    bridge.clear_jam(DEVICE)
    await bridge.print_document(DEVICE, RECEIPT)
    assert bridge.printed(DEVICE) == [RECEIPT]
    assert bridge.printer_state(DEVICE).paper["80mm"] == paper_before["80mm"] - 1


async def test_an_offline_printer_and_a_one_off_failure(bridge: SimulatedDeviceBridge) -> None:
    bridge.set_printer_offline(DEVICE)
    with pytest.raises(PrinterUnavailable):
        await bridge.print_document(DEVICE, RECEIPT)
    bridge.set_printer_offline(DEVICE, False)
    bridge.fail_next_print(DEVICE, PrinterUnavailable())
    with pytest.raises(PrinterUnavailable):
        await bridge.print_document(DEVICE, RECEIPT)
    await bridge.print_document(DEVICE, RECEIPT)
    assert len(bridge.printed(DEVICE)) == 1


async def test_a_job_without_sheets_is_a_programming_error(bridge: SimulatedDeviceBridge) -> None:
    with pytest.raises(ValueError):
        await bridge.print_document(DEVICE, PrintJob(kind="x", paper="A4", title="x", body="", sheets=0))


async def test_a_printed_receipt_can_be_held_under_the_code_reader(bridge: SimulatedDeviceBridge) -> None:
    assert bridge.last_printed_code(DEVICE) is None
    receipt = PrintJob(kind="receipt", paper="80mm", title="回执", body="<p>r</p>", code="https://h.example/follow/x")
    await bridge.print_document(DEVICE, receipt)
    await bridge.print_document(DEVICE, RECEIPT)  # no code on this one
    assert bridge.last_printed_code(DEVICE) == "https://h.example/follow/x"


async def test_a_presented_code_is_read_once(bridge: SimulatedDeviceBridge) -> None:
    assert await bridge.read_code(DEVICE) is None
    bridge.present_code(DEVICE, "https://hall.example/follow/abc")
    assert await bridge.read_code("kiosk-b") is None
    assert await bridge.read_code(DEVICE) == "https://hall.example/follow/abc"
    assert await bridge.read_code(DEVICE) is None
