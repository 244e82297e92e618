"""Kiosk words for the step form's on-screen keypads and keyboards, and the 'try again' messages.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    # The pads (kiosk/templates/_keypad.html).
    "pad_id_number": Text("身份证号码键盘", "ID number keypad"),
    "pad_phone": Text("电话号码键盘", "Phone number keypad"),
    "pad_number": Text("数字键盘", "Number keypad"),
    "pad_date": Text("日期键盘", "Date keypad"),
    "pad_text": Text("文字键盘", "Keyboard"),
    "pad_done": Text("完成", "Done"),
    "pad_for": Text("正在填写：", "Typing in: "),
    "date_format_hint": Text("按“年-月-日”输入，如 1965-03-08", "Year-month-day, e.g. 1965-03-08"),
    "keyboard_words": Text("常用词", "Common words"),
    # Resilience (static/js/kiosk.js): a request that did not get through.
    "retry": Text("重试", "Try again"),
    "network_lost": Text(
        "网络暂时中断，您填写的内容都已保留。请点“重试”。",
        "The connection dropped for a moment. Nothing you entered is lost. Tap Try again.",
    ),
    "server_busy": Text(
        "系统暂时无法响应，您填写的内容都已保留。请稍候点“重试”。",
        "The system is not answering just now. Nothing you entered is lost. Wait a moment, then tap Try again.",
    ),
}
