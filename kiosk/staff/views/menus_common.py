"""What every kiosk menu page shares: who may read and who may change, and small form readers.

Reading menus, versions and their differences is VIEW_KIOSK_MENUS (administrators and
supervisors); every change is CONFIGURE_KIOSK_MENUS (administrators). A window clerk gets
403 on every page; a supervisor reads without change buttons and gets 403 on any POST
(`shared.staff.roles`; ASVS 8.2.1, checked on the server for every request).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from shared.audit import Where
from shared.clock import CHINA_TIME
from shared.errors import NotFound
from shared.menus import store
from shared.menus.model import Menu
from shared.services import Services
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Action, Role, can

VIEW_ROLES = tuple(role for role in Role if can(role, Action.VIEW_KIOSK_MENUS))
CONFIGURE_ROLES = tuple(role for role in Role if can(role, Action.CONFIGURE_KIOSK_MENUS))


async def require_reader(request: Request) -> StaffPrincipal:
    return await require_staff(request, *VIEW_ROLES)


async def require_editor(request: Request) -> StaffPrincipal:
    return await require_staff(request, *CONFIGURE_ROLES)


def may_change(principal: StaffPrincipal) -> bool:
    return can(principal.role, Action.CONFIGURE_KIOSK_MENUS)


def services_of(request: Request) -> Services:
    services: Services = request.state.services
    return services


def where(request: Request) -> Where:
    return Where.address(client_address(request))


async def menu_or_404(services: Services, menu_id: str) -> Menu:
    menu = await store.get_menu(services.db, menu_id)
    if menu is None:
        raise NotFound(store.MENU_NOT_FOUND)
    return menu


def field(form: FormData | Mapping[str, Any], name: str, limit: int = 200) -> str:
    """A text field, trimmed and cut to `limit` (a page's own fields are short)."""
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


def int_field(form: FormData | Mapping[str, Any], name: str) -> int | None:
    value = field(form, name, 12)
    return int(value) if value.isdigit() else None


def see_other(url: str) -> Response:
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": "no-store"})


def china_time(timestamp: float) -> str:
    """A time as the hall reads it, to the minute (China Standard Time)."""
    return dt.datetime.fromtimestamp(timestamp, CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def iso_china_time(value: str | None) -> str:
    """An ISO timestamp from the store (UTC) as China time, to the minute."""
    if not value:
        return ""
    return dt.datetime.fromisoformat(value).astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")


def parse_china_time(value: str) -> float | None:
    """A `datetime-local` value (`2026-05-01T08:30`) read as China time; None if it is not one."""
    try:
        moment = dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is not None:
        return None
    return moment.replace(tzinfo=CHINA_TIME).timestamp()
