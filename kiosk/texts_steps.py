"""Kiosk words for the step form's on-screen keypads and keyboards, and the 'try again' messages.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {}
