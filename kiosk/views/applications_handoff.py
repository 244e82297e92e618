"""Continue on the phone (扫码续办): the kiosk shows a one-time code for this application.

    GET  /applications/{ref}/handoff        a fresh code (QR, server-drawn SVG) and what to do
    POST /applications/{ref}/handoff/poll   asked every 2 s: 204 while waiting; once the phone
                                            has taken the code up, the page moves on to the
                                            materials, which then refresh as the uploads arrive
    POST /applications/{ref}/handoff/demo   demo only: take the code up as the citizen's phone would

The code is bound to this application and its citizen (shared.applications.handoffs): a
stranger who photographs it gets nothing. The kiosk's own document scanner is issue 5.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.htmx import is_htmx
from kiosk.templating import NO_STORE, render
from kiosk.views.applications_common import base_path, editable, go, head, open_application
from shared.applications import forms, handoffs
from shared.errors import NotFound
from shared.services import Services
from shared.web.qr import qr_svg


async def handoff_page(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    if not editable(app):
        return go(request, base_path(app))
    services: Services = request.state.services
    nonce = await handoffs.create(services, app, opened.device.id, services.clock.now())
    view = await forms.form_view(services, app)
    content = handoffs.qr_content(nonce)
    context = {
        "head": await head(services, app, "materials", view),
        "qr_svg": qr_svg(content),
        "qr_content": content,
        "valid_minutes": handoffs.HANDOFF_SECONDS // 60,
        "expired": False,
        "needed": [m for m in view.materials if m.status in {"missing", "optional"}],
        # Demo only: the page may take up its own code, standing in for the phone app.
        "demo_nonce": nonce if services.settings.demo else None,
    }
    return render(request, "applications/handoff.html", context)


async def handoff_poll(request: Request) -> Response:
    # Polling is part of the visit that opened the page: no new trip.
    opened = await open_application(request, count_trip=False)
    app = opened.app
    services: Services = request.state.services
    status = await handoffs.status(services, app.id, opened.device.id, services.clock.now())
    if status.state == "claimed":
        return go(request, f"{base_path(app)}/materials")
    if status.state == "pending":
        return _no_content()
    context = {"head": await head(services, app, "materials"), "expired": True}
    return render(request, "applications/_handoff_status.html", context)


async def handoff_demo(request: Request) -> Response:
    services: Services = request.state.services
    if not services.settings.demo:
        raise NotFound
    opened = await open_application(request, count_trip=False)
    form = await request.form()
    raw = form.get("nonce")
    nonce = handoffs.nonce_from_scan(raw) if isinstance(raw, str) else None
    await handoffs.claim(services, nonce or "", opened.citizen.id, services.clock.now())
    return go(request, f"{base_path(opened.app)}/handoff") if not is_htmx(request) else _no_content()


def _no_content() -> Response:
    return Response(status_code=204, headers={"Cache-Control": NO_STORE})
