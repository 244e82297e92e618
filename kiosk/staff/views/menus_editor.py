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
The handlers are here; the tree as drawn is `menus_tiles`, the side form `menus_side`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.icons import TILE_ICONS
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
from kiosk.staff.views.menus_side import (
    SideForm,
    search_side,
    side_for_new,
    side_for_tile,
    side_from_form,
    side_problems,
    tile_of,
)
from kiosk.staff.views.menus_targets import PICKABLE_KINDS
from kiosk.staff.views.menus_tiles import KIND_WORDS, parent_options, problems_by_tile, tile_views
from shared.errors import BadRequest, Conflict, NotFound
from shared.i18n import Text
from shared.menus import store
from shared.menus.model import (
    ACTIONS,
    KINDS,
    LABEL_EN_MAX,
    LABEL_ZH_MAX,
    PALETTE,
    PALETTE_TEXT,
    Draft,
    Menu,
)
from shared.menus.rules import MenuRefused, Problem
from shared.staff.accounts import StaffPrincipal

OPS: Mapping[str, Callable[[dict[str, Any], str], dict[str, Any]]] = {
    "up": tree.move_up,
    "down": tree.move_down,
    "in": tree.move_into_group_above,
    "out": tree.move_out_of_group,
    "remove": tree.remove,
}


@dataclass(frozen=True, slots=True)
class PublishState:
    """The publish form as typed, and what refused it."""

    when: str = "now"
    go_live_at: str = ""
    note: str = ""
    problems: dict[str, Text] = field(default_factory=dict)
    refused: int = 0  # how many tile problems refused it


# ---------------------------------------------------------------------------- the page


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
            search_side(side, await services_of(request).catalog.current(), params)
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
    search_side(side, await services.catalog.current(), request.query_params)
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


async def save_tile(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu, draft = await current_menu(request)
    form = await request.form()
    side = side_from_form(form)
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
    tile = tile_of(side, snapshot, tile_id)
    side.problems = side_problems(side, tile, snapshot)
    if side.parent is not None and side.parent not in {o.value for o in parent_options(draft.document, side.tile_id)}:
        side.problems["parent"] = MENUS_UI["bad_parent"]
    if side.problems:
        search_side(side, snapshot, {"find": side.find})
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
        search_side(side, snapshot, {"find": side.find})
        return await render_editor(
            request, principal, menu, draft, side=side, problems=refused.menu_problems, status_code=422
        )
    return see_other(f"/staff/menus/{menu.id}?tile={tile_id}&done=saved#tile-{tile_id}")
