"""Kiosk words for 数据查询记录: who looked at my data (kiosk/views/access_log.py).

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    "access_title": Text("谁查看了我的信息", "Who looked at my data"),
    "access_link": Text("谁查看了我的信息", "Who looked at my data"),
    "access_intro": Text(
        "工作人员每次查看您的办件、材料或个人信息，都会记在这里：哪个部门的什么岗位、什么时间、看了什么、为什么看。",
        "Each time hall staff open your applications, files or personal data, it is listed here: "
        "which role in which department, when, what they saw and why.",
    ),
    "access_rule": Text(
        "同一位工作人员在 10 分钟内反复查看同一内容，只记一次。只显示岗位和部门，不显示工作人员姓名。",
        "The same person looking at the same thing again within 10 minutes is listed once. "
        "Only the role and department are shown, not the staff member's name.",
    ),
    "access_none": Text("还没有工作人员查看过您的信息。", "No staff member has looked at your data yet."),
    "access_when": Text("时间", "When"),
    "access_who": Text("谁", "Who"),
    "access_what": Text("查看内容", "What"),
    "access_why": Text("用途", "Why"),
    "access_older": Text("更早的记录", "Older entries"),
    "access_newest": Text("回到最新记录", "Back to the newest"),
    "access_question": Text(
        "如对某次查看有疑问，可向大厅监察人员咨询或投诉，请告知记录编号。",
        "If you question a look, ask or complain to the hall's supervisors and give the entry number.",
    ),
    "access_entry_no": Text("记录编号 {n}", "Entry {n}"),
}
