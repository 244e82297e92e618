"""Print layouts: pure functions from a value to a whole HTML document with print CSS.

    thermal_receipt(receipt, lang)   80 mm thermal roll (热敏小票): one narrow column, large
                                     number, the QR code, cut after the last line
    a4_receipt(receipt, lang)        A4 sheet with the hall's letterhead (受理回执)
    result_document(doc, lang)       the A4 result document printed when a citizen collects
                                     a result at a kiosk (出件)

What the printer gets is this HTML (shared.kiosk.bridge.PrintJob.body); the kiosk vendor's
print service renders it with its own engine, so each document carries its CSS in a
<style> element and needs no file, font download or script. Sizes follow the paper:
`@page { size: 80mm auto }` for the roll (72 mm printable on the usual 576-dot head),
`@page { size: A4 }` with 18 mm margins for sheets. On a screen (previews, tests) the paper
is drawn centred on grey.

Nothing personal is printed (see shared.receipts.model); all text is escaped.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from shared.i18n import Lang, Text
from shared.receipts.model import Receipt
from shared.web.qr import qr_svg

TEMPLATES = Path(__file__).resolve().parent / "templates"

LABELS: Mapping[str, Text] = {
    "receipt": Text("受理回执", "Application receipt"),
    "number": Text("申请编号", "Application number"),
    "item": Text("办理事项", "Service item"),
    "items": Text("办理事项", "Items"),
    "submitted_at": Text("提交时间", "Submitted"),
    "resubmitted_at": Text("补正后提交时间", "Resubmitted"),
    "promised": Text("承诺办结", "Promised by"),
    "promised_days": Text("{n} 个工作日", "{n} working days"),
    "on_the_spot": Text("当场办结", "decided on the spot"),
    "not_stated": Text("以部门通知为准", "as the department tells you"),
    "department": Text("承办部门", "Department"),
    "fee": Text("费用", "Fee"),
    "no_fee": Text("不收费", "Free of charge"),
    "paid": Text("已缴纳", "paid"),
    "unpaid": Text("待缴纳", "to be paid"),
    "delivery": Text("结果领取", "Result"),
    "next": Text("接下来", "What happens next"),
    "scan": Text("微信或手机扫码，随时查看办理进度", "Scan with your phone to follow the application"),
    "keep": Text("请妥善保管本回执，查询和领取结果时使用。", "Keep this receipt to follow and collect your result."),
    "printed_at": Text("打印时间", "Printed"),
    "by": Text("前", ""),
    "result_number": Text("文书编号", "Document number"),
    "issued_at": Text("出具日期", "Issued"),
    "reason": Text("理由", "Reason"),
    "decision_approve": Text("经审查，准予办理。", "After review, the application is approved."),
    "decision_deny": Text("经审查，不予办理。", "After review, the application is denied."),
    "certificate_number": Text("证照编号", "Certificate number"),
    "certificate_note": Text(
        "电子证照已存入申请人的电子证照夹，与纸质文书具有同等效力。",
        "The electronic certificate is in the applicant's wallet and counts as the paper one.",
    ),
    "collected": Text("自助终端打印出件", "Printed at a self-service kiosk"),
    "seal": Text("（电子印章）", "(electronic seal)"),
}


def money(amount_fen: int, lang: Lang) -> str:
    yuan, fen = divmod(amount_fen, 100)
    number = f"{yuan:,}" if fen == 0 else f"{yuan:,}.{fen:02d}"
    return f"{number} 元" if lang == "zh" else f"CNY {number}"


def date_text(day: dt.date, lang: Lang) -> str:
    return f"{day.year}年{day.month}月{day.day}日" if lang == "zh" else day.isoformat()


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env


def _render(name: str, lang: Lang, context: dict[str, Any]) -> str:
    def label(key: str, **params: object) -> str:
        text = LABELS[key]
        return (text.format(**params) if params else text).get(lang)

    def tr(text: Text | None) -> str:
        return text.get(lang) if text is not None else ""

    return (
        _environment()
        .get_template(name)
        .render(
            lang=lang,
            html_lang="zh-CN" if lang == "zh" else "en",
            label=label,
            tr=tr,
            money=lambda fen: money(fen, lang),
            date=lambda day: date_text(day, lang),
            **context,
        )
    )


def promised_text(days: int | None, day: dt.date | None, lang: Lang) -> str:
    """ "2026年12月21日前（20 个工作日）", "当场办结", or the department's word when unknown."""
    if days is None or day is None:
        return LABELS["not_stated"].get(lang)
    if days == 0:
        return LABELS["on_the_spot"].get(lang)
    limit = LABELS["promised_days"].format(n=days).get(lang)
    return f"{date_text(day, lang)}前（{limit}）" if lang == "zh" else f"{date_text(day, lang)} ({limit})"


def _receipt_context(receipt: Receipt, lang: Lang) -> dict[str, Any]:
    lines = [(line, promised_text(line.promised_days, line.promised_date, lang)) for line in receipt.lines]
    return {
        "r": receipt,
        "lines": lines,
        "promised": lines[0][1] if len(lines) == 1 else None,
        "qr": qr_svg(receipt.follow_url, "qr"),
    }


def thermal_receipt(receipt: Receipt, lang: Lang = "zh") -> str:
    """The receipt for an 80 mm thermal roll printer."""
    return _render("receipt_80mm.html", lang, _receipt_context(receipt, lang))


def a4_receipt(receipt: Receipt, lang: Lang = "zh") -> str:
    """The receipt on an A4 sheet, with the hall's letterhead."""
    return _render("receipt_a4.html", lang, _receipt_context(receipt, lang))


@dataclass(frozen=True, slots=True)
class ResultSheet:
    """One result document as printed (办理结果): a decision or a certificate copy."""

    kind: str  # "decision" | "refusal" | "certificate"
    title: Text
    number: str  # the document's own number
    application_number: str
    item: Text
    department: Text | None
    issued_on: dt.date
    decision: str | None = None  # "approve" | "deny"
    reason: str | None = None
    certificate_number: str | None = None


def result_document(sheets: tuple[ResultSheet, ...], hall: Text, lang: Lang = "zh") -> str:
    """The result documents of one application, one A4 page each."""
    return _render("result_a4.html", lang, {"sheets": sheets, "hall": hall})
