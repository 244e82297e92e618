"""Collecting a result at the kiosk (自助终端打印出件): an approved application whose citizen
chose kiosk print gets 打印结果文书; printing (A4) delivers it exactly once: a double tap
prints one copy, a jam leaves it undelivered with "print again", a second collect after
delivery is refused clearly."""

from __future__ import annotations

import asyncio

from shared.applications import access, workflow
from shared.applications.states import State
from shared.audit import Where
from shared.kiosk import hall_alerts
from shared.receipts import repository
from tests.kiosk.application_steps import CLERK, HTMX
from tests.kiosk.conftest import Kiosk
from tests.kiosk.helpers import text
from tests.kiosk.test_applications import REVIEWER
from tests.kiosk.test_receipts import bridge, submit_at_kiosk, use_catalog

HALL = Where.address("10.0.0.5")
CARD = {**HTMX, "HX-Target": "section#collect-card"}


def offer_kiosk_print(item: dict[str, object]) -> None:
    result = item["result"]
    assert isinstance(result, dict)
    result["delivery"] = ["window", "mail", "kiosk_print"]


async def approved(kiosk: Kiosk) -> tuple[str, str]:
    """A GA-SFZ-002 application submitted at the kiosk for kiosk print, then approved."""
    await use_catalog(kiosk, offer_kiosk_print)
    citizen_id, number = await submit_at_kiosk(kiosk, delivery="kiosk_print")
    services, now = kiosk.services, kiosk.clock.now()
    app = await access.for_citizen(services, citizen_id, number)
    app = await workflow.accept(services, app, CLERK, where=HALL, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER, "agree", "", where=HALL, now=now)
    app = await workflow.decide(services, app, REVIEWER, "approve", "材料齐全", where=HALL, now=now)
    assert app.state == State.APPROVED and app.delivery_method == "kiosk_print"
    return citizen_id, number


async def state_of(kiosk: Kiosk, citizen_id: str, number: str) -> State:
    return (await access.for_citizen(kiosk.services, citizen_id, number)).state


async def test_print_the_result_and_it_is_delivered_once(kiosk: Kiosk) -> None:
    citizen_id, number = await approved(kiosk)
    page = await kiosk.client.get(f"/applications/{number}")
    assert "打印结果文书" in text(page.text) and f'hx-post="/applications/{number}/collect"' in page.text

    answer = await kiosk.client.post(f"/applications/{number}/collect", headers=CARD)
    assert answer.status_code == 200
    assert "结果文书已打印，请从出纸口取走" in text(answer.text)
    # The session ends by itself after printing the result too.
    assert "data-auto-end" in answer.text and 'action="/kiosk/session/finish"' in answer.text
    jobs = bridge(kiosk).printed(kiosk.device_id)
    assert [(job.kind, job.paper) for job in jobs] == [("result", "A4")]
    assert number in jobs[0].body and "经审查，准予办理。" in jobs[0].body and "材料齐全" in jobs[0].body
    assert await state_of(kiosk, citizen_id, number) == State.DELIVERED
    app = await access.for_citizen(kiosk.services, citizen_id, number)
    assert [p.outcome for p in await repository.result_prints(kiosk.services.db, app.id)] == ["printed"]

    # A second collect is refused, clearly, and prints nothing.
    again = await kiosk.client.post(f"/applications/{number}/collect", headers=CARD)
    assert again.status_code == 409 and "已经打印领取，不能再次打印" in text(again.text)
    assert len(bridge(kiosk).printed(kiosk.device_id)) == 1
    detail = await kiosk.client.get(f"/applications/{number}")
    assert "collect-card" not in detail.text and "已送达" in text(detail.text)


async def test_a_double_tap_prints_one_copy(kiosk: Kiosk) -> None:
    citizen_id, number = await approved(kiosk)
    first, second = await asyncio.gather(
        kiosk.client.post(f"/applications/{number}/collect", headers=CARD),
        kiosk.client.post(f"/applications/{number}/collect", headers=CARD),
    )
    assert sorted([first.status_code, second.status_code]) == [200, 409]
    assert len(bridge(kiosk).printed(kiosk.device_id)) == 1
    assert await state_of(kiosk, citizen_id, number) == State.DELIVERED


async def test_a_jam_leaves_it_undelivered_and_print_again_works(kiosk: Kiosk) -> None:
    citizen_id, number = await approved(kiosk)
    bridge(kiosk).jam_printer(kiosk.device_id)
    answer = await kiosk.client.post(f"/applications/{number}/collect", headers=CARD)
    assert answer.status_code == 200
    assert "打印机卡纸，已通知工作人员" in text(answer.text) and "重新打印" in text(answer.text)
    assert await state_of(kiosk, citizen_id, number) == State.APPROVED
    assert [a.kind for a in await hall_alerts.list_open(kiosk.services.db)] == ["printer_jam"]

    bridge(kiosk).clear_jam(kiosk.device_id)
    retry = await kiosk.client.post(f"/applications/{number}/collect", headers=CARD)
    assert "结果文书已打印" in text(retry.text)
    assert await state_of(kiosk, citizen_id, number) == State.DELIVERED
    app = await access.for_citizen(kiosk.services, citizen_id, number)
    assert [p.outcome for p in await repository.result_prints(kiosk.services.db, app.id)] == ["failed", "printed"]


async def test_nothing_to_collect_before_the_decision_or_for_window_delivery(kiosk: Kiosk) -> None:
    _, number = await submit_at_kiosk(kiosk)
    page = await kiosk.client.get(f"/applications/{number}")
    assert "collect-card" not in page.text
    refused = await kiosk.client.post(f"/applications/{number}/collect", headers=CARD)
    assert refused.status_code == 409 and "暂时没有可在自助终端打印的结果文书" in text(refused.text)
    assert bridge(kiosk).printed(kiosk.device_id) == []
