"""Kiosk words for receipts, following an application by its receipt, collecting results printed at the kiosk.

zh-CN and English; merged into kiosk.texts.UI.
"""

from __future__ import annotations

from shared.i18n import Text

WORDS: dict[str, Text] = {}
