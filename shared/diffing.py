"""The difference between two JSON documents, as a list of changes a person can read.

Menus, catalog items and kiosks are stored as JSON-shaped documents; staff compare two
versions side by side and the audit trail keeps what a change did ("who changed which
menu, item or kiosk, when, with the difference"). One pure function serves all three.

Lists of objects that carry an identity (`id` for menu tiles, `code` for materials and
form fields) are matched by it, so moving a tile reads as one move and not as every later
tile changing; other lists are compared position by position.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

ChangeKind = Literal["added", "removed", "changed", "moved"]
# Keys that name an object inside a list, in the order they are tried.
IDENTITY_KEYS = ("id", "code")
# An audit entry keeps at most this many changes, and values cut to this many characters:
# the trail is evidence of what happened, the versions themselves keep the whole text.
AUDIT_CHANGES = 50
AUDIT_VALUE_CHARS = 200


@dataclass(frozen=True, slots=True)
class Change:
    """One difference. `path` is JSON-path-like: `tiles[id=t3].label.zh`, `materials[code=m1]`."""

    path: str
    kind: ChangeKind
    before: Any = None
    after: Any = None


def _names_each(entries: Sequence[Any], key: str) -> bool:
    values = [entry.get(key) if isinstance(entry, Mapping) else None for entry in entries]
    return all(isinstance(value, str | int) for value in values) and len(set(values)) == len(values)


def _identity(before: Sequence[Any], after: Sequence[Any]) -> str | None:
    """The key that names every entry of both lists uniquely within its list, if any."""
    return next((key for key in IDENTITY_KEYS if _names_each(before, key) and _names_each(after, key)), None)


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _walk(before: Any, after: Any, path: str, out: list[Change]) -> None:
    if isinstance(before, Mapping) and isinstance(after, Mapping):
        for key in before:
            if key not in after:
                out.append(Change(_join(path, str(key)), "removed", before=before[key]))
            else:
                _walk(before[key], after[key], _join(path, str(key)), out)
        for key in after:
            if key not in before:
                out.append(Change(_join(path, str(key)), "added", after=after[key]))
        return
    if isinstance(before, list) and isinstance(after, list):
        _walk_list(before, after, path, out)
        return
    if before != after or type(before) is not type(after):
        out.append(Change(path, "changed", before=before, after=after))


def _walk_list(before: list[Any], after: list[Any], path: str, out: list[Change]) -> None:
    key = _identity(before, after) if before and after else None
    if key is None:
        for index in range(max(len(before), len(after))):
            here = f"{path}[{index}]"
            if index >= len(after):
                out.append(Change(here, "removed", before=before[index]))
            elif index >= len(before):
                out.append(Change(here, "added", after=after[index]))
            else:
                _walk(before[index], after[index], here, out)
        return
    old = {entry[key]: (index, entry) for index, entry in enumerate(before)}
    new = {entry[key]: (index, entry) for index, entry in enumerate(after)}
    stayed = _in_order([old[name][0] for name in new if name in old])
    kept_new = [name for name in new if name in old]
    moved = {name for position, name in enumerate(kept_new) if position not in stayed}
    for name, (_index, entry) in old.items():
        if name not in new:
            out.append(Change(f"{path}[{key}={name}]", "removed", before=entry))
    for name, (index, entry) in new.items():
        here = f"{path}[{key}={name}]"
        if name not in old:
            out.append(Change(here, "added", after=entry))
            continue
        old_index, old_entry = old[name]
        if name in moved:
            out.append(Change(here, "moved", before=old_index + 1, after=index + 1))
        _walk(old_entry, entry, here, out)


def _in_order(indexes: Sequence[int]) -> set[int]:
    """Positions of a longest increasing run of `indexes` (patience sorting, O(n log n)).

    The entries outside it are the ones that moved: taking one tile from the front to the
    back is one move, not every other tile shifting by one.
    """
    tails: list[int] = []  # position in `indexes` ending the best run of each length
    before: list[int | None] = [None] * len(indexes)
    for position, value in enumerate(indexes):
        low, high = 0, len(tails)
        while low < high:
            middle = (low + high) // 2
            if indexes[tails[middle]] < value:
                low = middle + 1
            else:
                high = middle
        before[position] = tails[low - 1] if low else None
        if low == len(tails):
            tails.append(position)
        else:
            tails[low] = position
    run: set[int] = set()
    cursor = tails[-1] if tails else None
    while cursor is not None:
        run.add(cursor)
        cursor = before[cursor]
    return run


def diff(before: Any, after: Any) -> list[Change]:
    """Every difference from `before` to `after` (JSON values), parents before children."""
    out: list[Change] = []
    _walk(before, after, "", out)
    return out


def _short(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= AUDIT_VALUE_CHARS else text[: AUDIT_VALUE_CHARS - 1] + "…"


def for_audit(changes: Sequence[Change]) -> dict[str, Any]:
    """The `detail` an audit entry keeps of a change: bounded, and saying when it was cut.

    Values are what staff typed into menus, catalog texts or kiosk names, never a
    citizen's data; the audit module masks whatever looks like an ID or phone number anyway.
    """
    kept = [
        {
            "path": change.path or "/",
            "kind": change.kind,
            "before": _short(change.before),
            "after": _short(change.after),
        }
        for change in changes[:AUDIT_CHANGES]
    ]
    return {"changes": kept, "changes_total": len(changes)}
