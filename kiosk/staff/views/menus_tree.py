"""Edits of a menu document's tile tree, as the editor makes them: pure functions, no I/O.

Every function takes a document (`{"tiles": [...]}`, see shared/menus/model.py) and returns
a NEW document; the caller saves the whole tree as one draft (`store.save_draft`) with the
revision it was based on. Limits of depth and tiles per level are the menu rules' business
(`shared.menus.rules.structure_problems`): a move that breaks one is refused when saved,
with the rule's own message. What is refused here is what no document could express: a
group moved into itself, a tile that is not there.
"""

from __future__ import annotations

import copy
import re
import secrets
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from shared.errors import BadRequest, NotFound
from shared.i18n import Text

Document = dict[str, Any]
TileDict = dict[str, Any]

NO_SUCH_TILE = Text("菜单中没有这个磁贴（可能已被删除）。", "The menu has no such tile (it may have been removed).")
INTO_ITSELF = Text(
    "分组不能移入它自己或它包含的分组。", "A group cannot be moved into itself or into a group it holds."
)
NOT_A_GROUP = Text("只能移入分组。", "Tiles can only be moved into a group.")
PATH_STEP = re.compile(r"(tiles|children)\[(\d+)\]")


@dataclass(frozen=True, slots=True)
class Place:
    """Where a tile sits: its parent group's id (None: the top level) and its index there."""

    parent: str | None
    index: int
    depth: int  # 1 for a top tile


def _tiles(document: Mapping[str, Any]) -> list[TileDict]:
    tiles = document.get("tiles")
    return tiles if isinstance(tiles, list) else []


def walk(document: Mapping[str, Any]) -> Iterator[tuple[TileDict, Place]]:
    """Every tile with its place, parents before their children, in screen order."""

    def visit(tiles: list[TileDict], parent: str | None, depth: int) -> Iterator[tuple[TileDict, Place]]:
        for index, tile in enumerate(tiles):
            yield tile, Place(parent, index, depth)
            children = tile.get("children")
            if isinstance(children, list):
                yield from visit(children, tile.get("id"), depth + 1)

    return visit(_tiles(document), None, 1)


def find(document: Mapping[str, Any], tile_id: str) -> tuple[TileDict, Place] | None:
    return next(((tile, place) for tile, place in walk(document) if tile.get("id") == tile_id), None)


def _siblings(document: Document, parent: str | None) -> list[TileDict]:
    if parent is None:
        return _tiles(document)
    found = find(document, parent)
    if found is None:
        raise NotFound(NO_SUCH_TILE)
    tile = found[0]
    if tile.get("kind") != "group":
        raise BadRequest(NOT_A_GROUP)
    children = tile.setdefault("children", [])
    if not isinstance(children, list):
        raise BadRequest(NOT_A_GROUP)
    return children


def descendants(tile: Mapping[str, Any]) -> set[str]:
    """The ids of every tile inside `tile` (not its own)."""
    found: set[str] = set()
    stack = list(tile.get("children") or [])
    while stack:
        child = stack.pop()
        found.add(child.get("id"))
        stack.extend(child.get("children") or [])
    return found


def new_tile_id(document: Mapping[str, Any]) -> str:
    """`t-` and 4 random hex digits, not used in this document (the rules' TILE_ID)."""
    used = {tile.get("id") for tile, _place in walk(document)}
    while True:
        candidate = f"t-{secrets.token_hex(2)}"
        if candidate not in used:
            return candidate


def move(document: Mapping[str, Any], tile_id: str, parent: str | None, index: int) -> Document:
    """The tile `tile_id` (with what it holds) moved to position `index` of `parent`'s tiles.

    `index` counts in the destination list as it is after the tile left its old place,
    and is clamped to the list, so "the end" is any large number.
    """
    result = copy.deepcopy(dict(document))
    found = find(result, tile_id)
    if found is None:
        raise NotFound(NO_SUCH_TILE)
    tile, place = found
    if parent is not None and (parent == tile_id or parent in descendants(tile)):
        raise BadRequest(INTO_ITSELF)
    destination = _siblings(result, parent)  # checked before anything is taken out
    _siblings(result, place.parent).pop(place.index)
    destination.insert(max(0, min(index, len(destination))), tile)
    return result


def move_up(document: Mapping[str, Any], tile_id: str) -> Document:
    found = _must_find(document, tile_id)
    return move(document, tile_id, found[1].parent, found[1].index - 1)


def move_down(document: Mapping[str, Any], tile_id: str) -> Document:
    found = _must_find(document, tile_id)
    return move(document, tile_id, found[1].parent, found[1].index + 1)


def group_above(document: Mapping[str, Any], tile_id: str) -> str | None:
    """The group just before this tile on its level: where 移入分组 puts it (at its end)."""
    found = find(document, tile_id)
    if found is None or found[1].index == 0:
        return None
    parent = found[1].parent
    holder = find(document, parent) if parent is not None else None
    siblings = _tiles(document) if holder is None else holder[0].get("children") or []
    before = siblings[found[1].index - 1]
    return before.get("id") if before.get("kind") == "group" else None


def move_into_group_above(document: Mapping[str, Any], tile_id: str) -> Document:
    group = group_above(document, tile_id)
    if group is None:
        raise BadRequest(NOT_A_GROUP)
    return move(document, tile_id, group, 10_000)


def move_out_of_group(document: Mapping[str, Any], tile_id: str) -> Document:
    """Out of its group, to the place just after that group on the group's own level."""
    _tile, place = _must_find(document, tile_id)
    if place.parent is None:
        raise BadRequest(NOT_A_GROUP)
    _group, group_place = _must_find(document, place.parent)
    return move(document, tile_id, group_place.parent, group_place.index + 1)


def remove(document: Mapping[str, Any], tile_id: str) -> Document:
    result = copy.deepcopy(dict(document))
    _tile, place = _must_find(result, tile_id)
    _siblings(result, place.parent).pop(place.index)
    return result


def put(document: Mapping[str, Any], tile: TileDict, parent: str | None, index: int | None = None) -> Document:
    """The document with `tile` added to `parent`'s tiles (at the end unless `index`)."""
    result = copy.deepcopy(dict(document))
    result.setdefault("tiles", [])
    siblings = _siblings(result, parent)
    siblings.insert(len(siblings) if index is None else max(0, min(index, len(siblings))), tile)
    return result


def replace(document: Mapping[str, Any], tile: TileDict) -> Document:
    """The document with the tile of the same id replaced by `tile` (in its place)."""
    result = copy.deepcopy(dict(document))
    _old, place = _must_find(result, str(tile["id"]))
    _siblings(result, place.parent)[place.index] = tile
    return result


def _must_find(document: Mapping[str, Any], tile_id: str) -> tuple[TileDict, Place]:
    found = find(document, tile_id)
    if found is None:
        raise NotFound(NO_SUCH_TILE)
    return found


def tile_at(document: Mapping[str, Any], path: str) -> str | None:
    """The id of the tile a rule's problem path (`tiles[2].children[0].target`) is about."""
    tiles: Any = _tiles(document)
    tile: Any = None
    for match in PATH_STEP.finditer(path):
        index = int(match.group(2))
        if match.group(1) == "children":
            tiles = tile.get("children") if isinstance(tile, Mapping) else None
        if not isinstance(tiles, list) or index >= len(tiles):
            return None
        tile = tiles[index]
    identity = tile.get("id") if isinstance(tile, Mapping) else None
    return identity if isinstance(identity, str) else None


def groups(document: Mapping[str, Any]) -> list[tuple[TileDict, Place]]:
    """Every group of the document, in screen order (where a tile may be moved into)."""
    return [(tile, place) for tile, place in walk(document) if tile.get("kind") == "group"]
