"""Paying at the kiosk (缴费): the pay page with amount, fee lines and a QR code; the poll
that moves on by itself once the provider's signed notification lands; a failed payment
with "try again"; and the simulated provider's phone cashier under /paysim/."""

from __future__ import annotations

import re

import httpx2

from shared import payments
from tests.kiosk.application_steps import HTMX, LI, apply, ready_draft, sign_in, token_of
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import moved_to, text

QR_CONTENT = re.compile(r'data-qr-content="(http://kiosk\.test/paysim/[^"]+)"')


async def submitted_number(kiosk: Kiosk) -> str:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    token = token_of((await kiosk.client.get(f"/applications/{ref}/review")).text)
    done = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token})
    assert done.status_code == 303
    return done.headers["location"].split("/")[2]


def cashier_path(page: str) -> str:
    match = QR_CONTENT.search(page)
    assert match is not None, "no payment QR code on the page"
    return match.group(1).removeprefix("http://kiosk.test")


async def poll(kiosk: Kiosk, number: str) -> httpx2.Response:
    return await kiosk.client.post(f"/applications/{number}/pay/poll", headers=HTMX)


async def test_the_pay_page_shows_the_amount_the_lines_and_a_qr_code(kiosk: Kiosk) -> None:
    number = await submitted_number(kiosk)
    page = await kiosk.client.get(f"/applications/{number}/pay")
    assert page.status_code == 200
    shown = text(page.text)
    assert "缴纳费用" in shown and "应缴金额" in shown and "20 元" in shown and "工本费" in shown
    assert "<svg" in page.text and 'class="qr-code"' in page.text
    assert 'hx-trigger="every 1s"' in page.text and f'hx-post="/applications/{number}/pay/poll"' in page.text
    assert "style=" not in page.text and "<script>" not in page.text
    # A reload shows the same attempt: no second payment is opened.
    again = await kiosk.client.get(f"/applications/{number}/pay")
    assert cashier_path(again.text) == cashier_path(page.text)
    order = await kiosk.services.db.fetch_one("SELECT attempts, state FROM payment_orders")
    assert order is not None and order["attempts"] == 1 and order["state"] == "unpaid"
    assert (await poll(kiosk, number)).status_code == 204


async def test_paying_on_the_phone_moves_the_kiosk_on_by_itself(kiosk: Kiosk) -> None:
    number = await submitted_number(kiosk)
    path = cashier_path((await kiosk.client.get(f"/applications/{number}/pay")).text)
    # The phone: another browser, not an enrolled kiosk (the cashier is exempt from the device check).
    async with kiosk.new_client() as phone:
        cashier = await phone.get(path)
        assert cashier.status_code == 200
        assert "模拟支付" in text(cashier.text) and "20.00" in cashier.text and 'data-paysim="pay"' in cashier.text
        paid = await phone.post(f"{path}/pay")
        assert paid.status_code == 303
        after = await phone.get(paid.headers["location"])
        assert 'data-paysim-state="paid"' in after.text and "支付成功" in text(after.text)
        # Paying again from the same page does nothing: the order is paid.
        await phone.post(f"{path}/pay")
    moved = await poll(kiosk, number)
    assert moved.status_code == 204 and moved_to(moved) == f"/applications/{number}/submitted"
    # Coming back to the pay page goes straight to the hub.
    back = await kiosk.client.get(f"/applications/{number}/pay")
    assert back.status_code == 303 and back.headers["location"] == f"/applications/{number}/submitted"
    rows = await kiosk.services.db.fetch_all("SELECT outcome FROM payment_notifications ORDER BY id")
    assert [row["outcome"] for row in rows] == ["accepted"]


async def test_a_declined_payment_shows_the_reason_and_try_again(kiosk: Kiosk) -> None:
    number = await submitted_number(kiosk)
    first = cashier_path((await kiosk.client.get(f"/applications/{number}/pay")).text)
    async with kiosk.new_client() as phone:
        declined = await phone.post(f"{first}/decline")
        assert 'data-paysim-state="failed"' in (await phone.get(declined.headers["location"])).text
    failed = await poll(kiosk, number)
    assert failed.status_code == 200
    assert "付款没有成功" in text(failed.text) and "付款被取消或拒绝" in text(failed.text)
    assert "重新缴费" in text(failed.text) and 'id="pay-status"' in failed.text
    assert 'hx-trigger="every 1s"' not in failed.text  # no more polling until the citizen tries again
    page = await kiosk.client.get(f"/applications/{number}/pay")
    assert "重新缴费" in text(page.text) and "data-qr-content" not in page.text

    retried = await kiosk.client.post(f"/applications/{number}/pay/retry", headers=HTMX)
    assert moved_to(retried) == f"/applications/{number}/pay"
    second = cashier_path((await kiosk.client.get(f"/applications/{number}/pay")).text)
    assert second != first
    async with kiosk.new_client() as phone:
        # The old code is no longer valid; the new one pays.
        stale = await phone.get(first)
        assert 'data-paysim-state="stale"' in stale.text and 'data-paysim="pay"' not in stale.text
        await phone.post(f"{second}/pay")
    assert moved_to(await poll(kiosk, number)) == f"/applications/{number}/submitted"


async def test_nothing_to_pay_goes_to_the_hub(kiosk: Kiosk) -> None:
    await sign_in(kiosk)
    draft = await apply(kiosk)
    response = await kiosk.client.get(f"/applications/{draft}/pay")
    assert response.status_code == 303 and response.headers["location"] == f"/applications/{draft}/submitted"
    assert await payments.for_application(kiosk.services.db, draft) is None


async def test_a_made_up_or_altered_cashier_code_is_not_found(kiosk: Kiosk) -> None:
    number = await submitted_number(kiosk)
    path = cashier_path((await kiosk.client.get(f"/applications/{number}/pay")).text)
    async with kiosk.new_client() as phone:
        for bad in ("/paysim/nothing", "/paysim/a.b", path[:-2] + ("AA" if not path.endswith("AA") else "BB")):
            assert (await phone.get(bad)).status_code == 404
            assert (await phone.post(f"{bad}/pay")).status_code == 404
    order = await kiosk.services.db.fetch_one("SELECT state FROM payment_orders")
    assert order is not None and order["state"] == "unpaid"


async def test_another_citizen_cannot_open_the_pay_page(kiosk: Kiosk) -> None:
    number = await submitted_number(kiosk)
    await kiosk.client.post("/kiosk/session/end")
    await sign_in(kiosk, LI)
    assert (await kiosk.client.get(f"/applications/{number}/pay")).status_code == 404
