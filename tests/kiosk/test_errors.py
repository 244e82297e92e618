"""Errors as kiosk pages (and as htmx alert fragments): friendly, bilingual, never a traceback."""

from __future__ import annotations

import httpx2
import pytest

from kiosk import errors
from shared.catalog.snapshot import CatalogSnapshot
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text

HTMX_PARTIAL = {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "div#search-results"}


async def test_404_page_in_chinese_with_english_below(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/items/NOPE")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
    assert "HX-Request" in response.headers["vary"]
    body = response.text
    assert '<html lang="zh-CN">' in body
    card = text(body[body.index('<section class="error-card">') :])
    assert card.index("找不到该事项，可能已调整或下线。") < card.index("This service item does not exist")
    assert "404" in card and "返回首页 / Home" in card
    assert '<form class="lang-switch"' in body  # same layout as every page


async def test_404_page_in_english_with_chinese_below(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/categories/NOPE", params={"lang": "en"})
    assert response.status_code == 404
    assert response.headers["content-language"] == "en"
    card = text(response.text[response.text.index('<section class="error-card">') :])
    assert card.index("This category does not exist.") < card.index("找不到这个分类。")


async def test_unrouted_path_is_a_friendly_404(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/no/such/page?lang=en")
    assert response.status_code == 404
    assert "We could not find what you asked for." in response.text


async def test_htmx_partial_error_is_an_alert_fragment(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/items/NOPE", headers=HTMX_PARTIAL)
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
    body = response.text
    assert "<html" not in body
    assert body.strip().startswith('<div class="alert alert-error" role="alert">')
    assert "找不到该事项" in body and "This service item does not exist" in body


async def test_base_template_sends_error_fragments_to_the_alert_region(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search")).text
    assert 'hx-status:4xx:inherited="target:#kiosk-alerts swap:innerHTML' in body
    assert 'hx-status:5xx:inherited="target:#kiosk-alerts swap:innerHTML' in body
    assert '<div id="kiosk-alerts" class="alerts" role="alert"' in body


async def test_unexpected_error_is_a_500_page_without_traceback(
    kiosk: Kiosk, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    async def broken() -> CatalogSnapshot:
        raise RuntimeError("secret internal detail")

    monkeypatch.setattr(kiosk.services.catalog, "current", broken)
    response = await kiosk.client.get("/")
    assert response.status_code == 500
    assert response.headers["cache-control"] == "no-store"
    assert "系统繁忙，请稍后再试。" in response.text and "Something went wrong" in response.text
    assert "secret internal detail" not in response.text and "Traceback" not in response.text
    assert "secret internal detail" in caplog.text  # the operators still see it

    fragment = await kiosk.client.get("/search?q=sfz", headers=HTMX_PARTIAL)
    assert fragment.status_code == 500
    assert "<html" not in fragment.text and "系统繁忙" in fragment.text


async def test_error_page_that_cannot_render_still_answers(
    page_client: httpx2.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_render(*args: object, **kwargs: object) -> None:
        raise RuntimeError("template trouble")

    monkeypatch.setattr(errors, "render", broken_render)
    response = await page_client.get("/items/NOPE")
    assert response.status_code == 404
    assert response.headers["cache-control"] == "no-store"
    assert "找不到该事项" in response.text and "template trouble" not in response.text


async def test_too_large_body_is_a_413_page(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.post("/lang", content=b"x" * 2_000_000)
    assert response.status_code == 413
    assert "提交的内容太大。" in response.text
