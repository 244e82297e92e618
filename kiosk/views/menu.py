"""The kiosk's menu as hall staff configured it: the home screen's tiles and a group's page.

Which menu version this kiosk shows comes from `services.menus` (shared/menus/resolve.py:
the kiosk's own menu, else its group's, else the default). Tiles are shown in the menu's
order with its icons and colours; a tile whose target the catalog no longer offers at
kiosks is left out (the version was checked when it was published, the catalog may have
moved since), and a group with nothing left in it too.

`GET /menu/{tile_id}` (`menu_group`) shows a group's tiles; an id the live version does
not have as a group (an old link after a new version went live) goes home with a 303.

Both pages carry the live stamp (`#menu-stamp`, "menu@version") that the heartbeat
script compares with the server's, so an open home screen follows a new version.
The staff preview (kiosk/preview.py) renders the same templates from a draft with
`home_context` and `group_context`.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import NoMatchFound
from starlette.types import ASGIApp

from kiosk.device import current_device
from kiosk.icons import icon_symbol
from kiosk.listing import ItemRow, item_rows
from kiosk.modes import request_modes
from kiosk.templating import render_catalog_page
from kiosk.views import current_catalog
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Text
from shared.menus.model import ACTIONS, LiveMenu, MenuDocument, Tile
from shared.menus.rules import tile_available
from shared.services import Services

MOST_USED = 8
MOST_USED_ELDER = 4  # 长辈模式: fewer, larger rows
# When a tile names no icon: what its kind usually looks like.
KIND_ICONS = {"group": "grid", "item": "file-check", "bundle": "family", "category": "grid"}


@dataclass(frozen=True, slots=True)
class MenuTile:
    """One tile as the kiosk draws it: where it leads (route name and parameters) and how it looks."""

    id: str
    kind: str
    label: Text
    icon: str
    colour: str
    route: str
    params: dict[str, str] = field(default_factory=dict)
    # A group: how many tiles it opens onto.
    count: int = 0


@dataclass(frozen=True, slots=True)
class MenuHome:
    tiles: list[MenuTile]
    most_used: list[ItemRow]
    stamp: str


@dataclass(frozen=True, slots=True)
class MenuGroupPage:
    group: MenuTile
    tiles: list[MenuTile]
    # Back goes up one level: the parent group, else home.
    back_route: str
    back_params: dict[str, str]
    stamp: str


@functools.lru_cache(maxsize=64)
def _has_route(app: ASGIApp, name: str) -> bool:
    # Routes never change while the app runs; an action whose screen is not built in this
    # installation (e.g. 取号 without the queue) is left out rather than a broken link.
    if not isinstance(app, Starlette):
        return True
    try:
        app.url_path_for(name)
    except NoMatchFound:
        return False
    return True


def _icon(tile: Tile, snapshot: CatalogSnapshot) -> str:
    if tile.icon:
        return icon_symbol(tile.icon)
    target = tile.target or ""
    if tile.kind == "action" and target in ACTIONS:
        return icon_symbol(ACTIONS[target].icon)
    if tile.kind == "category" and target in snapshot.categories:
        return icon_symbol(snapshot.categories[target].icon)
    if tile.kind == "bundle" and (bundle := snapshot.bundle(target)) is not None:
        icons = [snapshot.categories[c].icon for c in bundle.categories if c in snapshot.categories]
        return icon_symbol(next(iter(icons), KIND_ICONS["bundle"]))
    return icon_symbol(KIND_ICONS.get(tile.kind))


def _view(tile: Tile, snapshot: CatalogSnapshot, app: ASGIApp | None) -> MenuTile | None:
    if not tile_available(tile, snapshot):
        return None
    target = tile.target or ""
    count = 0
    if tile.kind == "group":
        route, params = "menu_group", {"tile_id": tile.id}
        count = len(menu_tiles(tile.children, snapshot, app))
        if count == 0:
            return None
    elif tile.kind == "action":
        route, params = ACTIONS[target].route, {}
        if app is not None and not _has_route(app, route):
            return None
    else:  # item, bundle, category: the route of that name takes the code
        route, params = tile.kind, {"code": target}
    return MenuTile(tile.id, tile.kind, tile.label, _icon(tile, snapshot), tile.colour, route, params, count)


def menu_tiles(tiles: Sequence[Tile], snapshot: CatalogSnapshot, app: ASGIApp | None = None) -> list[MenuTile]:
    """The tiles of one level that lead somewhere today, in the menu's order.

    `app` (the Starlette app) lets actions whose screen is not mounted be left out; a
    preview may pass None.
    """
    return [view for tile in tiles if (view := _view(tile, snapshot, app)) is not None]


def _parent(document: MenuDocument, tile_id: str) -> Tile | None:
    for tile in document.walk():
        if any(child.id == tile_id for child in tile.children):
            return tile
    return None


def home_context(
    snapshot: CatalogSnapshot, document: MenuDocument, stamp: str, *, elder: bool, app: ASGIApp | None = None
) -> dict[str, Any]:
    """What home.html needs to show a menu (also for the staff preview of a draft)."""
    most_used = snapshot.most_used(MOST_USED_ELDER if elder else MOST_USED)
    return {"menu": MenuHome(menu_tiles(document.tiles, snapshot, app), item_rows(snapshot, most_used), stamp)}


def group_context(
    snapshot: CatalogSnapshot, document: MenuDocument, tile_id: str, stamp: str, *, app: ASGIApp | None = None
) -> dict[str, Any] | None:
    """What menu_group.html needs, or None when `tile_id` is not a group of this document."""
    group = document.find(tile_id)
    if group is None or group.kind != "group":
        return None
    parent = _parent(document, tile_id)
    view = MenuTile(group.id, group.kind, group.label, _icon(group, snapshot), group.colour, "menu_group")
    tiles = menu_tiles(group.children, snapshot, app)
    back_route, back_params = ("menu_group", {"tile_id": parent.id}) if parent is not None else ("home", {})
    return {"page": MenuGroupPage(view, tiles, back_route, back_params, stamp)}


async def live_menu(request: Request) -> LiveMenu | None:
    """The menu version this kiosk shows now (None: no menu is live for it)."""
    services: Services = request.state.services
    return await services.menus.for_device(services.db, current_device(request), services.clock.now())


def render_menu_home(request: Request, snapshot: CatalogSnapshot, live: LiveMenu) -> Response:
    elder = request_modes(request).elder
    return render_catalog_page(
        request,
        snapshot,
        "home.html",
        lambda: home_context(snapshot, live.document, live.stamp, elder=elder, app=request.app),
        also_depends_on=live.stamp,
    )


async def menu_group(request: Request) -> Response:
    live = await live_menu(request)
    snapshot = await current_catalog(request)
    tile_id = request.path_params["tile_id"]
    context = group_context(snapshot, live.document, tile_id, live.stamp, app=request.app) if live is not None else None
    if live is None or context is None:
        return RedirectResponse(request.app.url_path_for("home"), status_code=303)
    return render_catalog_page(request, snapshot, "menu_group.html", lambda: context, also_depends_on=live.stamp)
