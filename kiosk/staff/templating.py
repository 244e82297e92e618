"""Rendering staff pages: the kiosk's Jinja environment plus the staff words (`st` filter).

Every staff answer is `Cache-Control: no-store` (ASVS 14.3.2): a shared hall PC must not
show the next person a page from someone else's session, even from the back button.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from typing import Any

import jinja2
from starlette.requests import Request
from starlette.responses import Response
from starlette.templating import Jinja2Templates

from kiosk.lang import CONTENT_LANGUAGE, current_path_without_lang, request_lang
from kiosk.staff.navigation import links_for
from kiosk.staff.texts import STAFF_UI
from kiosk.templating import NO_STORE, make_environment
from shared.clock import CHINA_TIME
from shared.i18n import Lang


def _lang(context: Mapping[str, Any]) -> Lang:
    lang: Lang = context["lang"]
    return lang


@jinja2.pass_context
def st(context: Mapping[str, Any], key: str, **params: object) -> str:
    text = STAFF_UI[key]
    return (text.format(**params) if params else text).get(_lang(context))


def local_time(timestamp: float | str) -> str:
    """A time as the hall reads it: China Standard Time, to the second."""
    if isinstance(timestamp, str):
        moment = dt.datetime.fromisoformat(timestamp)
    else:
        moment = dt.datetime.fromtimestamp(timestamp, dt.UTC)
    return moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M:%S")


def _here(request: Request) -> str:
    """Where the language switch returns to: this page, or after a POST a page that has a GET."""
    if request.method in {"GET", "HEAD"}:
        return current_path_without_lang(request)
    path = request.url.path
    if path.startswith("/staff/sign-in"):
        return path
    if path.startswith("/staff/accounts"):
        return "/staff/accounts"
    if path.startswith("/staff/applications/"):
        return "/staff/applications/" + path.split("/")[3]  # the page an action form was posted from
    if path.startswith("/staff/menus/") and path.split("/")[3] != "assignments":
        return "/staff/menus/" + path.split("/")[3]  # the menu's editor
    if path.startswith("/staff/menus"):
        return "/staff/menus"
    return "/staff/"


@functools.cache
def templates() -> Jinja2Templates:
    env = make_environment()
    env.filters.update(st=st, local_time=local_time)
    env.globals.update(staff_links=links_for)
    return Jinja2Templates(env=env)


def render_staff(
    request: Request,
    name: str,
    context: Mapping[str, Any] | None = None,
    *,
    status_code: int = 200,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """Render a template under `templates/staff/` with the signed-in person, if any.

    `staff` (a StaffPrincipal or None) and `csrf_token` come from `require_staff`, which
    leaves them on `request.state`; forms include the token with `{{ csrf_field() }}`.
    """
    lang = request_lang(request)
    state = getattr(request.state, "staff", None)
    full_context = {
        "request": request,
        "lang": lang,
        "other_lang": "en" if lang == "zh" else "zh",
        "here": _here(request),
        "staff": state.principal if state is not None else None,
        "csrf_token": state.csrf_token if state is not None else "",
        **(context or {}),
    }
    response_headers = {"Cache-Control": NO_STORE, "Content-Language": CONTENT_LANGUAGE[lang], **(headers or {})}
    return templates().TemplateResponse(
        request, f"staff/{name}", full_context, status_code=status_code, headers=response_headers
    )
