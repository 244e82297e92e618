"""GET / — the home screen: search and track, then the kiosk's menu, then the most used items.

When hall staff have published a menu for this kiosk (kiosk/views/menu.py), its tiles are
the home screen. Without any menu, the home screen is laid out from the catalog: person
topics, life events, most used, business topics.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.listing import ItemRow, Tile, category_tile, item_rows, life_event_tiles, sorted_categories
from kiosk.modes import page_size
from kiosk.templating import render_catalog_page
from kiosk.views import current_catalog
from kiosk.views.menu import MOST_USED, MOST_USED_ELDER, live_menu, render_menu_home


@dataclass(frozen=True, slots=True)
class HomePage:
    person_topics: list[Tile]
    life_events: list[Tile]
    most_used: list[ItemRow]
    company_topics: list[Tile]


async def home(request: Request) -> Response:
    snapshot = await current_catalog(request)
    live = await live_menu(request)
    if live is not None:
        return render_menu_home(request, snapshot, live)
    return render_catalog_page(
        request,
        snapshot,
        "home.html",
        lambda: {
            "page": HomePage(
                person_topics=[category_tile(c) for c in sorted_categories(snapshot, audience="person", kind="topic")],
                life_events=life_event_tiles(snapshot),
                most_used=item_rows(snapshot, snapshot.most_used(page_size(request, MOST_USED, MOST_USED_ELDER))),
                company_topics=[
                    category_tile(c) for c in sorted_categories(snapshot, audience="company", kind="topic")
                ],
            )
        },
    )
