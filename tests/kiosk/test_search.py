"""GET /search: one URL, a full page on navigation and the results fragment for htmx."""

from __future__ import annotations

import logging

import httpx2
import pytest

from tests.kiosk.helpers import section, text

# What htmx 4 sends when the search input asks for the results region.
HTMX_PARTIAL = {
    "HX-Request": "true",
    "HX-Request-Type": "partial",
    "HX-Source": "input#search-q",
    "HX-Target": "div#search-results",
}


async def test_full_page_is_a_plain_get_form_with_keyboard(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/search", params={"q": "sfz"})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    assert "HX-Request" in response.headers["vary"]
    body = response.text
    assert body.startswith("<!doctype html>")
    # Works without JavaScript: a GET form posting q back to /search.
    assert '<form class="search-form" action="/search" method="get" role="search">' in body
    assert 'name="q" type="search" value="sfz"' in body
    assert '<button type="submit" class="search-submit">' in body
    # With htmx: the input refreshes only the results region while typing.
    assert 'hx-get="/search" hx-trigger="input changed delay:300ms"' in body
    assert 'hx-target="#search-results"' in body
    assert '<div id="search-results"' in body
    # The on-screen keyboard: every letter and digit, backspace, clear and space.
    keys = [f'data-key="{key}"' for key in "abcdefghijklmnopqrstuvwxyz0123456789"]
    assert all(key in body for key in keys)
    for key in ("backspace", "clear", "space"):
        assert f'data-key="{key}"' in body
    assert "/static/js/keyboard.js" in body


async def test_htmx_partial_request_gets_only_the_results(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/search", params={"q": "sfz"}, headers=HTMX_PARTIAL)
    assert response.status_code == 200
    assert "HX-Request" in response.headers["vary"]
    assert response.headers["cache-control"] == "no-store"
    body = response.text
    assert "<html" not in body and "<form" not in body and "data-key" not in body
    assert 'href="/items/GA-SFZ-002"' in body
    assert "找到 1 个事项" in text(body)


async def test_full_page_when_htmx_wants_the_whole_page(page_client: httpx2.AsyncClient) -> None:
    # A boosted link or a history restore targets <body>: htmx 4 says "full".
    for headers in (
        {"HX-Request": "true", "HX-Request-Type": "full", "HX-Target": "body"},
        {"HX-Request": "true", "HX-History-Restore-Request": "true", "HX-Request-Type": "full"},
        {"HX-Request": "true", "HX-Request-Type": "partial", "HX-Target": "main#main"},
    ):
        body = (await page_client.get("/search?q=sfz", headers=headers)).text
        assert body.startswith("<!doctype html>"), headers


async def test_pinyin_initials_find_the_id_card_item(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search?q=sfz", headers=HTMX_PARTIAL)).text
    items = section(body, "found-items")
    assert "居民身份证到期换领" in text(items)
    assert "GA-OLD-001" not in body  # the retired ID item is not offered


@pytest.mark.parametrize("query", ["身份证", "shenfenzheng", "ＳＦＺ", "  sfz  "])
async def test_other_ways_to_type_it(page_client: httpx2.AsyncClient, query: str) -> None:
    body = (await page_client.get("/search", params={"q": query}, headers=HTMX_PARTIAL)).text
    assert 'href="/items/GA-SFZ-002"' in body


async def test_bundles_come_before_items(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search", params={"q": "新生儿"}, headers=HTMX_PARTIAL)).text
    bundles = section(body, "found-bundles")
    items = section(body, "found-items")
    assert 'href="/bundles/newborn"' in bundles
    assert body.index(bundles) < body.index(items)
    assert 'href="/items/YB-CB-003"' in items


async def test_empty_query_suggests_most_used(page_client: httpx2.AsyncClient) -> None:
    for headers in ({}, HTMX_PARTIAL):
        body = (await page_client.get("/search", params={"q": "   "}, headers=headers)).text
        suggestions = section(body, "suggestions")
        assert "大家常办" in text(suggestions)
        assert suggestions.index("GA-SFZ-002") < suggestions.index("WJ-CSYX-001")
        assert "GA-OLD-001" not in suggestions


async def test_no_results_gives_tips(page_client: httpx2.AsyncClient) -> None:
    body = text((await page_client.get("/search", params={"q": "qqqqqq"}, headers=HTMX_PARTIAL)).text)
    assert "没有找到相关事项" in body
    assert "试试拼音首字母" in body and "少输入几个字" in body
    english = text((await page_client.get("/search?q=qqqqqq&lang=en", headers=HTMX_PARTIAL)).text)
    assert "No matching service items" in english and "pinyin initials" in english


async def test_query_is_escaped_and_bounded(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search", params={"q": '"><script>alert(1)</script>'})).text
    assert "<script>alert(1)</script>" not in body
    assert 'value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"' in body
    long_body = (await page_client.get("/search", params={"q": "a" * 500})).text
    assert 'value="' + "a" * 100 + '"' in long_body


async def test_query_never_reaches_the_logs(page_client: httpx2.AsyncClient, caplog: pytest.LogCaptureFixture) -> None:
    id_number = "11010519491231002X"
    with caplog.at_level(logging.DEBUG):
        await page_client.get("/search", params={"q": id_number})
        await page_client.get("/search", params={"q": id_number}, headers=HTMX_PARTIAL)
    # The test's own HTTP client logs the URL it requested; the server must not.
    server_side = [r.getMessage() for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any("GET /search 200" in message for message in server_side)
    assert not any(id_number in message for message in server_side)


@pytest.mark.parametrize("typed", ["11010519491231002X", "138 1234 5678", "查 13812345678"])
async def test_a_personal_number_typed_into_search_is_refused_not_echoed(
    page_client: httpx2.AsyncClient, typed: str
) -> None:
    # The client's response hook already fails the test if the number comes back whole.
    page = await page_client.get("/search", params={"q": typed})
    assert page.status_code == 200 and "请不要在搜索框中输入身份证号或手机号" in page.text
    assert page.headers["cache-control"] == "no-store"
    assert 'value=""' in page.text
    partial = await page_client.get("/search", params={"q": typed}, headers=HTMX_PARTIAL)
    assert "请不要在搜索框中输入身份证号或手机号" in partial.text
    assert partial.headers["hx-replace-url"] == "/search"
