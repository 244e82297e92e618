"""The queue ticket as printed on the kiosk's 80 mm roll (排队小票): a pure function to HTML.

Like the receipt (shared.receipts.layouts), the document carries its own print CSS and
needs no file or script; the kiosk vendor's print service renders it. Nothing personal is
printed: the hall, the line, the number, how many wait ahead and when it was taken.
"""

from __future__ import annotations

import functools
from collections.abc import Mapping
from pathlib import Path

import jinja2

from shared.i18n import Lang, Text

TEMPLATES = Path(__file__).resolve().parent / "templates"

LABELS: Mapping[str, Text] = {
    "ticket": Text("排队号", "Queue ticket"),
    "ahead": Text("您前面还有 {n} 人等候", "{n} people waiting ahead of you"),
    "listen": Text(
        "请留意大厅叫号屏和广播，叫到您的号码时请到对应窗口办理。",
        "Watch the hall's screens and listen for your number, then go to the window it names.",
    ),
    "missed": Text("过号请重新取号。", "If you miss your number, please take a new ticket."),
    "taken": Text("取号时间", "Taken at"),
}


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def ticket_slip(*, hall: Text, line_name: Text, number: str, ahead: int, taken: str, lang: Lang = "zh") -> str:
    """The ticket for an 80 mm thermal roll; `taken` is the time already written for people."""

    def label(key: str, **params: object) -> str:
        text = LABELS[key]
        return (text.format(**params) if params else text).get(lang)

    def tr(text: Text) -> str:
        return text.get(lang)

    return (
        _environment()
        .get_template("ticket_80mm.html")
        .render(
            html_lang="zh-CN" if lang == "zh" else "en",
            label=label,
            tr=tr,
            hall=hall,
            line_name=line_name,
            number=number,
            ahead=ahead,
            taken=taken,
        )
    )
