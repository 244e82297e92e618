"""Start or resume paying an application's fee (去缴费), and how its payment stands.

- `status` only reads: the order (made if the application owes a fee and has none yet),
  the fee lines, and where to pay the open attempt, if any.
- `start` opens a provider attempt for an unpaid order, or returns the one still open
  (the kiosk's QR code and the phone's pay link are the same attempt, so paying on either
  settles both). After a failed payment it opens a fresh attempt ("try again"). A paid
  order refuses (409 `already_paid`): paying twice is impossible, not merely unlikely.

A real provider's pre-order call would be made for a new attempt before `start` returns;
the simulated provider needs none (its cashier token says everything).
"""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from shared import audit
from shared.applications.model import Application
from shared.audit import Actor, AuditEvent, Where
from shared.db import Transaction
from shared.errors import Conflict
from shared.i18n import Text
from shared.payments import orders
from shared.payments.fees import FeeLine, fee_lines
from shared.payments.orders import Order
from shared.payments.provider import Checkout

if TYPE_CHECKING:
    from shared.services import Services


class NothingToPay(Conflict):
    code = "nothing_to_pay"
    default_message = Text("该申请无需缴费。", "There is nothing to pay for this application.")


class AlreadyPaid(Conflict):
    code = "already_paid"
    default_message = Text("该申请的费用已缴纳，无需再次缴费。", "The fee for this application has already been paid.")


@dataclass(frozen=True, slots=True)
class PaymentStatus:
    """How an application's payment stands, for the kiosk page and the phone API."""

    order: Order | None
    lines: tuple[FeeLine, ...]
    checkout: Checkout | None  # the open attempt's pay URL while unpaid

    @property
    def due(self) -> bool:
        return self.order is not None and self.order.state in ("unpaid", "failed")


StartWithin = Callable[[Transaction, PaymentStatus], Awaitable[None]] | None


def new_attempt_ref() -> str:
    """Our reference for one attempt (a provider's out_trade_no): fresh for every attempt."""
    return "pa_" + secrets.token_urlsafe(12)


async def status(services: Services, app: Application) -> PaymentStatus:
    order = await orders.ensure_order(services, app.id)
    lines = tuple(await fee_lines(services, app)) if order is not None else ()
    checkout = None
    if order is not None and order.state == "unpaid" and order.provider_ref is not None:
        checkout = services.payments.checkout(order, order.provider_ref)
    return PaymentStatus(order, lines, checkout)


async def start(
    services: Services,
    app: Application,
    *,
    actor: Actor,
    where: Where,
    now: float,
    within: StartWithin = None,
) -> PaymentStatus:
    """Open (or resume) the payment of `app`'s fee; 409 when nothing is due or it is paid."""
    order = await orders.ensure_order(services, app.id)
    if order is None or order.state == "closed":
        raise NothingToPay()
    lines = tuple(await fee_lines(services, app))
    async with services.db.transaction() as tx:
        current = await orders.load(tx, order.id)
        assert current is not None
        if current.paid:
            raise AlreadyPaid()
        if current.state == "closed":
            raise NothingToPay()
        if current.state == "failed" or current.provider_ref is None:
            current = await orders.open_attempt(tx, current, new_attempt_ref(), now)
            await audit.record(
                tx,
                AuditEvent(
                    actor=actor,
                    where=where,
                    action="payment.start",
                    result="ok",
                    target=app.id,
                    detail={"order": current.id, "amount_fen": current.amount_fen, "attempt": current.attempts},
                ),
                now,
            )
        assert current.provider_ref is not None
        result = PaymentStatus(current, lines, services.payments.checkout(current, current.provider_ref))
        if within is not None:
            await within(tx, result)
    return result
