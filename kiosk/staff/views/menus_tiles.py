"""The tile tree as the staff pages draw it: the editor's tree, the read-only tree of a version.

View models only, no I/O: `tile_views` turns a menu document into `TileView`s (label, icon,
target name, where a move would put it, its problems), `problems_by_tile` sorts the rules'
problems to their tiles, and `parent_options` lists where a tile may be put. The tree's
edits are `menus_tree`; the side form of one tile is `menus_side`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.icons import icon_symbol
from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views import menus_tree as tree
from kiosk.staff.views.menus_targets import target_name
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text
from shared.menus.model import ACTIONS, DEFAULT_COLOUR, MAX_DEPTH
from shared.menus.rules import Problem

KIND_WORDS = {
    "group": "kind_group_tile",
    "item": "kind_item",
    "bundle": "kind_bundle",
    "category": "kind_category",
    "action": "kind_action",
}
# A tile's own look when it names no icon (the kiosk picks the target's; see kiosk/views/menu.py).
KIND_ICONS = {"group": "grid", "item": "file-check", "bundle": "family", "category": "grid", "action": "touch"}


@dataclass(frozen=True, slots=True)
class TileView:
    """One tile as the editor draws it in the tree."""

    id: str
    kind: str
    label: Text
    icon: str
    colour: str
    target: str | None
    target_name: Text | None
    parent: str | None
    index: int
    siblings: int
    depth: int
    group_above: Text | None  # the label of the group 移入分组 would put it in
    can_hold: bool  # a group that may take tiles (not at the deepest level)
    problems: list[Problem]
    children: list[TileView] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class ParentOption:
    value: str  # "" for the top level
    label: Text
    depth: int


def _icon(tile: Mapping[str, Any], snapshot: CatalogSnapshot) -> str:
    if tile.get("icon"):
        return icon_symbol(tile["icon"])
    target, kind = tile.get("target") or "", tile.get("kind", "")
    if kind == "action" and target in ACTIONS:
        return icon_symbol(ACTIONS[target].icon)
    if kind == "category" and target in snapshot.categories:
        return icon_symbol(snapshot.categories[target].icon)
    return icon_symbol(KIND_ICONS.get(kind))


def tile_label(tile: Mapping[str, Any]) -> Text:
    label = tile.get("label")
    if not isinstance(label, Mapping):
        return Text("", "")
    return Text(str(label.get("zh", "")), str(label.get("en", "")))


def tile_views(
    document: Mapping[str, Any], snapshot: CatalogSnapshot, problems: Mapping[str, list[Problem]]
) -> list[TileView]:
    def level(tiles: list[dict[str, Any]], parent: str | None, depth: int) -> list[TileView]:
        views = []
        for index, tile in enumerate(tiles):
            before = tiles[index - 1] if index else None
            views.append(
                TileView(
                    id=str(tile.get("id")),
                    kind=str(tile.get("kind")),
                    label=tile_label(tile),
                    icon=_icon(tile, snapshot),
                    colour=str(tile.get("colour") or DEFAULT_COLOUR),
                    target=tile.get("target"),
                    target_name=target_name(str(tile.get("kind")), tile.get("target"), snapshot),
                    parent=parent,
                    index=index,
                    siblings=len(tiles),
                    depth=depth,
                    group_above=tile_label(before) if before is not None and before.get("kind") == "group" else None,
                    can_hold=tile.get("kind") == "group" and depth < MAX_DEPTH,
                    problems=problems.get(str(tile.get("id")), []),
                    children=level(tile.get("children") or [], str(tile.get("id")), depth + 1),
                )
            )
        return views

    return level(document.get("tiles") or [], None, 1)


def parent_options(document: Mapping[str, Any], moving: str | None) -> list[ParentOption]:
    """Where a tile may be put: the top level and every group that may hold tiles (not itself)."""
    inside: set[str] = set()
    if moving is not None and (found := tree.find(document, moving)) is not None:
        inside = tree.descendants(found[0]) | {moving}
    options = [ParentOption("", MENUS_UI["top_level"], 0)]
    for group, place in tree.groups(document):
        if place.depth < MAX_DEPTH and group.get("id") not in inside:
            options.append(ParentOption(str(group.get("id")), tile_label(group), place.depth))
    return options


def problems_by_tile(
    document: Mapping[str, Any], problems: list[Problem]
) -> tuple[dict[str, list[Problem]], list[Problem]]:
    """Problems at their tiles, and those about the menu as a whole."""
    at_tiles: dict[str, list[Problem]] = {}
    whole: list[Problem] = []
    for problem in problems:
        tile_id = problem.tile_id or tree.tile_at(document, problem.path)
        if tile_id is None:
            whole.append(problem)
        else:
            at_tiles.setdefault(tile_id, []).append(problem)
    return at_tiles, whole
