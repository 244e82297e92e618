"""A menu's published versions, its releases, restoring, cancelling, and comparing two versions.

    GET  /staff/menus/{menu_id}/versions                       every version (who, when, note;
                                                               live and scheduled marks) and
                                                               every release
    POST /staff/menus/{menu_id}/versions/{version}/restore     make it live again now (回退)
    POST /staff/menus/{menu_id}/releases/{release_id}/cancel   cancel a scheduled release
    GET  /staff/menus/{menu_id}/compare?a=<v>&b=<v|draft>      two tile trees side by side

Restoring re-checks the old version against today's catalog: an item retired since is
refused with the problem listed (`store.restore`). A release that has gone live cannot be
cancelled (restore an earlier version instead).
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.templating import render_staff
from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views.menus_common import (
    china_time,
    iso_china_time,
    may_change,
    menu_or_404,
    require_editor,
    require_reader,
    see_other,
    services_of,
    where,
)
from kiosk.staff.views.menus_compare import compare
from kiosk.staff.views.menus_tiles import KIND_WORDS, problems_by_tile, tile_views
from shared.errors import NotFound
from shared.menus import store
from shared.menus.model import Menu
from shared.menus.rules import MenuRefused, Problem
from shared.staff.accounts import StaffPrincipal

DRAFT = "draft"


async def _versions_page(
    request: Request,
    principal: StaffPrincipal,
    menu: Menu,
    *,
    refused_version: int | None = None,
    problems: list[Problem] | None = None,
    status_code: int = 200,
) -> Response:
    services = services_of(request)
    now = services.clock.now()
    found = await store.versions(services.db, menu.id)
    releases = await store.releases(services.db, menu.id)
    live = await store.live_release(services.db, menu.id, now)
    summaries = {summary.id: summary for summary in await store.list_menus(services.db, now=now)}
    snapshot = await services.catalog.current()
    refused_tiles: dict[str, Any] = {}
    if refused_version is not None and problems:
        document = (await store.version(services.db, menu.id, refused_version)).document
        at_tiles, _whole = problems_by_tile(document, problems)
        refused_tiles = {"views": tile_views(document, snapshot, at_tiles), "problems": problems}
    done = request.query_params.get("done")
    done_version = request.query_params.get("version", "")
    newest = found[0].version if found else None
    return render_staff(
        request,
        "menus/versions.html",
        {
            "t": MENUS_UI,
            "menu": menu,
            "summary": summaries.get(menu.id),
            "versions": found,
            "releases": releases,
            "live_version": live.version if live is not None else None,
            "pending": [release for release in releases if release.pending(now)],
            "now": now,
            "can_change": may_change(principal),
            "china_time": china_time,
            "iso_china_time": iso_china_time,
            "kind_words": KIND_WORDS,
            "refused_version": refused_version,
            "refused": refused_tiles,
            "done": done if done in ("restore", "cancel") else None,
            "done_version": done_version if done_version.isdigit() else "",
            "compare_a": found[1].version if len(found) > 1 else newest,
            "compare_b": newest,
            "side": None,
        },
        status_code=status_code,
    )


async def versions_page(request: Request) -> Response:
    principal = await require_reader(request)
    menu = await menu_or_404(services_of(request), request.path_params["menu_id"])
    return await _versions_page(request, principal, menu)


async def restore(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    number: int = request.path_params["version"]
    try:
        async with services.db.transaction() as tx:
            await store.restore(
                tx,
                menu.id,
                number,
                await services.catalog.current(),
                principal.actor(),
                services.clock.now(),
                where=where(request),
            )
    except MenuRefused as refused:
        return await _versions_page(
            request, principal, menu, refused_version=number, problems=refused.menu_problems, status_code=422
        )
    return see_other(f"/staff/menus/{menu.id}/versions?done=restore&version={number}")


async def cancel(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    release_id: int = request.path_params["release_id"]
    release = await store.get_release(services.db, release_id)
    if release is None or release.menu_id != menu.id:
        raise NotFound(store.RELEASE_NOT_FOUND)
    async with services.db.transaction() as tx:
        await store.cancel_release(tx, release_id, principal.actor(), services.clock.now(), where=where(request))
    return see_other(f"/staff/menus/{menu.id}/versions?done=cancel")


async def _document(request: Request, menu: Menu, which: str) -> tuple[str, dict[str, Any]]:
    services = services_of(request)
    if which == DRAFT:
        return DRAFT, (await store.get_draft(services.db, menu.id)).document
    if not which.isdigit():
        raise NotFound(store.VERSION_NOT_FOUND)
    return which, (await store.version(services.db, menu.id, int(which))).document


async def compare_page(request: Request) -> Response:
    principal = await require_reader(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    found = await store.versions(services.db, menu.id)
    if not found:
        raise NotFound(store.VERSION_NOT_FOUND)
    newest = str(found[0].version)
    earlier = str(found[1].version) if len(found) > 1 else newest
    a, before = await _document(request, menu, request.query_params.get("a", earlier))
    b, after = await _document(request, menu, request.query_params.get("b", newest))
    comparison = compare(before, after)
    snapshot = await services.catalog.current()
    now = services.clock.now()
    summaries = {summary.id: summary for summary in await store.list_menus(services.db, now=now)}
    return render_staff(
        request,
        "menus/compare.html",
        {
            "t": MENUS_UI,
            "menu": menu,
            "summary": summaries.get(menu.id),
            "versions": found,
            "a": a,
            "b": b,
            "before": tile_views(before, snapshot, {}),
            "after": tile_views(after, snapshot, {}),
            "comparison": comparison,
            "can_change": may_change(principal),
            "china_time": china_time,
            "kind_words": KIND_WORDS,
            "side": None,
        },
    )
