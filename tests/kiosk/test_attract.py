"""The attract screen: where every session end lands; any tap starts; no countdown there."""

from __future__ import annotations

from tests.kiosk.application_steps import HTMX, sign_in
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text


async def test_the_attract_screen_says_touch_to_start_in_both_languages(kiosk: Kiosk) -> None:
    page = await kiosk.client.get("/attract")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    shown = text(page.text)
    assert "轻触屏幕开始" in shown and "Touch to start" in shown and "政务服务中心" in shown
    assert '<body class="attract"' in page.text
    # The whole screen is one link home; no countdown, no bottom bar on the screen it leads to.
    assert 'class="attract-touch" href="/"' in page.text
    assert "idle-overlay" not in page.text and "data-idle-seconds" not in page.text
    assert "bottom-bar" not in page.text


async def test_every_end_lands_on_the_attract_screen(kiosk: Kiosk) -> None:
    for reason in ("idle", "sign_out", "finished"):
        await sign_in(kiosk)
        ended = await kiosk.client.post("/kiosk/session/end", data={"reason": reason})
        assert ended.status_code == 303 and ended.headers["location"] == "/attract"
        assert (await kiosk.client.get("/me")).status_code == 303
    await sign_in(kiosk)
    by_htmx = await kiosk.client.post("/kiosk/session/end", data={"reason": "idle"}, headers=HTMX)
    assert by_htmx.status_code == 204 and by_htmx.headers["hx-redirect"] == "/attract"


async def test_other_screens_count_down_to_it(kiosk: Kiosk) -> None:
    home = await kiosk.client.get("/")
    assert 'data-idle-seconds="90"' in home.text and 'id="idle-overlay"' in home.text
