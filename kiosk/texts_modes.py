"""Kiosk words for the attract screen, elder mode, high contrast and ratings (好差评).

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {}
