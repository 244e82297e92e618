"""The editor's side form: one tile being edited, or a new one, and what it refuses at once.

No I/O: the form from a tile (`side_for_tile`), for a new tile (`side_for_new`) or as typed
(`side_from_form`); the target picker's results on it (`search_side`); the tile it describes
(`tile_of`, empty labels taking the target's own name, `fit`); and the problems shown beside
its fields (`side_problems`). The handlers that save it are in `menus_editor`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views import menus_tree as tree
from kiosk.staff.views.menus_common import field as form_field
from kiosk.staff.views.menus_targets import PICKABLE_KINDS, Target, refusal, search, target_name
from kiosk.staff.views.menus_tiles import tile_label
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text
from shared.menus.model import DEFAULT_COLOUR, KINDS, LABEL_EN_MAX, LABEL_ZH_MAX
from shared.menus.rules import MESSAGES, check_document

# The side form's fields, by the end of a rule's problem path.
FIELD_OF_PATH = {".label.zh": "label_zh", ".label.en": "label_en", ".icon": "icon", ".colour": "colour"}
SIDE_FORM_CODES = frozenset({"label_zh", "label_en", "icon", "colour"})


@dataclass
class SideForm:
    """The side form: a tile being edited (`tile_id`) or a new one (`tile_id` None) in `parent`."""

    tile_id: str | None
    parent: str | None
    kind: str = "item"
    target: str = ""
    action: str = ""
    label_zh: str = ""
    label_en: str = ""
    icon: str = ""
    colour: str = DEFAULT_COLOUR
    find: str = "item"
    q: str = ""
    results: list[Target] = field(default_factory=list)
    problems: dict[str, Text] = field(default_factory=dict)
    has_children: bool = False
    current_name: Text | None = None

    def target_name(self, snapshot: CatalogSnapshot) -> Text | None:
        return target_name(self.kind, self.target or None, snapshot) if self.kind in PICKABLE_KINDS else None

    def target_refusal(self, snapshot: CatalogSnapshot) -> Text | None:
        if self.kind not in ("item", "bundle") or not self.target:
            return None
        return refusal(self.kind, self.target, snapshot)


def search_side(side: SideForm, snapshot: CatalogSnapshot, params: Mapping[str, str]) -> None:
    find = params.get("find", "")
    if find in PICKABLE_KINDS:
        side.find = find
        if not side.target and not side.has_children:
            side.kind = find  # a search for bundles is a bundle tile, until something is picked
    elif side.kind in PICKABLE_KINDS:
        side.find = side.kind
    side.q = " ".join(params.get("q", "").split())[:40]
    found = search(snapshot, side.find, side.q)
    # The tile's own target first, where it is seen without scrolling the list.
    side.results = sorted(found, key=lambda target: (target.kind, target.code) != (side.kind, side.target))
    side.current_name = side.target_name(snapshot)


def side_for_tile(document: Mapping[str, Any], tile_id: str) -> SideForm | None:
    found = tree.find(document, tile_id)
    if found is None:
        return None
    tile, place = found
    kind = str(tile.get("kind"))
    label = tile_label(tile)
    return SideForm(
        tile_id=tile_id,
        parent=place.parent,
        kind=kind,
        target=str(tile.get("target") or "") if kind in PICKABLE_KINDS else "",
        action=str(tile.get("target") or "") if kind == "action" else "",
        label_zh=label.zh,
        label_en=label.en or "",
        icon=str(tile.get("icon") or ""),
        colour=str(tile.get("colour") or DEFAULT_COLOUR),
        has_children=bool(tile.get("children")),
    )


def side_for_new(document: Mapping[str, Any], add: str) -> SideForm | None:
    if add in ("", "top"):
        return SideForm(tile_id=None, parent=None)
    found = tree.find(document, add)
    if found is None or found[0].get("kind") != "group":
        return None
    return SideForm(tile_id=None, parent=add)


def side_from_form(form: Mapping[str, Any]) -> SideForm:
    tile_id = form_field(form, "tile_id", 24) or None
    kind = form_field(form, "kind", 16)
    # A picked target says its kind ("item:<code>"): it wins over the kind buttons, which a
    # page without script cannot keep in step with the search it showed.
    target_kind, _, target = form_field(form, "target", 80).partition(":")
    if kind in PICKABLE_KINDS and target_kind in PICKABLE_KINDS and target:
        kind = target_kind
    return SideForm(
        tile_id=tile_id,
        parent=form_field(form, "parent", 24) or None,
        kind=kind,
        target=target if target_kind in PICKABLE_KINDS else "",
        action=form_field(form, "action", 32),
        label_zh=form_field(form, "label_zh", 64),
        label_en=form_field(form, "label_en", 128),
        icon=form_field(form, "icon", 32),
        colour=form_field(form, "colour", 16) or DEFAULT_COLOUR,
        find=kind if kind in PICKABLE_KINDS else "item",
    )


def fit(name: str, limit: int) -> str:
    """A target's name as a label of at most `limit` characters, cut after a whole word if it must be."""
    if len(name) <= limit:
        return name
    cut = name[:limit]
    return cut.rsplit(" ", 1)[0] if " " in cut else cut


def tile_of(side: SideForm, snapshot: CatalogSnapshot, tile_id: str) -> dict[str, Any]:
    """The tile the side form describes; empty labels take the target's own name."""
    target = side.action if side.kind == "action" else side.target
    name = target_name(side.kind, target or None, snapshot)
    label_zh = side.label_zh or (fit(name.zh, LABEL_ZH_MAX) if name else "")
    label_en = side.label_en or (fit(name.en or "", LABEL_EN_MAX) if name else "")
    tile: dict[str, Any] = {"id": tile_id, "kind": side.kind, "label": {"zh": label_zh, "en": label_en}}
    tile["colour"] = side.colour
    if side.icon:
        tile["icon"] = side.icon
    if side.kind == "group":
        tile["children"] = []
    else:
        tile["target"] = target
    return tile


def side_problems(side: SideForm, tile: dict[str, Any], snapshot: CatalogSnapshot) -> dict[str, Text]:
    """What the side form refuses at once: the rules' label, icon and colour checks, a missing target.

    Whether the target can be offered at kiosks is the rules' business at publishing (the
    picker offers only those that can); a draft may hold work in progress.
    """
    problems: dict[str, Text] = {}
    if side.kind not in KINDS:
        problems["kind"] = MENUS_UI["kind"]
        return problems
    where = "action" if side.kind == "action" else "target"
    probe = dict(tile)
    if side.kind != "group" and not tile.get("target"):
        # No target yet: say so, and still check the rest (the rules stop at a tile's broken shape).
        problems[where] = MESSAGES["target"]
        probe.update(kind="action", target="search")
    for problem in check_document({"tiles": [probe]}, snapshot):
        if problem.code in SIDE_FORM_CODES:
            key = next((name for suffix, name in FIELD_OF_PATH.items() if problem.path.endswith(suffix)), None)
            if key is not None:
                problems.setdefault(key, problem.message)
        elif problem.code == "unknown_action":
            problems.setdefault(where, problem.message)
    if side.has_children and side.kind != "group":
        problems["kind"] = MENUS_UI["group_has_children"]
    return problems
