"""Static files: a year in the cache for the current versioned URL, revalidation otherwise."""

from __future__ import annotations

import httpx2

from onevisit import STATIC_DIR
from shared.web.static import IMMUTABLE, REVALIDATE, content_version


async def test_current_version_is_immutable_and_others_revalidate(client: httpx2.AsyncClient) -> None:
    version = content_version(STATIC_DIR, "js/kiosk.js")
    assert len(version) == 12
    current = await client.get(f"/static/js/kiosk.js?v={version}")
    assert current.status_code == 200 and current.headers["cache-control"] == IMMUTABLE
    for stale in ("/static/js/kiosk.js", "/static/js/kiosk.js?v=000000000000"):
        response = await client.get(stale)
        assert response.status_code == 200 and response.headers["cache-control"] == REVALIDATE
    missing = await client.get("/static/js/none.js?v=missing")
    assert missing.status_code == 404 and "immutable" not in missing.headers.get("cache-control", "")


async def test_entity_tag_is_the_content_version_and_revalidates(client: httpx2.AsyncClient) -> None:
    # The tag must not depend on the file's modification time (a fresh checkout changes it)
    # nor be hex (a hex digest can hold a digit run that reads as a whole phone number).
    version = content_version(STATIC_DIR, "js/kiosk.js")
    first = await client.get("/static/js/kiosk.js")
    assert first.headers["etag"] == f'"{version}"'
    again = await client.get("/static/js/kiosk.js", headers={"If-None-Match": first.headers["etag"]})
    assert again.status_code == 304 and again.content == b""
    other = await client.get("/static/js/kiosk.js", headers={"If-None-Match": '"somethingelse"'})
    assert other.status_code == 200
    (STATIC_DIR / "js" / "kiosk.js").touch()
    after_touch = await client.get("/static/js/kiosk.js")
    assert after_touch.headers["etag"] == first.headers["etag"]
