"""The kiosk's pages over the real stack: status, headers and what the citizen reads."""

from __future__ import annotations

import re

import httpx2
import pytest

from tests.kiosk.helpers import section, text


def assert_kiosk_page(response: httpx2.Response, status: int = 200) -> str:
    assert response.status_code == status
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["cache-control"] == "no-store"
    assert "HX-Request" in response.headers["vary"]
    assert response.text.startswith("<!doctype html>")
    return response.text


async def test_home_has_search_tiles_life_events_most_used_and_switch(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/"))
    assert '<html lang="zh-CN">' in body
    assert "政务服务中心" in body and "自助服务 / Self-service" in body
    assert 'class="search-launch" href="/search"' in body
    person = text(section(body, "person-topics"))
    assert "证件办理" in person and "医疗保障" in person
    assert 'href="/categories/zjbl"' in body
    life_events = section(body, "life-events")
    assert 'href="/categories/birth"' in life_events and "出生" in text(life_events)
    most_used = section(body, "most-used")
    # Most used first; the retired item (popularity 99999) is never offered.
    assert most_used.index("GA-SFZ-002") < most_used.index("WJ-CSYX-001")
    assert "GA-OLD-001" not in most_used
    assert "居民身份证到期换领" in text(most_used)
    # The language switch posts to /lang and comes back here.
    assert '<form class="lang-switch" method="post" action="/lang"' in body
    assert '<input type="hidden" name="next" value="/">' in body
    assert 'value="zh" lang="zh-CN" aria-pressed="true"' in body


async def test_home_in_english_by_query(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.get("/", params={"lang": "en"})
    body = assert_kiosk_page(response)
    assert response.headers["content-language"] == "en"
    assert '<html lang="en">' in body
    assert "Government Service Centre" in body
    assert "For individuals" in body and "ID documents" in body
    assert 'value="en" lang="en" aria-pressed="true"' in body
    # The switch's return path drops ?lang, so choosing 中文 is not undone by it.
    assert '<input type="hidden" name="next" value="/">' in body


async def test_page_with_no_inline_script_or_style(page_client: httpx2.AsyncClient) -> None:
    # The CSP allows scripts and styles from files only.
    for path in ("/", "/search?q=sfz", "/items/GA-SFZ-002", "/bundles/newborn", "/categories/zjbl", "/items/x"):
        body = (await page_client.get(path)).text
        assert re.search(r"<script(?![^>]*\bsrc=)", body) is None, path
        assert " style=" not in body and "<style" not in body, path
        assert re.search(r"\son[a-z]+=", body) is None, path
        assert '<meta name="htmx-config" content=\'{"includeIndicatorCSS": false' in body


async def test_category_lists_bundles_first_then_items(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/categories/birth"))
    assert '<h1 class="page-title">出生</h1>' in body
    bundles = section(body, "category-bundles")
    items = section(body, "category-items")
    assert body.index(bundles) < body.index(items)
    assert 'href="/bundles/newborn"' in bundles and "出生一件事" in bundles
    assert "出生医学证明首次签发、新生儿城乡居民医保参保登记" in text(bundles)
    rows = text(items)
    assert "出生医学证明首次签发" in rows and "市卫生健康委员会" in rows
    assert "马上办" in rows and "网上办" in rows  # labels as chips
    assert 'class="chip chip-immediate"' in items
    assert "当场办结" in rows and "不用跑" in rows  # promised days and trips
    assert "3 个工作日" in rows
    assert 'class="back-link" href="/"' in body


async def test_category_row_says_not_provided_for_missing_facts(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/categories/zjbl"))
    row = body[body.index('href="/items/GA-HJ-010"') :]
    row = row[: row.index("</a>")]
    assert text(row).count("未提供") == 2  # promised days and trips
    assert "GA-OLD-001" not in body  # retired items are not listed


@pytest.mark.parametrize("path", ["/categories/nope", "/items/nope", "/bundles/nope", "/no/such/page"])
async def test_unknown_codes_are_404_pages(page_client: httpx2.AsyncClient, path: str) -> None:
    body = assert_kiosk_page(await page_client.get(path), 404)
    assert '<a class="button-primary" href="/">' in body and "返回首页 / Home" in body


async def test_item_guide_tells_everything_at_once(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/GA-SFZ-002"))
    assert '<h1 class="guide-title">居民身份证到期换领</h1>' in body
    head = text(body[body.index('<header class="guide-head">') : body.index('<section class="facts"')])
    assert "市公安局" in head and "行政确认" in head and "就近办" in head and "一次办" in head
    facts = text(body[body.index('<section class="facts"') :])
    assert "承诺时限 20 个工作日 法定时限：60 个工作日" in facts
    assert "最多跑 1 次 需现场采集指纹和人像。" in facts
    # Fees: the card fee always, postage only when mailed; each fee with its amount.
    assert "20 元 – 32 元" in facts
    assert "工本费 20 元" in facts and "邮寄费 12 元 （视情况收取）" in facts
    assert "承诺件" in facts
    channels = text(section(body, "channels"))
    assert "网上办理 不支持" in channels and "自助终端 支持" in channels and "快递送达 支持" in channels
    steps = text(section(body, "steps"))
    assert steps.index("申请") < steps.index("采集指纹和人像") < steps.index("领取新证")
    places = text(section(body, "places"))
    assert "市民中心公安窗口" in places and "市民路1号" in places and "工作日 9:00-17:00" in places
    result = text(section(body, "result"))
    assert "居民身份证" in result and "窗口领取" in result and "邮寄送达" in result
    assert "《中华人民共和国居民身份证法》第十一条" in text(section(body, "legal-basis"))
    assert "旧证还能用吗？" in text(section(body, "faq"))
    assert 'class="back-link" href="/categories/zjbl"' in body


async def test_item_materials_kinds_waivers_and_conditions(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/GA-SFZ-002"))
    materials = [text(part) for part in section(body, "materials").split('<li class="material')[1:]]
    assert len(materials) == 3
    id_card, hukou, guardian = materials
    assert "居民身份证 原件 1 份 必须提交" in id_card
    assert "可用电子证照「居民身份证」代替" in id_card
    assert "免提交：由市公安局共享数据" in hukou and "户籍信息由公安内部核验" in hukou
    assert "视情况提交" in guardian and "必须提交" not in guardian
    assert "「为谁办理」选择『未满16周岁的子女』时需要" in guardian


async def test_item_materials_in_english(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/GA-SFZ-002", params={"lang": "en"}))
    materials = text(section(body, "materials"))
    assert "Materials" in materials
    assert "The electronic certificate “Resident ID card” can be used instead" in materials
    assert "No need to bring it: Municipal Public Security Bureau shares the data" in materials
    assert "Needed if you choose “My child under 16” for “For whom”" in materials
    assert "Original 1 copy Required" in materials


async def test_incomplete_item_says_not_provided_and_invents_nothing(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/GA-HJ-010"))
    assert "户籍证明开具" in body and "市公安局" in body
    facts = text(body[body.index('<section class="facts"') : body.index('aria-labelledby="channels"')])
    assert facts.count("未提供") == 5  # promised, legal, trips, fees, case type
    assert "免费" not in body  # fees are not provided, which is not the same as free
    for heading in ("materials", "steps", "places", "result", "legal-basis", "faq"):
        assert text(section(body, heading)).endswith("未提供"), heading
    assert text(section(body, "channels")).count("未提供") == 5
    english = (await page_client.get("/items/GA-HJ-010", params={"lang": "en"})).text
    assert "Not provided" in english and "未提供" not in english


async def test_free_item_says_free(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/WJ-CSYX-001"))
    fees = text(body[body.index(">收费<") : body.index(">办件类型<")])
    assert "免费" in fees and "未提供" not in fees
    materials = text(section(body, "materials"))
    assert "结婚证 复印件 1 份 选择提交" in materials
    assert "父母居民身份证 复印件 2 份 必须提交" in materials


async def test_retired_item_says_it_is_no_longer_offered(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/items/GA-OLD-001"))
    assert "该事项已停止办理" in body
    assert "旧版临时身份证申领" in body
    english = (await page_client.get("/items/GA-OLD-001?lang=en")).text
    assert "This service item is no longer offered" in english
    active = (await page_client.get("/items/GA-SFZ-002")).text
    assert "该事项已停止办理" not in active


async def test_bundle_guide_items_total_days_and_fees(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/bundles/newborn"))
    assert '<h1 class="guide-title">出生一件事</h1>' in body
    items = section(body, "bundle-items")
    assert 'href="/items/WJ-CSYX-001"' in items and 'href="/items/YB-CB-003"' in items
    facts = text(body[body.index('<section class="facts') : body.index('aria-labelledby="bundle-items"')])
    assert "总承诺时限 3 个工作日" in facts  # the slowest item, reviewed in parallel
    assert "不用跑" in facts
    assert "380 元" in facts
    fees = text(section(body, "fees-by-item"))
    assert "出生医学证明首次签发 免费" in fees
    assert "新生儿城乡居民医保参保登记 380 元 个人缴费（年度） 380 元" in fees
    assert 'class="back-link" href="/categories/birth"' in body


async def test_bundle_asks_a_shared_material_once(page_client: httpx2.AsyncClient) -> None:
    body = assert_kiosk_page(await page_client.get("/bundles/id-and-birth"))
    materials = [text(part) for part in section(body, "materials").split('<li class="material')[1:]]
    id_cards = [m for m in materials if "可用电子证照「居民身份证」代替" in m]
    assert len(id_cards) == 1, materials  # asked once, not once per item
    assert "只交一次，2 个事项共用" in id_cards[0]
    assert "用于：居民身份证到期换领、出生医学证明首次签发" in id_cards[0]
    others = [m for m in materials if m is not id_cards[0]]
    assert others and all("共用" not in m for m in others)
    assert "用于：居民身份证到期换领" in text(section(body, "materials"))


async def test_head_requests_work(page_client: httpx2.AsyncClient) -> None:
    response = await page_client.head("/items/GA-SFZ-002")
    assert response.status_code == 200 and response.content == b""
    assert response.headers["cache-control"] == "no-store"


async def test_static_assets_are_served(page_client: httpx2.AsyncClient) -> None:
    body = (await page_client.get("/search")).text
    for path in re.findall(r'(?:src|href)="(/static/[^"#]+)', body):
        response = await page_client.get(path)
        assert response.status_code == 200, path
