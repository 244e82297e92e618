"""Kiosk words for the time limit (承诺时限) on the citizen's application page.

zh-CN and English; merged into kiosk.texts.UI. The sentence itself (the promised date in
plain words) comes from `shared.applications.timekeeping.TimeStatus.plain`.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    "time_title": Text("办理时限", "Time limit"),
    "time_paused": Text("计时暂停", "Clock paused"),
}
