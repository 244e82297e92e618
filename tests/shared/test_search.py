"""Search as people in a hall search, and fast on a large catalog."""

from __future__ import annotations

import time

from shared.catalog.search import SearchEntry, SearchIndex, keyword_pinyin, normalize, pinyin_forms


def entry(code: str, name: str, keywords: tuple[str, ...] = (), popularity: int = 0, en: str = "") -> SearchEntry:
    full, initials = pinyin_forms(name)
    return SearchEntry("item", code, name, en, keywords, full, initials, keyword_pinyin(keywords), "D", popularity)


INDEX = SearchIndex(
    [
        entry("sfz-new", "居民身份证首次申领", ("身份证",), 100, "First resident ID card"),
        entry("sfz-renew", "居民身份证到期换领", ("身份证", "换证"), 900, "Renew a resident ID card"),
        entry("passport", "普通护照签发", ("出国",), 500, "Passport"),
        entry("gjj", "住房公积金租房提取", ("公积金", "租房"), 800, "Housing fund withdrawal for rent"),
        entry("bank", "银行开户证明", (), 1),
    ]
)


def codes(query: str) -> list[str]:
    return [h.code for h in INDEX.search(query)]


def test_pinyin_forms() -> None:
    assert pinyin_forms("居民身份证") == ("juminshenfenzheng", "jmsfz")
    assert pinyin_forms("银行")[0] == "yinhang"  # phrase-aware: 行 is hang here
    assert normalize(" ＳＦＺ-身份 证 ") == "sfz身份证"


def test_initials_full_pinyin_chinese_and_english() -> None:
    assert codes("sfz") == ["sfz-renew", "sfz-new"]  # more used first within a tier
    assert codes("shenfenzheng")[:2] == ["sfz-renew", "sfz-new"]
    assert codes("身份证") == ["sfz-renew", "sfz-new"]
    assert codes("passport") == ["passport"]
    assert codes("gjj") == ["gjj"]
    assert codes("HUZHAO") == ["passport"]


def test_name_beats_keyword_and_prefix_beats_substring() -> None:
    index = SearchIndex(
        [
            entry("kw", "户口迁移", ("护照",), 10_000),
            entry("name", "护照补发", (), 0),
        ]
    )
    assert [h.code for h in index.search("护照")] == ["name", "kw"]


def test_all_terms_must_match() -> None:
    assert codes("身份证 换领") == ["sfz-renew"]
    assert codes("身份证 护照") == []
    assert codes("   ") == []
    assert codes("zzz") == []


def test_single_character() -> None:
    assert set(codes("照")) == {"passport"}


def test_fast_on_ten_thousand_entries() -> None:
    names = [
        "居民身份证",
        "护照",
        "驾驶证",
        "营业执照",
        "社保卡",
        "公积金",
        "不动产登记",
        "结婚登记",
        "出生证明",
        "医保",
    ]
    actions = ["首次申领", "换领", "补领", "变更", "注销", "提取", "查询", "转移", "续期", "签注"]
    entries = [
        entry(f"E{i}", f"{names[i % 10]}{actions[(i // 10) % 10]}（{i}号窗口）", (), i % 997) for i in range(10_000)
    ]
    index = SearchIndex(entries)
    started = time.perf_counter()
    for query in ("sfz", "身份证换领", "jsz", "gongjijin", "营业", "yyzz bg"):
        assert index.search(query)
    elapsed = (time.perf_counter() - started) / 6
    # A generous ceiling, only to catch an accidental full scan per term; see benchmarks/ for figures.
    assert elapsed < 0.05, elapsed
