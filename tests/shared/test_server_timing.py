"""With ONEVISIT_SERVER_TIMING on, every answer says how long the server took (W3C Server
Timing), errors included; off (the default), none does."""

from __future__ import annotations

import dataclasses

import httpx2
import pytest

from benchmarks.kiosk_journey import server_ms
from shared.config import Settings

PATHS = ("/", "/healthz", "/api/v1/catalog/items", "/no-such-page", "/static/js/kiosk.js")


async def test_no_server_time_unless_asked(client: httpx2.AsyncClient) -> None:
    for path in PATHS:
        assert "server-timing" not in (await client.get(path)).headers, path


class TestTurnedOn:
    @pytest.fixture
    def settings(self, settings: Settings) -> Settings:
        return dataclasses.replace(settings, server_timing=True)

    async def test_every_answer_carries_the_server_time(self, client: httpx2.AsyncClient) -> None:
        for path in PATHS:
            response = await client.get(path)
            timing = response.headers["server-timing"]
            assert timing.startswith("app;dur="), (path, timing)
            assert 0 <= server_ms(response) < 10_000, (path, timing)
        # Exactly one entry: an app answer must not carry a second, conflicting measure.
        assert "," not in (await client.get("/")).headers["server-timing"]
