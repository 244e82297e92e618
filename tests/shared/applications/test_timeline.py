"""The timeline: every event in order, with who and when, in Chinese and English."""

from __future__ import annotations

from shared.applications import timeline, workflow
from shared.applications.model import CorrectionItem, Event
from shared.applications.states import State
from shared.privacy.masking import contains_personal_number
from shared.services import Services
from tests.shared.applications.conftest import (
    CLERK_GA,
    DESK,
    KIOSK,
    REVIEWER_GA,
    SUPERVISOR,
    People,
    submitted,
)


async def test_a_whole_life_in_order_with_words(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    item = CorrectionItem("answers.applicant_phone", "电话无法接通")
    app = await workflow.return_for_correction(services, app, CLERK_GA, [item], where=DESK, now=now)
    app = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=now)
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    app = await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    app = await workflow.deliver(services, app, how="window", staff=CLERK_GA, where=DESK, now=now)
    assert app.state == State.DELIVERED

    events = await timeline.events(services.db, app.id)
    assert [e.act for e in events] == [
        "start",
        "submit",
        "return",
        "resubmit",
        "accept",
        "opinion",
        "approve",
        "certificate",
        "deliver",
    ]
    assert [e.id for e in events] == sorted(e.id for e in events)
    assert all(e.at for e in events)
    departments = (await services.catalog.current()).departments
    texts = [timeline.describe(e, departments) for e in events]
    assert [t.zh for t in texts] == [
        "申请人在自助终端开始填写申请",
        f"申请人通过自助终端提交了申请，申请编号 {app.number}",
        "窗口人员（市公安局）退回补正，一次性告知需补正的 1 项",
        "申请人补正后重新提交了申请",
        "窗口人员（市公安局）受理了申请",
        "部门审批人员（市公安局）出具审查意见：同意",
        "部门审批人员（市公安局）决定准予办理",
        "系统签发了电子证照，已存入申请人的证照夹",
        "窗口人员（市公安局）已送达（窗口领取）",
    ]
    assert texts[4].en == "Window clerk (Municipal Public Security Bureau) accepted the application"
    assert texts[8].en == "Window clerk (Municipal Public Security Bureau) delivered the result (collect at the window)"
    assert all(t.en and not any("\u4e00" <= ch <= "\u9fff" for ch in t.en) for t in texts)
    # Who acted is a role and a department, never a staff member's name or a citizen's number.
    for event, text in zip(events, texts, strict=True):
        assert not contains_personal_number(text.zh + (text.en or "") + event.actor_label)
        assert CLERK_GA.display_name not in text.zh


async def test_the_override_and_texts_without_a_catalog(services: Services, people: People) -> None:
    app = await submitted(services, people.zhang)
    now = services.clock.now()
    item = CorrectionItem("other", "请补充照片")
    app = await workflow.return_for_correction(services, app, CLERK_GA, [item], where=DESK, now=now)
    app = await workflow.submit(services, app, channel="mobile", where=DESK, now=now)
    app = await workflow.override_return(services, app, SUPERVISOR, "原件遗失", where=DESK, now=now)
    app = await workflow.refuse(services, app, CLERK_GA, "不符合条件", where=DESK, now=now)
    events = await timeline.events(services.db, app.id)
    described = [timeline.describe(e) for e in events[-2:]]
    assert [d.zh for d in described] == ["监察人员批准再次退回补正", "窗口人员（GA）决定不予受理"]
    assert [d.en for d in described] == [
        "Supervisor allowed another return for correction",
        "Window clerk (GA) refused to accept the application",
    ]
    assert events[-1].detail["reason"] == "不符合条件"


def test_an_unknown_act_is_still_described() -> None:
    event = Event(1, "a_x", "2026-11-21T00:00:00+00:00", "system", "onevisit", None, None, "migrated", None, None, {})
    text = timeline.describe(event)
    assert text.zh == "系统处理了申请" and text.en == "The system acted on the application"
