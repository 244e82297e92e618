"""The provider's callback, POST /api/v1/payments/notify: signatures, amounts, duplicates,
out-of-order and failed payments, every notification recorded."""

from __future__ import annotations

import asyncio
from typing import Any

import httpx2
import orjson

from shared import payments
from shared.applications import repository
from shared.audit import Actor
from shared.payments import checkout, notifications
from shared.payments.provider import SimCharge, SimulatedProvider
from shared.payments.signing import SIGNATURE_HEADER
from shared.services import Services
from tests.conftest import Running
from tests.shared.applications.conftest import KIOSK, People, submitted

NOTIFY = "/api/v1/payments/notify"


def sim(services: Services) -> SimulatedProvider:
    provider = services.payments
    assert isinstance(provider, SimulatedProvider)
    return provider


async def open_charge(services: Services, citizen_id: str) -> tuple[str, SimCharge]:
    """A submitted ¥20 application with a payment attempt open: (application id, the charge)."""
    app = await submitted(services, citizen_id)
    started = await checkout.start(services, app, actor=Actor.system(), where=KIOSK, now=services.clock.now())
    assert started.checkout is not None
    charge = sim(services).open_token(started.checkout.pay_url.rsplit("/", 1)[1])
    assert charge is not None and charge.amount_fen == 2000
    return app.id, charge


async def send(running: Running, body: bytes, signature: str | None) -> httpx2.Response:
    headers = {"Content-Type": "application/json"}
    if signature is not None:
        headers[SIGNATURE_HEADER] = signature
    return await running.client.post(NOTIFY, content=body, headers=headers)


async def deliver(running: Running, charge: SimCharge, kind: str = "paid", **options: Any) -> httpx2.Response:
    body, signature = sim(running.services).notification(charge, kind, **options)  # type: ignore[arg-type]
    return await send(running, body, signature)


async def state_of(services: Services, application_id: str) -> str:
    order = await payments.for_application(services.db, application_id)
    assert order is not None
    return order.state


async def outcomes(services: Services) -> list[tuple[str, str | None]]:
    rows = await services.db.fetch_all("SELECT outcome, reason FROM payment_notifications ORDER BY id")
    return [(row["outcome"], row["reason"]) for row in rows]


async def test_a_signed_payment_pays_the_order_and_tells_the_timeline(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    response = await deliver(running, charge)
    assert response.status_code == 200 and response.json() == {"outcome": "accepted", "reason": None}
    order = await payments.for_application(services.db, app_id)
    assert order is not None and order.paid and order.paid_at is not None
    assert order.paid_txn == f"sim-{charge.attempt_ref}-paid"
    events = await repository.events_for(services.db, [app_id])
    paid = [event for event in events if event.act == "paid"]
    assert len(paid) == 1 and paid[0].detail["amount"] == "20.00" and paid[0].actor_kind == "citizen"


async def test_a_bad_signature_is_refused_and_recorded(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    body, signature = sim(services).notification(charge, "paid")
    forged = signature[:-2] + ("AA" if not signature.endswith("AA") else "BB")
    for bad in (None, "", forged, "x" * 500):
        response = await send(running, body, bad)
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "unauthorized"
    # The right signature on a changed body is no signature at all.
    tampered = body.replace(b'"amount_fen":2000', b'"amount_fen":1')
    assert tampered != body
    assert (await send(running, tampered, signature)).status_code == 401
    assert await state_of(services, app_id) == "unpaid"
    assert await outcomes(services) == [("rejected", "bad_signature")] * 5
    rows = await services.db.fetch_all("SELECT order_id, provider_txn, body_sha256 FROM payment_notifications")
    # An unsigned body is not trusted to name an order: only its digest is kept.
    assert all(
        row["order_id"] is None and row["provider_txn"] is None and len(row["body_sha256"]) == 64 for row in rows
    )


async def test_a_wrong_amount_is_refused_and_the_order_untouched(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    response = await deliver(running, charge, amount_fen=1)
    assert response.status_code == 409 and response.json()["error"]["code"] == "amount_mismatch"
    assert await state_of(services, app_id) == "unpaid"
    assert await outcomes(services) == [("rejected", "amount_mismatch")]
    # The right amount afterwards still pays.
    assert (await deliver(running, charge, provider_txn="sim-later")).json()["outcome"] == "accepted"
    assert await state_of(services, app_id) == "paid"


async def test_an_unknown_order_and_an_unreadable_body_are_refused(running: Running, people: People) -> None:
    services = running.services
    _, charge = await open_charge(services, people.zhang)
    unknown = SimCharge("po_nobody", charge.attempt_ref, charge.amount_fen)
    assert (await deliver(running, unknown)).status_code == 404
    for body in (b"not json", b"[]", orjson.dumps({"kind": "paid"}), orjson.dumps({"provider_txn": True})):
        assert (await send(running, body, sim(services).sign(body))).status_code == 400
    assert await outcomes(services) == [("rejected", "unknown_order")] + [("rejected", "malformed")] * 4


async def test_duplicates_are_harmless(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    first = await deliver(running, charge)
    paid_at = (await payments.for_application(services.db, app_id)).paid_at  # type: ignore[union-attr]
    running.clock.advance(60)
    again = await deliver(running, charge)
    assert first.json()["outcome"] == "accepted"
    assert again.status_code == 200 and again.json()["outcome"] == "duplicate"
    order = await payments.for_application(services.db, app_id)
    assert order is not None and order.paid_at == paid_at
    events = await repository.events_for(services.db, [app_id])
    assert [event.act for event in events].count("paid") == 1
    assert await outcomes(services) == [("accepted", None), ("duplicate", None)]


async def test_concurrent_duplicate_notifications_make_one_payment(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    body, signature = sim(services).notification(charge, "paid")
    answers = await asyncio.gather(*(send(running, body, signature) for _ in range(10)))
    assert all(answer.status_code == 200 for answer in answers)
    assert sorted(answer.json()["outcome"] for answer in answers) == ["accepted"] + ["duplicate"] * 9
    events = await repository.events_for(services.db, [app_id])
    assert [event.act for event in events].count("paid") == 1


async def test_a_failure_after_the_payment_never_unpays(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    await deliver(running, charge, "paid")
    late = await deliver(running, charge, "failed", reason="timeout")
    assert late.status_code == 200 and late.json() == {"outcome": "ignored", "reason": "already_paid"}
    assert await state_of(services, app_id) == "paid"


async def test_a_failed_payment_then_a_success(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    failed = await deliver(running, charge, "failed", reason="insufficient_funds")
    assert failed.json()["outcome"] == "accepted"
    order = await payments.for_application(services.db, app_id)
    assert order is not None and order.failed and order.failure == "insufficient_funds"
    # The provider's success arriving late (out of order) still pays.
    assert (await deliver(running, charge, "paid")).json()["outcome"] == "accepted"
    assert await state_of(services, app_id) == "paid"


async def test_try_again_after_a_failure_opens_a_fresh_attempt(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    await deliver(running, charge, "failed", reason="declined")
    app = await repository.load(services.db, services.vault, app_id)
    assert app is not None
    again = await checkout.start(services, app, actor=Actor.system(), where=KIOSK, now=services.clock.now())
    assert again.order is not None and again.order.state == "unpaid" and again.order.attempts == 2
    assert again.checkout is not None
    fresh = sim(services).open_token(again.checkout.pay_url.rsplit("/", 1)[1])
    assert fresh is not None and fresh.attempt_ref != charge.attempt_ref
    # A second failure of the old attempt is stale: the new attempt stays open.
    stale = await deliver(running, charge, "failed", provider_txn="sim-old-failed-again")
    assert stale.json() == {"outcome": "ignored", "reason": "stale_attempt"}
    assert await state_of(services, app_id) == "unpaid"
    assert (await deliver(running, fresh)).json()["outcome"] == "accepted"


async def test_a_paid_order_refuses_a_new_payment(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    await deliver(running, charge)
    app = await repository.load(services.db, services.vault, app_id)
    assert app is not None
    try:
        await checkout.start(services, app, actor=Actor.system(), where=KIOSK, now=services.clock.now())
    except checkout.AlreadyPaid:
        pass
    else:
        raise AssertionError("a paid order opened a new payment")


async def test_a_second_successful_charge_is_flagged_for_refund(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    await deliver(running, charge)
    other = await deliver(running, charge, provider_txn="sim-second-charge")
    assert other.json() == {"outcome": "ignored", "reason": "already_paid"}
    rows = await services.db.fetch_all("SELECT action FROM audit_log WHERE action = 'payment.refund_needed'")
    assert len(rows) == 1
    assert await state_of(services, app_id) == "paid"


async def test_recorded_notifications_of_an_order(running: Running, people: People) -> None:
    services = running.services
    app_id, charge = await open_charge(services, people.zhang)
    await deliver(running, charge, "failed")
    await deliver(running, charge, "paid")
    await deliver(running, charge, "paid")
    order = await payments.for_application(services.db, app_id)
    assert order is not None
    seen = await notifications.recorded(services, order.id)
    assert [(row["kind"], row["outcome"]) for row in seen] == [
        ("failed", "accepted"),
        ("paid", "accepted"),
        ("paid", "duplicate"),
    ]
