"""Kiosk words for the menu staff configure (kiosk/views/menu.py): home tiles and group pages.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {
    "menu_services": Text("办事服务", "Services"),
    "menu_group_count": Text("{n} 项", "{n} choices"),
    "menu_group_empty": Text("这里暂时没有可办理的事项。", "There is nothing to choose here at the moment."),
}
