"""The complaints desk (/staff/complaints): 首问负责制 through the pages — a second taker is
refused, only the owner replies and closes, a reassignment moves ownership and is recorded
with its reason; a department's case only for its clerks and supervisors; overdue shown;
every action audited; the citizen's words masked."""

from __future__ import annotations

from typing import Any

from shared import audit, complaints
from shared.complaints import deadlines
from shared.services import Services
from tests.pii import ID_ZHANG, PHONE_ZHANG
from tests.staff.applications_support import Person, citizen, staff, submitted
from tests.staff.conftest import Hall, csrf_of

DAY = 86400.0


async def raise_case(
    services: Services, citizen_id: str, kind: complaints.Kind = "question", **extra: Any
) -> complaints.Case:
    days = await deadlines.calendar(services.db)
    async with services.db.transaction() as tx:
        return await complaints.raise_case(
            tx,
            services.vault,
            citizen_id=citizen_id,
            kind=kind,
            text=f"请回电 {PHONE_ZHANG}，身份证 {ID_ZHANG}",
            channel="mobile",
            now=services.clock.now(),
            days=days,
            **extra,
        )


async def act(person: Person, case_id: str, action: str, **data: str) -> Any:
    page = await person.client.get(f"/staff/complaints/{case_id}")
    return await person.client.post(f"/staff/complaints/{case_id}/{action}", data={"csrf_token": csrf_of(page), **data})


async def test_first_taker_owns_it_reassignment_moves_it_and_every_step_is_audited(hall: Hall) -> None:
    services = hall.services
    case = await raise_case(services, await citizen(services))
    first = await staff(hall, "clerk.one", "clerk", "GA")
    second = await staff(hall, "clerk.two", "clerk", "WJ")

    queue = await first.client.get("/staff/complaints")
    assert queue.status_code == 200 and f'href="/staff/complaints/{case.id}"' in queue.text
    page = await first.client.get(f"/staff/complaints/{case.id}")
    assert page.status_code == 200
    assert "请回电" in page.text and PHONE_ZHANG not in page.text and ID_ZHANG not in page.text  # masked
    assert "data-take" in page.text

    taken = await act(first, case.id, "take")
    assert taken.status_code == 303 and taken.headers["location"].endswith("?done=take")
    late = await act(second, case.id, "take")
    assert late.status_code == 409 and "首问负责制" in late.text
    # Only the owner replies or closes.
    assert (await act(second, case.id, "reply", text="我来答")).status_code == 403
    shown_to_second = await second.client.get(f"/staff/complaints/{case.id}")
    assert "reply-form" not in shown_to_second.text and "data-take" not in shown_to_second.text
    assert (await act(first, case.id, "close")).status_code == 409  # nothing answered yet

    # A reassignment needs someone and a reason; then the other clerk owns it.
    refused = await act(first, case.id, "reassign", to="", reason="")
    assert refused.status_code == 422 and "请选择要转交的工作人员" in refused.text and "请填写转办原因" in refused.text
    second_id = (await services.db.fetch_one("SELECT id FROM staff_accounts WHERE username = 'clerk.two'"))["id"]
    moved = await act(first, case.id, "reassign", to=str(second_id), reason="属于卫健委的业务")
    assert moved.status_code == 303
    assert (await act(first, case.id, "reply", text="还是我答")).status_code == 403
    replied = await act(second, case.id, "reply", text=f"已答复，回电 {PHONE_ZHANG}")
    assert replied.status_code == 303
    closed = await act(second, case.id, "close")
    assert closed.status_code == 303
    done = await second.client.get(closed.headers["location"])
    assert "已办结" in done.text and "clerk.one name 转交 clerk.two name" in done.text
    assert "属于卫健委的业务" in done.text and PHONE_ZHANG not in done.text
    assert [e.kind for e in await complaints.events(services.db, case.id)] == [
        "taken",
        "reassigned",
        "replied",
        "closed",
    ]

    entries = [e for e in await audit.recent(services.db, limit=50) if e.action.startswith("complaint.")]
    outcomes = sorted((e.action, e.result) for e in entries)
    assert ("complaint.take", "ok") in outcomes and ("complaint.take", "refused") in outcomes
    assert ("complaint.reassign", "ok") in outcomes and ("complaint.reassign", "refused") in outcomes
    assert ("complaint.reply", "refused") in outcomes and ("complaint.close", "ok") in outcomes
    assert all(e.target == case.id for e in entries)


async def test_a_department_case_only_for_its_clerks_and_supervisors_and_overdue_shows(hall: Hall) -> None:
    services = hall.services
    someone = await citizen(services)
    app = await submitted(services, someone)
    case = await raise_case(services, someone, "complaint", application=app)
    general = await raise_case(services, someone, "suggestion")
    hall.clock.advance(30 * DAY)  # far past ten working days, nobody answered
    own = await staff(hall, "clerk.ga", "clerk", "GA")
    other = await staff(hall, "clerk.wj", "clerk", "WJ")
    boss = await staff(hall, "boss", "supervisor")
    reviewer = await staff(hall, "reviewer.ga", "reviewer", "GA")

    other_queue = (await other.client.get("/staff/complaints")).text
    assert case.id not in other_queue and general.id in other_queue
    assert (await other.client.get(f"/staff/complaints/{case.id}")).status_code == 403
    page = await other.client.get(f"/staff/complaints/{general.id}")
    assert (
        await other.client.post(f"/staff/complaints/{case.id}/take", data={"csrf_token": csrf_of(page)})
    ).status_code == 403
    assert (await reviewer.client.get("/staff/complaints")).status_code == 403
    assert "/staff/complaints" not in (await reviewer.client.get("/staff/")).text
    assert 'href="/staff/complaints"' in (await own.client.get("/staff/")).text

    for person in (own, boss):
        queue = await person.client.get("/staff/complaints")
        assert case.id in queue.text
        row = queue.text.split(f'data-case="{case.id}"')[1].split("</tr>")[0]
        assert "data-overdue" in row and "已超期" in row
    assert (await act(own, case.id, "take")).status_code == 303
    # The supervisor hands it over when the owner is away (a reason recorded), and cannot answer it.
    boss_id = (await services.db.fetch_one("SELECT id FROM staff_accounts WHERE username = 'boss'"))["id"]
    assert (await act(boss, case.id, "reply", text="监察答复")).status_code == 403
    handed = await act(boss, case.id, "reassign", to=str(boss_id), reason="首问人休假，由监察跟进")
    assert handed.status_code == 303
    after = await complaints.get(services.db, case.id)
    assert after is not None and after.owner_id == boss_id
    mine = await boss.client.get("/staff/complaints", params={"mine": "1"})
    assert case.id in mine.text and general.id not in mine.text
    # A clerk of another department is no one to hand it to.
    page = await boss.client.get(f"/staff/complaints/{case.id}")
    assert "clerk.wj name" not in page.text.split('id="reassign-to"')[1].split("</select>")[0]


async def test_unknown_case_and_action(hall: Hall) -> None:
    clerk = await staff(hall, "clerk.ga", "clerk", "GA")
    assert (await clerk.client.get("/staff/complaints/cp_nothing")).status_code == 404
    case = await raise_case(hall.services, await citizen(hall.services))
    page = await clerk.client.get(f"/staff/complaints/{case.id}")
    wrong = await clerk.client.post(f"/staff/complaints/{case.id}/delete", data={"csrf_token": csrf_of(page)})
    assert wrong.status_code == 404
    no_token = await clerk.client.post(f"/staff/complaints/{case.id}/take")
    assert no_token.status_code == 403
