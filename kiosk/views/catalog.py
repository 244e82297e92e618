"""The catalog screens: a category's list, an item's guide and a bundle's guide."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.guide import bundle_guide, item_guide
from kiosk.icons import icon_symbol
from kiosk.listing import BundleRow, ItemRow, bundle_rows, item_rows
from kiosk.templating import render_catalog_page
from kiosk.views import current_catalog
from shared.catalog.model import Category
from shared.errors import NotFound
from shared.i18n import Text
from shared.services import Services

CATEGORY_NOT_FOUND = Text("找不到这个分类。", "This category does not exist.")
ITEM_NOT_FOUND = Text("找不到该事项，可能已调整或下线。", "This service item does not exist or is no longer offered.")
BUNDLE_NOT_FOUND = Text("找不到该“一件事”。", "This life-event bundle does not exist.")


@dataclass(frozen=True, slots=True)
class CategoryPage:
    category: Category
    icon: str
    bundles: list[BundleRow]
    items: list[ItemRow]


async def category(request: Request) -> Response:
    snapshot = await current_catalog(request)
    found = snapshot.categories.get(request.path_params["code"])
    if found is None:
        raise NotFound(CATEGORY_NOT_FOUND)
    return render_catalog_page(
        request,
        snapshot,
        "category.html",
        lambda: {
            "page": CategoryPage(
                category=found,
                icon=icon_symbol(found.icon),
                bundles=bundle_rows(snapshot, snapshot.bundles_in_category(found.code)),
                items=item_rows(snapshot, snapshot.items_in_category(found.code)),
            )
        },
    )


async def item(request: Request) -> Response:
    snapshot = await current_catalog(request)
    found = snapshot.item(request.path_params["code"])
    if found is None:
        raise NotFound(ITEM_NOT_FOUND)
    return render_catalog_page(request, snapshot, "item.html", lambda: {"guide": item_guide(snapshot, found)})


async def bundle(request: Request) -> Response:
    services: Services = request.state.services
    snapshot = await services.catalog.current()
    found = snapshot.bundle(request.path_params["code"])
    if found is None:
        raise NotFound(BUNDLE_NOT_FOUND)
    items = await services.catalog.pinned_items(found)
    return render_catalog_page(
        request, snapshot, "bundle.html", lambda: {"guide": bundle_guide(snapshot, found, items)}
    )
