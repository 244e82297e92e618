"""Kiosk words for the scanner, the printer, device faults and the call-staff button.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {}
