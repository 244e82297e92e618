"""Paying on the phone: GET/POST /applications/{ref}/payment, with an Idempotency-Key on
POST; answers match the OpenAPI document."""

from __future__ import annotations

from shared.payments.provider import SimulatedProvider
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    LI,
    assert_documented,
    keyed,
    real_name_citizen,
    start,
    submitted,
    url,
)

PAYMENT = "/api/v1/applications/{ref}/payment"


async def pay_through_the_sim(running: Running, pay_url: str) -> None:
    provider = running.services.payments
    assert isinstance(provider, SimulatedProvider)
    charge = provider.open_token(pay_url.rsplit("/", 1)[1])
    assert charge is not None
    body, signature = provider.notification(charge, "paid")
    notified = await running.client.post(
        "/api/v1/payments/notify", content=body, headers={"X-Sim-Signature": signature}
    )
    assert notified.status_code == 200
    assert_documented(notified, "/api/v1/payments/notify", "post")


async def test_nothing_is_owed_before_submission(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    shown = await running.client.get(url(app, "payment"), headers=phone)
    assert shown.status_code == 200 and shown.json()["state"] == "none" and shown.json()["due"] is False
    assert_documented(shown, PAYMENT, "get")
    refused = await running.client.post(url(app, "payment"), headers=keyed(phone))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "nothing_to_pay"
    assert_documented(refused, PAYMENT, "post")


async def test_pay_on_the_phone(running: Running) -> None:
    phone, app = await submitted(running)
    shown = await running.client.get(url(app, "payment"), headers=phone)
    body = shown.json()
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert body["state"] == "unpaid" and body["due"] is True and body["amount_fen"] == 2000
    assert body["amount"] == "20.00" and body["pay_url"] is None
    assert [line["amount_fen"] for line in body["lines"]] == [2000]
    assert_documented(shown, PAYMENT, "get")

    key = "pay-once-0001"
    started = await running.client.post(url(app, "payment"), headers=keyed(phone, key))
    assert started.status_code == 200, started.text
    assert_documented(started, PAYMENT, "post")
    pay_url = started.json()["pay_url"]
    assert pay_url.startswith("http://kiosk.test/paysim/")
    # The same key again: the stored answer, nothing new opened.
    replayed = await running.client.post(url(app, "payment"), headers=keyed(phone, key))
    assert replayed.headers["Idempotent-Replayed"] == "true" and replayed.json() == started.json()
    # A new key while the attempt is open resumes it (the kiosk's QR code is the same attempt).
    resumed = await running.client.post(url(app, "payment"), headers=keyed(phone))
    assert resumed.status_code == 200 and resumed.json()["pay_url"] == pay_url
    order = await running.services.db.fetch_one("SELECT attempts FROM payment_orders")
    assert order is not None and order["attempts"] == 1

    await pay_through_the_sim(running, pay_url)
    paid = (await running.client.get(url(app, "payment"), headers=phone)).json()
    assert paid["state"] == "paid" and paid["due"] is False and paid["paid_at"] and paid["pay_url"] is None
    again = await running.client.post(url(app, "payment"), headers=keyed(phone))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_paid"
    # The first key still replays its first answer, even now.
    assert (await running.client.post(url(app, "payment"), headers=keyed(phone, key))).json() == started.json()


async def test_the_key_is_required_and_bound_to_its_body(running: Running) -> None:
    phone, app = await submitted(running)
    missing = await running.client.post(url(app, "payment"), headers=phone)
    assert missing.status_code == 400
    assert_documented(missing, PAYMENT, "post")


async def test_another_citizens_payment_is_not_found(running: Running) -> None:
    _, app = await submitted(running)
    other = await real_name_citizen(running, LI)
    assert (await running.client.get(url(app, "payment"), headers=other)).status_code == 404
    assert (await running.client.post(url(app, "payment"), headers=keyed(other))).status_code == 404
    assert (await running.client.get(url(app, "payment"))).status_code == 401
