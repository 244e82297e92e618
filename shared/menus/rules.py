"""What a menu document must be: pure checks, no I/O (issue 6 design contract, "Rules").

Two levels. `structure_problems` is the shape (objects where objects belong, known kinds,
tile ids, depth, tiles per level); a draft is saved when its shape is right, so half-done
work can be kept. `check_document` adds everything a published menu must be: labels of
the right length, known icons, colours and actions, and targets a citizen can use at a
kiosk today (the item exists, is not retired and is offered at kiosks, 自助终端; a bundle's
every item likewise). Publishing lists ALL problems at once, each with its path
(`tiles[2].children[0].target`) and the id of the tile it is about.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from shared.catalog.model import ServiceItem
from shared.catalog.snapshot import CatalogSnapshot
from shared.errors import FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.menus.model import (
    ACTIONS,
    KINDS,
    LABEL_EN_MAX,
    LABEL_ZH_MAX,
    MAX_DEPTH,
    MAX_TILES_PER_LEVEL,
    PALETTE,
    TILE_ID,
    Tile,
)
from shared.web.icons import ICONS

TILE_KEYS = frozenset({"id", "kind", "label", "icon", "colour", "target", "children"})
# Structure problems after which a tile's content cannot be read (a bad id or one tile too
# many does not stop its label and target from being checked).
SHAPE_BREAKING = frozenset({"tile", "label", "kind", "children", "target", "group_target", "icon", "colour"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One reason a menu document cannot be saved or published."""

    path: str
    tile_id: str | None
    code: str
    message: Text

    def as_field_problem(self) -> FieldProblem:
        return FieldProblem(self.path, self.code, self.message)


class MenuRefused(ValidationFailed):
    """422 with every problem; `menu_problems` keeps the tile ids for the editor to mark tiles."""

    def __init__(self, problems: list[Problem]) -> None:
        super().__init__(
            Text("菜单有问题，未能保存或发布，请按提示修改。", "The menu has problems and was not saved or published."),
            problems=[problem.as_field_problem() for problem in problems],
        )
        self.menu_problems = problems


MESSAGES: Mapping[str, Text] = {
    "document": Text("菜单格式不正确：应为含 tiles 列表的对象。", "The menu must be an object with a list of tiles."),
    "tile": Text("磁贴格式不正确。", "A tile must be an object."),
    "unknown_field": Text("磁贴含有未知的字段。", "The tile has a field the menu does not know."),
    "tile_id": Text("磁贴编号不正确（应为 t- 加十六进制数字）。", "The tile id must be t- followed by hex digits."),
    "duplicate_id": Text("磁贴编号重复。", "Two tiles have the same id."),
    "kind": Text("磁贴类型未知。", "Unknown tile kind."),
    "label": Text("磁贴名称须有中文和英文。", "A tile needs a Chinese and an English label."),
    "label_zh": Text(
        f"中文名称须为 1 至 {LABEL_ZH_MAX} 个字。", f"The Chinese label must have 1 to {LABEL_ZH_MAX} characters."
    ),
    "label_en": Text(
        f"英文名称须为 1 至 {LABEL_EN_MAX} 个字符。", f"The English label must have 1 to {LABEL_EN_MAX} characters."
    ),
    "icon": Text("图标未知，请从图标库中选择。", "Unknown icon: pick one from the icon set."),
    "colour": Text("颜色未知，请从色板中选择。", "Unknown colour: pick one from the palette."),
    "target": Text("请选择磁贴打开的内容。", "Choose what the tile opens."),
    "group_target": Text("分组不能直接打开事项。", "A group holds tiles; it cannot open something itself."),
    "children": Text("只有分组可以包含磁贴。", "Only a group can hold tiles."),
    "too_deep": Text(
        f"分组最多嵌套 {MAX_DEPTH} 层。", f"Groups can be nested at most {MAX_DEPTH} levels deep (counting the top)."
    ),
    "too_many": Text(
        f"每一层最多 {MAX_TILES_PER_LEVEL} 个磁贴。", f"At most {MAX_TILES_PER_LEVEL} tiles on one level."
    ),
    "empty_group": Text("分组是空的，请加入磁贴或删除该分组。", "The group is empty: add tiles to it or remove it."),
    "unknown_action": Text("功能未知。", "Unknown kiosk function."),
    "unknown_item": Text("事项目录中没有这个事项。", "The catalog has no such service item."),
    "unknown_bundle": Text("事项目录中没有这个“一件事”。", "The catalog has no such bundle."),
    "unknown_category": Text("事项目录中没有这个分类。", "The catalog has no such category."),
    "retired_item": Text("事项「{name}」已停止办理。", "The service item “{name}” is no longer offered."),
    "not_at_kiosk": Text("事项「{name}」不能在自助终端办理。", "The service item “{name}” is not offered at kiosks."),
    "retired_bundle": Text("“一件事”「{name}」已停止办理。", "The bundle “{name}” is no longer offered."),
    "bundle_not_at_kiosk": Text(
        "“一件事”「{name}」中的事项「{item}」不能在自助终端办理或已停止办理。",
        "The bundle “{name}” includes “{item}”, which is not offered at kiosks or no longer offered.",
    ),
}


def _problem(path: str, tile_id: str | None, code: str, **params: str) -> Problem:
    message = MESSAGES[code]
    return Problem(path, tile_id, code, message.format(**params) if params else message)


def _tiles(document: Any) -> list[Any] | None:
    if not isinstance(document, Mapping) or set(document) != {"tiles"} or not isinstance(document["tiles"], list):
        return None
    tiles: list[Any] = document["tiles"]
    return tiles


def _walk(tiles: list[Any], path: str, depth: int) -> Iterator[tuple[str, int, Any]]:
    """(path, depth, tile) for every entry, parents first; children only of well-formed lists."""
    for index, tile in enumerate(tiles):
        here = f"{path}[{index}]"
        yield here, depth, tile
        if isinstance(tile, Mapping) and isinstance(tile.get("children"), list):
            yield from _walk(tile["children"], f"{here}.children", depth + 1)


def _tile_id(tile: Any) -> str | None:
    value = tile.get("id") if isinstance(tile, Mapping) else None
    return value if isinstance(value, str) and TILE_ID.fullmatch(value) else None


def structure_problems(document: Any) -> list[Problem]:
    """The shape of a menu document; what saving a draft checks."""
    tiles = _tiles(document)
    if tiles is None:
        return [_problem("tiles", None, "document")]
    problems: list[Problem] = []
    if len(tiles) > MAX_TILES_PER_LEVEL:
        problems.append(_problem("tiles", None, "too_many"))
    seen: set[str] = set()
    for path, depth, tile in _walk(tiles, "tiles", 1):
        if not isinstance(tile, Mapping):
            problems.append(_problem(path, None, "tile"))
            continue
        tile_id = _tile_id(tile)
        if tile_id is None:
            problems.append(_problem(f"{path}.id", None, "tile_id"))
        elif tile_id in seen:
            problems.append(_problem(f"{path}.id", tile_id, "duplicate_id"))
        else:
            seen.add(tile_id)
        if set(tile) - TILE_KEYS:
            problems.append(_problem(path, tile_id, "unknown_field"))
        label = tile.get("label")
        if not (isinstance(label, Mapping) and isinstance(label.get("zh"), str) and isinstance(label.get("en"), str)):
            problems.append(_problem(f"{path}.label", tile_id, "label"))
        for key in ("icon", "colour"):
            if key in tile and tile[key] is not None and not isinstance(tile[key], str):
                problems.append(_problem(f"{path}.{key}", tile_id, key))
        kind = tile.get("kind")
        if kind not in KINDS:
            problems.append(_problem(f"{path}.kind", tile_id, "kind"))
            continue
        children = tile.get("children")
        if kind == "group":
            if tile.get("target") is not None:
                problems.append(_problem(f"{path}.target", tile_id, "group_target"))
            if not isinstance(children, list):
                problems.append(_problem(f"{path}.children", tile_id, "children"))
            elif children and depth >= MAX_DEPTH:
                problems.append(_problem(f"{path}.children", tile_id, "too_deep"))
            elif len(children) > MAX_TILES_PER_LEVEL:
                problems.append(_problem(f"{path}.children", tile_id, "too_many"))
        else:
            if children is not None:
                problems.append(_problem(f"{path}.children", tile_id, "children"))
            target = tile.get("target")
            if not isinstance(target, str) or not target.strip():
                problems.append(_problem(f"{path}.target", tile_id, "target"))
    return problems


def _offered_at_kiosk(item: ServiceItem) -> bool:
    # `channels.kiosk` None means the catalog does not say: the kiosk shows the guide anyway.
    return item.active and item.channels.kiosk is not False


def _content_problems(path: str, tile: Mapping[str, Any], snapshot: CatalogSnapshot) -> Iterator[Problem]:
    tile_id = _tile_id(tile)
    label = tile["label"]
    if not 1 <= len(label["zh"].strip()) <= LABEL_ZH_MAX:
        yield _problem(f"{path}.label.zh", tile_id, "label_zh")
    if not 1 <= len(label["en"].strip()) <= LABEL_EN_MAX:
        yield _problem(f"{path}.label.en", tile_id, "label_en")
    if tile.get("icon") is not None and tile["icon"] not in ICONS:
        yield _problem(f"{path}.icon", tile_id, "icon")
    if tile.get("colour") is not None and tile["colour"] not in PALETTE:
        yield _problem(f"{path}.colour", tile_id, "colour")
    kind, target = tile["kind"], str(tile.get("target") or "")
    where = f"{path}.target"
    if kind == "group":
        if not tile["children"]:
            yield _problem(f"{path}.children", tile_id, "empty_group")
    elif kind == "action":
        if target not in ACTIONS:
            yield _problem(where, tile_id, "unknown_action")
    elif kind == "category":
        if target not in snapshot.categories:
            yield _problem(where, tile_id, "unknown_category")
    elif kind == "item":
        item = snapshot.item(target)
        if item is None:
            yield _problem(where, tile_id, "unknown_item")
        elif not item.active:
            yield _problem(where, tile_id, "retired_item", name=item.name.zh)
        elif not _offered_at_kiosk(item):
            yield _problem(where, tile_id, "not_at_kiosk", name=item.name.zh)
    elif kind == "bundle":
        bundle = snapshot.bundle(target)
        if bundle is None:
            yield _problem(where, tile_id, "unknown_bundle")
        elif not bundle.active:
            yield _problem(where, tile_id, "retired_bundle", name=bundle.name.zh)
        else:
            for ref in bundle.items:
                member = snapshot.item(ref.code)
                if member is None or not _offered_at_kiosk(member):
                    name = member.name.zh if member is not None else ref.code
                    yield _problem(where, tile_id, "bundle_not_at_kiosk", name=bundle.name.zh, item=name)
                    break


def _tile_path(problem_path: str) -> str:
    """`tiles[0].children[2]` for `tiles[0].children[2].label` (and for itself)."""
    return problem_path if problem_path.endswith("]") else problem_path.rsplit(".", 1)[0]


def check_document(document: Any, snapshot: CatalogSnapshot) -> list[Problem]:
    """Every problem that keeps a document from being published (shape first, then content).

    The content is checked only where the shape is right, so one malformed tile does not
    hide the problems of the others.
    """
    problems = structure_problems(document)
    tiles = _tiles(document)
    if tiles is None:
        return problems
    # A tile whose own shape is wrong gets no content checks (they would repeat its problem).
    broken = {_tile_path(problem.path) for problem in problems if problem.code in SHAPE_BREAKING}
    for path, _depth, tile in _walk(tiles, "tiles", 1):
        if path in broken:
            continue
        problems.extend(_content_problems(path, tile, snapshot))
    return problems


def check_structure_or_raise(document: Any) -> None:
    problems = structure_problems(document)
    if problems:
        raise MenuRefused(problems)


def check_or_raise(document: Any, snapshot: CatalogSnapshot) -> None:
    problems = check_document(document, snapshot)
    if problems:
        raise MenuRefused(problems)


def tile_available(tile: Tile, snapshot: CatalogSnapshot) -> bool:
    """Whether a published tile still leads somewhere a citizen can use, by today's catalog.

    A version was checked when it was published; an item retired or taken off the kiosks
    since then hides its tile (and a group left with nothing to show hides itself) instead
    of leading the citizen to a dead end.
    """
    target = tile.target or ""
    if tile.kind == "group":
        return any(tile_available(child, snapshot) for child in tile.children)
    if tile.kind == "action":
        return target in ACTIONS
    if tile.kind == "category":
        return target in snapshot.categories
    if tile.kind == "item":
        item = snapshot.item(target)
        return item is not None and _offered_at_kiosk(item)
    bundle = snapshot.bundle(target)
    if bundle is None or not bundle.active:
        return False
    members = [snapshot.item(ref.code) for ref in bundle.items]
    return all(member is not None and _offered_at_kiosk(member) for member in members)
