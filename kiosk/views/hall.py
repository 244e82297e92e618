"""The hall around a kiosk: calling staff, and (demo mode only) the simulated devices.

    POST /kiosk/call-staff      "呼叫工作人员": a `call_staff` hall alert for this kiosk, shown
                                to staff on /staff/hall; a second tap while it is still open
                                raises nothing new and says staff are on their way
    POST /kiosk/demo/devices    demo only: put a page on the scanner, jam or empty the printer,
                                disconnect the card reader,
                                hold a receipt under the code reader (the demo panel at the
                                foot of every kiosk screen, so testers and browser tests can
                                drive the simulated hardware through the screen)

The call-staff button is a plain form: with htmx its answer is a calm notice in the alert
region of the same page; without script, a small page with a way back.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.htmx import is_htmx
from kiosk.templating import render
from kiosk.texts import UI
from shared import audit
from shared.audit import Actor, AuditEvent, Where
from shared.errors import BadRequest, NotFound
from shared.i18n import Text
from shared.kiosk import hall_alerts
from shared.kiosk.bridge import ScannerJam, SimulatedDeviceBridge
from shared.services import Services

MAX_NEXT_LENGTH = 300
MAX_CODE_LENGTH = 500


def _safe_next(value: object) -> str:
    """A path on this site to go back to (never another site: no scheme, no `//`)."""
    if isinstance(value, str) and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        # The answers of these forms are no place to go back to.
        return "/" if value.startswith("/kiosk/") else value[:MAX_NEXT_LENGTH]
    return "/"


async def call_staff(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    form = await request.form()
    now = services.clock.now()
    async with services.db.transaction() as tx:
        already = await hall_alerts.find_open(tx, device.id, "call_staff")
        alert_id = await hall_alerts.raise_alert(tx, device.id, "call_staff", now)
        if already is None:
            await audit.record(
                tx,
                AuditEvent(
                    actor=Actor("kiosk", device.id, device.name),
                    where=Where.kiosk(device.id),
                    action="kiosk.call_staff",
                    result="ok",
                    target=str(alert_id),
                ),
                now,
            )
    message = UI["call_staff_again"] if already is not None else UI["call_staff_done"]
    context = {"message": message, "back_url": _safe_next(form.get("next"))}
    if is_htmx(request):
        return render(request, "hall/_call_staff_done.html", context)
    return render(request, "hall/call_staff.html", context)


def _simulated(services: Services) -> SimulatedDeviceBridge:
    bridge = services.device_bridge
    if not services.settings.demo or not isinstance(bridge, SimulatedDeviceBridge):
        raise NotFound()
    return bridge


async def demo_devices(request: Request) -> Response:
    services: Services = request.state.services
    bridge = _simulated(services)
    device = current_device(request)
    form = await request.form()
    action = form.get("action")
    status: Text
    if action == "place_document":
        bridge.place_document(device.id)
        status = UI["demo_status_document"]
    elif action == "place_photo":
        bridge.place_document(device.id, "photo")
        status = UI["demo_status_photo"]
    elif action == "scanner_jam":
        bridge.fail_next_scan(device.id, ScannerJam())
        status = UI["demo_status_scanner_jam"]
    elif action == "paper_out":
        bridge.load_paper(device.id, sheets=0)
        status = UI["demo_status_paper_out"]
    elif action == "paper_in":
        bridge.load_paper(device.id)
        status = UI["demo_status_paper_in"]
    elif action == "jam":
        bridge.jam_printer(device.id)
        status = UI["demo_status_jam"]
    elif action == "clear_jam":
        bridge.clear_jam(device.id)
        status = UI["demo_status_clear_jam"]
    elif action == "reader_off":
        bridge.set_card_reader_offline(device.id)
        status = UI["demo_status_reader_off"]
    elif action == "reader_on":
        bridge.set_card_reader_offline(device.id, offline=False)
        status = UI["demo_status_reader_on"]
    elif action == "present_receipt":
        code = bridge.last_printed_code(device.id)
        if code is None:
            status = UI["demo_status_no_receipt"]
        else:
            bridge.present_code(device.id, code)
            status = UI["demo_status_code"]
    elif action == "present_code":
        text = form.get("code")
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_CODE_LENGTH:
            raise BadRequest()
        bridge.present_code(device.id, text.strip())
        status = UI["demo_status_code"]
    else:
        raise BadRequest()
    paper = bridge.printer_state(device.id).paper
    context = {"status": status, "paper_receipts": paper["80mm"], "paper_a4": paper["A4"]}
    if is_htmx(request):
        return render(request, "hall/_demo_status.html", context)
    return render(request, "hall/demo_done.html", {**context, "back_url": _safe_next(form.get("next"))})
