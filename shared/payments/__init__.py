"""Payments (缴费): what an application owes, its one order, the provider and its callbacks.

Public surface for the rest of the system:

- `amount_due_fen(services, application) -> int` and `fee_lines(services, application)`:
  from the catalog version the application was made under; a bundle sums its children.
- `ensure_order(services, application_id) -> Order | None`: idempotent; None when nothing is due.
- `for_application(db, application_id) -> Order | None`: read only.
- `Order`: id, application_id, amount_fen, state (unpaid | paid | failed | closed), paid_at; `.paid`.

Modules: `fees` (pure fee rules), `orders` (the table and its SQL), `signing` (HMAC-SHA256 of
callback bodies), `provider` (the provider protocol and the simulated provider), `checkout`
(start or resume a payment), `notifications` (the signed callbacks, every one recorded).
"""

from shared.payments.fees import FeeLine, amount_due_fen, fee_lines, yuan
from shared.payments.orders import Order, ensure_order, for_application

__all__ = ["FeeLine", "Order", "amount_due_fen", "ensure_order", "fee_lines", "for_application", "yuan"]
