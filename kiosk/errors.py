"""AppError as an HTML page (or an htmx fragment). Placeholder until the kiosk pages land."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from shared.errors import AppError


async def render_html_error(request: Request, error: AppError) -> Response:
    return HTMLResponse(f"<p>{error.message.zh}</p><p>{error.message.en}</p>", status_code=error.status)
