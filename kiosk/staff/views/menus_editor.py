"""The draft editor of one kiosk menu: the tile tree, the side form of one tile, the publish form.

    GET  /staff/menus/{menu_id}                          the editor (?tile=<id> edits a tile,
                                                         ?add=top|<group id> starts a new one,
                                                         ?find=item&q=... searches targets)
    GET  /staff/menus/{menu_id}/targets?find=&q=         the target picker's results (a fragment)
    POST /staff/menus/{menu_id}/tiles                    save the side form (a new or changed tile)
    POST /staff/menus/{menu_id}/tiles/{tile_id}/{op}     up, down, in, out, remove, move
                                                         (move: `parent` and `index`, from drag
                                                         and drop in static/js/menu_editor.js)

Every change rewrites the whole tree as one draft (`store.save_draft`) with the revision
the page was showing: when someone else saved in between, nothing is saved and the page
answers 409 with THEIR draft and who saved it when, so no one's work is overwritten unseen.
Everything works with plain forms; the script adds dragging (mouse and finger) on top.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.icons import TILE_ICONS, icon_symbol
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views import menus_tree as tree
from kiosk.staff.views.menus_common import (
    china_time,
    field as form_field,
    int_field,
    iso_china_time,
    may_change,
    menu_or_404,
    require_editor,
    require_reader,
    see_other,
    services_of,
    where,
)
from kiosk.staff.views.menus_targets import PICKABLE_KINDS, Target, refusal, search, target_name
from shared.catalog.snapshot import CatalogSnapshot
from shared.errors import BadRequest, Conflict, NotFound
from shared.i18n import Text
from shared.menus import store
from shared.menus.model import (
    ACTIONS,
    DEFAULT_COLOUR,
    KINDS,
    LABEL_EN_MAX,
    LABEL_ZH_MAX,
    MAX_DEPTH,
    PALETTE,
    PALETTE_TEXT,
    Draft,
    Menu,
)
from shared.menus.rules import MESSAGES, MenuRefused, Problem, check_document
from shared.staff.accounts import StaffPrincipal

OPS: Mapping[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "up": tree.move_up,
    "down": tree.move_down,
    "in": tree.move_into_group_above,
    "out": tree.move_out_of_group,
    "remove": tree.remove,
}
KIND_WORDS = {
    "group": "kind_group_tile",
    "item": "kind_item",
    "bundle": "kind_bundle",
    "category": "kind_category",
    "action": "kind_action",
}
# A tile's own look when it names no icon (the kiosk picks the target's; see kiosk/views/menu.py).
KIND_ICONS = {"group": "grid", "item": "file-check", "bundle": "family", "category": "grid", "action": "touch"}
# The side form's fields, by the end of a rule's problem path.
FIELD_OF_PATH = {".label.zh": "label_zh", ".label.en": "label_en", ".icon": "icon", ".colour": "colour"}
SIDE_FORM_CODES = frozenset({"label_zh", "label_en", "icon", "colour"})


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


@dataclass(frozen=True, slots=True)
class PublishState:
    """The publish form as typed, and what refused it."""

    when: str = "now"
    go_live_at: str = ""
    note: str = ""
    problems: dict[str, Text] = field(default_factory=dict)
    refused: int = 0  # how many tile problems refused it


# ---------------------------------------------------------------------------- the page


def _icon(tile: Mapping[str, Any], snapshot: CatalogSnapshot) -> str:
    if tile.get("icon"):
        return icon_symbol(tile["icon"])
    target, kind = tile.get("target") or "", tile.get("kind", "")
    if kind == "action" and target in ACTIONS:
        return icon_symbol(ACTIONS[target].icon)
    if kind == "category" and target in snapshot.categories:
        return icon_symbol(snapshot.categories[target].icon)
    return icon_symbol(KIND_ICONS.get(kind))


def _label(tile: Mapping[str, Any]) -> Text:
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
                    label=_label(tile),
                    icon=_icon(tile, snapshot),
                    colour=str(tile.get("colour") or DEFAULT_COLOUR),
                    target=tile.get("target"),
                    target_name=target_name(str(tile.get("kind")), tile.get("target"), snapshot),
                    parent=parent,
                    index=index,
                    siblings=len(tiles),
                    depth=depth,
                    group_above=_label(before) if before is not None and before.get("kind") == "group" else None,
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
            options.append(ParentOption(str(group.get("id")), _label(group), place.depth))
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


async def render_editor(
    request: Request,
    principal: StaffPrincipal,
    menu: Menu,
    draft: Draft,
    *,
    side: SideForm | None = None,
    problems: list[Problem] | None = None,
    conflict: bool = False,
    publish: PublishState | None = None,
    done: str | None = None,
    done_params: Mapping[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    services = services_of(request)
    snapshot = await services.catalog.current()
    at_tiles, whole = problems_by_tile(draft.document, problems or [])
    summaries = {summary.id: summary for summary in await store.list_menus(services.db, now=services.clock.now())}
    side_target = side.target_name(snapshot) if side is not None else None
    return render_staff(
        request,
        "menus/editor.html",
        {
            "t": MENUS_UI,
            "menu": menu,
            "summary": summaries.get(menu.id),
            "draft": draft,
            "draft_at": iso_china_time(draft.updated_at),
            "china_time": china_time,
            "tiles": tile_views(draft.document, snapshot, at_tiles),
            "whole_problems": whole,
            "problem_count": len(problems or []),
            "can_change": may_change(principal),
            "side": side,
            "side_target": side_target,
            "side_refusal": side.target_refusal(snapshot) if side is not None else None,
            "parents": parent_options(draft.document, side.tile_id if side else None) if side else [],
            "kinds": KINDS,
            "kind_words": KIND_WORDS,
            "actions": ACTIONS,
            "icons": TILE_ICONS,
            "palette": PALETTE,
            "palette_text": PALETTE_TEXT,
            "label_zh_max": LABEL_ZH_MAX,
            "label_en_max": LABEL_EN_MAX,
            "conflict": conflict,
            "publish": publish or PublishState(),
            "done": done,
            "done_params": done_params or {},
        },
        status_code=status_code,
    )


async def current_menu(request: Request) -> tuple[Menu, Draft]:
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    return menu, await store.get_draft(services.db, menu.id)


def _search_side(side: SideForm, snapshot: CatalogSnapshot, params: Mapping[str, str]) -> None:
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
    label = _label(tile)
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


async def editor(request: Request) -> Response:
    principal = await require_reader(request)
    menu, draft = await current_menu(request)
    params = request.query_params
    side: SideForm | None = None
    if may_change(principal):
        if params.get("tile"):
            side = side_for_tile(draft.document, params["tile"])
        elif "add" in params:
            side = side_for_new(draft.document, params["add"])
        if side is not None:
            _search_side(side, await services_of(request).catalog.current(), params)
    done = params.get("done")
    done_params = {key: params[key] for key in ("version", "at") if params.get(key, "").isdigit()}
    if "at" in done_params:
        done_params["at"] = china_time(int(done_params["at"]))
    return await render_editor(
        request,
        principal,
        menu,
        draft,
        side=side,
        done=done if done in ("saved", "publish", "schedule") else None,
        done_params=done_params,
    )


async def targets(request: Request) -> Response:
    """The picker's results for the side form's script: the same list the page itself shows."""
    await require_editor(request)
    services = services_of(request)
    await menu_or_404(services, request.path_params["menu_id"])
    side = SideForm(tile_id=None, parent=None)
    kind, _, code = request.query_params.get("current", "")[:80].partition(":")
    if kind in PICKABLE_KINDS and code:
        side.kind, side.target = kind, code
    _search_side(side, await services.catalog.current(), request.query_params)
    return render_staff(request, "menus/_targets.html", {"t": MENUS_UI, "side": side})


# ---------------------------------------------------------------------------- changes


async def conflict_page(request: Request, principal: StaffPrincipal, side: SideForm | None = None) -> Response:
    menu, draft = await current_menu(request)
    return await render_editor(request, principal, menu, draft, side=side, conflict=True, status_code=409)


async def _save(
    request: Request,
    principal: StaffPrincipal,
    revision: int | None,
    change: Callable[[dict[str, Any]], dict[str, Any]],
) -> Draft:
    """Apply `change` to the draft of the revision the page showed, and save the whole tree."""
    services = services_of(request)
    menu_id = request.path_params["menu_id"]
    async with services.db.transaction() as tx:
        draft = await store.get_draft(tx, menu_id)
        if revision is None or revision != draft.revision:
            raise Conflict(store.STALE_DRAFT)
        document = change(draft.document)
        return await store.save_draft(
            tx, menu_id, document, revision, principal.actor(), services.clock.now(), where=where(request)
        )


async def tile_op(request: Request) -> Response:
    principal = await require_editor(request)
    menu, _draft = await current_menu(request)
    op = request.path_params["op"]
    tile_id = request.path_params["tile_id"]
    form = await request.form()
    if op == "move":
        parent = form_field(form, "parent", 24) or None
        index = int_field(form, "index")
        if index is None:
            raise BadRequest()

        def change(document: dict[str, Any]) -> dict[str, Any]:
            return tree.move(document, tile_id, parent, index)

    elif op in OPS:

        def change(document: dict[str, Any]) -> dict[str, Any]:
            return OPS[op](document, tile_id)

    else:
        raise NotFound()
    try:
        await _save(request, principal, int_field(form, "revision"), change)
    except Conflict:
        return await conflict_page(request, principal)
    except MenuRefused as refused:
        _menu, draft = await current_menu(request)
        return await render_editor(request, principal, menu, draft, problems=refused.menu_problems, status_code=422)
    anchor = "" if op == "remove" else f"#tile-{tile_id}"
    return see_other(f"/staff/menus/{menu.id}?done=saved{anchor}")


def _side_from_form(form: Mapping[str, Any]) -> SideForm:
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


def _tile_of(side: SideForm, snapshot: CatalogSnapshot, tile_id: str) -> dict[str, Any]:
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


def _side_problems(side: SideForm, tile: dict[str, Any], snapshot: CatalogSnapshot) -> dict[str, Text]:
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


async def save_tile(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu, draft = await current_menu(request)
    form = await request.form()
    side = _side_from_form(form)
    revision = int_field(form, "revision")
    snapshot = await services.catalog.current()
    if revision != draft.revision:
        return await conflict_page(request, principal, side)
    existing = tree.find(draft.document, side.tile_id) if side.tile_id else None
    if side.tile_id and existing is None:
        raise NotFound(tree.NO_SUCH_TILE)
    if existing is not None:
        side.has_children = bool(existing[0].get("children"))
    tile_id = side.tile_id or tree.new_tile_id(draft.document)
    tile = _tile_of(side, snapshot, tile_id)
    side.problems = _side_problems(side, tile, snapshot)
    if side.parent is not None and side.parent not in {o.value for o in parent_options(draft.document, side.tile_id)}:
        side.problems["parent"] = MENUS_UI["bad_parent"]
    if side.problems:
        _search_side(side, snapshot, {"find": side.find})
        return await render_editor(request, principal, menu, draft, side=side, status_code=422)

    def change(document: dict[str, Any]) -> dict[str, Any]:
        if existing is None:
            return tree.put(document, tile, side.parent)
        if side.kind == "group":
            tile["children"] = existing[0].get("children") or []
        changed = tree.replace(document, tile)
        if existing[1].parent != side.parent:
            changed = tree.move(changed, tile_id, side.parent, 10_000)
        return changed

    try:
        await _save(request, principal, revision, change)
    except Conflict:
        return await conflict_page(request, principal, side)
    except MenuRefused as refused:
        _search_side(side, snapshot, {"find": side.find})
        return await render_editor(
            request, principal, menu, draft, side=side, problems=refused.menu_problems, status_code=422
        )
    return see_other(f"/staff/menus/{menu.id}?tile={tile_id}&done=saved#tile-{tile_id}")
