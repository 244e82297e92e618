"""Paying the fee at the kiosk (缴费): a QR code for the phone, and the screen moves on by itself.

    GET  /applications/{ref}/pay         the amount, the fee lines and a QR code (server-drawn
                                         SVG) of the open payment attempt; opened on first view
    POST /applications/{ref}/pay/poll    asked every second: 204 while unpaid; once the
                                         provider's signed notification has landed, the page
                                         moves on to the after-submission hub; a failed
                                         payment shows its reason and "try again"
    POST /applications/{ref}/pay/retry   a fresh attempt after a failure, then the page again

The kiosk never learns of the payment from the phone: only the provider's verified callback
(shared.payments.notifications) marks the order paid, and the poll reads the order. Opening
the attempt on the page's GET is safe to repeat: while it is open, every view shows the
same attempt (shared.payments.checkout.start resumes it), so a reload never opens another.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from kiosk.htmx import is_htmx
from kiosk.templating import NO_STORE, render
from kiosk.texts import UI
from kiosk.views.applications_common import Opened, base_path, go, head, open_application
from shared.audit import Actor, Where
from shared.i18n import Text
from shared.payments import checkout
from shared.payments.checkout import PaymentStatus
from shared.services import Services
from shared.web.qr import qr_svg

FAILURE_REASONS = ("declined", "insufficient_funds", "timeout")


def hub_url(ref: str) -> str:
    """The after-submission hub (kiosk/views/applications_submit.py, `app_submitted`)."""
    return f"/applications/{ref}/submitted"


def failure_text(reason: str | None) -> Text:
    key = f"pay_reason_{reason}" if reason in FAILURE_REASONS else "pay_reason_other"
    return UI[key]


def _actor(opened: Opened) -> Actor:
    masked = opened.citizen.citizen.name_masked or "citizen"
    return Actor("citizen", opened.citizen.id, f"{masked} (citizen)")


def absolute(request: Request, url: str) -> str:
    """The phone needs a whole URL; the simulated cashier gives a path on this server."""
    return str(request.base_url).rstrip("/") + url if url.startswith("/") else url


async def _start(services: Services, opened: Opened) -> PaymentStatus:
    return await checkout.start(
        services, opened.app, actor=_actor(opened), where=Where.kiosk(opened.device.id), now=services.clock.now()
    )


async def pay_page(request: Request) -> Response:
    opened = await open_application(request)
    app = opened.app
    services: Services = request.state.services
    status = await checkout.status(services, app)
    order = status.order
    if order is None or order.state in ("paid", "closed"):
        # Nothing (more) to pay: the hub shows the fee as paid, or no fee at all.
        return go(request, hub_url(app.ref))
    if order.state == "unpaid" and status.checkout is None:
        status = await _start(services, opened)
    context: dict[str, object] = {
        "head": await head(services, app, None),
        "status": status,
        "failed": order.state == "failed",
        "failure": failure_text(order.failure),
        "hub_url": hub_url(app.ref),
        "simulated": services.payments.name == "simulated",
    }
    if status.checkout is not None:
        content = absolute(request, status.checkout.pay_url)
        context.update(qr_svg=qr_svg(content), qr_content=content)
    return render(request, "payments/pay.html", context)


async def pay_poll(request: Request) -> Response:
    # Polling is part of the visit that opened the page: no new trip.
    opened = await open_application(request, count_trip=False)
    app = opened.app
    services: Services = request.state.services
    status = await checkout.status(services, app)
    order = status.order
    if order is None or order.state in ("paid", "closed"):
        return go(request, hub_url(app.ref))
    if order.state == "unpaid":
        return Response(status_code=204, headers={"Cache-Control": NO_STORE})
    context = {"head": await head(services, app, None), "failed": True, "failure": failure_text(order.failure)}
    if is_htmx(request):
        return render(request, "payments/_pay_status.html", context)
    return go(request, f"{base_path(app)}/pay")


async def pay_retry(request: Request) -> Response:
    opened = await open_application(request, count_trip=False)
    services: Services = request.state.services
    order = (await checkout.status(services, opened.app)).order
    if order is not None and order.state == "failed":
        await _start(services, opened)
    return go(request, f"{base_path(opened.app)}/pay")
