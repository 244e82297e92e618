"""What the menu tests share: a catalog snapshot with the cases the rules refuse, tiles, actors."""

from __future__ import annotations

import json
from itertools import count
from pathlib import Path
from typing import Any

from shared.audit import Actor
from shared.catalog.model import Bundle, Category, ItemRef, ServiceItem
from shared.catalog.search import SearchIndex
from shared.catalog.snapshot import CatalogSnapshot

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
ADMIN = Actor("staff", "1", "admin (admin)")

# Items of the fixture catalog: GA-SFZ-002 (at kiosks), GA-HJ-010 (channels unknown: shown),
# GA-OLD-001 (retired); plus one item the catalog says is not offered at kiosks.
AT_KIOSK = "GA-SFZ-002"
NOT_AT_KIOSK = "GA-NOKIOSK-001"
RETIRED = "GA-OLD-001"
NOT_AT_KIOSK_ITEM: dict[str, Any] = {
    "code": NOT_AT_KIOSK,
    "name": {"zh": "只在窗口办理的事项", "en": "Counter only"},
    "type": "public_service",
    "department": "GA",
    "audience": ["person"],
    "channels": {"kiosk": False},
    "categories": ["zjbl"],
}
# Bundles: `newborn` (all at kiosks), one with an item not at kiosks, one retired.
MIXED_BUNDLE = {"code": "mixed", "name": {"zh": "混合一件事"}, "items": [AT_KIOSK, NOT_AT_KIOSK]}
RETIRED_BUNDLE = {"code": "gone", "name": {"zh": "旧一件事"}, "items": [AT_KIOSK], "status": "retired"}


def catalog_document() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads((FIXTURES / "mini_catalog.json").read_text(encoding="utf-8"))
    doc["items"].append(NOT_AT_KIOSK_ITEM)
    doc["bundles"] += [MIXED_BUNDLE, RETIRED_BUNDLE]
    return doc


def snapshot(doc: dict[str, Any] | None = None) -> CatalogSnapshot:
    """A snapshot built in memory (the rules are pure: no database needed)."""
    doc = doc or catalog_document()
    items = {i["code"]: ServiceItem.from_document(i, 1) for i in doc["items"]}
    bundles = {
        b["code"]: Bundle.from_document(b, 1, tuple(ItemRef(code, 1) for code in b["items"])) for b in doc["bundles"]
    }
    categories = {c["code"]: Category.from_document(c, index) for index, c in enumerate(doc["categories"])}
    return CatalogSnapshot(
        revision=1,
        departments={},
        categories=categories,
        certificate_types={},
        items=items,
        bundles=bundles,
        index=SearchIndex([]),
        by_popularity=sorted(items.values(), key=lambda i: (-i.popularity, i.code)),
    )


_ids = count(0x100)


def tile(kind: str, target: str | None = None, **extra: Any) -> dict[str, Any]:
    """A well-formed tile (fresh id) unless `extra` says otherwise."""
    made: dict[str, Any] = {"id": f"t-{next(_ids):x}", "kind": kind, "label": {"zh": "磁贴", "en": "Tile"}}
    if kind == "group":
        made["children"] = []
    if kind != "group" or target is not None:
        made["target"] = target
    made.update(extra)
    return made


def group(*children: dict[str, Any], **extra: Any) -> dict[str, Any]:
    return tile("group", children=list(children), **extra)


def document(*tiles: dict[str, Any]) -> dict[str, Any]:
    return {"tiles": list(tiles)}
