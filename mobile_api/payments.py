"""Payments on the phone (缴费) and the provider's notification endpoint.

- `GET /applications/{ref}/payment`: what the application owes (the fee lines of the
  catalog version it was made under), whether it is paid, and the open attempt's pay URL.
- `POST /applications/{ref}/payment` (Idempotency-Key): start the payment, or resume the
  attempt still open (the same one the kiosk's QR code shows); after a failure, a fresh
  attempt. 409 `already_paid` once paid, 409 `nothing_to_pay` for a free or unsubmitted
  application. A retry with the same key gets the same answer and opens nothing new.
- `POST /payments/notify`: the payment provider's signed server-to-server callback
  (`shared.payments.notifications`): no bearer token, the signature is the credential.
"""

from __future__ import annotations

from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mobile_api.applications import own_application, personal_json, services_of, where
from mobile_api.auth import require_real_name
from mobile_api.idempotent import Answer, KeyedChange, run_keyed
from mobile_api.params import reject_unknown
from shared.audit import Actor
from shared.errors import BadRequest, Conflict, NotFound, Unauthorized
from shared.i18n import Text
from shared.payments import checkout, fees, notifications
from shared.payments.checkout import PaymentStatus
from shared.payments.signing import SIGNATURE_HEADER
from shared.web.responses import JSONResponse


class UnknownOrder(NotFound):
    code = "unknown_order"
    default_message = Text("没有该支付订单。", "There is no such payment order.")


class AmountMismatch(Conflict):
    code = "amount_mismatch"
    default_message = Text(
        "通知的金额与订单不符，未予处理。", "The amount does not match the order; nothing was changed."
    )


def absolute(request: Request, url: str) -> str:
    """The simulated cashier's URL is a path on this server; a phone needs the whole URL."""
    if url.startswith("/"):
        return str(request.base_url).rstrip("/") + url
    return url


def payment_json(request: Request, ref: str, status: PaymentStatus) -> dict[str, Any]:
    order = status.order
    lines = [
        {"item_code": line.item_code, "name": line.name.as_dict(), "amount_fen": line.amount_fen}
        for line in status.lines
    ]
    amount = order.amount_fen if order is not None else 0
    return {
        "application": ref,
        "state": order.state if order is not None else "none",
        "due": status.due,
        "amount_fen": amount,
        "amount": fees.yuan(amount),
        "currency": "CNY",
        "lines": lines,
        "order_id": order.id if order is not None else None,
        "paid_at": order.paid_at if order is not None else None,
        "failure": order.failure if order is not None else None,
        "pay_url": absolute(request, status.checkout.pay_url) if status.checkout is not None else None,
    }


async def get_payment(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    app = await own_application(request, principal)
    status = await checkout.status(services_of(request), app)
    return personal_json(payment_json(request, app.ref, status))


async def start_payment(request: Request) -> Response:
    reject_unknown(request, ())
    principal, citizen = await require_real_name(request)
    services = services_of(request)
    app = await own_application(request, principal)
    actor = Actor("citizen", principal.citizen_id, f"{citizen.name_masked or 'citizen'} (citizen)")

    async def change(keyed: KeyedChange[PaymentStatus]) -> None:
        await checkout.start(
            services, app, actor=actor, where=where(request), now=services.clock.now(), within=keyed.within
        )

    def render(status: PaymentStatus) -> Answer:
        return 200, payment_json(request, app.ref, status)

    # The body carries nothing: the key alone names the intent "pay this application".
    return await run_keyed(
        request, principal=principal.citizen_id, payload={}, change=change, render=render, path_values=[app.id]
    )


async def notify(request: Request) -> Response:
    """The provider's callback: 200 when handled (accepted, duplicate or ignored), errors otherwise."""
    services = services_of(request)
    body = await request.body()
    receipt = await notifications.receive(services, body, request.headers.get(SIGNATURE_HEADER))
    if receipt.status == 401:
        raise Unauthorized()
    if receipt.status == 400:
        raise BadRequest()
    if receipt.reason == "unknown_order":
        raise UnknownOrder()
    if receipt.reason == "amount_mismatch":
        raise AmountMismatch()
    return JSONResponse({"outcome": receipt.outcome, "reason": receipt.reason}, headers={"Cache-Control": "no-store"})


async def payment(request: Request) -> Response:
    # Starlette adds HEAD to every GET route and strips the body itself.
    return await (start_payment if request.method == "POST" else get_payment)(request)


def routes() -> list[BaseRoute]:
    return [
        Route("/applications/{ref}/payment", payment, methods=["GET", "POST"], name="api_application_payment"),
        Route("/payments/notify", notify, methods=["POST"], name="api_payments_notify"),
    ]
