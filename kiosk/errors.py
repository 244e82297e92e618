"""AppError as a kiosk page, or as an alert fragment for htmx.

A normal navigation gets a full, calm page in the base layout: the message large in the
citizen's language, the other language below, and one big button home. Any htmx request
(the search results refreshing, and since every kiosk link and form is boosted, a tap on
one) gets only an alert box with the same status, so the screen the citizen was on, with
what they typed, stays; the base template tells htmx to swap 4xx/5xx answers into the
page's alert region instead of the results. Never a stack trace: if even the error page cannot be rendered, a plain
two-line page goes out and the operators get the traceback in the log.
"""

from __future__ import annotations

import html
import logging

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kiosk.htmx import is_htmx
from kiosk.templating import NO_STORE, render
from shared.errors import AppError

log = logging.getLogger("onevisit.kiosk")


async def render_html_error(request: Request, error: AppError) -> Response:
    template = "_error_alert.html" if is_htmx(request) else "error.html"
    try:
        return render(request, template, {"error": error}, status_code=error.status)
    except Exception:
        log.exception("could not render the %s error page", error.code)
        body = f"<!doctype html><p>{html.escape(error.message.zh)}</p><p>{html.escape(error.message.get('en'))}</p>"
        return HTMLResponse(body, status_code=error.status, headers={"Cache-Control": NO_STORE})
