"""The payment provider (支付平台) behind the hall's cashier, and a simulated one.

A provider takes a payment for one attempt at an order and tells us the outcome by a
signed server-to-server notification (`shared.payments.notifications`). What we need from
it is small, so it is a protocol of three calls:

- `checkout(order, attempt_ref)`: where the citizen pays this attempt: a URL to open on the
  phone, which the kiosk shows as a QR code (a real provider returns its own, such as a
  WeChat Pay Native `code_url`);
- `verify(body, signature)`: whether a notification's raw body carries the provider's
  signature (HMAC-SHA256 here; a real provider's own scheme behind the same call);
- `name`: for the records.

`SimulatedProvider` is the demo and test stand-in: its cashier is a phone page of ours at
`/paysim/<token>`, clearly marked 模拟支付, with "pay" and "decline" buttons, and it signs its
notifications with a key derived from the server secret. The token names the order, the
attempt and the amount and is MAC-ed with a second key, so it cannot be altered to pay
another order or a smaller amount, and it needs no table: it survives a restart.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
from dataclasses import dataclass
from typing import Literal, Protocol

import orjson

from shared.clock import Clock, iso
from shared.payments.orders import Order
from shared.payments.signing import sign, verify
from shared.privacy.vault import derive_key

NotificationKind = Literal["paid", "failed"]


@dataclass(frozen=True, slots=True)
class Checkout:
    """Where the citizen pays one attempt: `pay_url` may be a path on this server (the sim)."""

    order_id: str
    attempt_ref: str
    amount_fen: int
    pay_url: str


class PaymentProvider(Protocol):
    name: str

    def checkout(self, order: Order, attempt_ref: str) -> Checkout: ...

    def verify(self, body: bytes, signature: str | None) -> bool: ...


@dataclass(frozen=True, slots=True)
class SimCharge:
    """What a simulated cashier page is for, read back from its token."""

    order_id: str
    attempt_ref: str
    amount_fen: int


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


class SimulatedProvider:
    """模拟支付: a provider that lives inside this server, for the demo and the tests."""

    name = "simulated"
    CASHIER_PATH = "/paysim/"

    def __init__(self, secret: bytes, clock: Clock) -> None:
        self._notify_key = derive_key(secret, "payments:sim-notify:v1")
        self._token_key = derive_key(secret, "payments:sim-cashier:v1")
        self._clock = clock

    # --- the provider protocol ---

    def checkout(self, order: Order, attempt_ref: str) -> Checkout:
        token = self.cashier_token(SimCharge(order.id, attempt_ref, order.amount_fen))
        return Checkout(order.id, attempt_ref, order.amount_fen, f"{self.CASHIER_PATH}{token}")

    def verify(self, body: bytes, signature: str | None) -> bool:
        return verify(self._notify_key, body, signature)

    # --- the cashier page's token ---

    def cashier_token(self, charge: SimCharge) -> str:
        payload = f"{charge.order_id}|{charge.attempt_ref}|{charge.amount_fen}".encode()
        mac = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        return f"{_b64(payload)}.{_b64(mac)}"

    def open_token(self, token: str) -> SimCharge | None:
        """The charge a cashier token names, or None for anything altered or made up."""
        if len(token) > 200 or token.count(".") != 1:
            return None
        encoded, _, tag = token.partition(".")
        try:
            payload, mac = _unb64(encoded), _unb64(tag)
        except (binascii.Error, ValueError):
            return None
        expected = hmac.new(self._token_key, payload, hashlib.sha256).digest()[:16]
        if not hmac.compare_digest(expected, mac):
            return None
        order_id, attempt_ref, amount = payload.decode("ascii", "replace").split("|")
        return SimCharge(order_id, attempt_ref, int(amount))

    # --- what the simulated platform sends back ---

    def notification(
        self,
        charge: SimCharge,
        kind: NotificationKind,
        *,
        reason: str | None = None,
        amount_fen: int | None = None,
        provider_txn: str | None = None,
    ) -> tuple[bytes, str]:
        """A signed notification about `charge`: (raw body, signature header value).

        The transaction id is the attempt's and the outcome's, so the same outcome sent
        again (a provider's retry) is the same transaction. Tests pass `amount_fen` or
        `provider_txn` to make a notification that does not fit its order.
        """
        body = orjson.dumps(
            {
                "provider_txn": provider_txn or f"sim-{charge.attempt_ref}-{kind}",
                "order_id": charge.order_id,
                "attempt_ref": charge.attempt_ref,
                "kind": kind,
                "amount_fen": charge.amount_fen if amount_fen is None else amount_fen,
                "currency": "CNY",
                "reason": reason,
                "sent_at": iso(self._clock.now()),
            }
        )
        return body, sign(self._notify_key, body)

    def sign(self, body: bytes) -> str:
        return sign(self._notify_key, body)
