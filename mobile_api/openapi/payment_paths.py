"""Payments (缴费): the phone's payment of an application's fee and the provider's callback."""

from __future__ import annotations

from mobile_api.openapi.application_paths import CHANGE_ERRORS, KEY, READ_ERRORS, REF, keyed_answer, operation
from mobile_api.openapi.helpers import LANG_PARAM, answer, error_responses
from mobile_api.schemas import TEXT, Schema, ref

NULLABLE_STRING = {"type": ["string", "null"]}

PAYMENT_COMPONENTS: Schema = {
    "FeeLine": {
        "type": "object",
        "required": ["item_code", "name", "amount_fen"],
        "properties": {"item_code": {"type": "string"}, "name": TEXT, "amount_fen": {"type": "integer", "minimum": 0}},
    },
    "Payment": {
        "type": "object",
        "required": [
            "application",
            "state",
            "due",
            "amount_fen",
            "amount",
            "currency",
            "lines",
            "order_id",
            "paid_at",
            "failure",
            "pay_url",
        ],
        "properties": {
            "application": {"type": "string", "description": "The application's number (or id before it has one)."},
            "state": {
                "enum": ["none", "unpaid", "paid", "failed", "closed"],
                "description": "none: nothing is owed (free item, or not submitted yet).",
            },
            "due": {"type": "boolean", "description": "Whether something is still to be paid."},
            "amount_fen": {"type": "integer", "minimum": 0, "description": "In fen (分); 2000 is ¥20.00."},
            "amount": {"type": "string", "description": "The same amount in yuan with two decimals."},
            "currency": {"const": "CNY"},
            "lines": {"type": "array", "items": ref("FeeLine")},
            "order_id": NULLABLE_STRING,
            "paid_at": NULLABLE_STRING,
            "failure": {**NULLABLE_STRING, "description": "The provider's reason code after a failed payment."},
            "pay_url": {
                **NULLABLE_STRING,
                "description": "Where to pay the open attempt (the kiosk shows the same one as a QR code).",
            },
        },
    },
    "NotifyReceipt": {
        "type": "object",
        "required": ["outcome", "reason"],
        "properties": {"outcome": {"enum": ["accepted", "duplicate", "ignored"]}, "reason": NULLABLE_STRING},
    },
}

PAYMENT = ref("Payment")

PAYMENT_PATHS: Schema = {
    "/api/v1/applications/{ref}/payment": {
        "get": operation(
            "getPayment",
            "What the application owes (the fee lines of the catalog version it was made under), whether it is "
            "paid, and the open attempt's pay URL",
            [REF],
            {**answer(200, PAYMENT), **READ_ERRORS},
        ),
        "post": operation(
            "startPayment",
            "Start paying the fee, or resume the attempt still open; after a failed payment, a fresh attempt. "
            "409 already_paid once paid, 409 nothing_to_pay when nothing is owed",
            [REF, KEY],
            {**keyed_answer(200, PAYMENT, "The payment to make; open pay_url.", etag=False), **CHANGE_ERRORS},
        ),
    },
    "/api/v1/payments/notify": {
        "post": {
            "summary": "The payment provider's signed notification of a payment's outcome (server to server)",
            "description": (
                "HMAC-SHA256 over the raw body with the provider key, unpadded base64url in X-Sim-Signature. "
                "A bad signature is 401; the amount must be the order's (else 409, nothing changes); the same "
                "provider transaction again is 200 duplicate; a failure after the payment is 200 ignored. "
                "Every notification is recorded."
            ),
            "operationId": "paymentNotify",
            "security": [],
            "parameters": [
                {
                    "name": "X-Sim-Signature",
                    "in": "header",
                    "required": True,
                    "schema": {"type": "string", "maxLength": 128},
                },
                LANG_PARAM,
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "required": ["provider_txn", "order_id", "kind", "amount_fen", "currency"],
                            "properties": {
                                "provider_txn": {"type": "string"},
                                "order_id": {"type": "string"},
                                "attempt_ref": NULLABLE_STRING,
                                "kind": {"enum": ["paid", "failed"]},
                                "amount_fen": {"type": "integer"},
                                "currency": {"const": "CNY"},
                                "reason": NULLABLE_STRING,
                                "sent_at": {"type": "string"},
                            },
                        }
                    }
                },
            },
            "responses": {**answer(200, ref("NotifyReceipt")), **error_responses(400, 401, 404, 409, 413)},
        }
    },
}
