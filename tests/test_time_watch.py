"""The watch job with time travel: warnings, overdue marks and deemed approval (过期默许) fire
exactly once — on repeated passes, across a restart (a new app on the same data directory)
and with two app instances (two writers) on one SQLite file running at the same moment.

GA-SFZ-002 in the fixture catalog is changed to promise 4 working days with a legal limit of
6 and, where a test says so, to allow deemed approval. Time starts on Monday 2 March 2026.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from typing import Any

import pytest

from onevisit import create_app
from shared.applications import repository, results, timekeeping, watch, workflow
from shared.applications.model import Application, CorrectionItem
from shared.applications.states import State
from shared.audit import recent
from shared.clock import CHINA_TIME, ManualClock
from shared.config import Settings
from shared.services import Services
from tests.conftest import Running
from tests.pii import ID_ZHANG
from tests.shared.applications.conftest import CLERK_GA, DESK, change_catalog, id_card_citizen, item_doc, submitted

DAY = 86400.0
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TIME)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY.timestamp())


def short_limits(deemed: bool) -> Any:
    def change(doc: dict[str, Any]) -> None:
        item_doc(doc, "GA-SFZ-002").update(promised_days=4, legal_days=6, deemed_approval=deemed)

    return change


async def an_application(running: Running, *, deemed: bool) -> Application:
    services = running.services
    await change_catalog(services, short_limits(deemed))
    citizen = await id_card_citizen(services, "张三", ID_ZHANG)
    return await submitted(services, citizen)


async def alert_rows(services: Services, app: Application) -> list[tuple[str, str | None]]:
    rows = await services.db.fetch_all(
        "SELECT kind, due FROM time_alerts WHERE application_id = ? ORDER BY kind", (app.id,)
    )
    return [(str(row["kind"]), row["due"]) for row in rows]


async def acts(services: Services, app: Application) -> list[str]:
    return [event.act for event in await repository.events_for(services.db, [app.id])]


@asynccontextmanager
async def another_process(settings: Settings, clock: ManualClock) -> AsyncIterator[Services]:
    """A second app instance on the same data directory: its own writer connection, its own
    catalog snapshot, the same SQLite file (what a second uvicorn worker would be)."""
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        yield state["services"]


async def test_warned_overdue_and_deemed_once_each(running: Running) -> None:
    services = running.services
    app = await an_application(running, deemed=True)
    assert (await watch.run_once(services)).count("warned") == 0  # day 0 of 4: green
    running.clock.advance(3 * DAY)  # Thursday: 3 of 4 days used -> yellow
    report = await watch.run_once(services)
    assert report.raised["warned"] == [app.id] and report.count("overdue") == 0
    assert (await watch.run_once(services)).count("warned") == 0  # already warned
    running.clock.advance(4 * DAY)  # Monday 9 March: the promised 6 March has passed
    report = await watch.run_once(services)
    assert report.raised["overdue"] == [app.id] and report.count("deemed") == 0
    running.clock.advance(2 * DAY)  # Wednesday 11 March: the legal limit (10 March) has passed
    report = await watch.run_once(services)
    assert report.raised["deemed"] == [app.id]
    for _ in range(2):
        again = await watch.run_once(services)
        assert again.count("warned") + again.count("overdue") + again.count("deemed") == 0
    running.clock.advance(30 * DAY)
    assert (await watch.run_once(services)).checked == 0  # decided: no longer the watch's

    assert await alert_rows(services, app) == [
        ("deemed", "2026-03-10"),
        ("overdue", "2026-03-06"),
        ("warned", "2026-03-06"),
    ]
    events = await acts(services, app)
    assert events.count("time_warned") == 1 and events.count("time_overdue") == 1
    assert events.count("deemed_approve") == 1
    approved = await repository.load(services.db, services.vault, app.id)
    assert approved is not None and approved.state == State.APPROVED and approved.decided_at is not None
    # The decision cites the rule and the item version it was made under.
    (decision,) = [d for d in await results.for_application(services.db, app.id) if d.kind == "decision"]
    assert decision.body["deemed"] is True and decision.body["rule"] == "deemed_approval"
    assert decision.body["item_code"] == "GA-SFZ-002" and decision.body["item_version"] == app.item_version
    # The audit trail names the system as the actor of each alert.
    audited = [entry for entry in await recent(services.db, limit=200) if entry.target == app.id]
    names = [entry.action for entry in audited]
    assert names.count("application.time_warned") == 1 and names.count("application.deemed_approve") == 1
    assert all(entry.actor_kind == "system" for entry in audited if entry.action.startswith("application.time_"))


async def test_no_deemed_approval_where_the_rule_does_not_allow_it(running: Running) -> None:
    services = running.services
    app = await an_application(running, deemed=False)
    running.clock.advance(30 * DAY)
    report = await watch.run_once(services)
    assert report.raised["overdue"] == [app.id] and report.count("deemed") == 0
    still = await repository.load(services.db, services.vault, app.id)
    assert still is not None and still.state == State.SUBMITTED
    assert [kind for kind, _ in await alert_rows(services, app)] == ["overdue"]
    assert (await timekeeping.time_status(services, still)).light == "red"


async def test_waiting_for_the_citizen_is_never_overdue(running: Running) -> None:
    services = running.services
    app = await an_application(running, deemed=True)
    running.clock.advance(1 * DAY)
    items = [CorrectionItem("other", "照片回执不清晰")]
    await workflow.return_for_correction(services, app, CLERK_GA, items, where=DESK, now=running.clock.now())
    running.clock.advance(30 * DAY)
    report = await watch.run_once(services)
    assert report.checked == 0 and await alert_rows(services, app) == []


async def test_a_decision_in_time_raises_nothing(running: Running) -> None:
    services = running.services
    app = await an_application(running, deemed=True)
    await workflow.refuse(services, app, CLERK_GA, "不属于本部门受理范围", where=DESK, now=running.clock.now())
    running.clock.advance(30 * DAY)
    await watch.run_once(services)
    assert await alert_rows(services, app) == []


async def test_across_a_restart(running: Running, settings: Settings) -> None:
    services = running.services
    app = await an_application(running, deemed=False)
    running.clock.advance(7 * DAY)
    assert (await watch.run_once(services)).raised["overdue"] == [app.id]
    # The hall's server restarts: a new app on the same data directory remembers.
    async with another_process(settings, running.clock) as restarted:
        report = await watch.run_once(restarted)
        assert report.checked == 1 and report.count("overdue") == 0
    assert (await acts(services, app)).count("time_overdue") == 1


async def test_two_workers_on_one_database(running: Running, settings: Settings) -> None:
    services = running.services
    apps = [await an_application(running, deemed=True)]
    citizen = apps[0].citizen_id
    apps += [await submitted(services, citizen) for _ in range(4)]
    running.clock.advance(9 * DAY)  # past the legal limit: overdue and deemed for all five
    async with another_process(settings, running.clock) as second:
        reports = await asyncio.gather(
            watch.run_once(services), watch.run_once(second), watch.run_once(services), watch.run_once(second)
        )
    for kind in ("overdue", "deemed"):
        raised = [app_id for report in reports for app_id in report.raised[kind]]
        assert sorted(raised) == sorted(app.id for app in apps), kind
    for app in apps:
        events = await acts(services, app)
        assert events.count("time_overdue") == 1 and events.count("deemed_approve") == 1
        decisions = [d for d in await results.for_application(services.db, app.id) if d.kind == "decision"]
        assert len(decisions) == 1


async def test_the_watch_runs_in_the_background(settings: Settings, clock: ManualClock) -> None:
    """With ONEVISIT_WATCH_SECONDS set, the app's lifespan runs passes by itself; 0 runs none."""
    fast = replace(settings, watch_seconds=1)
    seen: list[Services] = []
    original = watch.run_once

    async def counting(services: Services) -> watch.WatchReport:
        seen.append(services)
        return await original(services)

    watch_module: Any = watch
    watch_module.run_once = counting
    try:
        async with another_process(fast, clock):
            await asyncio.sleep(1.3)
        assert len(seen) == 1
        seen.clear()
        async with another_process(replace(settings, watch_seconds=0), clock):
            await asyncio.sleep(1.2)
        assert seen == []
    finally:
        watch_module.run_once = original
