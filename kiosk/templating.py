"""The kiosk's Jinja environment and the one way a page is rendered.

Autoescaping is on for every template and undefined names raise (`StrictUndefined`), so a
typo fails a test instead of printing nothing. Filters pick the citizen's language:
`{{ item.name|tr }}` for catalog texts, `{{ "most_used"|ui }}` for the screens' own words.

Every page answers `Cache-Control: no-store`: a kiosk is shared by strangers, and later
pages carry personal data that must not survive in a cache for the next person.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.runtime
from markupsafe import Markup
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.templating import Jinja2Templates

from kiosk import formatting
from kiosk.icons import SPRITE
from kiosk.lang import CONTENT_LANGUAGE, current_path_without_lang, request_lang
from kiosk.listing import ItemRow
from kiosk.modes import request_modes
from kiosk.texts import UI
from shared.catalog.model import CASE_TYPE_TEXT, MATERIAL_KIND_TEXT
from shared.catalog.snapshot import CatalogSnapshot
from shared.i18n import Lang, Text
from shared.web.static import content_version

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
NO_STORE = "no-store"


def _lang(context: Mapping[str, Any]) -> Lang:
    lang: Lang = context["lang"]
    return lang


@jinja2.pass_context
def tr(context: Mapping[str, Any], text: Text) -> str:
    """A catalog or UI text in the page's language (Chinese when English is missing)."""
    return text.get(_lang(context))


@jinja2.pass_context
def join_tr(context: Mapping[str, Any], texts: Iterable[Text]) -> str:
    """Texts as one list: 甲、乙 in Chinese, "A, B" in English."""
    lang = _lang(context)
    return UI["list_sep"].get(lang).join(text.get(lang) for text in texts)


@jinja2.pass_context
def ui(context: Mapping[str, Any], key: str, **params: object) -> str:
    text = UI[key]
    return (text.format(**params) if params else text).get(_lang(context))


@jinja2.pass_context
def money(context: Mapping[str, Any], amount_fen: int) -> str:
    return formatting.money(amount_fen).get(_lang(context))


@jinja2.pass_context
def working_days(context: Mapping[str, Any], days: int) -> str:
    return formatting.working_days(days).get(_lang(context))


@jinja2.pass_context
def trips(context: Mapping[str, Any], max_visits: int) -> str:
    return formatting.trips(max_visits).get(_lang(context))


@jinja2.pass_context
def copies(context: Mapping[str, Any], count: int | None) -> str:
    return formatting.copies(count).get(_lang(context))


@jinja2.pass_context
def material_kind(context: Mapping[str, Any], kind: str) -> str:
    """原件 / 复印件 / 电子材料; a kind this version does not know is shown as its code."""
    return MATERIAL_KIND_TEXT.get(kind, Text(kind)).get(_lang(context))


@jinja2.pass_context
def case_type(context: Mapping[str, Any], code: str) -> str:
    return CASE_TYPE_TEXT.get(code, Text(code)).get(_lang(context))


@functools.lru_cache(maxsize=8192)
def _path_for(app: Starlette, name: str, params: tuple[tuple[str, str], ...]) -> str:
    # Starlette walks every route for each url_path_for; a page builds dozens of links,
    # and routes never change while the app runs, so each path is built once.
    return str(app.url_path_for(name, **dict(params)))


@jinja2.pass_context
def static(context: Mapping[str, Any], path: str) -> str:
    request: Request = context["request"]
    return f"{_path_for(request.app, 'static', (('path', path),))}?v={content_version(STATIC_DIR, path)}"


@jinja2.pass_context
def url(context: Mapping[str, Any], name: str, **params: str) -> str:
    """A path on this site by route name (`url('item', code=item.code)`)."""
    request: Request = context["request"]
    return _path_for(request.app, name, tuple(sorted(params.items())))


@jinja2.pass_context
def icon_url(context: Mapping[str, Any], symbol: str) -> str:
    return f"{static(context, SPRITE)}#{symbol}"


@jinja2.pass_context
def item_row(context: jinja2.runtime.Context, row: ItemRow) -> Markup:
    """One item row (`_item_row.html`); on catalog pages rendered once per item and language.

    Search results and category lists repeat the same rows all day; rendering a row is
    most of a results page's cost, and it depends only on the item and the language.
    """

    def build() -> Markup:
        return Markup(context.environment.get_template("_item_row.html").render({**context.get_all(), "row": row}))

    snapshot: CatalogSnapshot | None = context.get("snapshot")
    if snapshot is None:
        return build()
    html: Markup = snapshot.derived(("kiosk-row", context["lang"], row.item.code, row.item.version), build)
    return html


def make_environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES_DIR),
        autoescape=jinja2.select_autoescape(default_for_string=True, default=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        auto_reload=False,
    )
    env.filters.update(
        tr=tr,
        join_tr=join_tr,
        ui=ui,
        money=money,
        working_days=working_days,
        trips=trips,
        copies=copies,
        material_kind=material_kind,
        case_type=case_type,
    )
    env.globals.update(static=static, url=url, icon_url=icon_url, item_row=item_row)
    return env


@functools.cache
def templates() -> Jinja2Templates:
    """Built on first use, not at import, and shared afterwards: it holds no request state."""
    return Jinja2Templates(env=make_environment())


@dataclass(frozen=True, slots=True)
class IdleTimer:
    """What kiosk.js needs to return an idle screen to the start (from the settings)."""

    seconds: int
    warning_seconds: int


# Where the device middleware leaves the check of the citizen's session cookie (kiosk.session).
SESSION_STATE = "kiosk_session"


def is_signed_in(request: Request) -> bool:
    check = request.scope.get("state", {}).get(SESSION_STATE)
    return bool(check is not None and check.active)


def _idle_timer(request: Request) -> IdleTimer | None:
    services = getattr(request.state, "services", None)
    if services is None:
        return None
    settings = services.settings
    return IdleTimer(settings.kiosk_idle_seconds, settings.kiosk_idle_warning_seconds)


def _page_context(request: Request, lang: Lang, here: str, context: Mapping[str, Any] | None) -> dict[str, Any]:
    return {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "zh" else "zh",
        "here": here,
        "idle": _idle_timer(request),
        "signed_in": is_signed_in(request),
        "modes": request_modes(request),
        **(context or {}),
    }


def _headers(lang: Lang) -> dict[str, str]:
    return {"Cache-Control": NO_STORE, "Content-Language": CONTENT_LANGUAGE[lang]}


def render(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    here: str | None = None,
) -> Response:
    """Render a kiosk template with what every page needs: language and the switch's return path.

    `here` replaces this request's path as the language switch's return path, for a page
    whose own URL must not be repeated (it held a personal number).
    """
    lang = request_lang(request)
    full_context = _page_context(request, lang, here or current_path_without_lang(request), context)
    return templates().TemplateResponse(request, name, full_context, status_code=status_code, headers=_headers(lang))


def render_catalog_page(
    request: Request,
    snapshot: CatalogSnapshot,
    name: str,
    build_context: Callable[[], Mapping[str, Any]],
    *,
    also_depends_on: Hashable = None,
) -> Response:
    """A page that shows only the catalog: rendered once per snapshot, language and URL.

    Such a page depends on nothing else (no citizen, no session), so it is kept with the
    snapshot that it shows and dropped with it when the catalog changes. Pages that show
    a citizen's data must use `render`. `also_depends_on` names anything else immutable
    the page shows (the kiosk menu's version stamp), so each is kept apart.
    """
    lang = request_lang(request)
    here = current_path_without_lang(request)
    # Whether a citizen is signed in changes only the frame (sign-out button, idle timer),
    # never what is shown of them, so the page is kept once for each answer.
    signed_in = is_signed_in(request)

    def build() -> str:
        context = {**_page_context(request, lang, here, build_context()), "snapshot": snapshot, "signed_in": signed_in}
        return templates().get_template(name).render(context)

    # Elder mode and high contrast change the frame and how much is listed: one copy each.
    modes = request_modes(request).key
    html: str = snapshot.derived(("kiosk-page", name, lang, here, signed_in, modes, also_depends_on), build)
    return HTMLResponse(html, headers=_headers(lang))
