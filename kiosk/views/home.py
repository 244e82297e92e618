"""GET / — the home screen: search, person topics, life events, most used, business topics."""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.listing import ItemRow, Tile, category_tile, item_rows, life_event_tiles, sorted_categories
from kiosk.modes import page_size
from kiosk.templating import render_catalog_page
from kiosk.views import current_catalog

MOST_USED = 8
MOST_USED_ELDER = 4  # 长辈模式: fewer, larger rows


@dataclass(frozen=True, slots=True)
class HomePage:
    person_topics: list[Tile]
    life_events: list[Tile]
    most_used: list[ItemRow]
    company_topics: list[Tile]


async def home(request: Request) -> Response:
    snapshot = await current_catalog(request)
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
