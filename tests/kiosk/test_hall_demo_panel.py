"""The demo device panel: in demo mode only, it drives the simulated scanner, printer and code reader."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest
from starlette.types import Receive, Scope, Send

from onevisit import create_app
from shared.clock import ManualClock
from shared.config import Settings
from shared.kiosk.bridge import PrintJob, ScannerJam, SimulatedDeviceBridge
from shared.kiosk.demo import DEMO_KIOSK_ID
from shared.services import Services
from tests.kiosk.application_steps import HTMX
from tests.kiosk.conftest import PII_HOOKS
from tests.kiosk.helpers import text


@pytest.fixture
async def demo(tmp_path: Path, clock: ManualClock) -> AsyncIterator[tuple[httpx2.AsyncClient, SimulatedDeviceBridge]]:
    """The demo server (demo catalog, demo kiosk) and a browser enrolled as the demo kiosk."""
    app = create_app(Settings(data_dir=tmp_path / "data", demo=True, catalog_refresh_seconds=0.0), clock)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        services: Services = state["services"]

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx2.ASGITransport(app=with_state)
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://kiosk.test", event_hooks=PII_HOOKS
        ) as client:
            assert (await client.post("/kiosk/enrol/demo")).status_code == 303
            bridge = services.device_bridge
            assert isinstance(bridge, SimulatedDeviceBridge)
            yield client, bridge


async def act(client: httpx2.AsyncClient, action: str, **extra: str) -> httpx2.Response:
    return await client.post("/kiosk/demo/devices", data={"action": action, **extra}, headers=HTMX)


async def test_the_panel_is_on_the_screen(demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge]) -> None:
    client, _ = demo
    page = await client.get("/")
    assert "data-demo-devices" in page.text and "模拟设备（演示）" in page.text
    for action in ("place_document", "paper_out", "paper_in", "jam", "clear_jam", "present_receipt"):
        assert f'data-demo-action="{action}"' in page.text


async def test_scanner_actions(demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge]) -> None:
    client, bridge = demo
    answer = await act(client, "place_document")
    assert answer.status_code == 200 and "扫描台上已放好材料" in text(answer.text)
    assert bridge.document_waiting(DEMO_KIOSK_ID)
    assert (await bridge.scan_document(DEMO_KIOSK_ID)).content_type == "image/jpeg"
    await act(client, "scanner_jam")
    with pytest.raises(ScannerJam):
        await bridge.scan_document(DEMO_KIOSK_ID)


async def test_printer_actions(demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge]) -> None:
    client, bridge = demo
    answer = await act(client, "paper_out")
    assert "打印机已没有纸" in text(answer.text) and "回执纸 0 张" in text(answer.text)
    assert bridge.printer_state(DEMO_KIOSK_ID).paper == {"80mm": 0, "A4": 0}
    await act(client, "paper_in")
    assert bridge.printer_state(DEMO_KIOSK_ID).paper == {"80mm": 200, "A4": 200}
    await act(client, "jam")
    assert bridge.printer_state(DEMO_KIOSK_ID).jammed
    await act(client, "clear_jam")
    assert not bridge.printer_state(DEMO_KIOSK_ID).jammed


async def test_hold_the_last_receipt_under_the_code_reader(
    demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge],
) -> None:
    client, bridge = demo
    nothing = await act(client, "present_receipt")
    assert "还没有打印过回执" in text(nothing.text)
    assert await bridge.read_code(DEMO_KIOSK_ID) is None
    receipt = PrintJob(kind="receipt", paper="80mm", title="回执", body="<p/>", code="http://kiosk.test/follow/abc")
    await bridge.print_document(DEMO_KIOSK_ID, receipt)
    held = await act(client, "present_receipt")
    assert "编码已放在扫码器下" in text(held.text)
    assert await bridge.read_code(DEMO_KIOSK_ID) == "http://kiosk.test/follow/abc"
    await act(client, "present_code", code="  http://kiosk.test/follow/typed  ")
    assert await bridge.read_code(DEMO_KIOSK_ID) == "http://kiosk.test/follow/typed"


async def test_bad_actions_are_refused(demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge]) -> None:
    client, _ = demo
    assert (await act(client, "explode")).status_code == 400
    assert (await act(client, "present_code")).status_code == 400
    assert (await act(client, "present_code", code="x" * 501)).status_code == 400


async def test_without_script_a_page_with_a_way_back(demo: tuple[httpx2.AsyncClient, SimulatedDeviceBridge]) -> None:
    client, _ = demo
    page = await client.post("/kiosk/demo/devices", data={"action": "jam", "next": "/search"})
    assert page.status_code == 200
    assert "打印机卡纸了" in text(page.text) and 'href="/search"' in page.text
