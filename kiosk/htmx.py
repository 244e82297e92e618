"""What an htmx 4 request tells the server, in the style of django-htmx's `HtmxDetails`.

htmx 4 sends (see the vendored `static/vendor/htmx-4.0.1.min.js`):

- `HX-Request: true` on every request it makes;
- `HX-Request-Type: partial` when it swaps into an element, `full` when it targets `<body>`
  or selects from the response (a boosted link, a history restore), so a full page is due;
- `HX-Source` and `HX-Target` as `tag#id` (htmx 2's `HX-Trigger` request header is gone),
  with the id URI-encoded;
- `HX-History-Restore-Request: true` when back/forward needs the page again.

One URL answers both ways, so every response must carry `Vary: HX-Request` (the security
middleware adds it to all responses).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Literal
from urllib.parse import unquote

from starlette.datastructures import Headers
from starlette.requests import HTTPConnection
from starlette.responses import RedirectResponse, Response

RequestType = Literal["partial", "full"]


@dataclass(frozen=True, slots=True)
class HtmxDetails:
    headers: Headers

    def __bool__(self) -> bool:
        return self.headers.get("hx-request") == "true"

    @property
    def request_type(self) -> RequestType | None:
        value = self.headers.get("hx-request-type")
        if value == "partial":
            return "partial"
        if value == "full":
            return "full"
        return None

    @property
    def source(self) -> str | None:
        """The element that made the request, as `tag#id` (`input#search-q`)."""
        return _identifier(self.headers.get("hx-source"))

    @property
    def target(self) -> str | None:
        """The element the response will be swapped into, as `tag#id`."""
        return _identifier(self.headers.get("hx-target"))

    @property
    def boosted(self) -> bool:
        return self.headers.get("hx-boosted") == "true"

    @property
    def history_restore_request(self) -> bool:
        return self.headers.get("hx-history-restore-request") == "true"

    @property
    def partial(self) -> bool:
        """Whether to answer with a fragment rather than the full page."""
        return bool(self) and self.request_type != "full" and not self.boosted and not self.history_restore_request

    def targets(self, element_id: str) -> bool:
        """Whether the swap goes into the element with this id (any tag)."""
        return self.target is not None and self.target.partition("#")[2] == element_id


def _identifier(value: str | None) -> str | None:
    return unquote(value) if value else None


def details(connection: HTTPConnection) -> HtmxDetails:
    return HtmxDetails(connection.headers)


def is_htmx(connection: HTTPConnection) -> bool:
    return bool(details(connection))


def request_type(connection: HTTPConnection) -> RequestType | None:
    return details(connection).request_type


def source(connection: HTTPConnection) -> str | None:
    return details(connection).source


def wants_fragment(connection: HTTPConnection, element_id: str | None = None) -> bool:
    """A partial htmx request, and (when an id is given) one that swaps into that element.

    A request naming no target at all (a hand-written test, an older htmx) counts as
    aiming at the element, since only that element asks this URL for a fragment.
    """
    htmx = details(connection)
    if not htmx.partial:
        return False
    return element_id is None or htmx.target is None or htmx.targets(element_id)


def location_headers(url: str) -> dict[str, str]:
    """`HX-Location` for moving the whole screen on without leaving htmx.

    htmx 4 answers `HX-Location` with its own GET of the page into `<body>` (pushed to the
    history), so a dropped connection on the way lands in the alert region with "try again"
    instead of a browser error page, as `HX-Redirect` (a plain `location.href`) would.
    `outerSync` also brings the new page's `<body>` attributes (idle timer, modes) along.
    """
    return {"HX-Location": json.dumps({"path": url, "target": "body", "swap": "outerSync"}, separators=(",", ":"))}


def move_on(request: HTTPConnection, url: str, *, cache_control: str = "no-store") -> Response:
    """Move on after a form post: `HX-Location` (204) for htmx, 303 for a plain form."""
    headers = {"Cache-Control": cache_control}
    if is_htmx(request):
        return Response(status_code=204, headers={**location_headers(url), **headers})
    return RedirectResponse(url, status_code=303, headers=headers)
