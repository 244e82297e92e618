"""Every screen renders for every entry of the shipped demo catalog, in both languages.

The fixture catalog is small; the demo catalog is what a hall sees first, so a template
that trips over one of its items (StrictUndefined makes that an error) fails here.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest
from starlette.types import Receive, Scope, Send

from onevisit import create_app
from shared.config import Settings
from shared.services import Services


@pytest.fixture
async def demo(tmp_path: Path) -> AsyncIterator[tuple[httpx2.AsyncClient, Services]]:
    try:
        from shared.services import demo_catalog_text

        demo_catalog_text()
    except FileNotFoundError:
        pytest.skip("shared/catalog/demo_catalog.json is not there yet")
    app = create_app(Settings(data_dir=tmp_path / "data", demo=True))
    async with app.router.lifespan_context(app) as state:
        assert state is not None

        async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx2.ASGITransport(app=with_state)
        async with httpx2.AsyncClient(transport=transport, base_url="http://kiosk.test") as client:
            # In demo mode a browser becomes the demo kiosk with one tap.
            assert (await client.post("/kiosk/enrol/demo")).status_code == 303
            yield client, state["services"]


async def test_every_demo_page_renders(demo: tuple[httpx2.AsyncClient, Services]) -> None:
    client, services = demo
    snapshot = await services.catalog.current()
    paths = ["/", "/search", "/search?q=sfz"]
    paths += [f"/categories/{code}" for code in snapshot.categories]
    paths += [f"/items/{code}" for code in snapshot.items]
    paths += [f"/bundles/{code}" for code in snapshot.bundles]
    for lang in ("zh", "en"):
        for path in paths:
            response = await client.get(path, params={"lang": lang})
            assert response.status_code == 200, (path, lang)
            assert "<main" in response.text


async def test_demo_home_offers_topics_life_events_and_most_used(demo: tuple[httpx2.AsyncClient, Services]) -> None:
    client, services = demo
    snapshot = await services.catalog.current()
    body = (await client.get("/")).text
    # The demo home is the hall's default menu (shared/menus/demo.py): person topics as
    # tiles, life events and business topics one tap further, in their group pages.
    assert 'data-menu-stamp="hall-default@1"' in body
    groups = re.findall(r'href="(/menu/t-[0-9a-f]+)"', body)
    assert len(groups) == 2
    reachable = body + "".join([(await client.get(group)).text for group in groups])
    for category in snapshot.categories.values():
        assert f'href="/categories/{category.code}"' in reachable, category.code
    assert body.count('class="popular-link"') == 8
    search = (await client.get("/search", params={"q": "sfz"}, headers={"HX-Request": "true"})).text
    assert "居民身份证" in search
