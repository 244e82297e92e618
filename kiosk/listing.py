"""What the home, category and search screens list: item rows and tiles.

Handlers build these from the catalog snapshot; templates only format them. Each holds
the catalog's own frozen objects plus what a template would otherwise have to look up
(the department of an item, the icon of a tile).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from kiosk.icons import icon_symbol
from shared.catalog.model import Bundle, Category, Department, ServiceItem
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text

TileKind = Literal["category", "bundle"]


@dataclass(frozen=True, slots=True)
class ItemRow:
    """One item in a list: name, department, labels, promised days and trips."""

    item: ServiceItem
    department: Department | None


@dataclass(frozen=True, slots=True)
class BundleRow:
    """One 一件事 in a list, with its items' names so the citizen sees what it covers."""

    bundle: Bundle
    item_names: tuple[Text, ...]


@dataclass(frozen=True, slots=True)
class Tile:
    kind: TileKind
    code: str
    name: Text
    icon: str


def item_rows(snapshot: CatalogSnapshot, items: Iterable[ServiceItem]) -> list[ItemRow]:
    return [ItemRow(item, snapshot.departments.get(item.department)) for item in items]


def bundle_rows(snapshot: CatalogSnapshot, bundles: Iterable[Bundle]) -> list[BundleRow]:
    return [
        BundleRow(bundle, tuple(item.name for item in snapshot.bundle_items(bundle)))
        for bundle in sorted(bundles, key=lambda b: (-b.popularity, b.code))
    ]


def sorted_categories(snapshot: CatalogSnapshot, *, audience: str, kind: str | None = None) -> list[Category]:
    return sorted(
        (c for c in snapshot.categories.values() if c.audience == audience and (kind is None or c.kind == kind)),
        key=lambda c: (c.position, c.code),
    )


def category_tile(category: Category) -> Tile:
    return Tile("category", category.code, category.name, icon_symbol(category.icon))


def life_event_tiles(snapshot: CatalogSnapshot) -> list[Tile]:
    """Life events (出生, 退休, 开办餐馆...) for persons then companies, and any 一件事 bundle
    that no life-event category already leads to."""
    events = sorted_categories(snapshot, audience="person", kind="life_event") + sorted_categories(
        snapshot, audience="company", kind="life_event"
    )
    tiles = [category_tile(c) for c in events]
    reachable = {c.code for c in events}
    for bundle in sorted(snapshot.bundles.values(), key=lambda b: (-b.popularity, b.code)):
        if bundle.active and not reachable.intersection(bundle.categories):
            category_icons = [snapshot.categories[c].icon for c in bundle.categories if c in snapshot.categories]
            tiles.append(Tile("bundle", bundle.code, bundle.name, icon_symbol(next(iter(category_icons), None))))
    return tiles
