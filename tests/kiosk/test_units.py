"""The kiosk's small pure parts: condition wording, numbers, htmx headers, safe redirects."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from starlette.datastructures import Headers

from kiosk.conditions import describe
from kiosk.formatting import copies, money, trips, working_days
from kiosk.guide import fee_range
from kiosk.htmx import HtmxDetails
from kiosk.icons import FALLBACK, ICONS, icon_symbol
from kiosk.lang import safe_next
from kiosk.texts import UI
from shared.catalog.model import Fee, FieldRules, FormField, Option
from shared.i18n import Text

STATIC = Path(__file__).resolve().parents[2] / "static"


def choice(code: str, *options: tuple[str, str, str]) -> FormField:
    return FormField(
        code,
        "choice",
        Text("为谁办理", "For whom"),
        None,
        True,
        tuple(Option(value, Text(zh, en)) for value, zh, en in options),
        FieldRules(),
        None,
    )


FIELDS = {
    "for_whom": choice("for_whom", ("self", "本人", "Myself"), ("child", "未满16周岁的子女", "My child under 16")),
    "guardian_name": FormField(
        "guardian_name", "text", Text("监护人姓名", "Guardian's name"), None, False, (), FieldRules(), None
    ),
    "children": FormField("children", "number", Text("子女人数", "Children"), None, False, (), FieldRules(), None),
}


@pytest.mark.parametrize(
    ("condition", "zh", "en"),
    [
        (
            {"field": "for_whom", "equals": "child"},
            "「为谁办理」选择『未满16周岁的子女』时需要",
            "Needed if you choose “My child under 16” for “For whom”",
        ),
        (
            {"field": "for_whom", "in": ["self", "child"]},
            "「为谁办理」选择『本人』或『未满16周岁的子女』时需要",
            "Needed if you choose “Myself” or “My child under 16” for “For whom”",
        ),
        (
            {"field": "guardian_name", "answered": True},
            "填写了「监护人姓名」时需要",
            "Needed if you fill in “Guardian's name”",
        ),
        ({"field": "children", "equals": 3}, "「子女人数」为3时需要", "Needed if “Children” is 3"),
        (
            {"all": [{"field": "for_whom", "equals": "child"}, {"field": "guardian_name", "answered": True}]},
            "「为谁办理」选择『未满16周岁的子女』且填写了「监护人姓名」时需要",
            "Needed if you choose “My child under 16” for “For whom” and you fill in “Guardian's name”",
        ),
        (
            # A bundle merges the same condition from two items: said once.
            {"any": [{"field": "for_whom", "equals": "child"}, {"field": "for_whom", "equals": "child"}]},
            "「为谁办理」选择『未满16周岁的子女』时需要",
            "Needed if you choose “My child under 16” for “For whom”",
        ),
    ],
)
def test_conditions_in_words(condition: dict[str, Any], zh: str, en: str) -> None:
    assert describe(condition, FIELDS) == Text(zh, en)


@pytest.mark.parametrize(
    "condition",
    [
        None,
        {"not": {"field": "for_whom", "equals": "child"}},
        {"field": "unknown", "equals": "x"},
        {"field": "for_whom", "equals": "not-an-option"},
        {"field": "children", "equals": True},
        {"any": [{"field": "for_whom", "equals": "child"}, {"not": {"field": "children", "answered": True}}]},
    ],
)
def test_conditions_not_simply_said_are_left_out(condition: dict[str, Any] | None) -> None:
    assert describe(condition, FIELDS) is None


def test_money_in_yuan() -> None:
    assert money(2000) == Text("20 元", "CNY 20")
    assert money(1250) == Text("12.50 元", "CNY 12.50")
    assert money(5) == Text("0.05 元", "CNY 0.05")
    assert money(1_234_500) == Text("12,345 元", "CNY 12,345")


def test_days_trips_and_copies() -> None:
    assert working_days(20) == Text("20 个工作日", "20 working days")
    assert working_days(0) == Text("当场办结", "Decided on the spot")
    assert trips(0) == Text("不用跑", "No trip needed")
    assert trips(1) == Text("最多跑 1 次", "At most 1 trip")
    assert trips(2) == Text("最多跑 2 次", "At most 2 trips")
    assert copies(None).zh == "份数未提供"
    assert copies(0).en == "No paper copy"
    assert copies(1).en == "1 copy" and copies(3) == Text("3 份", "3 copies")


def test_fee_range_tells_not_provided_from_free() -> None:
    assert fee_range(None) is None
    free = fee_range(())
    assert free is not None and free.free
    card_fee = Fee(Text("工本费"), 2000, None, None)
    postage = Fee(Text("邮寄费"), 1200, None, {"field": "delivery", "equals": "mail"})
    fees = fee_range((card_fee, postage))
    assert fees is not None and (fees.least_fen, fees.most_fen, fees.free) == (2000, 3200, False)


def test_htmx_details() -> None:
    htmx = HtmxDetails(
        Headers(
            {
                "HX-Request": "true",
                "HX-Request-Type": "partial",
                "HX-Source": "input#search-q",
                "HX-Target": "div#search%20results",
            }
        )
    )
    assert htmx and htmx.partial
    assert htmx.request_type == "partial"
    assert htmx.source == "input#search-q"
    assert htmx.target == "div#search results" and htmx.targets("search results")
    assert not htmx.targets("search")
    assert not HtmxDetails(Headers({}))
    assert not HtmxDetails(Headers({"HX-Request": "true", "HX-Request-Type": "full"})).partial
    assert not HtmxDetails(Headers({"HX-Request": "true", "HX-Boosted": "true"})).partial
    assert not HtmxDetails(Headers({"HX-Request": "true", "HX-History-Restore-Request": "true"})).partial
    assert HtmxDetails(Headers({"HX-Request": "true", "HX-Request-Type": "odd"})).request_type is None


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("/items/GA-SFZ-002", "/items/GA-SFZ-002"),
        ("/search?q=sfz", "/search?q=sfz"),
        ("/", "/"),
        (None, "/"),
        ("//evil.example", "/"),
        ("/\\evil.example", "/"),
        ("https://evil.example", "/"),
        ("/a b", "/"),
        ("/a\nb", "/"),
        ("/a\x7fb", "/"),
    ],
)
def test_safe_next(value: str | None, expected: str) -> None:
    assert safe_next(value) == expected


def test_every_ui_text_has_both_languages() -> None:
    for key, value in UI.items():
        assert value.zh and value.en, key


def test_every_icon_is_in_the_sprite() -> None:
    sprite = (STATIC / "icons" / "kiosk.svg").read_text(encoding="utf-8")
    symbols = set(re.findall(r'<symbol id="([a-z0-9-]+)"', sprite))
    assert set(ICONS.values()) <= symbols
    assert FALLBACK in symbols
    templates = Path(__file__).resolve().parents[2] / "kiosk" / "templates"
    used = {name for path in templates.glob("*.html") for name in re.findall(r'icon\("([a-z0-9-]+)"', path.read_text())}
    assert used <= symbols, used - symbols
    assert icon_symbol("baby") == "baby"
    assert icon_symbol("no-such-icon") == FALLBACK and icon_symbol(None) == FALLBACK
