"""The simulated payment provider's phone cashier (模拟支付), for the demo and the tests.

    GET  /paysim/{token}          what the phone shows after scanning the kiosk's QR code:
                                  payee, order, amount, and "pay" / "decline" buttons
    POST /paysim/{token}/pay      the simulated platform takes the money and notifies us
    POST /paysim/{token}/decline  the simulated platform reports a failed payment

Clearly marked 模拟支付 on every screen: no real money moves. The buttons do what a real
provider does after the citizen confirms in their wallet app: send a notification signed
with the provider key (HMAC-SHA256 over the raw body) to POST /api/v1/payments/notify. It
is delivered in-process through the whole ASGI application (middleware, routing, the same
handler a real provider reaches), not by calling the payment code directly, so the demo
exercises the real path. The page is for phones, so it is exempt from the kiosk device
check (kiosk/device.py) and uses no kiosk frame.

The token names the order, the attempt and the amount under a MAC (shared.payments.
provider.SimulatedProvider): an altered or made-up token is a plain 404.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.types import Message

from kiosk.templating import NO_STORE, render
from kiosk.texts import UI
from shared.errors import NotFound
from shared.payments import orders
from shared.payments.orders import Order
from shared.payments.provider import NotificationKind, SimCharge, SimulatedProvider
from shared.payments.signing import SIGNATURE_HEADER
from shared.services import Services

NOTIFY_PATH = "/api/v1/payments/notify"
TEXT_KEYS = (
    "paysim_title",
    "paysim_banner",
    "paysim_payee",
    "paysim_order",
    "paysim_amount",
    "paysim_pay",
    "paysim_decline",
    "paysim_done_paid",
    "paysim_done_paid_note",
    "paysim_done_failed",
    "paysim_done_failed_note",
    "paysim_already_paid",
    "paysim_stale",
    "paysim_refused",
    "hall_name",
)


def _provider(services: Services) -> SimulatedProvider:
    provider = services.payments
    if not isinstance(provider, SimulatedProvider):
        raise NotFound()  # a real provider is configured: there is no simulated cashier
    return provider


async def _charge(request: Request) -> tuple[SimulatedProvider, SimCharge, Order]:
    services: Services = request.state.services
    provider = _provider(services)
    charge = provider.open_token(str(request.path_params["token"]))
    order = await orders.load(services.db, charge.order_id) if charge is not None else None
    if charge is None or order is None:
        raise NotFound()
    return provider, charge, order


def _state(charge: SimCharge, order: Order) -> str:
    """What the cashier shows for this attempt: open, paid, failed or stale (superseded)."""
    if order.paid:
        return "paid"
    if order.provider_ref != charge.attempt_ref or order.amount_fen != charge.amount_fen:
        return "stale"
    return "failed" if order.failed else "open"


async def cashier(request: Request) -> Response:
    _, charge, order = await _charge(request)
    context: dict[str, Any] = {
        "t": {key: UI[key] for key in TEXT_KEYS},
        "charge": charge,
        "state": _state(charge, order),
        "refused": request.query_params.get("refused") == "1",
        "order_tail": order.id[-6:],
        "action": f"/paysim/{request.path_params['token']}",
    }
    return render(request, "payments/paysim.html", context)


async def deliver(request: Request, body: bytes, signature: str) -> int:
    """POST a notification to our own notify endpoint through the whole ASGI app; its status."""
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": request.url.scheme,
        "path": NOTIFY_PATH,
        "raw_path": NOTIFY_PATH.encode(),
        "root_path": "",
        "query_string": b"",
        "headers": [
            (b"host", (request.url.netloc or "localhost").encode()),
            (b"content-type", b"application/json"),
            (b"content-length", str(len(body)).encode()),
            (SIGNATURE_HEADER.lower().encode(), signature.encode()),
        ],
        "client": ("127.0.0.1", 0),
        "server": ("127.0.0.1", 0),
        # The lifespan state (the services), as the server hands it to every request.
        "state": {"services": request.state.services},
    }
    sent = False
    status = 500

    async def receive() -> Message:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    async def send(message: Message) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = int(message["status"])

    await request.app(scope, receive, send)
    return status


async def _act(request: Request, kind: NotificationKind, reason: str | None) -> Response:
    provider, charge, order = await _charge(request)
    refused = False
    if _state(charge, order) == "open":
        body, signature = provider.notification(charge, kind, reason=reason)
        refused = await deliver(request, body, signature) != 200
    target = f"/paysim/{request.path_params['token']}" + ("?refused=1" if refused else "")
    return RedirectResponse(target, status_code=303, headers={"Cache-Control": NO_STORE})


async def pay(request: Request) -> Response:
    return await _act(request, "paid", None)


async def decline(request: Request) -> Response:
    return await _act(request, "failed", "declined")
