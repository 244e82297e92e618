"""Receipt layouts are pure functions of a `Receipt`: an 80 mm thermal roll and an A4 sheet,
both whole HTML documents with print CSS, the number, what happens next, the promised date
and the follow QR code drawn on the server; and the A4 result document."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from shared.i18n import Lang, Text
from shared.receipts.layouts import ResultSheet, a4_receipt, result_document, thermal_receipt
from shared.receipts.model import Receipt, ReceiptLine
from shared.web.qr import qr_svg
from tests.pii import ID_ZHANG, PHONE_ZHANG

FOLLOW = "https://zwfw.example.gov.cn/follow/" + "A" * 43
STEPS = (Text("窗口工作人员将核对您的申请", "A window checks it"), Text("办结后到窗口领取", "Collect at the window"))


def receipt(**changes: object) -> Receipt:
    base = Receipt(
        number="20261123000042",
        title=Text("居民身份证到期换领", "Renew a resident ID card on expiry"),
        submitted_at="2026-11-23 10:05",
        lines=(ReceiptLine("20261123000042", Text("居民身份证到期换领"), Text("市公安局"), 20, dt.date(2026, 12, 21)),),
        next_steps=STEPS,
        promised_date=dt.date(2026, 12, 21),
        fee_fen=2000,
        fee_paid=True,
        delivery=Text("窗口领取", "Collect at the window"),
        follow_url=FOLLOW,
        hall=Text("政务服务中心", "Government Service Centre"),
    )
    fields = {name: getattr(base, name) for name in base.__slots__}  # type: ignore[attr-defined]
    fields.update(changes)
    return Receipt(**fields)  # type: ignore[arg-type]


LAYOUTS = [thermal_receipt, a4_receipt]


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_receipt_holds_the_number_next_steps_promised_date_and_qr(layout: object) -> None:
    html = layout(receipt())  # type: ignore[operator]
    assert html.startswith("<!doctype html>")
    assert "20261123000042" in html
    assert "居民身份证到期换领" in html
    assert all(step.zh in html for step in STEPS)
    assert "2026年12月21日前（20 个工作日）" in html
    assert str(qr_svg(FOLLOW, "qr")) in html
    assert "20 元 已缴纳" in html or "20 元（已缴纳）" in html
    assert "@page" in html and "<script" not in html


def test_paper_sizes_are_in_the_print_css() -> None:
    assert "size: 80mm auto" in thermal_receipt(receipt())
    assert "size: A4" in a4_receipt(receipt())


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("lang", ["zh", "en"])
def test_english_and_an_unpaid_fee(layout: object, lang: Lang) -> None:
    html = layout(receipt(fee_paid=False), lang)  # type: ignore[operator]
    if lang == "en":
        assert "Application receipt" in html and "2026-12-21 (20 working days)" in html
        assert "CNY 20 to be paid" in html or "CNY 20（to be paid）" in html
        assert "Collect at the window" in html
    else:
        assert "待缴纳" in html


@pytest.mark.parametrize("layout", LAYOUTS)
def test_a_bundle_lists_each_item_with_its_number_and_date(layout: object) -> None:
    lines = (
        ReceiptLine("20261123000043", Text("退休申请"), Text("人社局"), 10, dt.date(2026, 12, 7)),
        ReceiptLine("20261123000044", Text("医保退休转移"), Text("医保局"), 0, dt.date(2026, 11, 23)),
    )
    html = layout(receipt(lines=lines, number="20261123000045", promised_date=dt.date(2026, 12, 7)))  # type: ignore[operator]
    for number in ("20261123000043", "20261123000044", "20261123000045"):
        assert number in html
    assert "2026年12月7日前（10 个工作日）" in html and "当场办结" in html


@pytest.mark.parametrize("layout", LAYOUTS)
def test_text_is_escaped(layout: object) -> None:
    html = layout(receipt(title=Text("<b>x</b>")))  # type: ignore[operator]
    assert "<b>x</b>" not in html and "&lt;b&gt;x&lt;/b&gt;" in html


@pytest.mark.parametrize("layout", LAYOUTS)
def test_nothing_personal_can_reach_a_receipt(layout: object) -> None:
    # A receipt value has no field for a name, an ID or a phone number; the layouts print
    # only its fields, so even a careless caller has nowhere to put one but the free texts.
    html = layout(receipt())  # type: ignore[operator]
    assert ID_ZHANG not in html and PHONE_ZHANG not in html
    assert not re.search(r"\d{17}[\dX]", html) and not re.search(r"(?<!\d)1[3-9]\d{9}(?!\d)", html)


def test_the_result_document_has_one_page_per_document() -> None:
    sheets = (
        ResultSheet(
            "decision",
            Text("准予行政许可决定书"),
            "GA-JD-20261123000042",
            "20261123000042",
            Text("居民身份证到期换领"),
            Text("市公安局"),
            dt.date(2026, 12, 1),
            decision="approve",
            reason="材料齐全",
        ),
        ResultSheet(
            "certificate",
            Text("电子证照"),
            "GA-ZZ-20261123000042",
            "20261123000042",
            Text("居民身份证到期换领"),
            Text("市公安局"),
            dt.date(2026, 12, 1),
            certificate_number="GA-20261123000042",
        ),
    )
    html = result_document(sheets, Text("政务服务中心"))
    assert html.count('class="sheet"') == 2 and "size: A4" in html
    assert "GA-JD-20261123000042" in html and "经审查，准予办理。" in html and "材料齐全" in html
    assert "2026年12月1日" in html and "GA-20261123000042" in html
