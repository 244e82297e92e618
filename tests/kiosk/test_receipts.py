"""The after-submission hub and the receipt at the kiosk.

Hub cards by state: 缴费 only when a fee is due (and "paid" once paid), 打印回执, 评价
unless rated, 完成. Printing the receipt goes through the kiosk's printer (simulated): a
print is recorded and the sim keeps it; paper out gives the message, raises a staff alert
and offers "print again" and "send to my phone instead"; reprinting works. The session ends
by itself: the hub carries the countdown and 完成 ends the session as finished.
"""

from __future__ import annotations

import json
import re

from shared.applications import access
from shared.catalog.importer import import_catalog, parse_catalog_text
from shared.kiosk import hall_alerts
from shared.kiosk.bridge import SimulatedDeviceBridge
from shared.kiosk.sessions import END_REASONS
from shared.payments import orders
from shared.ratings import rate
from shared.receipts import repository
from tests.kiosk.application_steps import HTMX, ready_draft, sign_in, token_of
from tests.kiosk.conftest import Kiosk, kiosk_catalog
from tests.kiosk.helpers import text
from tests.pii import ID_ZHANG

SUBMITTED = re.compile(r"^/applications/(\d{14})/submitted$")
CARD = {**HTMX, "HX-Target": "div#receipt-card"}


async def use_catalog(kiosk: Kiosk, change: object) -> None:
    """Publish the kiosk catalog with `change(item)` applied to GA-SFZ-002 (a new version)."""
    doc = kiosk_catalog()
    for item in doc["items"]:
        if item["code"] == "GA-SFZ-002":
            change(item)  # type: ignore[operator]
    await import_catalog(kiosk.services.db, parse_catalog_text(json.dumps(doc, ensure_ascii=False)))
    await kiosk.services.catalog.load()


async def submit_at_kiosk(kiosk: Kiosk, delivery: str = "window") -> tuple[str, str]:
    """Sign in, fill in GA-SFZ-002 and submit it through the review page: (citizen id, number)."""
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    if delivery != "window":
        from shared.applications import drafts

        app = await access.for_citizen(kiosk.services, citizen_id, ref)
        await drafts.set_delivery(kiosk.services, app, delivery, None, now=kiosk.clock.now())
    review = await kiosk.client.get(f"/applications/{ref}/review")
    done = await kiosk.client.post(f"/applications/{ref}/submit", data={"token": token_of(review.text)})
    match = SUBMITTED.match(done.headers["location"])
    assert match is not None, done.headers.get("location")
    return citizen_id, match.group(1)


def bridge(kiosk: Kiosk) -> SimulatedDeviceBridge:
    found = kiosk.services.device_bridge
    assert isinstance(found, SimulatedDeviceBridge)
    return found


async def test_the_hub_shows_the_number_and_the_cards_pay_print_rate_finish(kiosk: Kiosk) -> None:
    _, number = await submit_at_kiosk(kiosk)
    page = await kiosk.client.get(f"/applications/{number}/submitted")
    assert page.status_code == 200
    body = text(page.text)
    assert number in body and "申请已提交" in body
    assert "缴费" in body and "应缴 20 元" in body and f'href="/applications/{number}/pay"' in page.text
    assert "打印回执" in body and f'hx-post="/applications/{number}/receipt/print"' in page.text
    assert "评价服务" in body and f'href="/applications/{number}/rating"' in page.text
    assert "完成，退出" in body and 'action="/kiosk/session/finish"' in page.text
    # The session ends by itself: a visible countdown of 60 s, posting the same finish form.
    assert 'data-auto-end data-seconds="60"' in page.text and "秒后自动退出" in body
    assert "js/receipts.js" in page.text


async def test_no_fee_no_pay_card(kiosk: Kiosk) -> None:
    await use_catalog(kiosk, lambda item: item.update(fees=[]))
    _, number = await submit_at_kiosk(kiosk)
    page = await kiosk.client.get(f"/applications/{number}/submitted")
    assert "hub-card-pay" not in page.text and "去缴费" not in text(page.text)
    assert "打印回执" in text(page.text)


async def test_paid_and_rated_cards_say_so(kiosk: Kiosk) -> None:
    citizen_id, number = await submit_at_kiosk(kiosk)
    services = kiosk.services
    app = await access.for_citizen(services, citizen_id, number)
    order = await orders.ensure_order(services, app.id)
    assert order is not None
    async with services.db.transaction() as tx:
        await orders.mark_paid(tx, order, None, "sim-txn-1", services.clock.now())
        await rate(tx, app, citizen_id, 5, [], "kiosk", services.clock.now())
    page = await kiosk.client.get(f"/applications/{number}/submitted")
    body = text(page.text)
    assert "已缴费 20 元" in body and "去缴费" not in body
    assert "已评价，谢谢您！" in body and "去评价" not in body


async def test_print_the_receipt_once_then_again(kiosk: Kiosk) -> None:
    citizen_id, number = await submit_at_kiosk(kiosk)
    answer = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert answer.status_code == 200
    assert answer.text.lstrip().startswith('<div id="receipt-card"')
    assert "回执已打印，请从出纸口取走。" in text(answer.text) and "再打印一份" in text(answer.text)
    printed = bridge(kiosk).printed(kiosk.device_id)
    assert len(printed) == 1
    job = printed[0]
    assert job.kind == "receipt" and job.paper == "80mm" and number in job.body and "受理回执" in job.body
    assert ID_ZHANG not in job.body and "13912345678" not in job.body
    assert job.code is not None and job.code.startswith("http://kiosk.test/follow/")
    # Reprinting is allowed: the same follow code, a second print recorded.
    again = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert "回执已打印" in text(again.text)
    second = bridge(kiosk).printed(kiosk.device_id)[1]
    assert second.code == job.code
    app = await access.for_citizen(kiosk.services, citizen_id, number)
    prints = await repository.receipt_prints(kiosk.services.db, app.id)
    assert [p.outcome for p in prints] == ["printed", "printed"]
    # Back at the hub later (after paying or rating), the card still says it is printed.
    hub = await kiosk.client.get(f"/applications/{number}/submitted")
    assert "回执已打印" in text(hub.text) and "再打印一份" in text(hub.text)


async def test_paper_out_says_so_alerts_staff_and_offers_retry_and_the_phone(kiosk: Kiosk) -> None:
    citizen_id, number = await submit_at_kiosk(kiosk)
    bridge(kiosk).load_paper(kiosk.device_id, 0)
    answer = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert answer.status_code == 200
    body = text(answer.text)
    assert "打印机缺纸，已通知工作人员" in body and "重新打印" in body and "改为发送到手机" in body
    assert bridge(kiosk).printed(kiosk.device_id) == []
    alerts = await hall_alerts.list_open(kiosk.services.db)
    assert [(a.device_id, a.kind) for a in alerts] == [(kiosk.device_id, "printer_paper_out")]

    # Send to my phone instead: the follow link as a QR code.
    phone = await kiosk.client.get(f"/applications/{number}/receipt/phone", headers=CARD)
    assert phone.status_code == 200 and "<svg" in phone.text and "用手机扫码保存回执" in text(phone.text)

    # Staff add paper; print again works and the alert resolves itself.
    bridge(kiosk).load_paper(kiosk.device_id)
    again = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert "回执已打印" in text(again.text)
    assert await hall_alerts.list_open(kiosk.services.db) == []
    app = await access.for_citizen(kiosk.services, citizen_id, number)
    prints = await repository.receipt_prints(kiosk.services.db, app.id)
    assert [p.outcome for p in prints] == ["failed", "printed"]


async def test_printing_without_script_shows_the_whole_hub(kiosk: Kiosk) -> None:
    _, number = await submit_at_kiosk(kiosk)
    bridge(kiosk).jam_printer(kiosk.device_id)
    page = await kiosk.client.post(f"/applications/{number}/receipt/print")
    assert page.status_code == 200 and "<html" in page.text
    assert "打印机卡纸" in text(page.text) and "申请已提交" in text(page.text)


async def test_the_receipt_of_a_draft_is_not_printed(kiosk: Kiosk) -> None:
    citizen_id = await sign_in(kiosk)
    ref = await ready_draft(kiosk, citizen_id)
    answer = await kiosk.client.post(f"/applications/{ref}/receipt/print")
    assert answer.status_code == 303 and answer.headers["location"] == f"/applications/{ref}"
    assert bridge(kiosk).printed(kiosk.device_id) == []


async def test_another_citizen_cannot_print_my_receipt(kiosk: Kiosk) -> None:
    from tests.kiosk.application_steps import other_kiosk

    _, number = await submit_at_kiosk(kiosk)
    client = await other_kiosk(kiosk)
    try:
        answer = await client.post(f"/applications/{number}/receipt/print")
        assert answer.status_code == 404
    finally:
        await client.aclose()
    assert bridge(kiosk).printed("test-kiosk-2") == []


async def test_finish_ends_the_session_as_finished_and_wipes(kiosk: Kiosk) -> None:
    _, number = await submit_at_kiosk(kiosk)
    assert "finished" in END_REASONS
    answer = await kiosk.client.post("/kiosk/session/finish")
    assert answer.status_code == 303
    assert "Clear-Site-Data" in answer.headers or "clear-site-data" in answer.headers
    row = await kiosk.services.db.fetch_one(
        "SELECT end_reason FROM kiosk_sessions WHERE ended_at IS NOT NULL ORDER BY ended_at DESC LIMIT 1"
    )
    assert row is not None and row["end_reason"] == "finished"
    after = await kiosk.client.get(f"/applications/{number}/submitted")
    assert after.status_code == 303 and after.headers["location"].startswith("/signin")


async def test_the_roll_runs_out_and_the_receipt_comes_out_on_a4_instead(kiosk: Kiosk) -> None:
    _citizen_id, number = await submit_at_kiosk(kiosk)
    bridge(kiosk).load_paper(kiosk.device_id, 0, paper="80mm")
    fault = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert "打印机缺纸" in text(fault.text) and "打印 A4 整页回执" in text(fault.text)
    a4 = await kiosk.client.post(f"/applications/{number}/receipt/print", data={"paper": "A4"}, headers=CARD)
    assert "回执已打印" in text(a4.text)
    [job] = bridge(kiosk).printed(kiosk.device_id)
    assert job.paper == "A4" and number in job.body
    # Anything else asked for is the 80 mm slip (here: still out of paper).
    odd = await kiosk.client.post(f"/applications/{number}/receipt/print", data={"paper": "A3"}, headers=CARD)
    assert "打印机缺纸" in text(odd.text)
    # An A4 sheet does not refill the roll: staff are still called to the empty roll.
    alerts = await hall_alerts.list_open(kiosk.services.db)
    assert [(a.device_id, a.kind) for a in alerts] == [(kiosk.device_id, "printer_paper_out")]
    bridge(kiosk).load_paper(kiosk.device_id, paper="80mm")
    refilled = await kiosk.client.post(f"/applications/{number}/receipt/print", headers=CARD)
    assert "回执已打印" in text(refilled.text)
    assert await hall_alerts.list_open(kiosk.services.db) == []


async def test_the_application_page_keeps_what_the_hub_offered(kiosk: Kiosk) -> None:
    # Back later from 我的: pay, the receipt and the rating are still a tap away.
    citizen_id, number = await submit_at_kiosk(kiosk)
    before = text((await kiosk.client.get(f"/applications/{number}")).text)
    assert "还可以办理" in before and "去缴费" in before and "打印回执" in before and "去评价" in before
    page = (await kiosk.client.get(f"/applications/{number}")).text
    assert f'href="/applications/{number}/pay"' in page and f'href="/applications/{number}/rating?from=app"' in page
    services = kiosk.services
    app = await access.for_citizen(services, citizen_id, number)
    order = await orders.ensure_order(services, app.id)
    assert order is not None
    async with services.db.transaction() as tx:
        await orders.mark_paid(tx, order, None, "sim-txn-2", services.clock.now())
        await rate(tx, app, citizen_id, 4, [], "kiosk", services.clock.now())
    after = text((await kiosk.client.get(f"/applications/{number}")).text)
    assert "已缴费 20 元" in after and "去缴费" not in after
    assert "已评价，谢谢您！" in after and "去评价" not in after
