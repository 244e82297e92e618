"""Fixtures for the kiosk pages: the real app, its lifespan run, a fresh SQLite file per test.

Kiosk pages answer only a registered, enrolled kiosk (kiosk/device.py), so the `kiosk`
fixture registers the device `test-kiosk-1` and enrols its client through the real
enrolment form: the client's cookie jar then holds the `ov_device` cookie. `enrol_client`
does the same for further devices or browsers.

The catalog is the shared fixture (tests/fixtures/mini_catalog.json) plus one bundle whose
two items both ask for the resident ID card, so the bundle guide can show a material asked
once for two items (the fixture's own `newborn` bundle shares none).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx2
import pytest
from starlette.types import Receive, Scope, Send

from onevisit import create_app
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.clock import ManualClock
from shared.config import Settings
from shared.kiosk import devices
from shared.services import Services
from tests.kiosk.browser_support import browser, demo_server
from tests.pii import refuse_personal_numbers

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"

SHARED_ID_CARD_BUNDLE: dict[str, Any] = {
    "code": "id-and-birth",
    "name": {"zh": "换证与出生证明", "en": "ID renewal and birth certificate"},
    "audience": ["person"],
    "items": ["GA-SFZ-002", "WJ-CSYX-001"],
    "categories": ["zjbl"],
    "popularity": 10,
}


def kiosk_catalog() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / "mini_catalog.json").read_text(encoding="utf-8"))
    doc["bundles"].append(SHARED_ID_CARD_BUNDLE)
    return doc


TEST_DEVICE_ID = "test-kiosk-1"


__all__ = ["browser", "demo_server"]  # fixtures for the browser tests


@dataclass
class Kiosk:
    client: httpx2.AsyncClient
    services: Services
    clock: ManualClock
    transport: httpx2.ASGITransport
    device_id: str = TEST_DEVICE_ID

    def new_client(self) -> httpx2.AsyncClient:
        """Another browser on the same server, with an empty cookie jar (close it after use)."""
        return httpx2.AsyncClient(transport=self.transport, base_url="http://kiosk.test", event_hooks=PII_HOOKS)


async def register_device(services: Services, device_id: str, group: str = "lobby") -> str:
    """Register a kiosk device as `onevisit kiosk register` does; returns its key."""
    async with services.db.transaction() as tx:
        return await devices.register(tx, device_id, f"测试自助机 {device_id}", group, services.clock.now())


async def enrol_client(client: httpx2.AsyncClient, services: Services, device_id: str) -> None:
    """Register `device_id` (unless it exists) and enrol this client as that kiosk."""
    key = await register_device(services, device_id)
    response = await client.post("/kiosk/enrol", data={"device_id": device_id, "key": key})
    assert response.status_code == 303, response.text
    assert client.cookies.get("ov_device")


# Every page any kiosk test receives is scanned for whole ID and phone numbers.
PII_HOOKS: dict[str, list[Callable[[httpx2.Response], Awaitable[None]]]] = {"response": [refuse_personal_numbers]}


@pytest.fixture
def kiosk_settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", demo=False, catalog_refresh_seconds=0.0)


@pytest.fixture
async def kiosk(kiosk_settings: Settings, clock: ManualClock) -> AsyncIterator[Kiosk]:
    app = create_app(kiosk_settings, clock)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        services: Services = state["services"]
        await import_catalog(services.db, parse_catalog_text(json.dumps(kiosk_catalog(), ensure_ascii=False)))
        await services.catalog.load()

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        # raise_app_exceptions=False: an unexpected error must come back as our 500 page,
        # which Starlette sends before re-raising for the server to log.
        transport = httpx2.ASGITransport(app=with_state, raise_app_exceptions=False)
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://kiosk.test", event_hooks=PII_HOOKS
        ) as client:
            await enrol_client(client, services, TEST_DEVICE_ID)
            yield Kiosk(client, services, clock, transport)


@pytest.fixture
def page_client(kiosk: Kiosk) -> httpx2.AsyncClient:
    return kiosk.client
