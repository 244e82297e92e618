"""Staff application pages end to end: every action through the pages (303 back with a
confirmation), the correct-once rule (一次性告知) and its supervisor override, parallel
review (并联审批), delivery and window visits, and refused actions shown, never crashed."""

from __future__ import annotations

from shared import audit
from shared.applications import drafts, repository, results, trips, workflow
from shared.applications.states import State
from tests.staff.applications_support import KIOSK, citizen, done_text, staff, submitted
from tests.staff.conftest import Hall


async def reload_state(hall: Hall, application_id: str) -> State:
    app = await repository.load(hall.services.db, hall.services.vault, application_id)
    assert app is not None
    return app.state


async def test_accept_review_decide_deliver_through_the_pages(hall: Hall) -> None:
    """YB leads, GA reviews as well: the decision waits for both opinions."""
    services = hall.services
    app = await submitted(services, await citizen(services), "YB-CB-003")
    clerk = await staff(hall, "clerk_yb", "clerk", "YB")
    reviewer_yb = await staff(hall, "reviewer_yb", "reviewer", "YB")
    reviewer_ga = await staff(hall, "reviewer_ga", "reviewer", "GA")

    # The GA reviewer sees nothing of it before acceptance (no task yet).
    assert (await reviewer_ga.page(app.ref)).status_code == 403

    accepted = await clerk.post(app.ref, "accept")
    assert accepted.status_code == 303
    assert accepted.headers["location"] == f"/staff/applications/{app.ref}?done=accepted"
    page = await clerk.client.get(accepted.headers["location"])
    assert done_text(page) == "已受理。" and "已受理" in page.text
    assert "受理了申请" in page.text and "clerk_yb (clerk)" in page.text  # the timeline: what, who, when

    # GA reviews now, so its window clerk sees it in the queue and on its page, but acts only as
    # the lead department's clerk would: not at all (403), apart from recording a visit.
    co_clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    assert app.ref in (await co_clerk.client.get("/staff/applications")).text
    co_page = await co_clerk.page(app.ref)
    assert co_page.status_code == 200 and 'id="action-visit"' in co_page.text
    assert (await co_clerk.post(app.ref, "refuse", {"reason": "不属于本部门"})).status_code == 403

    # Both departments now have a task; the lead reviewer cannot decide before both are in.
    lead_page = await reviewer_yb.page(app.ref)
    assert 'id="action-opinion"' in lead_page.text and 'id="action-decide"' not in lead_page.text
    disagree_without_reason = await reviewer_ga.post(app.ref, "opinion", {"opinion": "disagree"})
    assert disagree_without_reason.status_code == 422 and "不同意时须写明意见说明" in disagree_without_reason.text
    agreed = await reviewer_ga.post(app.ref, "opinion", {"opinion": "agree", "comment": "户籍核验无误"})
    assert agreed.status_code == 303
    again = await reviewer_ga.post(app.ref, "opinion", {"opinion": "agree"})
    assert again.status_code == 409  # one opinion per department
    early = await reviewer_yb.post(app.ref, "decide", {"decision": "approve"})
    assert early.status_code == 409 and "尚有部门未出具审查意见" in early.text
    assert "Not every department" in early.text  # the other language below
    assert (await reviewer_yb.post(app.ref, "opinion", {"opinion": "agree"})).status_code == 303
    assert await reload_state(hall, app.id) == State.UNDER_REVIEW

    decide_page = await reviewer_yb.page(app.ref)
    assert 'id="action-decide"' in decide_page.text and "户籍核验无误" in decide_page.text
    # A reviewer of another department with a task may give an opinion, never decide.
    assert (await reviewer_ga.post(app.ref, "decide", {"decision": "approve"})).status_code == 403
    decided = await reviewer_yb.post(app.ref, "decide", {"decision": "approve", "reason": "符合条件"})
    assert decided.status_code == 303
    # YB-CB-003 issues nothing to hand over: the system delivers it at once.
    assert await reload_state(hall, app.id) == State.DELIVERED
    final = await reviewer_yb.client.get(decided.headers["location"])
    assert done_text(final) == "办结决定已记录。"
    assert "准予行政许可决定书" in final.text and "YB-JD-" in final.text
    assert "没有可办理的操作" in final.text or "nothing for you to do" in final.text


async def test_window_and_mail_delivery(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))  # GA-SFZ-002, collect at the window
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")
    assert (await clerk.post(app.ref, "accept")).status_code == 303
    assert (await reviewer.post(app.ref, "opinion", {"opinion": "agree"})).status_code == 303
    assert (await reviewer.post(app.ref, "decide", {"decision": "approve"})).status_code == 303
    assert await reload_state(hall, app.id) == State.APPROVED
    assert any(d.kind == "certificate" for d in await results.for_application(services.db, app.id))

    page = await clerk.page(app.ref)
    assert 'id="action-deliver"' in page.text and 'name="tracking"' not in page.text
    # The applicant chose the window: mail is refused with its message, nothing changes.
    mailed = await clerk.post(app.ref, "deliver", {"how": "mail", "tracking": "SF100200300"})
    assert mailed.status_code == 409 and "领取方式" in mailed.text
    handed = await clerk.post(app.ref, "deliver", {"how": "window"})
    assert handed.status_code == 303
    assert await reload_state(hall, app.id) == State.DELIVERED
    assert done_text(await clerk.client.get(handed.headers["location"])) == "已登记送达。"


async def test_mail_delivery_needs_a_tracking_number(hall: Hall) -> None:
    services = hall.services
    owner = await citizen(services)
    app = await submitted(services, owner)
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")
    # The citizen changes to mail while it is returned (the only time they may).
    assert (await clerk.post(app.ref, "return", {"other": "请补充邮寄地址"})).status_code == 303
    current = await repository.load(services.db, services.vault, app.id)
    assert current is not None
    current = await drafts.save_answers(
        services, current, {"delivery": "mail", "mailing_address": "北京市东城区某街 1 号"}, now=hall.clock.now()
    )
    current = await drafts.set_delivery(services, current, "mail", "北京市东城区某街 1 号", now=hall.clock.now())
    await workflow.submit(services, current, channel="kiosk", where=KIOSK, now=hall.clock.now())
    for who, action, data in (
        (clerk, "accept", {}),
        (reviewer, "opinion", {"opinion": "agree"}),
        (reviewer, "decide", {"decision": "approve"}),
    ):
        assert (await who.post(app.ref, action, data)).status_code == 303, action
    page = await clerk.page(app.ref)
    assert 'name="tracking"' in page.text and "北京市东城区某街 1 号" in page.text
    missing = await clerk.post(app.ref, "deliver", {"how": "mail"})
    assert missing.status_code == 422 and "快递单号" in missing.text
    phone_like = await clerk.post(app.ref, "deliver", {"how": "mail", "tracking": "13812345678"})
    assert phone_like.status_code == 422 and "13812345678" not in phone_like.text
    sent = await clerk.post(app.ref, "deliver", {"how": "mail", "tracking": "SF1002003004"})
    assert sent.status_code == 303
    timeline_page = await clerk.page(app.ref)
    assert "SF1002003004" in timeline_page.text and "已送达" in timeline_page.text


async def test_return_lists_every_problem_once_then_the_supervisor_allows_another(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    supervisor = await staff(hall, "watcher", "supervisor")

    page = await clerk.page(app.ref)
    assert 'value="answers.applicant_phone"' in page.text  # every answer can be named
    nothing = await clerk.post(app.ref, "return", {})
    assert nothing.status_code == 422 and "请至少勾选一项" in nothing.text
    ticked_only = await clerk.post(app.ref, "return", {"target": ["answers.applicant_phone"]})
    assert ticked_only.status_code == 422 and "请写明需要补正的原因" in ticked_only.text
    assert await reload_state(hall, app.id) == State.SUBMITTED

    returned = await clerk.post(
        app.ref,
        "return",
        {
            "target": ["answers.applicant_phone"],
            "reason.answers.applicant_phone": "手机号无法接通，请核对",
            "reason.answers.applicant_name": "姓名应与身份证一致",  # a reason alone counts as ticked
            "other": "请携带原件核验\n\n照片须为近期免冠照",
        },
    )
    assert returned.status_code == 303
    stored = await repository.load(services.db, services.vault, app.id)
    assert stored is not None and stored.state == State.RETURNED
    targets = [item.target for item in stored.correction]
    assert targets == ["answers.applicant_name", "answers.applicant_phone", "other", "other"]
    shown = await clerk.client.get(returned.headers["location"])
    assert "已退回补正" in shown.text and "手机号无法接通，请核对" in shown.text and "照片须为近期免冠照" in shown.text
    assert "当前待补正" in shown.text

    # The citizen resubmits; a second return is not offered and is refused if posted.
    await workflow.submit(services, stored, channel="kiosk", where=KIOSK, now=hall.clock.now())
    page = await clerk.page(app.ref)
    assert 'id="action-return"' not in page.text and 'id="action-accept"' in page.text
    second = await clerk.post(app.ref, "return", {"other": "还有问题"})
    assert second.status_code == 409 and "已退回补正过一次" in second.text and "supervisor" in second.text

    # The supervisor allows one more, with a reason (required), recorded in the timeline and audit.
    supervisor_page = await supervisor.page(app.ref)
    assert 'id="action-override"' in supervisor_page.text and 'id="action-accept"' not in supervisor_page.text
    no_reason = await supervisor.post(app.ref, "override", {"reason": " "})
    assert no_reason.status_code == 422
    allowed = await supervisor.post(app.ref, "override", {"reason": "申请人新提交的材料出现新问题"})
    assert allowed.status_code == 303
    assert done_text(await supervisor.client.get(allowed.headers["location"])) == "已批准再次退回补正。"
    entries = await audit.recent(services.db, action="application.override_return")
    assert len(entries) == 1 and entries[0].actor_label.startswith("watcher")
    again = await clerk.post(app.ref, "return", {"other": "还有问题"})
    assert again.status_code == 303
    final = await clerk.page(app.ref)
    assert "批准再次退回补正" in final.text and "申请人新提交的材料出现新问题" in final.text


async def test_refuse_needs_a_reason_without_a_personal_number(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    empty = await clerk.post(app.ref, "refuse", {"reason": ""})
    assert empty.status_code == 422 and "请填写此项" in empty.text
    personal = await clerk.post(app.ref, "refuse", {"reason": "联系 13812345678"})
    assert personal.status_code == 422 and "13812345678" not in personal.text
    assert await reload_state(hall, app.id) == State.SUBMITTED
    refused = await clerk.post(app.ref, "refuse", {"reason": "不属于本中心受理范围"})
    assert refused.status_code == 303
    page = await clerk.client.get(refused.headers["location"])
    assert done_text(page) == "已不予受理。" and "不予受理通知书" in page.text
    # A refused transition shows its 409 message, never a trace.
    late = await clerk.post(app.ref, "accept")
    assert late.status_code == 409 and "不能受理" in late.text and "Traceback" not in late.text


async def test_window_visits_count_once_a_day(hall: Hall) -> None:
    services = hall.services
    app = await submitted(services, await citizen(services))
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    before = await trips.count(services.db, app.id)
    first = await clerk.post(app.ref, "visit")
    assert first.headers["location"].endswith("done=visit")
    second = await clerk.post(app.ref, "visit")
    assert second.headers["location"].endswith("done=visit_again")
    assert await trips.count(services.db, app.id) == before + 1
    hall.clock.advance(24 * 3600)
    await staff(hall, "clerk_ga2", "clerk", "GA")  # sessions end after idle time: sign in again
    clerk = await staff(hall, "clerk_ga3", "clerk", "GA")
    assert (await clerk.post(app.ref, "visit")).headers["location"].endswith("done=visit")
    assert await trips.count(services.db, app.id) == before + 2
    page = await clerk.page(app.ref)
    assert page.text.count("公安局窗口") == 2
    assert len(await audit.recent(services.db, action="application.window_visit")) == 3

    supervisor = await staff(hall, "watcher", "supervisor")
    stats = await supervisor.client.get("/staff/trips")
    assert stats.status_code == 200 and "GA-SFZ-002" in stats.text and "超出承诺" in stats.text  # declared 1
