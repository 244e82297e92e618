"""The console's deadline filters and its order of urgency, with the ManualClock moving the hall
through March 2026 (no holidays; weekends off). GA-SFZ-002 promises 20 working days, YB-CB-003
three; the clock starts at submission (shared.applications.timekeeping)."""

from __future__ import annotations

import datetime as dt
import re

import httpx2
import pytest

from shared.applications import workflow
from shared.applications.model import CorrectionItem
from shared.clock import CHINA_TIME, ManualClock
from tests.pii import ID_LI
from tests.shared.applications.conftest import CLERK_GA, CLERK_YB, DESK, REVIEWER_GA
from tests.staff.applications_support import LI, Person, citizen, staff, submitted
from tests.staff.conftest import Hall, sign_in

DAY = 86400.0
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TIME)
ROW = re.compile(r'<tr data-ref="([0-9-]+)">')


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY.timestamp())


def refs(page: httpx2.Response) -> list[str]:
    assert page.status_code == 200, page.text
    return ROW.findall(page.text)


async def listed(person: Person, query: str = "") -> list[str]:
    await sign_in(person.client, person.username)  # days pass between looks: the session went idle
    return refs(await person.client.get("/staff/applications" + query))


async def test_overdue_warning_and_due_within_n_working_days(hall: Hall) -> None:
    services = hall.services
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    ga = await submitted(services, zhang)  # Monday 2 March: promised by Monday 30 March
    hall.clock.advance(2 * DAY)
    yb = await submitted(services, li, "YB-CB-003", LI)  # Wednesday 4 March: three working days
    supervisor = await staff(hall, "watcher", "supervisor")

    # Wednesday: nothing late, nothing warned; YB has 3 working days left, GA 18.
    assert await listed(supervisor, "?deadline=overdue") == []
    assert await listed(supervisor, "?deadline=warning") == []
    assert await listed(supervisor, "?deadline=due&within=3") == [yb.ref]
    assert await listed(supervisor, "?deadline=due&within=2") == []
    assert await listed(supervisor, "?deadline=due&within=18") == [yb.ref, ga.ref]
    # Most urgent first, although YB came in two days later; oldest first says otherwise.
    assert await listed(supervisor) == [yb.ref, ga.ref]
    assert await listed(supervisor, "?sort=oldest") == [ga.ref, yb.ref]

    hall.clock.advance(5 * DAY)  # Monday 9 March: YB's promised day (yellow), GA 15 left
    assert await listed(supervisor, "?deadline=warning") == [yb.ref]
    assert await listed(supervisor, "?deadline=due&within=0") == [yb.ref]
    assert await listed(supervisor, "?deadline=overdue") == []

    hall.clock.advance(DAY)  # Tuesday: YB is overdue (red) and stays due whatever N
    assert await listed(supervisor, "?deadline=overdue") == [yb.ref]
    assert await listed(supervisor, "?deadline=warning") == []
    assert await listed(supervisor, "?deadline=due&within=0") == [yb.ref]
    page = await supervisor.client.get("/staff/applications?deadline=overdue")
    assert 'data-light="red"' in page.text and "逾期 1 个工作日" in page.text
    # N is kept inside 0..60; nonsense is the default (3).
    assert await listed(supervisor, "?deadline=due&within=999") == [yb.ref, ga.ref]
    assert await listed(supervisor, "?deadline=due&within=x") == [yb.ref]
    assert await listed(supervisor, "?deadline=nonsense") == [yb.ref, ga.ref]

    # A clerk of GA: the same filters, inside GA's scope only.
    clerk = await staff(hall, "clerk_ga", "clerk", "GA")
    assert await listed(clerk, "?deadline=overdue") == []
    assert await listed(clerk, "?deadline=due&within=14") == [ga.ref]


async def test_urgency_puts_running_clocks_first_then_decided_waiting_and_closed(hall: Hall) -> None:
    services = hall.services
    now = hall.clock.now
    zhang = await citizen(services)
    li = await citizen(services, "李四", ID_LI)
    decided = await submitted(services, zhang)
    decided = await workflow.accept(services, decided, CLERK_GA, where=DESK, now=now())
    decided = await workflow.record_opinion(services, decided, REVIEWER_GA, "agree", "", where=DESK, now=now())
    decided = await workflow.decide(services, decided, REVIEWER_GA, "approve", "", where=DESK, now=now())
    returned = await submitted(services, zhang)
    item = CorrectionItem("answers.applicant_phone", "电话无法接通")
    returned = await workflow.return_for_correction(services, returned, CLERK_GA, [item], where=DESK, now=now())
    refused = await submitted(services, zhang)
    refused = await workflow.refuse(services, refused, CLERK_GA, "不属于本部门受理范围", where=DESK, now=now())
    running_ga = await submitted(services, zhang)
    running_yb = await submitted(services, li, "YB-CB-003", LI)
    running_yb = await workflow.accept(services, running_yb, CLERK_YB, where=DESK, now=now())
    supervisor = await staff(hall, "watcher", "supervisor")

    assert await listed(supervisor) == [running_yb.ref, running_ga.ref, decided.ref, returned.ref, refused.ref]
    # A paused clock (waiting for the citizen) is in no deadline filter.
    hall.clock.advance(30 * DAY)
    overdue = await listed(supervisor, "?deadline=overdue")
    assert overdue == [running_yb.ref, running_ga.ref]
    assert returned.ref not in await listed(supervisor, "?deadline=due&within=60")
