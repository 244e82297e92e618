"""Icon names: what a catalog category or a kiosk menu tile may call its icon.

Each name maps onto a symbol of the kiosk's sprite (`static/icons/kiosk.svg`; the kiosk
adapter draws it, see kiosk/icons.py). The names live here, not in the kiosk package,
because the menu rules in shared/menus check a tile's icon and shared never imports kiosk.
Every symbol named here exists in the sprite (tests/kiosk/test_units.py).
"""

from __future__ import annotations

from types import MappingProxyType

FALLBACK = "grid"

# Symbols drawn in the sprite, and common catalog names for them.
ICONS: MappingProxyType[str, str] = MappingProxyType(
    {
        "id-card": "id-card",
        "passport": "passport",
        "exit-entry": "passport",
        "travel": "passport",
        "heart": "heart",
        "health": "heart",
        "medical": "heart",
        "medical-insurance": "heart",
        "baby": "baby",
        "birth": "baby",
        "newborn": "baby",
        "family": "family",
        "users": "family",
        "people": "family",
        "marriage": "family",
        "household": "family",
        "hukou": "family",
        "home": "house",
        "house": "house",
        "housing": "house",
        "car": "car",
        "vehicle": "car",
        "traffic": "car",
        "driving": "car",
        "graduation": "graduation",
        "education": "graduation",
        "school": "graduation",
        "briefcase": "briefcase",
        "job": "briefcase",
        "jobs": "briefcase",
        "work": "briefcase",
        "employment": "briefcase",
        "shield": "shield",
        "social-security": "shield",
        "insurance": "shield",
        "pension": "elder",
        "sun": "sun",
        "elder": "elder",
        "elderly": "elder",
        "retire": "elder",
        "retirement": "elder",
        "coins": "coins",
        "tax": "coins",
        "money": "coins",
        "finance": "coins",
        "building": "building",
        "company": "building",
        "business": "building",
        "enterprise": "building",
        "license": "certificate",
        "licence": "certificate",
        "certificate": "certificate",
        "file-check": "file-check",
        "document": "file-check",
        "file": "file-check",
        "permit": "certificate",
        "store": "store",
        "shop": "store",
        "restaurant": "utensils",
        "food": "utensils",
        "utensils": "utensils",
        "catering": "utensils",
        "truck": "truck",
        "transport": "truck",
        "logistics": "truck",
        "tools": "tools",
        "construction": "tools",
        "leaf": "leaf",
        "environment": "leaf",
        "agriculture": "leaf",
        "grid": "grid",
        "search": "search",
        "question": "question",
        "help": "question",
        "pin": "pin",
        "location": "pin",
        "touch": "touch",
    }
)


# The symbols a menu tile may show, in the order a picker offers them (each once).
TILE_ICONS: tuple[str, ...] = tuple(dict.fromkeys(ICONS.values()))
