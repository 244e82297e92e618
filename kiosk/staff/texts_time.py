"""Staff words for the time limit (承诺时限) and special procedures (特别程序), zh-CN and English.

Passed to the application templates as `tt` and read with `|tr` (like `texts_hall`).
"""

from __future__ import annotations

from types import MappingProxyType

from shared.i18n import Text

TIME_UI: MappingProxyType[str, Text] = MappingProxyType(
    {
        "time_limit": Text("办理时限", "Time limit"),
        "time_paused": Text("计时暂停", "Clock paused"),
        "time_deemed": Text("过期默许", "Deemed approved"),
        "time_deemed_hint": Text(
            "本件在期限内未作出决定，系统已依事项规则视为准予办理，并通知了申请人。",
            "No decision was made within the time limit: the system approved it by the item's rule"
            " and told the applicant.",
        ),
        "alert_warned": Text("已预警", "Warned"),
        "alert_overdue": Text("已逾期", "Overdue"),
        "promised_due": Text("承诺办结日期", "Promised by"),
        "legal_due": Text("法定办结日期", "Legal limit"),
        "special_title": Text("特别程序", "Special procedures"),
        "special_none": Text("本件没有特别程序。", "No special procedure so far."),
        "special_counted": Text("计入办理时限", "Counts toward the limit"),
        "special_not_counted": Text("不计入办理时限（暂停计时）", "Not counted (the clock pauses)"),
        "special_running": Text("进行中", "Running"),
        "special_kind": Text("程序", "Procedure"),
        "special_reason": Text("启动理由", "Why it is needed"),
        "special_outcome": Text("结果", "Outcome"),
        "special_start": Text("启动特别程序", "Start a special procedure"),
        "special_end": Text("结束特别程序", "End the special procedure"),
        "done_special_started": Text(
            "已启动特别程序，已记入办件进程。", "The special procedure has started; it is on the timeline."
        ),
        "done_special_ended": Text(
            "已结束特别程序，计时照常继续。", "The special procedure has ended; the clock runs on."
        ),
    }
)
