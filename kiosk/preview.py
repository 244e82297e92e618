"""A kiosk screen shown to staff inside a preview frame: the same templates, no kiosk around it.

Staff pages (the menu editor, the catalog editor) show what citizens will see before it is
published. `render_preview` renders a KIOSK template from a staff request, so it must not
behave like a kiosk page:

- no device and no citizen: nothing signed in, no idle timer, no heartbeat, no htmx (the
  kiosk scripts that would talk to the server are not loaded, see base.html);
- links are inert (`#`) unless the caller keeps them inside the preview with `links`
  (route name → a function of the route's parameters giving a preview URL, or None to
  leave that one inert); static files and icons load as usual;
- a visible 预览 / Preview ribbon, so a screenshot of it is never taken for the real screen;
- the answer may be framed by this site only (`frame-ancestors 'self'`), for this response
  alone: every other page keeps the app's `frame-ancestors 'none'` (anti-clickjacking,
  OWASP Clickjacking Defense Cheat Sheet).

The preview uses its own Jinja environment (same loader and filters as the kiosk) whose `url`
and `item_row` differ: the kiosk's `item_row` keeps rendered rows with the catalog snapshot,
and a preview's rows (inert links) must never land in the cache the real kiosk reads.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from typing import Any

import jinja2
import jinja2.runtime
from markupsafe import Markup
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from kiosk.lang import CONTENT_LANGUAGE
from kiosk.listing import ItemRow
from kiosk.modes import PLAIN, Modes
from kiosk.templating import NO_STORE, _page_context, make_environment
from shared.i18n import Lang
from shared.web.middleware import CONTENT_SECURITY_POLICY

INERT_HREF = "#"
# Where a preview link may go: route name → URL inside the preview (None: leave it inert).
PreviewLinks = Mapping[str, Callable[..., str | None]]
LINKS_KEY = "preview_links"

PREVIEW_CSP = CONTENT_SECURITY_POLICY.replace("frame-ancestors 'none'", "frame-ancestors 'self'")


@jinja2.pass_context
def _preview_url(context: Mapping[str, Any], name: str, **params: str) -> str:
    links: PreviewLinks = context.get(LINKS_KEY) or {}
    build = links.get(name)
    if build is None:
        return INERT_HREF
    return build(**params) or INERT_HREF


@jinja2.pass_context
def _preview_item_row(context: jinja2.runtime.Context, row: ItemRow) -> Markup:
    """One item row, rendered every time: never read from or written to the kiosk's row cache."""
    return Markup(context.environment.get_template("_item_row.html").render({**context.get_all(), "row": row}))


@functools.cache
def preview_environment() -> jinja2.Environment:
    env = make_environment()
    # `preview` is what base.html tests (`preview is defined`) to leave out the kiosk's
    # scripts and show the ribbon; the kiosk's own environment never defines it.
    env.globals.update(url=_preview_url, item_row=_preview_item_row, preview=True)
    return env


def preview_headers(lang: Lang) -> dict[str, str]:
    return {
        "Cache-Control": NO_STORE,
        "Content-Language": CONTENT_LANGUAGE[lang],
        "Content-Security-Policy": PREVIEW_CSP,
        "X-Frame-Options": "SAMEORIGIN",
    }


def render_preview(
    request: Request,
    template: str,
    context: Mapping[str, Any],
    *,
    lang: Lang,
    modes: Modes = PLAIN,
    links: PreviewLinks | None = None,
    status_code: int = 200,
) -> Response:
    """Render the kiosk template `template` as a kiosk screen for a staff preview frame.

    `context` is what the kiosk's own handler would pass; `lang` and `modes` (elder mode,
    high contrast) are the preview's choice, never the staff browser's cookies.
    """
    full = _page_context(request, lang, request.url.path, context)
    full.update({"idle": None, "signed_in": False, "modes": modes, LINKS_KEY: links or {}})
    html = preview_environment().get_template(template).render(full)
    return HTMLResponse(html, status_code=status_code, headers=preview_headers(lang))
