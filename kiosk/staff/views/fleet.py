"""The kiosk fleet for staff (自助机设备管理): every kiosk at a glance.

    GET /staff/fleet                 every active kiosk: name, id, group; its last heartbeat
                                     (刚刚 / N 秒前 / 离线 after 60 s); the menu it shows and
                                     the one it should (flagged when they differ for > 10 s);
                                     printer, scanner and card reader; its open hall alerts
                                     with "on my way" / "resolved" (the /staff/hall actions).
                                     ?group=lobby&problem=offline|hardware|alert|menu|any
    GET /staff/fleet/table           the table alone, for the page's htmx polling (every 5 s)

Who: VIEW_FLEET (administrators, window clerks, supervisors). Acting on an alert is the hall
floor's (administrators and clerks, as on /staff/hall); registering, moving and retiring
kiosks is MANAGE_KIOSKS (administrators, kiosk/staff/views/fleet_manage.py).

The polling is passive (`require_staff(..., passive=True)`): a fleet screen left open does
not keep its staff session alive, and once the session has ended the poll sends the
browser to the sign-in page instead of swapping it into the table.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.htmx import is_htmx
from kiosk.staff.guard import SignInRequired, clear_session_cookie, require_staff
from kiosk.staff.navigation import HALL_FLOOR
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_fleet import FLEET_UI
from shared.i18n import Text
from shared.kiosk import devices, fleet
from shared.kiosk.fleet import KioskStatus
from shared.kiosk.fleet_rules import PROBLEMS, Ago, Problem, ago, matches
from shared.kiosk.hardware import COMPONENTS
from shared.menus import store as menu_store
from shared.services import Services
from shared.staff.roles import Action, Role, can

ProblemFilter = Problem | Literal["any"]
PROBLEM_FILTERS: tuple[ProblemFilter, ...] = ("any", *PROBLEMS)
POLL_SECONDS = 5
# The hall alert actions the fleet pages post (kiosk/staff/views/hall.py), named in `?done=`.
ALERT_ACTIONS = ("acknowledge", "resolve")


def roles_for(action: Action) -> tuple[Role, ...]:
    return tuple(role for role in Role if can(role, action))


FLEET_VIEWERS = roles_for(Action.VIEW_FLEET)
KIOSK_MANAGERS = roles_for(Action.MANAGE_KIOSKS)


@dataclass(frozen=True, slots=True)
class Filters:
    group: str | None
    problem: ProblemFilter | None

    @property
    def query(self) -> str:
        return urlencode([(key, value) for key, value in (("group", self.group), ("problem", self.problem)) if value])

    def with_problem(self, problem: ProblemFilter | None) -> str:
        """The query of this page with another problem filter (the summary's links)."""
        return Filters(self.group, problem).query

    @property
    def active(self) -> bool:
        return self.group is not None or self.problem is not None


@dataclass(frozen=True, slots=True)
class MenuLabel:
    """A menu stamp as staff read it: the menu's name and version (the stamp underneath)."""

    stamp: str
    name: Text | None
    version: str


@dataclass(frozen=True, slots=True)
class FleetRow:
    status: KioskStatus
    ago: Ago | None
    shown: MenuLabel | None
    expected: MenuLabel | None


@dataclass(frozen=True, slots=True)
class Counts:
    all: int
    online: int
    offline: int
    hardware: int
    alert: int
    menu: int


def read_filters(request: Request, groups: list[str]) -> Filters:
    """The filters of the query string; a value that is not one of the choices is ignored."""
    group = request.query_params.get("group")
    problem = request.query_params.get("problem")
    chosen: ProblemFilter | None = next((p for p in PROBLEM_FILTERS if p == problem), None)
    return Filters(group if group in groups else None, chosen)


async def _menu_labels(services: Services, stamps: set[str]) -> dict[str, MenuLabel]:
    names: dict[str, Text | None] = {}
    labels: dict[str, MenuLabel] = {}
    for stamp in sorted(stamps):
        menu_id, _, version = stamp.partition("@")
        if menu_id not in names:
            menu = await menu_store.get_menu(services.db, menu_id)
            names[menu_id] = menu.name if menu is not None else None
        labels[stamp] = MenuLabel(stamp, names[menu_id], version)
    return labels


async def expected_stamp(services: Services, device: devices.KioskDevice) -> str | None:
    """The menu stamp this kiosk should show now (the menus' own resolution, from memory)."""
    resolved = await services.menus.resolved_for(services.db, device.id, device.group, services.clock.now())
    return resolved.stamp if resolved is not None else None


async def fleet_context(request: Request) -> dict[str, Any]:
    services: Services = request.state.services
    now = services.clock.now()

    async def expected(device: devices.KioskDevice) -> str | None:
        return await expected_stamp(services, device)

    statuses = await fleet.overview(services.db, services.fleet, expected, now)
    every = await devices.list_all(services.db)
    groups = sorted({device.group for device in every if device.active})
    filters = read_filters(request, groups)
    stamps = {s for status in statuses for s in (status.menu_shown, status.menu_expected) if s}
    labels = await _menu_labels(services, stamps)
    rows = [
        FleetRow(
            status=status,
            ago=ago(now - status.beat.beat_at) if status.beat is not None else None,
            shown=labels.get(status.menu_shown) if status.menu_shown else None,
            expected=labels.get(status.menu_expected) if status.menu_expected else None,
        )
        for status in statuses
    ]
    counts = Counts(
        all=len(rows),
        online=sum(1 for row in rows if row.status.online),
        offline=sum(1 for row in rows if not row.status.online),
        hardware=sum(1 for row in rows if "hardware" in row.status.problems),
        alert=sum(1 for row in rows if "alert" in row.status.problems),
        menu=sum(1 for row in rows if "menu" in row.status.problems),
    )
    shown = [
        row
        for row in rows
        if (filters.group is None or row.status.device.group == filters.group)
        and matches(row.status.problems, filters.problem)
    ]
    staff = request.state.staff.principal
    return {
        "t": FLEET_UI,
        "rows": shown,
        "counts": counts,
        "groups": groups,
        "filters": filters,
        "problem_filters": PROBLEM_FILTERS,
        "components": COMPONENTS,
        "now": now,
        "poll_seconds": POLL_SECONDS,
        "may_act_on_alerts": staff.role in HALL_FLOOR,
        "may_manage": can(staff.role, Action.MANAGE_KIOSKS),
        "retired": [device for device in every if not device.active],
    }


async def fleet_page(request: Request) -> Response:
    await require_staff(request, *FLEET_VIEWERS)
    context = await fleet_context(request)
    done = request.query_params.get("done")
    context["done"] = done if done in ALERT_ACTIONS else None
    return render_staff(request, "fleet/page.html", context)


async def fleet_table(request: Request) -> Response:
    """The table for the page's polling. Passive: it does not extend the staff session."""
    services: Services = request.state.services
    polling = is_htmx(request)
    try:
        await require_staff(request, *FLEET_VIEWERS, passive=polling)
    except SignInRequired as ended:
        if not polling:
            raise
        # htmx would swap the sign-in page into the table: move the whole page there instead.
        response = Response(status_code=204, headers={"HX-Redirect": ended.location})
        if ended.reason is not None:
            clear_session_cookie(response, services)
        return response
    if not polling:  # someone opened the table's address: the page is where it lives
        query = request.url.query
        return RedirectResponse("/staff/fleet" + (f"?{query}" if query else ""), status_code=303)
    return render_staff(request, "fleet/_table.html", await fleet_context(request))
