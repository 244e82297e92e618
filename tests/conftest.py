"""Fixtures over the real stack: a fresh SQLite file per test, the app with its lifespan run,
and an httpx2 client speaking ASGI to it."""

from __future__ import annotations

import json
import logging
from collections.abc import AsyncIterator, Iterator
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
from shared.privacy.masking import contains_personal_number
from shared.services import Services
from tests.pii import refuse_personal_numbers

FIXTURES = Path(__file__).parent / "fixtures"


def mini_catalog_text() -> str:
    return (FIXTURES / "mini_catalog.json").read_text(encoding="utf-8")


def mini_catalog() -> dict[str, Any]:
    result: dict[str, Any] = json.loads(mini_catalog_text())
    return result


@pytest.fixture
def settings(tmp_path: Path) -> Settings:
    return Settings(data_dir=tmp_path / "data", demo=False, catalog_refresh_seconds=0.0)


@pytest.fixture(autouse=True)
def no_personal_numbers_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[None]:
    """Every test's captured log, tracebacks included, is scanned for whole ID and phone numbers."""
    caplog.set_level(logging.INFO)
    yield
    leaks = contains_personal_number(caplog.text)
    assert not leaks, f"the log revealed {leaks}"


@pytest.fixture
def clock() -> ManualClock:
    """The app's clock; a test moves it with `clock.advance(seconds)`."""
    return ManualClock()


@dataclass
class Running:
    client: httpx2.AsyncClient
    services: Services
    clock: ManualClock


@pytest.fixture
async def running(settings: Settings, clock: ManualClock) -> AsyncIterator[Running]:
    """The app with the small fixture catalog imported."""
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        services: Services = state["services"]
        await import_catalog(services.db, parse_catalog_text(mini_catalog_text()))
        await services.catalog.load()

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx2.ASGITransport(app=with_state)
        async with httpx2.AsyncClient(
            transport=transport,
            base_url="http://kiosk.test",
            event_hooks={"response": [refuse_personal_numbers]},
        ) as client:
            yield Running(client, services, clock)


@pytest.fixture
async def client(running: Running) -> httpx2.AsyncClient:
    return running.client
