"""GET/POST /kiosk/enrol — a technician makes this browser a registered kiosk, once.

The device id and key come from `onevisit kiosk register`. A right pair sets the
long-lived `ov_device` cookie (an opaque token, stored hashed, revocable) and revokes the
cookies the device was given before: one kiosk, one browser. A wrong pair gets the same
answer whatever was wrong (unknown id, wrong key, retired device) and an audit entry.

POST /kiosk/enrol/demo — demo mode only: this browser becomes the demo kiosk in one tap,
so `./scripts/serve` and a browser work out of the box.
"""

from __future__ import annotations

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.device import DEVICE_COOKIE, DEVICE_COOKIE_MAX_AGE, device_from_cookie
from kiosk.templating import NO_STORE, render
from shared import audit
from shared.audit import Actor, AuditEvent, DetailValue, Where
from shared.errors import NotFound
from shared.kiosk import devices
from shared.kiosk.demo import DEMO_KIOSK_ID
from shared.services import Services

MAX_KEY_LENGTH = 200
MAX_DEVICE_ID_LENGTH = 63


def _field(form: FormData, name: str, limit: int) -> str:
    value = form.get(name)
    return value.strip()[:limit] if isinstance(value, str) else ""


async def enrol_page(request: Request) -> Response:
    enrolled = await device_from_cookie(request)
    return render(request, "device_enrol.html", {"enrolled": enrolled, "failed": False})


def _enrolled_response(services: Services, token: str) -> Response:
    response = RedirectResponse("/", status_code=303, headers={"Cache-Control": NO_STORE})
    response.set_cookie(
        DEVICE_COOKIE,
        token,
        max_age=DEVICE_COOKIE_MAX_AGE,
        path="/",
        httponly=True,
        samesite="strict",
        secure=services.settings.https,
    )
    return response


async def _enrol_as(
    services: Services, device: devices.KioskDevice, now: float, *, revoke_others: bool, detail: dict[str, DetailValue]
) -> Response:
    """Issue this browser a credential of `device`, audited in the same transaction."""
    async with services.db.transaction() as tx:
        token = await devices.issue_credential(tx, device.id, now, revoke_others=revoke_others)
        await audit.record(
            tx,
            AuditEvent(
                actor=Actor("kiosk", device.id, device.name),
                where=Where.kiosk(device.id),
                action="kiosk.device.enrol",
                result="ok",
                detail=detail,
            ),
            now,
        )
    return _enrolled_response(services, token)


async def enrol(request: Request) -> Response:
    services: Services = request.state.services
    form = await request.form()
    device_id = _field(form, "device_id", MAX_DEVICE_ID_LENGTH)
    key = _field(form, "key", MAX_KEY_LENGTH)
    now = services.clock.now()
    address = request.client.host if request.client else "unknown"
    device = await devices.verify_key(services.db, device_id, key) if devices.valid_device_id(device_id) else None
    if device is None:
        # Only a well-formed id is written down: whatever else was typed stays out of the trail.
        where = Where.kiosk(device_id) if devices.valid_device_id(device_id) else Where.address(address)
        event = AuditEvent(
            actor=Actor.anonymous(),
            where=where,
            action="kiosk.device.enrol",
            result="failed",
            detail={"address": address},
        )
        await audit.record_alone(services.db, event, now)
        return render(request, "device_enrol.html", {"enrolled": None, "failed": True}, status_code=401)
    response = await _enrol_as(services, device, now, revoke_others=True, detail={"address": address})
    # Cookies of this device cached as valid a moment ago are now revoked.
    services.kiosk_devices.forget_device(device.id)
    return response


async def enrol_demo(request: Request) -> Response:
    services: Services = request.state.services
    if not services.settings.demo:
        raise NotFound
    device = await devices.get(services.db, DEMO_KIOSK_ID)
    if device is None or not device.active:
        raise NotFound
    now = services.clock.now()
    # Several testers' browsers may share the demo kiosk: earlier cookies stay valid.
    return await _enrol_as(services, device, now, revoke_others=False, detail={"demo": True})
