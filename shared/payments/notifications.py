"""Payment notifications (支付结果通知): the provider's signed callbacks, each one recorded.

`receive(services, body, signature)` is the whole of POST /api/v1/payments/notify:

1. The signature is checked over the raw bytes before anything is parsed (HMAC-SHA256,
   constant-time compare; ASVS 9.1.1). A bad one is recorded as `rejected` (only the
   body's SHA-256 is kept: an unsigned body is not trusted even to name an order), audited
   and answered 401.
2. The body must be the notification we know (`paid` | `failed`, integer fen, CNY); an
   unreadable one is recorded `rejected` and answered 400.
3. In one write transaction (writes are serialised, so two deliveries of the same
   notification at the same moment are decided one after the other):
   - the same provider transaction seen before → recorded `duplicate`, 200, nothing changes;
   - unknown order → `rejected` (404); amount or currency not the order's → `rejected`
     (409), the order untouched, logged and audited for staff;
   - `paid`: the order becomes paid (from unpaid or failed: a late success after a
     failure still pays), with a timeline event `paid` and an audit entry; `paid` for an
     order paid by another transaction (or closed) is `ignored` and audited as a charge
     to refund;
   - `failed`: marks an unpaid order failed if it is about the current attempt; a failure
     after the payment (out of order), of an older attempt, or repeated is `ignored`:
     nothing ever unpays an order.
   Every notification ends up as one row of `payment_notifications`, whatever happened.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal

import orjson

from shared import audit
from shared.applications import journal, repository
from shared.audit import Actor, AuditEvent, Where
from shared.clock import iso
from shared.db import Transaction
from shared.payments import orders
from shared.payments.fees import yuan
from shared.payments.orders import Order
from shared.payments.signing import body_digest

if TYPE_CHECKING:
    from shared.services import Services

log = logging.getLogger("onevisit.payments")

Outcome = Literal["accepted", "duplicate", "ignored", "rejected"]
KINDS = ("paid", "failed")
# Provider references are short tokens; anything else is not a notification of ours.
_REF = re.compile(r"[A-Za-z0-9_.:-]{1,80}")
_REASON = re.compile(r"[a-z0-9_]{1,40}")
PROVIDER_ACTOR = Actor("system", "payment-provider", "payment provider")


@dataclass(frozen=True, slots=True)
class Receipt:
    """What became of one notification, and the HTTP status the provider gets."""

    outcome: Outcome
    reason: str | None
    status: int
    order_id: str | None = None


@dataclass(frozen=True, slots=True)
class Notification:
    provider_txn: str
    order_id: str
    attempt_ref: str | None
    kind: Literal["paid", "failed"]
    amount_fen: int
    currency: str
    reason: str | None


def parse(body: bytes) -> Notification | None:
    """The notification in a (verified) body, or None when it is not one."""
    try:
        data: Any = orjson.loads(body)
    except orjson.JSONDecodeError:
        return None
    if not isinstance(data, dict):
        return None
    txn, order_id, attempt = data.get("provider_txn"), data.get("order_id"), data.get("attempt_ref")
    kind, amount, currency, reason = data.get("kind"), data.get("amount_fen"), data.get("currency"), data.get("reason")
    if not (isinstance(txn, str) and _REF.fullmatch(txn) and isinstance(order_id, str) and _REF.fullmatch(order_id)):
        return None
    if attempt is not None and not (isinstance(attempt, str) and _REF.fullmatch(attempt)):
        return None
    if kind not in KINDS or not isinstance(currency, str) or len(currency) > 8:
        return None
    # bool is an int in Python; True is not an amount.
    if isinstance(amount, bool) or not isinstance(amount, int) or not 0 <= amount <= 10**12:
        return None
    if reason is not None and not (isinstance(reason, str) and _REASON.fullmatch(reason)):
        reason = "other"
    return Notification(txn, order_id, attempt, kind, amount, currency, reason)


async def _record(
    tx: Transaction,
    body_sha256: str,
    now: float,
    outcome: Outcome,
    reason: str | None,
    note: Notification | None = None,
    order_id: str | None = None,
) -> None:
    await tx.execute(
        "INSERT INTO payment_notifications"
        " (order_id, provider_txn, kind, amount_fen, body_sha256, received_at, outcome, reason)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (
            order_id,
            note.provider_txn if note else None,
            note.kind if note else None,
            note.amount_fen if note else None,
            body_sha256,
            iso(now),
            outcome,
            reason,
        ),
    )


async def _audit(
    tx: Transaction,
    action: str,
    result: Literal["ok", "failed", "refused"],
    target: str,
    detail: dict[str, Any],
    now: float,
) -> None:
    await audit.record(
        tx,
        AuditEvent(
            actor=PROVIDER_ACTOR, where=Where.system(), action=action, result=result, target=target, detail=detail
        ),
        now,
    )


async def _refuse_unread(services: Services, digest: str, reason: str, now: float) -> None:
    async with services.db.transaction() as tx:
        await _record(tx, digest, now, "rejected", reason)
        await _audit(tx, "payment.notify", "refused", "", {"reason": reason, "body_sha256": digest}, now)


async def receive(services: Services, body: bytes, signature: str | None) -> Receipt:
    """Verify, record and apply one notification (see the module docstring)."""
    now = services.clock.now()
    digest = body_digest(body)
    if not services.payments.verify(body, signature):
        log.warning("payment notification refused: bad signature (body sha256 %s)", digest[:16])
        await _refuse_unread(services, digest, "bad_signature", now)
        return Receipt("rejected", "bad_signature", 401)
    note = parse(body)
    if note is None:
        log.warning("payment notification refused: not a notification (body sha256 %s)", digest[:16])
        await _refuse_unread(services, digest, "malformed", now)
        return Receipt("rejected", "malformed", 400)
    async with services.db.transaction() as tx:
        receipt = await _apply(tx, services, note, digest, now)
        await _record(tx, digest, now, receipt.outcome, receipt.reason, note, receipt.order_id)
    return receipt


async def _seen(tx: Transaction, provider_txn: str) -> bool:
    row = await tx.fetch_one(
        "SELECT 1 FROM payment_notifications WHERE provider_txn = ? AND outcome IN ('accepted', 'ignored')",
        (provider_txn,),
    )
    return row is not None


async def _apply(tx: Transaction, services: Services, note: Notification, digest: str, now: float) -> Receipt:
    order = await orders.load(tx, note.order_id)
    order_id = order.id if order is not None else None
    if await _seen(tx, note.provider_txn):
        return Receipt("duplicate", None, 200, order_id)
    if order is None:
        log.warning("payment notification for an unknown order refused")
        await _audit(tx, "payment.notify", "refused", "", {"reason": "unknown_order", "txn": note.provider_txn}, now)
        return Receipt("rejected", "unknown_order", 404)
    if note.amount_fen != order.amount_fen or note.currency != order.currency:
        # Never settle an order for a different sum: the order stays as it was and staff look.
        log.warning("payment notification refused: amount does not match order %s", order.id)
        detail = {"reason": "amount_mismatch", "txn": note.provider_txn, "order_fen": order.amount_fen}
        await _audit(
            tx, "payment.notify", "refused", order.application_id, {**detail, "notified_fen": note.amount_fen}, now
        )
        return Receipt("rejected", "amount_mismatch", 409, order_id)
    if note.kind == "paid":
        return await _paid(tx, services, order, note, now)
    return await _failed(tx, order, note, now)


async def _paid(tx: Transaction, services: Services, order: Order, note: Notification, now: float) -> Receipt:
    if order.paid or order.state == "closed":
        reason = "already_paid" if order.paid else "order_closed"
        # Money arrived that nothing is owed for (two attempts both paid): staff refund it.
        log.warning("payment for order %s arrived when it was %s: refund needed", order.id, order.state)
        await _audit(
            tx,
            "payment.refund_needed",
            "failed",
            order.application_id,
            {"order": order.id, "txn": note.provider_txn, "reason": reason},
            now,
        )
        return Receipt("ignored", reason, 200, order.id)
    await orders.mark_paid(tx, order, note.attempt_ref, note.provider_txn, now)
    app = await repository.load(tx, services.vault, order.application_id)
    if app is not None:
        await journal.record(
            tx,
            application_id=app.id,
            actor=await journal.citizen_actor(tx, app.citizen_id),
            act="paid",
            from_state=None,
            to_state=None,
            where=Where.system(),
            now=now,
            detail={"amount_fen": order.amount_fen, "amount": yuan(order.amount_fen)},
            audit_detail={"order": order.id, "amount_fen": order.amount_fen, "txn": note.provider_txn},
        )
    return Receipt("accepted", None, 200, order.id)


async def _failed(tx: Transaction, order: Order, note: Notification, now: float) -> Receipt:
    if order.paid:
        return Receipt("ignored", "already_paid", 200, order.id)  # out of order: never unpays
    if order.state == "closed":
        return Receipt("ignored", "order_closed", 200, order.id)
    if note.attempt_ref is not None and note.attempt_ref != order.provider_ref:
        return Receipt("ignored", "stale_attempt", 200, order.id)  # the citizen already tried again
    if order.state == "failed":
        return Receipt("ignored", "already_failed", 200, order.id)
    reason = note.reason or "declined"
    await orders.mark_failed(tx, order, reason, now)
    await _audit(tx, "payment.failed", "failed", order.application_id, {"order": order.id, "reason": reason}, now)
    return Receipt("accepted", None, 200, order.id)


async def recorded(services: Services, order_id: str) -> list[dict[str, Any]]:
    """The notifications recorded for an order, oldest first (for staff and tests)."""
    rows = await services.db.fetch_all(
        "SELECT provider_txn, kind, amount_fen, received_at, outcome, reason FROM payment_notifications"
        " WHERE order_id = ? ORDER BY id",
        (order_id,),
    )
    return [dict(row) for row in rows]
