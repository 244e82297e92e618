"""The preview of a menu exactly as a kiosk shows it, in a frame of kiosk proportions.

    GET /staff/menus/{menu_id}/preview          the page: a 1080×1920 kiosk screen scaled to
                                                fit, with language (zh/en), elder mode and
                                                which version (the draft or a published one)
    GET /staff/menus/{menu_id}/preview/frame    the kiosk screen itself (kiosk/preview.py):
                                                home.html, or ?group=<tile id> a group's page;
                                                group tiles and "back" stay inside the preview

The kiosk's own templates and the kiosk's own context builders (kiosk/views/menu.py,
`home_context` / `group_context`) draw it, so the preview cannot drift from the kiosk.
Readers (VIEW_KIOSK_MENUS) may preview; nothing here changes anything.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import Response

from kiosk.modes import Modes
from kiosk.preview import PreviewLinks, render_preview
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views.menus_common import china_time, may_change, menu_or_404, require_reader, services_of
from kiosk.views.menu import group_context, home_context
from shared.errors import NotFound
from shared.i18n import Lang, parse_lang
from shared.menus import store
from shared.menus.model import Menu, MenuDocument, stamp

DRAFT = "draft"
# The kiosk's screen (portrait), which the page scales down to fit.
KIOSK_WIDTH = 1080
KIOSK_HEIGHT = 1920


def _options(params: Mapping[str, str]) -> dict[str, str]:
    """The preview's choices as they go into its URLs: version, lang, elder."""
    version = params.get("version", DRAFT)
    lang: Lang = parse_lang(params.get("lang")) or "zh"
    return {
        "version": version if version == DRAFT or version.isdigit() else DRAFT,
        "lang": lang,
        "elder": "1" if params.get("elder") == "1" else "0",
    }


def frame_url(menu_id: str, options: Mapping[str, str], **extra: str) -> str:
    return f"/staff/menus/{menu_id}/preview/frame?{urlencode({**options, **extra})}"


async def _document(request: Request, menu: Menu, version: str) -> tuple[dict[str, Any], str]:
    services = services_of(request)
    if version == DRAFT:
        return (await store.get_draft(services.db, menu.id)).document, f"{menu.id}@draft"
    found = await store.version(services.db, menu.id, int(version))
    return found.document, stamp(menu.id, found.version)


async def preview_page(request: Request) -> Response:
    principal = await require_reader(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    options = _options(request.query_params)
    found = await store.versions(services.db, menu.id)
    if options["version"] != DRAFT and int(options["version"]) not in {v.version for v in found}:
        raise NotFound(store.VERSION_NOT_FOUND)
    summaries = {s.id: s for s in await store.list_menus(services.db, now=services.clock.now())}
    return render_staff(
        request,
        "menus/preview.html",
        {
            "t": MENUS_UI,
            "menu": menu,
            "summary": summaries.get(menu.id),
            "versions": found,
            "options": options,
            "frame": frame_url(menu.id, options),
            "page_url": f"/staff/menus/{menu.id}/preview",
            "can_change": may_change(principal),
            "china_time": china_time,
            "width": KIOSK_WIDTH,
            "height": KIOSK_HEIGHT,
            "side": None,
        },
    )


async def preview_frame(request: Request) -> Response:
    await require_reader(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    options = _options(request.query_params)
    raw, live_stamp = await _document(request, menu, options["version"])
    document = MenuDocument.from_dict(raw)
    snapshot = await services.catalog.current()
    elder = options["elder"] == "1"
    lang: Lang = "en" if options["lang"] == "en" else "zh"
    links: PreviewLinks = {
        "home": lambda: frame_url(menu.id, options),
        "menu_group": lambda tile_id: frame_url(menu.id, options, group=tile_id),
    }
    group = request.query_params.get("group")
    if group:
        context = group_context(snapshot, document, group, live_stamp, app=request.app)
        if context is None:
            raise NotFound()
        template = "menu_group.html"
    else:
        context = home_context(snapshot, document, live_stamp, elder=elder, app=request.app)
        template = "home.html"
    return render_preview(request, template, context, lang=lang, modes=Modes(elder=elder), links=links)
