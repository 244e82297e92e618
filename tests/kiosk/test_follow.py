"""Following an application by its receipt: the phone page (no sign-in, no personal data,
unknown tokens a plain 404) and the kiosk's 查询办件 (scan the receipt under the code reader,
or sign in)."""

from __future__ import annotations

from shared.applications import access
from shared.privacy.vault import token_hash
from shared.receipts import repository
from tests.kiosk.application_steps import HTMX
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text
from tests.kiosk.test_receipts import CARD, bridge, submit_at_kiosk
from tests.pii import ID_ZHANG

STATUS = {**HTMX, "HX-Target": "div#track-status"}


async def printed_follow_url(kiosk: Kiosk, number: str) -> str:
    answer = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert answer.status_code == 200
    code = bridge(kiosk).printed(kiosk.device_id)[-1].code
    assert code is not None
    return code


async def test_the_phone_page_shows_progress_and_nothing_personal(kiosk: Kiosk) -> None:
    citizen_id, number = await submit_at_kiosk(kiosk)
    url = await printed_follow_url(kiosk, number)
    token = url.rsplit("/follow/", 1)[1]
    # A phone: no device cookie, no session.
    async with kiosk.new_client() as phone:
        page = await phone.get(f"/follow/{token}")
        assert page.status_code == 200
        body = text(page.text)
        assert number in body and "居民身份证到期换领" in body
        assert "已提交，等待窗口工作人员受理。" in body
        assert "承诺办结" in body and "20 个工作日" in body
        assert "张" not in body and ID_ZHANG[-4:] not in body and "5678" not in body
        assert page.headers["cache-control"] == "no-store"
        english = await phone.get(f"/follow/{token}?lang=en")
        assert "Application progress" in text(english.text)
    # The token is stored only as its hash.
    app = await access.for_citizen(kiosk.services, citizen_id, number)
    rows = await kiosk.services.db.fetch_all(
        "SELECT id, follow_token_hash FROM receipts WHERE application_id = ?", (app.id,)
    )
    assert len(rows) == 1 and bytes(rows[0]["follow_token_hash"]) == token_hash(token)
    assert token.encode() not in bytes(rows[0]["follow_token_hash"])
    assert len(token) >= 43  # 256 bits


async def test_an_unknown_or_malformed_token_is_a_plain_404(kiosk: Kiosk) -> None:
    await submit_at_kiosk(kiosk)
    async with kiosk.new_client() as phone:
        for token in ("A" * 43, "short", "x" * 300, "%3Cscript%3E"):
            page = await phone.get(f"/follow/{token}")
            assert page.status_code == 404, token
            assert "没有找到这个办件" in text(page.text)
            assert "<script" not in page.text


async def test_a_receipt_token_follows_the_application_through_its_states(kiosk: Kiosk) -> None:
    from tests.kiosk.test_collect import approved

    _, number = await approved(kiosk)
    url = await printed_follow_url(kiosk, number)
    async with kiosk.new_client() as phone:
        page = await phone.get(url.replace("http://kiosk.test", ""))
        assert "已办结，准予办理，结果待领取。" in text(page.text)


async def test_the_home_screen_offers_follow_my_application(kiosk: Kiosk) -> None:
    home = await kiosk.client.get("/")
    assert 'href="/track"' in home.text and "查询办件" in text(home.text)


async def test_scan_the_receipt_at_the_kiosk(kiosk: Kiosk) -> None:
    _, number = await submit_at_kiosk(kiosk)
    url = await printed_follow_url(kiosk, number)
    await kiosk.client.post("/kiosk/session/finish")  # the citizen left; someone comes back later
    page = await kiosk.client.get("/track")
    assert page.status_code == 200 and "扫描回执" in text(page.text) and 'hx-post="/track/poll"' in page.text
    assert 'href="/signin?next=/applications"' in page.text
    nothing = await kiosk.client.post("/track/poll", headers=STATUS)
    assert nothing.status_code == 204
    bridge(kiosk).present_code(kiosk.device_id, url)
    found = await kiosk.client.post("/track/poll", headers=STATUS)
    assert found.status_code == 200
    body = text(found.text)
    assert number in body and "已提交，等待窗口工作人员受理。" in body
    assert f'href="/signin?next=/applications/{number}"' in found.text
    assert "hx-trigger" not in found.text  # reading stops once a receipt is found


async def test_a_code_that_is_no_receipt_of_ours(kiosk: Kiosk) -> None:
    bridge(kiosk).present_code(kiosk.device_id, "https://example.com/somewhere/else")
    answer = await kiosk.client.post("/track/poll", headers=STATUS)
    assert answer.status_code == 200
    assert "没有找到这张回执对应的办件" in text(answer.text) and 'hx-trigger="every 1s"' in answer.text


def test_tokens_are_read_from_links_or_bare() -> None:
    from kiosk.views.follow import token_from_code

    token = "A" * 43
    assert token_from_code(f"https://zwfw.example.gov.cn/follow/{token}") == token
    assert token_from_code(f"http://10.0.0.2:8000/follow/{token}/") == token
    assert token_from_code(f"  {token} ") == token
    assert not repository.plausible_token(token_from_code("https://example.com/x"))
