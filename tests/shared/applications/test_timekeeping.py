"""The running clock of an application (承诺时限): events on the timeline → green, yellow, red,
paused for corrections and uncounted special procedures, stopped by the decision.

Time travels with the app's ManualClock, starting on Monday 2 March 2026 (no holiday near):
GA-SFZ-002 in the fixture catalog promises 20 working days (legal 60).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shared.applications import repository, special, timekeeping, workflow
from shared.applications.model import CorrectionItem, Event
from shared.applications.states import State
from shared.calendar.days import weekends_only
from shared.clock import CHINA_TIME, ManualClock
from shared.errors import Conflict, ValidationFailed
from shared.services import Services
from tests.shared.applications.conftest import (
    CLERK_GA,
    DESK,
    KIOSK,
    REVIEWER_GA,
    People,
    change_catalog,
    item_doc,
    submitted,
)

DAY = 86400.0
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TIME)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY.timestamp())


def days_later(clock: ManualClock, days: int) -> None:
    clock.advance(days * DAY)


def limits(promised: int, legal: int, **more: Any) -> Any:
    def change(doc: dict[str, Any]) -> None:
        item = item_doc(doc, "GA-SFZ-002")
        item.update(promised_days=promised, legal_days=legal, **more)

    return change


def event(act: str, day: dt.date, **detail: Any) -> Event:
    at = dt.datetime(day.year, day.month, day.day, 10, tzinfo=CHINA_TIME).astimezone(dt.UTC).isoformat()
    return Event(1, "a_x", at, "staff", "x", None, None, act, None, None, detail)


# --- pure ------------------------------------------------------------------------------------


def test_clock_events_read_the_timeline() -> None:
    d = dt.date(2026, 3, 2)
    events = [
        event("start", d),
        event("submit", d),
        event("return", d + dt.timedelta(days=1)),
        event("resubmit", d + dt.timedelta(days=3)),
        event("resubmit", d + dt.timedelta(days=3)),  # a resume without a pause is not the clock's
        event("special_start", d + dt.timedelta(days=4), kind="public_notice", counted=False),
        event("special_end", d + dt.timedelta(days=8)),
        event("approve", d + dt.timedelta(days=9)),
        event("deliver", d + dt.timedelta(days=10)),
    ]
    kinds = [(c.kind, c.counts) for c in timekeeping.clock_events(events)]
    assert kinds == [
        ("start", False),
        ("pause", False),
        ("resume", False),
        ("pause", False),
        ("resume", False),
        ("stop", False),
    ]


def test_counted_special_procedure_keeps_the_clock_running() -> None:
    d = dt.date(2026, 3, 2)
    events = [event("submit", d), event("special_start", d + dt.timedelta(days=1), kind="inspection", counted=True)]
    status = timekeeping.status_from(weekends_only(), events, 5, 10, 0.75, d + dt.timedelta(days=2))
    assert not status.paused and status.light == "green"
    assert status.promised_due == dt.date(2026, 3, 9)


def test_words_in_both_languages() -> None:
    d = dt.date(2026, 3, 2)
    calendar = weekends_only()
    status = timekeeping.status_from(calendar, [event("submit", d)], 5, 10, 0.75, d)
    assert status.plain.zh == "承诺 2026年3月9日 前办结（还有 5 个工作日）"
    assert status.plain.en == "Promised by 9 March 2026 (5 working day(s) left)"
    late = timekeeping.status_from(calendar, [event("submit", d)], 5, 10, 0.75, dt.date(2026, 3, 11))
    assert late.light == "red" and late.working_days_left == -2
    assert late.plain.zh == "已超过承诺办结日期 2026年3月9日（逾期 2 个工作日）"
    today = timekeeping.status_from(calendar, [event("submit", d)], 5, 10, 0.75, dt.date(2026, 3, 9))
    assert today.light == "yellow" and today.plain.zh == "承诺今天（2026年3月9日）办结"
    # Due Friday 6 March, read on the Saturday: late, though no working day has passed yet.
    weekend = timekeeping.status_from(calendar, [event("submit", d)], 4, 10, 0.75, dt.date(2026, 3, 7))
    assert weekend.light == "red" and weekend.promised_due == dt.date(2026, 3, 6)
    assert weekend.plain.zh == "已超过承诺办结日期 2026年3月6日"
    assert weekend.plain.en == "Past the promised date of 6 March 2026"


# --- over the real stack --------------------------------------------------------------------


async def test_green_then_yellow_then_red(running: Any, people: People) -> None:
    services: Services = running.services
    app = await submitted(services, people.zhang)
    status = await timekeeping.time_status(services, app)
    assert status.light == "green"
    assert status.promised_due == dt.date(2026, 3, 30)  # 20 working days after 2 March
    assert status.legal_due is not None and status.working_days_left == 20
    days_later(running.clock, 21)  # Monday 23 March: 15 of 20 days used = 0.75
    status = await timekeeping.time_status(services, app)
    assert (status.light, status.working_days_left) == ("yellow", 5)
    days_later(running.clock, 8)  # Tuesday 31 March
    status = await timekeeping.time_status(services, app)
    assert (status.light, status.working_days_left) == ("red", -1)
    assert "逾期 1 个工作日" in status.plain.zh


async def test_holidays_push_the_promised_date(running: Any, people: People) -> None:
    """Qingming 2026 (4–6 April, 国办发明电〔2025〕7号) falls inside the promise: three days later."""
    services: Services = running.services
    days_later(running.clock, 23)  # Wednesday 25 March
    app = await submitted(services, people.zhang)
    status = await timekeeping.time_status(services, app)
    # 20 working days after 25 March, skipping Monday 6 April (Qingming) and the weekends.
    assert status.promised_due == dt.date(2026, 4, 23)


async def test_a_return_for_correction_pauses_the_clock(running: Any, people: People) -> None:
    services: Services = running.services
    app = await submitted(services, people.zhang)
    days_later(running.clock, 2)  # Wednesday: two working days used
    items = [CorrectionItem("other", "照片回执不清晰")]
    app = await workflow.return_for_correction(services, app, CLERK_GA, items, where=DESK, now=running.clock.now())
    status = await timekeeping.time_status(services, app)
    assert status.paused and status.light is None and status.pause_reason == "correction"
    assert "计时暂停（等待申请人补正）" in status.plain.zh and "已用 2 个工作日" in status.plain.zh
    days_later(running.clock, 14)  # two weeks waiting for the citizen: not the hall's time
    assert (await timekeeping.time_status(services, app)).used_days == 2
    app = await workflow.submit(services, app, channel="kiosk", where=KIOSK, now=running.clock.now())
    status = await timekeeping.time_status(services, app)
    assert not status.paused and status.light == "green"
    # Without the pause it would have been 30 March; the ten paused working days move it.
    assert status.promised_due == dt.date(2026, 4, 14)


async def test_decision_stops_the_clock(running: Any, people: People) -> None:
    services: Services = running.services
    app = await submitted(services, people.zhang)
    now = running.clock.now()
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    app = await workflow.record_opinion(services, app, REVIEWER_GA, "agree", "", where=DESK, now=now)
    app = await workflow.decide(services, app, REVIEWER_GA, "approve", "", where=DESK, now=now)
    days_later(running.clock, 60)
    status = await timekeeping.time_status(services, app)
    assert status.stopped and status.light is None and not status.shown


async def test_special_procedure_pauses_only_when_not_counted(running: Any, people: People) -> None:
    services: Services = running.services
    rules = [{"kind": "public_notice", "counted": False}, {"kind": "inspection", "counted": True}]
    await change_catalog(services, limits(20, 60, special_procedures=rules))
    app = await submitted(services, people.zhang)
    now = running.clock.now()
    with pytest.raises(special.NotInReview):
        await special.start(services, app, REVIEWER_GA, "public_notice", "公示五日", where=DESK, now=now)
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=now)
    with pytest.raises(ValidationFailed):  # not one of the item's special procedures
        await special.start(services, app, REVIEWER_GA, "hearing", "申请听证", where=DESK, now=now)
    with pytest.raises(ValidationFailed):  # a reason is required
        await special.start(services, app, REVIEWER_GA, "public_notice", " ", where=DESK, now=now)
    days_later(running.clock, 1)
    started = await special.start(
        services, app, REVIEWER_GA, "public_notice", "公示五日", where=DESK, now=running.clock.now()
    )
    assert started.running and not started.counted
    with pytest.raises(special.SpecialProcedureRunning):
        await special.start(services, app, REVIEWER_GA, "inspection", "现场核查", where=DESK, now=running.clock.now())
    status = await timekeeping.time_status(services, app)
    assert status.paused and status.pause_reason == "public_notice" and "公示" in status.plain.zh
    days_later(running.clock, 7)  # the notice runs a week: not counted
    ended = await special.end(services, app, REVIEWER_GA, "公示期满无异议", where=DESK, now=running.clock.now())
    assert not ended.running and ended.outcome == "公示期满无异议"
    with pytest.raises(special.NoSpecialProcedure):
        await special.end(services, app, REVIEWER_GA, "再次结束", where=DESK, now=running.clock.now())
    status = await timekeeping.time_status(services, app)
    assert not status.paused and status.used_days == 1
    # Five paused working days (4–10 March) move 30 March on by five, over Qingming (6 April).
    assert status.promised_due == dt.date(2026, 4, 7)
    # A counted one (the item says so) keeps the clock running.
    await special.start(services, app, REVIEWER_GA, "inspection", "现场核查", where=DESK, now=running.clock.now())
    days_later(running.clock, 2)
    status = await timekeeping.time_status(services, app)
    assert not status.paused and status.used_days == 3
    events = [e.act for e in await repository.events_for(services.db, [app.id])]
    assert events.count("special_start") == 2 and events.count("special_end") == 1


async def test_only_the_lead_reviewer_starts_a_special_procedure(running: Any, people: People) -> None:
    from shared.errors import Forbidden
    from tests.shared.applications.conftest import REVIEWER_WJ

    services: Services = running.services
    await change_catalog(services, limits(20, 60, special_procedures=[{"kind": "expert_review"}]))
    app = await submitted(services, people.zhang)
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=running.clock.now())
    with pytest.raises(Forbidden):
        await special.start(services, app, CLERK_GA, "expert_review", "专家评审", where=DESK, now=running.clock.now())
    with pytest.raises((Forbidden, Conflict)):
        await special.start(
            services, app, REVIEWER_WJ, "expert_review", "专家评审", where=DESK, now=running.clock.now()
        )
    assert await special.for_application(services.db, app.id) == []
    assert app.state == State.ACCEPTED
