"""The staff application page says whether the fee is paid (缴费: 已缴费 / 未缴费 / 无需缴费)."""

from __future__ import annotations

from shared.audit import Actor
from shared.payments import checkout, notifications
from shared.payments.provider import SimulatedProvider
from tests.staff.applications_support import KIOSK, citizen, staff, submitted
from tests.staff.conftest import Hall


async def test_the_page_shows_unpaid_then_paid(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    page = await clerk.page(app.ref)
    assert page.status_code == 200 and 'data-fee-state="unpaid"' in page.text and "未缴费 ¥20.00" in page.text

    started = await checkout.start(services, app, actor=Actor.system(), where=KIOSK, now=services.clock.now())
    provider = services.payments
    assert isinstance(provider, SimulatedProvider) and started.checkout is not None
    charge = provider.open_token(started.checkout.pay_url.rsplit("/", 1)[1])
    assert charge is not None
    body, signature = provider.notification(charge, "paid")
    assert (await notifications.receive(services, body, signature)).outcome == "accepted"

    paid = await clerk.page(app.ref)
    assert 'data-fee-state="paid"' in paid.text and "已缴费 ¥20.00" in paid.text
    assert "缴纳了费用 ¥20.00" in paid.text  # the timeline's event


async def test_each_item_shows_its_own_catalog_amount(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services), "YB-CB-003")
    clerk = await staff(hall, "clerk_yb", "clerk", "YB")
    page = await clerk.page(app.ref)
    assert page.status_code == 200
    assert 'data-fee-state="unpaid"' in page.text and "未缴费 ¥380.00" in page.text
