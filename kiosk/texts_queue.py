"""Kiosk words of queue tickets (取号, /queue): zh-CN and English, merged into `kiosk.texts.UI`."""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    "queue_title": Text("取号排队", "Take a queue number"),
    "queue_intro": Text(
        "请选择要去的部门窗口，取号后留意大厅叫号。无需登录。",
        "Choose the department's windows you need, then listen for your number. No sign-in needed.",
    ),
    "queue_lines": Text("部门窗口", "Department windows"),
    "queue_waiting": Text("等候 {n} 人", "{n} waiting"),
    "queue_calling": Text("正在叫号", "Now calling"),
    "queue_take": Text("取号", "Take a number"),
    "queue_taking": Text("正在取号…", "Taking a number…"),
    "queue_no_lines": Text("暂无可取号的部门。", "There is no queue to join right now."),
    "queue_ticket_title": Text("您的排队号", "Your queue number"),
    "queue_ahead": Text("您前面还有 {n} 人等候", "{n} people waiting ahead of you"),
    "queue_ahead_none": Text("您前面没有人等候，请留意叫号", "Nobody is ahead of you: listen for your number"),
    "queue_listen": Text(
        "请留意大厅叫号屏和广播，叫到您的号码时请到对应窗口办理。过号请重新取号。",
        "Watch the hall's screens and listen for your number, then go to the window it names."
        " If you miss it, take a new number.",
    ),
    "queue_printed": Text("排队小票已打印，请从出票口取走。", "Your ticket is printed: take it from the slot."),
    "queue_printing": Text("正在打印排队小票…", "Printing your ticket…"),
    "queue_write_down": Text("请记下您的号码：{number}", "Please write down your number: {number}"),
    "queue_print_again": Text("重新打印", "Print again"),
    "queue_done": Text("完成", "Done"),
    "queue_another": Text("再取一个号", "Take another number"),
}
