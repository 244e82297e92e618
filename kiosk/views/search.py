"""GET /search — search with an on-screen keyboard; results refresh while typing.

One URL, two renderings: the full page on navigation (it works without JavaScript as a
plain GET form) and only the results region for htmx's partial requests. The query is
never logged (it may hold an ID number); it is echoed back only into the autoescaped input.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.requests import Request
from starlette.responses import Response

from kiosk.htmx import is_htmx, wants_fragment
from kiosk.listing import BundleRow, ItemRow, bundle_rows, item_rows
from kiosk.modes import page_size
from kiosk.templating import render, render_catalog_page
from kiosk.views import current_catalog
from shared.catalog.snapshot import CatalogSnapshot, ItemQuery
from shared.privacy.masking import redact

RESULTS_ID = "search-results"
MAX_QUERY_LENGTH = 100
# A person at a kiosk reads a screenful; the total is shown with a hint to refine.
MAX_RESULTS = 20
MAX_RESULTS_ELDER = 10  # 长辈模式: fewer, larger rows
SUGGESTIONS = 8
KEY_ROWS = ("1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm")


@dataclass(frozen=True, slots=True)
class SearchResults:
    q: str
    bundles: list[BundleRow]
    items: list[ItemRow]
    total: int
    # Shown instead of results when nothing was typed yet.
    suggestions: list[ItemRow]
    # The query held an ID or phone number: it was dropped, not searched, not shown.
    personal_number_refused: bool = False

    @property
    def empty_query(self) -> bool:
        return not self.q


async def search(request: Request) -> Response:
    snapshot = await current_catalog(request)
    q = " ".join(request.query_params.get("q", "").split())[:MAX_QUERY_LENGTH]
    # Spaces do not hide a number: "138 1234 5678" is a phone number too.
    if redact(q.replace(" ", "")) != q.replace(" ", ""):
        return _refuse_personal_number(request, snapshot)

    def context() -> dict[str, object]:
        if q:
            page = snapshot.find_items(ItemQuery(q=q), 1, page_size(request, MAX_RESULTS, MAX_RESULTS_ELDER))
            results = SearchResults(
                q, bundle_rows(snapshot, snapshot.search_bundles(q)), item_rows(snapshot, page.items), page.total, []
            )
        else:
            results = SearchResults("", [], [], 0, item_rows(snapshot, snapshot.most_used(SUGGESTIONS)))
        return {"results": results, "results_id": RESULTS_ID, "key_rows": KEY_ROWS}

    template = "_search_results.html" if wants_fragment(request, RESULTS_ID) else "search.html"
    return render_catalog_page(request, snapshot, template, context)


def _refuse_personal_number(request: Request, snapshot: CatalogSnapshot) -> Response:
    """Someone typed an ID or phone number into search: say so, and keep it nowhere.

    Not searched, not echoed into the page or the language switch's return path, not
    cached, and htmx is told to put the plain search address in the history instead.
    """
    results = SearchResults("", [], [], 0, item_rows(snapshot, snapshot.most_used(SUGGESTIONS)), True)
    context = {"results": results, "results_id": RESULTS_ID, "key_rows": KEY_ROWS}
    template = "_search_results.html" if wants_fragment(request, RESULTS_ID) else "search.html"
    response = render(request, template, context, here="/search")
    response.headers["Cache-Control"] = "no-store"
    if is_htmx(request):
        response.headers["HX-Replace-Url"] = "/search"
    return response
