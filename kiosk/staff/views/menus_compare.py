"""Two menu versions side by side: which tiles were added, removed, moved or changed (pure).

The difference itself is `shared.diffing.diff` (tiles matched by id, a move read as one
move); this module only says, for each side's tree, which mark each tile gets, and lists the
changes as lines a person reads. A tile that left one group for another appears in the diff
as removed there and added here: with the same id on both sides it is shown as moved.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.staff.views import menus_tree as tree
from shared import diffing
from shared.i18n import Text

TILE_STEP = re.compile(r"\[id=([^\]]+)\]")
VALUE_CHARS = 60


@dataclass(frozen=True, slots=True)
class Line:
    """One change to read: which tile, what happened, and to which field (None: the tile itself)."""

    tile_id: str
    label: Text
    mark: str  # added, removed, moved, changed
    field: str | None = None
    before: str = ""
    after: str = ""


@dataclass
class Comparison:
    before: dict[str, list[str]] = field(default_factory=dict)  # tile id → marks in the earlier tree
    after: dict[str, list[str]] = field(default_factory=dict)  # tile id → marks in the later tree
    lines: list[Line] = field(default_factory=list)

    @property
    def same(self) -> bool:
        return not self.lines


def _subject(path: str) -> tuple[str | None, str]:
    """The id of the tile a change's path is about, and the rest of the path after it."""
    matches = list(TILE_STEP.finditer(path))
    if not matches:
        return None, path
    last = matches[-1]
    return last.group(1), path[last.end() :].lstrip(".")


def _readable(value: Any) -> str:
    if isinstance(value, Mapping) and "zh" in value:
        text = f"{value.get('zh', '')} / {value.get('en', '')}"
    elif isinstance(value, str | int | float):
        text = str(value)
    elif value is None:
        text = "—"
    else:
        text = "…"
    return text if len(text) <= VALUE_CHARS else text[: VALUE_CHARS - 1] + "…"


def _label(document: Mapping[str, Any], tile_id: str) -> Text | None:
    found = tree.find(document, tile_id)
    if found is None:
        return None
    label = found[0].get("label")
    if not isinstance(label, Mapping):
        return None
    return Text(str(label.get("zh", "")), str(label.get("en", "")))


def _mark(marks: dict[str, list[str]], tile_id: str, mark: str) -> None:
    if mark not in marks.setdefault(tile_id, []):
        marks[tile_id].append(mark)


def _with_inside(document: Mapping[str, Any], tile_id: str) -> set[str]:
    found = tree.find(document, tile_id)
    return {tile_id} | (tree.descendants(found[0]) if found is not None else set())


def _whole_tiles(changes: list[diffing.Change], kind: str) -> set[str]:
    """Ids of tiles the diff says were added (or removed) as a whole."""
    found = set()
    for change in changes:
        tile_id, rest = _subject(change.path)
        if change.kind == kind and tile_id is not None and not rest:
            found.add(tile_id)
    return found


def _crossed_changes(
    result: Comparison, before: Mapping[str, Any], after: Mapping[str, Any], tile_id: str, label: Text
) -> None:
    """What changed on a tile that also changed groups (its own fields; what it holds is listed as is)."""
    old, new = tree.find(before, tile_id), tree.find(after, tile_id)
    if old is None or new is None:
        return
    own = {key: value for key, value in old[0].items() if key != "children"}
    now = {key: value for key, value in new[0].items() if key != "children"}
    for change in diffing.diff(own, now):
        _mark(result.before, tile_id, "changed")
        _mark(result.after, tile_id, "changed")
        result.lines.append(
            Line(tile_id, label, "changed", change.path, _readable(change.before), _readable(change.after))
        )


def compare(before: Mapping[str, Any], after: Mapping[str, Any]) -> Comparison:
    result = Comparison()
    changes = diffing.diff(before, after)
    removed, added = _whole_tiles(changes, "removed"), _whole_tiles(changes, "added")
    crossed = removed & added  # left one group for another: the same tile on both sides
    for change in changes:
        tile_id, rest = _subject(change.path)
        if tile_id is None:
            continue
        label = _label(after, tile_id) or _label(before, tile_id) or Text(tile_id)
        if rest:
            _mark(result.before, tile_id, "changed")
            _mark(result.after, tile_id, "changed")
            result.lines.append(
                Line(tile_id, label, "changed", rest, _readable(change.before), _readable(change.after))
            )
        elif tile_id in crossed:
            if change.kind == "added":
                _mark(result.before, tile_id, "moved")
                _mark(result.after, tile_id, "moved")
                result.lines.append(Line(tile_id, label, "moved"))
                _crossed_changes(result, before, after, tile_id, label)
        elif change.kind == "moved":
            _mark(result.before, tile_id, "moved")
            _mark(result.after, tile_id, "moved")
            result.lines.append(Line(tile_id, label, "moved", None, str(change.before), str(change.after)))
        elif change.kind == "added":
            for inside in _with_inside(after, tile_id):
                _mark(result.after, inside, "added")
            result.lines.append(Line(tile_id, label, "added"))
        elif change.kind == "removed":
            for inside in _with_inside(before, tile_id):
                _mark(result.before, inside, "removed")
            result.lines.append(Line(tile_id, label, "removed"))
    return result
