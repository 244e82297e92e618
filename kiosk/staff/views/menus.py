"""The kiosk menus and which kiosks show them.

    GET  /staff/menus                        every menu: default mark, live version, scheduled
                                             releases, which groups and kiosks use it, whether
                                             the draft has unpublished changes; the assignments
    POST /staff/menus                        create a menu (empty, or a copy of another's draft)
    POST /staff/menus/{menu_id}/default      make it the default menu
    POST /staff/menus-assignments            a group or one kiosk → a menu (or no assignment)

Readers: VIEW_KIOSK_MENUS; changes: CONFIGURE_KIOSK_MENUS (see menus_common). Every change
goes through shared.menus.store, which audits it with its difference in the same transaction.
"""

from __future__ import annotations

from collections import Counter

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.templating import render_staff
from kiosk.staff.texts_menus import MENUS_UI
from kiosk.staff.views.menus_common import (
    china_time,
    field,
    iso_china_time,
    may_change,
    menu_or_404,
    require_editor,
    require_reader,
    see_other,
    services_of,
    where,
)
from shared.errors import Conflict, FieldProblem, ValidationFailed
from shared.i18n import Text
from shared.kiosk import devices
from shared.menus import store
from shared.menus.model import MENU_NAME_MAX
from shared.services import Services
from shared.staff.accounts import StaffPrincipal

DONE = ("create", "default", "assign", "unassign")


async def _page(
    request: Request,
    principal: StaffPrincipal,
    *,
    problems: list[FieldProblem] | None = None,
    typed: dict[str, str] | None = None,
    assign_problems: list[FieldProblem] | None = None,
    status_code: int = 200,
) -> Response:
    services = services_of(request)
    now = services.clock.now()
    menus = await store.list_menus(services.db, now=now)
    kiosks = await devices.list_all(services.db)
    active = [kiosk for kiosk in kiosks if kiosk.active]
    group_sizes = Counter(kiosk.group for kiosk in active)
    assignments = await store.assignments(services.db)
    groups = sorted(set(group_sizes) | {a.target for a in assignments if a.target_kind == "group"})
    done = request.query_params.get("done")
    return render_staff(
        request,
        "menus/list.html",
        {
            "t": MENUS_UI,
            "menus": menus,
            "names": {menu.id: menu.name for menu in menus},
            "kiosk_names": {kiosk.id: kiosk.name for kiosk in kiosks},
            "kiosks": active,
            "groups": groups,
            "group_sizes": group_sizes,
            "assignments": assignments,
            "can_change": may_change(principal),
            "problems": {problem.path: problem for problem in problems or []},
            "assign_problems": {problem.path: problem for problem in assign_problems or []},
            "typed": typed or {},
            "done": done if done in DONE else None,
            "china_time": china_time,
            "iso_china_time": iso_china_time,
            "name_max": MENU_NAME_MAX,
        },
        status_code=status_code,
    )


async def list_page(request: Request) -> Response:
    principal = await require_reader(request)
    return await _page(request, principal)


async def create(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    form = await request.form()
    typed = {key: field(form, key, 64) for key in ("id", "name_zh", "name_en", "copy_from")}
    copy_from = typed["copy_from"] or None
    problems: list[FieldProblem] = []
    if copy_from is not None and await store.get_menu(services.db, copy_from) is None:
        problems.append(FieldProblem("copy_from", "unknown", Text("请选择一个已有的菜单。", "Pick an existing menu.")))
    if not problems:
        try:
            async with services.db.transaction() as tx:
                name = Text(typed["name_zh"], typed["name_en"])
                await store.create_menu(
                    tx,
                    typed["id"],
                    name,
                    principal.actor(),
                    services.clock.now(),
                    copy_from=copy_from,
                    where=where(request),
                )
        except ValidationFailed as refused:
            problems = list(refused.problems)
        except Conflict as taken:
            problems = [FieldProblem("id", "taken", taken.message)]
    if problems:
        return await _page(request, principal, problems=problems, typed=typed, status_code=422)
    return see_other(f"/staff/menus/{typed['id']}")


async def make_default(request: Request) -> Response:
    principal = await require_editor(request)
    services = services_of(request)
    menu = await menu_or_404(services, request.path_params["menu_id"])
    async with services.db.transaction() as tx:
        await store.set_default(tx, menu.id, principal.actor(), services.clock.now(), where=where(request))
    return see_other("/staff/menus?done=default")


async def assign(request: Request) -> Response:
    """A group or one kiosk shows a menu; an empty menu choice removes the assignment."""
    principal = await require_editor(request)
    services = services_of(request)
    form = await request.form()
    # The form's one list says both (`group:lobby`, `device:lobby-1`); a new group is typed.
    kind, _, target = field(form, "target", 80).partition(":")
    if not target and field(form, "new_group", 64):
        kind, target = "group", field(form, "new_group", 64)
    menu_id = field(form, "menu_id", 64) or None
    try:
        await _assign(services, request, principal, kind, target, menu_id)
    except ValidationFailed as refused:
        return await _page(request, principal, assign_problems=list(refused.problems), status_code=422)
    return see_other(f"/staff/menus?done={'assign' if menu_id else 'unassign'}#assignments")


async def _assign(
    services: Services, request: Request, principal: StaffPrincipal, kind: str, target: str, menu_id: str | None
) -> None:
    if kind == "device" and await devices.get(services.db, target) is None:
        problem = FieldProblem("target", "unknown", Text("没有这台自助机。", "No such kiosk."))
        raise ValidationFailed(problems=[problem])
    if menu_id is not None:
        await menu_or_404(services, menu_id)
    async with services.db.transaction() as tx:
        await store.assign(tx, kind, target, menu_id, principal.actor(), services.clock.now(), where=where(request))
