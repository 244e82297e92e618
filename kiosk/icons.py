"""Tile icons: a category's `icon` name mapped onto a symbol of `static/icons/kiosk.svg`.

A catalog may name any icon; an unknown name falls back to a neutral symbol instead of an
empty tile. Every symbol named here exists in the sprite (tests/kiosk/test_static.py).
"""

from __future__ import annotations

from types import MappingProxyType

SPRITE = "icons/kiosk.svg"
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
    }
)


def icon_symbol(name: str | None) -> str:
    return ICONS.get(name or "", FALLBACK)
