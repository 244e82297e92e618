"""Every answer says how long the server took (W3C Server Timing), errors included."""

from __future__ import annotations

import httpx2

from benchmarks.kiosk_journey import server_ms


async def test_every_answer_carries_the_server_time(client: httpx2.AsyncClient) -> None:
    for path in ("/", "/healthz", "/api/v1/catalog/items", "/no-such-page", "/static/js/kiosk.js"):
        response = await client.get(path)
        timing = response.headers["server-timing"]
        assert timing.startswith("app;dur="), (path, timing)
        assert 0 <= server_ms(response) < 10_000, (path, timing)
    # Exactly one entry: an app answer must not carry a second, conflicting measure.
    assert "," not in (await client.get("/")).headers["server-timing"]
