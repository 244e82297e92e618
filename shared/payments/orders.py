"""Payment orders (缴费订单): one per application that owes a fee; all their SQL is here.

- `ensure_order` makes the order of a submitted application the first time it is asked,
  with the amount from the catalog version the application was made under
  (`shared.payments.fees`); asking again returns the same order (one per application:
  `application_id` is UNIQUE, and concurrent callers meet on it). Nothing is due for a
  draft, a free item, a refused or denied application, or a bundle child (the bundle
  parent carries the order of the whole 一件事).
- An unpaid order whose amount no longer matches what is due (a correction changed an
  answer that decides a fee) takes the new amount and drops its open provider attempt,
  so a payment for the old amount cannot land on it.
- `for_application` only reads.

A paid order is never changed again: its amount, its paying transaction and its time stay.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from shared.applications import repository
from shared.applications.model import Application
from shared.applications.states import State
from shared.clock import iso
from shared.db import Database, Transaction
from shared.payments.fees import amount_due_fen

if TYPE_CHECKING:
    from sqlite3 import Row

    from shared.services import Services

OrderState = Literal["unpaid", "paid", "failed", "closed"]
# Nothing is owed for these: not submitted yet, or ended without a service to pay for.
_NOT_PAYABLE = (State.DRAFT, State.REFUSED, State.DENIED)

_COLUMNS = (
    "id, application_id, amount_fen, currency, state, provider_ref, attempts, created_at, updated_at,"
    " paid_at, paid_txn, failure"
)


@dataclass(frozen=True, slots=True)
class Order:
    id: str
    application_id: str
    amount_fen: int
    currency: str
    state: OrderState
    provider_ref: str | None
    attempts: int
    created_at: str
    updated_at: str
    paid_at: str | None
    paid_txn: str | None
    failure: str | None

    @property
    def paid(self) -> bool:
        return self.state == "paid"

    @property
    def failed(self) -> bool:
        return self.state == "failed"


def new_order_id() -> str:
    return "po_" + secrets.token_urlsafe(16)


def _order(row: Row) -> Order:
    return Order(
        id=str(row["id"]),
        application_id=str(row["application_id"]),
        amount_fen=int(row["amount_fen"]),
        currency=str(row["currency"]),
        state=row["state"],
        provider_ref=row["provider_ref"],
        attempts=int(row["attempts"]),
        created_at=str(row["created_at"]),
        updated_at=str(row["updated_at"]),
        paid_at=row["paid_at"],
        paid_txn=row["paid_txn"],
        failure=row["failure"],
    )


async def for_application(db: Database | Transaction, application_id: str) -> Order | None:
    """The order of an application, if one was made."""
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM payment_orders WHERE application_id = ?", (application_id,))
    return _order(row) if row is not None else None


async def load(db: Database | Transaction, order_id: str) -> Order | None:
    row = await db.fetch_one(f"SELECT {_COLUMNS} FROM payment_orders WHERE id = ?", (order_id,))
    return _order(row) if row is not None else None


def payable(app: Application) -> bool:
    """Whether an application can owe a fee now (submitted, top-level, not ended without service)."""
    return app.parent_id is None and app.state not in _NOT_PAYABLE


async def ensure_order(services: Services, application_id: str) -> Order | None:
    """The application's order, made now if it owes a fee and has none; None when nothing is due.

    Idempotent and safe to call on every page view: the common case is one read.
    """
    app = await repository.load(services.db, services.vault, application_id)
    if app is None or not payable(app):
        return await for_application(services.db, application_id) if app is not None else None
    due = await amount_due_fen(services, app)
    existing = await for_application(services.db, application_id)
    if existing is not None and (existing.amount_fen == due or existing.state in ("paid", "closed")):
        return existing
    if existing is None and due <= 0:
        return None
    now = services.clock.now()
    async with services.db.transaction() as tx:
        return await _ensure_in(tx, application_id, due, now)


async def _ensure_in(tx: Transaction, application_id: str, due: int, now: float) -> Order | None:
    current = await for_application(tx, application_id)
    stamp = iso(now)
    if current is None:
        if due <= 0:
            return None
        await tx.execute(
            "INSERT INTO payment_orders (id, application_id, amount_fen, state, created_at, updated_at)"
            " VALUES (?, ?, ?, 'unpaid', ?, ?)",
            (new_order_id(), application_id, due, stamp, stamp),
        )
    elif current.state in ("unpaid", "failed") and current.amount_fen != due:
        if due <= 0:
            # A correction removed the only fee: nothing can be paid on this order any more.
            await tx.execute(
                "UPDATE payment_orders SET state = 'closed', provider_ref = NULL, updated_at = ? WHERE id = ?",
                (stamp, current.id),
            )
        else:
            await tx.execute(
                "UPDATE payment_orders SET amount_fen = ?, state = 'unpaid', provider_ref = NULL, failure = NULL,"
                " updated_at = ? WHERE id = ?",
                (due, stamp, current.id),
            )
    return await for_application(tx, application_id)


# --- changes made by checkout and notifications (same module: one aggregate, one place for its SQL) ---


async def open_attempt(tx: Transaction, order: Order, attempt_ref: str, now: float) -> Order:
    """Start a provider attempt: the order is unpaid again with this attempt as its current one."""
    await tx.execute(
        "UPDATE payment_orders SET state = 'unpaid', provider_ref = ?, attempts = attempts + 1, failure = NULL,"
        " updated_at = ? WHERE id = ? AND state IN ('unpaid', 'failed')",
        (attempt_ref, iso(now), order.id),
    )
    fresh = await load(tx, order.id)
    assert fresh is not None
    return fresh


async def mark_paid(tx: Transaction, order: Order, attempt_ref: str | None, provider_txn: str, now: float) -> None:
    stamp = iso(now)
    await tx.execute(
        "UPDATE payment_orders SET state = 'paid', paid_at = ?, paid_txn = ?, provider_ref = COALESCE(?, provider_ref),"
        " failure = NULL, updated_at = ? WHERE id = ? AND state <> 'paid'",
        (stamp, provider_txn, attempt_ref, stamp, order.id),
    )


async def mark_failed(tx: Transaction, order: Order, reason: str, now: float) -> None:
    await tx.execute(
        "UPDATE payment_orders SET state = 'failed', failure = ?, updated_at = ? WHERE id = ? AND state = 'unpaid'",
        (reason, iso(now), order.id),
    )


async def close(tx: Transaction, application_id: str, now: float) -> None:
    """Nothing more may be paid (the application ended without service); a paid order stays paid."""
    await tx.execute(
        "UPDATE payment_orders SET state = 'closed', provider_ref = NULL, updated_at = ?"
        " WHERE application_id = ? AND state IN ('unpaid', 'failed')",
        (iso(now), application_id),
    )
