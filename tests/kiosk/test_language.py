"""The language switch: POST /lang sets the ov_lang cookie and goes back, only to this site."""

from __future__ import annotations

import httpx2
import pytest


async def test_switch_sets_cookie_and_redirects_back(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.post("/lang", data={"lang": "en", "next": "/items/GA-SFZ-002"})
    assert response.status_code == 303
    assert response.headers["location"] == "/items/GA-SFZ-002"
    assert response.headers["cache-control"] == "no-store"
    cookie = response.headers["set-cookie"]
    assert cookie.startswith("ov_lang=en;")
    assert "HttpOnly" in cookie and "Path=/" in cookie and "SameSite=strict" in cookie
    assert "Secure" not in cookie  # the demo runs over plain HTTP
    page = await page_client.get("/items/GA-SFZ-002")
    assert '<html lang="en">' in page.text and "Materials" in page.text
    assert page.headers["content-language"] == "en"


async def test_switch_back_to_chinese(page_client: httpx2.AsyncClient) -> None:
    await page_client.post("/lang", data={"lang": "en", "next": "/"})
    response = await page_client.post("/lang", data={"lang": "zh", "next": "/search?q=sfz"})
    assert response.headers["location"] == "/search?q=sfz"
    page = await page_client.get("/search?q=sfz")
    assert '<html lang="zh-CN">' in page.text


async def test_query_parameter_overrides_cookie_for_one_request(page_client: httpx2.AsyncClient) -> None:
    await page_client.post("/lang", data={"lang": "en", "next": "/"})
    assert '<html lang="zh-CN">' in (await page_client.get("/?lang=zh")).text
    assert '<html lang="en">' in (await page_client.get("/")).text
    page_client.cookies.clear()
    assert '<html lang="en">' in (await page_client.get("/?lang=en")).text
    assert '<html lang="zh-CN">' in (await page_client.get("/")).text


async def test_kiosk_ignores_the_machines_accept_language(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})).text
    assert '<html lang="zh-CN">' in body


@pytest.mark.parametrize(
    "next_value",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example",
        "\\\\evil.example",
        "/ok\\..\\evil",
        "javascript:alert(1)",
        "evil.example",
        "/\tevil",
        "",
        "/" + "a" * 3000,
    ],
)
async def test_switch_never_redirects_off_site(page_client: httpx2.AsyncClient, next_value: str) -> None:
    response = await page_client.post("/lang", data={"lang": "en", "next": next_value})
    assert response.status_code == 303
    assert response.headers["location"] == "/"


async def test_switch_without_next_goes_home(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.post("/lang", data={"lang": "zh"})
    assert response.status_code == 303 and response.headers["location"] == "/"


@pytest.mark.parametrize("lang", ["fr", "", "zh-TW-x"])
async def test_unknown_language_is_a_400_page(page_client: httpx2.AsyncClient, lang: str) -> None:
    response = await page_client.post("/lang", data={"lang": lang, "next": "/"})
    assert response.status_code == 400
    assert "set-cookie" not in response.headers
    assert "请选择中文或 English。" in response.text
    # The error page's own switch must not send the citizen back to POST-only /lang.
    assert '<input type="hidden" name="next" value="/">' in response.text


async def test_cross_site_post_is_refused(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.post(
        "/lang", data={"lang": "en", "next": "/"}, headers={"Sec-Fetch-Site": "cross-site"}
    )
    assert response.status_code == 403
    assert "set-cookie" not in response.headers
    assert response.text.startswith("<!doctype html>")


async def test_switch_form_on_every_page_returns_to_it(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search", params={"q": "sfz", "lang": "en"})).text
    assert '<input type="hidden" name="next" value="/search?q=sfz">' in body


async def test_get_on_lang_is_405(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/lang")
    assert response.status_code == 405
    assert response.text.startswith("<!doctype html>")
