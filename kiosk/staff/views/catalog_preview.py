"""The kiosk's guide screen (办事指南) of a draft, as citizens will see it once published.

    GET /staff/catalog/{kind}/{code}/preview          a staff page: the kiosk screen in a frame of
                                                      kiosk proportions, zh / en, elder mode
    GET /staff/catalog/{kind}/{code}/preview/frame    the kiosk screen itself (`kiosk.preview`)

The frame is the kiosk's own `item.html` / `bundle.html` filled by the kiosk's own guide
code (`kiosk.guide`) from the draft, rendered through `kiosk.preview.render_preview`: no
device, no citizen, inert links (a bundle's items open their own preview), a 预览 ribbon.
A draft whose structure the import would refuse cannot be shown; the page lists why.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from kiosk.guide import bundle_guide, item_guide
from kiosk.modes import PLAIN, Modes
from kiosk.preview import render_preview
from kiosk.staff.guard import require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_catalog import CATALOG_UI
from kiosk.staff.views.catalog_edit import edit_url
from kiosk.staff.views.catalog_forms import tab_of
from kiosk.staff.views.catalog_support import EDITORS, anchor_id, target
from shared.catalog import drafts
from shared.catalog.drafts import Kind
from shared.catalog.editing import editor_problems
from shared.catalog.importer import single_document_file
from shared.catalog.model import Bundle, Document, ItemRef, ServiceItem
from shared.catalog.snapshot import CatalogSnapshot
from shared.catalog.validation import check_structure
from shared.errors import ValidationFailed
from shared.i18n import Lang, parse_lang
from shared.services import Services

# The kiosk screen's language: not `lang`, which is the staff page's own language (kiosk.lang).
SCREEN_LANG = "screen"


def _lang(request: Request) -> Lang:
    return parse_lang(request.query_params.get(SCREEN_LANG)) or "zh"


def _modes(request: Request) -> Modes:
    return Modes(elder=True) if request.query_params.get("elder") == "1" else PLAIN


async def _document(services: Services, kind: Kind, code: str) -> tuple[Document, int, bool]:
    """The draft (else the published version), the version it would become, and whether it is a draft."""
    draft = await drafts.get(services.db, kind, code)
    published = await drafts.published(services.db, kind, code)
    if draft is None and published is None:
        raise drafts.DraftNotFound()
    next_version = (published.version + 1) if published else 1
    if draft is not None:
        return draft.document, next_version, True
    assert published is not None
    return published.document, published.version, False


def frame_url(kind: Kind, code: str, lang: Lang, elder: bool) -> str:
    return f"/staff/catalog/{kind}/{code}/preview/frame?{SCREEN_LANG}={lang}" + ("&elder=1" if elder else "")


async def preview_page(request: Request) -> Response:
    await require_staff(request, *EDITORS)
    kind, code = target(request)
    services: Services = request.state.services
    document, version, is_draft = await _document(services, kind, code)
    problems = editor_problems(kind, check_structure(single_document_file(kind, document)))
    lang = _lang(request)
    elder = request.query_params.get("elder") == "1"
    return render_staff(
        request,
        "catalog/preview.html",
        {
            "t": CATALOG_UI,
            "kind": kind,
            "code": code,
            "name": drafts.document_name(document),
            "version": version,
            "is_draft": is_draft,
            "problems": problems,
            "preview_lang": lang,
            "elder": elder,
            "frame": frame_url(kind, code, lang, elder),
            "page_url": lambda **change: _page_url(kind, code, lang, elder, **change),
            "edit_url": edit_url,
            "anchor_id": anchor_id,
            "tab_of": tab_of,
        },
    )


def _page_url(kind: Kind, code: str, current_lang: Lang, current_elder: bool, **change: Any) -> str:
    """This preview page with the language or elder mode changed."""
    lang = change.get("lang", current_lang)
    elder = change.get("elder", current_elder)
    return f"/staff/catalog/{kind}/{code}/preview?{SCREEN_LANG}={lang}" + ("&elder=1" if elder else "")


async def _bundle_context(services: Services, snapshot: CatalogSnapshot, document: Document, version: int) -> Any:
    codes = [code for code in document.get("items", []) if code in snapshot.items]
    refs = tuple(ItemRef(code, snapshot.items[code].version) for code in codes)
    bundle = Bundle.from_document(document, version, refs)
    return {"guide": bundle_guide(snapshot, bundle, [snapshot.items[code] for code in codes])}


async def preview_frame(request: Request) -> Response:
    await require_staff(request, *EDITORS)
    kind, code = target(request)
    services: Services = request.state.services
    document, version, _ = await _document(services, kind, code)
    if check_structure(single_document_file(kind, document)):
        raise ValidationFailed(CATALOG_UI["preview_blocked"])
    snapshot = await services.catalog.current()
    lang, modes = _lang(request), _modes(request)
    elder = modes.elder
    links = {"item": lambda code: frame_url("item", code, lang, elder) if code in snapshot.items else None}
    if kind == "item":
        item = ServiceItem.from_document(document, version)
        return render_preview(request, "item.html", {"guide": item_guide(snapshot, item)}, lang=lang, modes=modes)
    context = await _bundle_context(services, snapshot, document, version)
    return render_preview(request, "bundle.html", context, lang=lang, modes=modes, links=links)
