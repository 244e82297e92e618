"""/staff/ratings: the department's clerks and reviewers work their 差评整改 cases, supervisors
see all and decide appeals; another department's clerk gets 403, a clerk cannot decide."""

from __future__ import annotations

import httpx2

from shared import audit, ratings
from shared.ratings import followups
from tests.pii import PHONE_ZHANG
from tests.staff.applications_support import Person, citizen, staff, submitted
from tests.staff.conftest import Hall, csrf_of, signed_in_admin


async def bad_rating(hall: Hall) -> tuple[ratings.Rating, followups.FollowUp, str]:
    zhang = await citizen(hall.services)
    app = await submitted(hall.services, zhang)
    async with hall.services.db.transaction() as tx:
        rating = await ratings.rate(
            tx,
            app,
            zhang,
            1,
            ["slow", "unfriendly"],
            "kiosk",
            hall.clock.now(),
            comment=f"等了很久，电话 {PHONE_ZHANG}",
            vault=hall.services.vault,
        )
    (case,) = await followups.for_rating(hall.services.db, rating.id)
    assert app.number is not None
    return rating, case, app.number


async def post(person: Person, case_id: str, action: str, data: dict[str, str]) -> httpx2.Response:
    page = await person.client.get(f"/staff/ratings/{case_id}")
    return await person.client.post(f"/staff/ratings/{case_id}/{action}", data={"csrf_token": csrf_of(page), **data})


async def test_the_department_clerk_sees_the_case_and_works_it_through(hall: Hall) -> None:
    _, case, number = await bad_rating(hall)
    clerk = await staff(hall, "clerk.ga", "clerk", "GA")
    home = await clerk.client.get("/staff/")
    assert 'href="/staff/ratings"' in home.text
    listed = await clerk.client.get("/staff/ratings")
    assert listed.status_code == 200 and number in listed.text and "待回访" in listed.text
    page = await clerk.client.get(f"/staff/ratings/{case.id}")
    assert page.status_code == 200
    assert "非常不满意" in page.text and "办理时间太长" in page.text
    assert "等了很久" in page.text and PHONE_ZHANG not in page.text  # the comment, numbers masked
    assert "张*" in page.text and 'action="/staff/ratings/' in page.text

    out_of_order = await post(clerk, case.id, "correction", {"outcome": "fixed", "note": "先整改"})
    assert out_of_order.status_code == 409
    empty = await post(clerk, case.id, "callback", {"outcome": "reached", "note": ""})
    assert empty.status_code == 422 and "请填写情况说明" in empty.text
    for action, outcome, note in (
        ("callback", "reached", "已电话回访，群众反映等候时间长"),
        ("correction", "fixed", "增加午间窗口，已告知群众"),
        ("close", "", "群众表示满意"),
    ):
        done = await post(clerk, case.id, action, {"outcome": outcome, "note": note})
        assert done.status_code == 303, done.text
        assert done.headers["location"] == f"/staff/ratings/{case.id}?done={action}"
    closed = await clerk.client.get(f"/staff/ratings/{case.id}?done=close")
    assert "整改件已办结" in closed.text and "增加午间窗口" in closed.text and 'data-state="closed"' in closed.text
    entries = await audit.recent(hall.services.db)
    assert {"rating.followup.callback", "rating.followup.correction", "rating.followup.close"} <= {
        entry.action for entry in entries if entry.target == case.id
    }


async def test_another_department_gets_403_and_sees_nothing_in_its_list(hall: Hall) -> None:
    _, case, number = await bad_rating(hall)
    other = await staff(hall, "clerk.wj", "clerk", "WJ")
    listed = await other.client.get("/staff/ratings")
    assert listed.status_code == 200 and number not in listed.text
    page = await other.client.get(f"/staff/ratings/{case.id}")
    assert page.status_code == 403 and "等了很久" not in page.text
    home = await other.client.get("/staff/")
    csrf = csrf_of(home)
    acted = await other.client.post(
        f"/staff/ratings/{case.id}/callback", data={"csrf_token": csrf, "outcome": "reached", "note": "x"}
    )
    assert acted.status_code == 403
    assert await hall.services.db.fetch_all("SELECT id FROM rating_followup_steps") == []


async def test_administrators_are_refused_and_a_post_without_the_token_too(hall: Hall) -> None:
    _, case, _ = await bad_rating(hall)
    client, _ = await signed_in_admin(hall)
    assert (await client.get("/staff/ratings")).status_code == 403
    assert 'href="/staff/ratings"' not in (await client.get("/staff/")).text
    clerk = await staff(hall, "clerk.ga", "clerk", "GA")
    forged = await clerk.client.post(f"/staff/ratings/{case.id}/callback", data={"outcome": "reached", "note": "x"})
    assert forged.status_code == 403
    assert await hall.services.db.fetch_all("SELECT id FROM rating_followup_steps") == []


async def test_appeal_filed_by_the_department_decided_by_a_supervisor(hall: Hall) -> None:
    rating, case, number = await bad_rating(hall)
    before = await hall.services.db.fetch_one("SELECT * FROM ratings WHERE id = ?", (rating.id,))
    clerk = await staff(hall, "clerk.ga", "clerk", "GA")
    filed = await post(clerk, case.id, "appeal", {"grounds": "malicious", "reason": "评价人多次恶意差评"})
    assert filed.status_code == 303
    # A clerk cannot decide, not even by posting the form by hand.
    refused = await post(clerk, case.id, "decide", {"decision": "accept", "reason": "自己批准"})
    assert refused.status_code == 403
    page = await clerk.client.get(f"/staff/ratings/{case.id}")
    assert "待监察人员审核" in page.text and 'id="decide-form"' not in page.text

    supervisor = await staff(hall, "sup", "supervisor")
    listed = await supervisor.client.get("/staff/ratings")
    assert "待审核的申诉" in listed.text and "评价人多次恶意差评" in listed.text and number in listed.text
    decided = await post(supervisor, case.id, "decide", {"decision": "accept", "reason": "经核实属恶意差评"})
    assert decided.status_code == 303
    page = await supervisor.client.get(f"/staff/ratings/{case.id}")
    assert 'data-counted="false"' in page.text and "申诉成立" in page.text
    assert await ratings.counted(hall.services.db) == []
    after = await hall.services.db.fetch_one("SELECT * FROM ratings WHERE id = ?", (rating.id,))
    assert before is not None and after is not None and tuple(before) == tuple(after)
    again = await post(supervisor, case.id, "decide", {"decision": "reject", "reason": "改判"})
    assert again.status_code == 409  # a decision is final
    assert (await supervisor.client.get("/staff/ratings")).text.count("data-appeal=") == 0
