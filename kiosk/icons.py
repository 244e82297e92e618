"""Tile icons: a category's or menu tile's `icon` name mapped onto a symbol of `static/icons/kiosk.svg`.

A catalog may name any icon; an unknown name falls back to a neutral symbol instead of an
empty tile. The names themselves are in shared/web/icons.py (the menu rules check them).
"""

from __future__ import annotations

from shared.web.icons import FALLBACK, ICONS, TILE_ICONS

SPRITE = "icons/kiosk.svg"

__all__ = ["FALLBACK", "ICONS", "SPRITE", "TILE_ICONS", "icon_symbol"]


def icon_symbol(name: str | None) -> str:
    return ICONS.get(name or "", FALLBACK)
