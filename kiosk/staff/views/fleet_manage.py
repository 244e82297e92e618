"""One kiosk of the fleet, and registering, moving and retiring kiosks.

    GET  /staff/fleet/kiosks/{id}           the kiosk: its facts, heartbeat, hardware and alerts;
                                            for administrators the rename/move and retire forms
    POST /staff/fleet/kiosks/{id}/move      a new name and/or group (MANAGE_KIOSKS)
    POST /staff/fleet/kiosks/{id}/retire    retire it (MANAGE_KIOSKS; the form asks to confirm):
                                            its browser's enrolment is revoked at once and a
                                            citizen signed in on it is signed out
    GET  /staff/fleet/new                   the form to register a kiosk (MANAGE_KIOSKS)
    POST /staff/fleet/new                   register it: the answer shows its key ONCE, with
                                            the enrolment address; the key is never stored whole
                                            nor shown again (a lost key: retire and register anew)

Every change is audited with the difference it made (shared.kiosk.registry).
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import client_address, require_staff
from kiosk.staff.templating import render_staff
from kiosk.staff.texts_fleet import FLEET_UI
from kiosk.staff.views.fleet import ALERT_ACTIONS, FLEET_VIEWERS, KIOSK_MANAGERS, FleetRow, fleet_context
from shared.audit import Where
from shared.errors import NotFound, ValidationFailed
from shared.kiosk import devices, registry
from shared.services import Services
from shared.staff.roles import Action, can

MAX_FIELD = 200


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value.strip()[:MAX_FIELD] if isinstance(value, str) else ""


async def _groups(services: Services) -> list[str]:
    return sorted({device.group for device in await devices.list_all(services.db) if device.active})


async def kiosk_page(request: Request) -> Response:
    staff = await require_staff(request, *FLEET_VIEWERS)
    return await _render_kiosk(
        request, request.path_params["device_id"], may_manage=can(staff.role, Action.MANAGE_KIOSKS)
    )


async def _render_kiosk(
    request: Request,
    device_id: str,
    *,
    may_manage: bool,
    problems: ValidationFailed | None = None,
    form: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    services: Services = request.state.services
    device = await devices.get(services.db, device_id) if devices.valid_device_id(device_id) else None
    if device is None:
        raise NotFound()
    context = await fleet_context(request)
    rows: list[FleetRow] = context["rows"]
    row = next((row for row in rows if row.status.device.id == device.id), None)
    context.update(
        {
            "device": device,
            "row": row,
            "may_manage": may_manage and device.active,
            "problems": {p.path: p for p in problems.problems} if problems else {},
            "form": form or {"name": device.name, "group": device.group},
            "group_choices": await _groups(services),
            "moved": request.query_params.get("moved") == "1",
            "done": request.query_params.get("done") if request.query_params.get("done") in ALERT_ACTIONS else None,
        }
    )
    return render_staff(request, "fleet/kiosk.html", context, status_code=status_code)


async def move(request: Request) -> Response:
    staff = await require_staff(request, *KIOSK_MANAGERS)
    services: Services = request.state.services
    device_id = request.path_params["device_id"]
    form = await request.form()
    name, group = _field(form, "name"), _field(form, "group")
    try:
        async with services.db.transaction() as tx:
            await registry.move_kiosk(
                tx, device_id, name, group, staff.actor(), Where.address(client_address(request)), services.clock.now()
            )
    except ValidationFailed as problems:
        return await _render_kiosk(
            request,
            device_id,
            may_manage=True,
            problems=problems,
            form={"name": name, "group": group},
            status_code=422,
        )
    # The kiosk's pages read its group from the device cache: its menu follows the move now.
    services.kiosk_devices.forget_device(device_id)
    return RedirectResponse(
        f"/staff/fleet/kiosks/{device_id}?moved=1", status_code=303, headers={"Cache-Control": "no-store"}
    )


async def retire(request: Request) -> Response:
    staff = await require_staff(request, *KIOSK_MANAGERS)
    services: Services = request.state.services
    device_id = request.path_params["device_id"]
    async with services.db.transaction() as tx:
        device = await registry.retire_kiosk(
            tx, device_id, staff.actor(), Where.address(client_address(request)), services.clock.now()
        )
    services.kiosk_devices.forget_device(device.id)
    services.fleet.forget(device.id)
    return RedirectResponse(f"/staff/fleet/kiosks/{device.id}", status_code=303, headers={"Cache-Control": "no-store"})


async def new_kiosk(request: Request) -> Response:
    await require_staff(request, *KIOSK_MANAGERS)
    services: Services = request.state.services
    return render_staff(
        request,
        "fleet/new.html",
        {
            "t": FLEET_UI,
            "problems": {},
            "form": {"device_id": "", "name": "", "group": "lobby"},
            "groups": await _groups(services),
        },
    )


async def register(request: Request) -> Response:
    staff = await require_staff(request, *KIOSK_MANAGERS)
    services: Services = request.state.services
    form = await request.form()
    entered = {"device_id": _field(form, "device_id"), "name": _field(form, "name"), "group": _field(form, "group")}
    try:
        async with services.db.transaction() as tx:
            key = await registry.register_kiosk(
                tx,
                entered["device_id"],
                entered["name"],
                entered["group"],
                staff.actor(),
                Where.address(client_address(request)),
                services.clock.now(),
            )
    except ValidationFailed as problems:
        return render_staff(
            request,
            "fleet/new.html",
            {
                "t": FLEET_UI,
                "problems": {p.path: p for p in problems.problems},
                "form": entered,
                "groups": await _groups(services),
            },
            status_code=422,
        )
    device = await devices.get(services.db, entered["device_id"])
    assert device is not None
    enrol_url = str(request.url_for("enrol"))
    # Shown once, in this answer only (no-store, like every staff page); never in a URL or log.
    return render_staff(
        request,
        "fleet/registered.html",
        {"t": FLEET_UI, "device": device, "key": key, "enrol_url": enrol_url},
    )
