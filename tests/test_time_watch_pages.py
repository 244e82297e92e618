"""The light and the promised date where people read them: the phone API's application JSON
(against its OpenAPI schema) and the staff queue and detail pages, including special
procedures started and ended on the page and the deemed-approval flag in the queue.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from shared.applications import access, repository, watch, workflow
from shared.clock import CHINA_TIME, ManualClock
from tests.conftest import Running
from tests.mobile_api.application_helpers import assert_documented, submitted as phone_submitted, url
from tests.mobile_api.auth_helpers import bearer, mobile_token
from tests.shared.applications.conftest import CLERK_GA, DESK, change_catalog, item_doc
from tests.staff.applications_support import citizen, staff, submitted
from tests.staff.conftest import (
    Hall,
    hall as hall,
    sign_in,
)

DAY = 86400.0
MONDAY = dt.datetime(2026, 3, 2, 9, 0, tzinfo=CHINA_TIME)


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(MONDAY.timestamp())


def short_deemed(doc: dict[str, Any]) -> None:
    item_doc(doc, "GA-SFZ-002").update(
        promised_days=4,
        legal_days=6,
        deemed_approval=True,
        special_procedures=[{"kind": "public_notice", "counted": False}],
    )


async def test_phone_api_tells_the_light_and_the_promised_date(running: Running) -> None:
    phone, app = await phone_submitted(running)
    response = await running.client.get(url(app), headers=phone)
    assert response.status_code == 200
    assert_documented(response, "/api/v1/applications/{ref}", "get")
    time = response.json()["time"]
    assert time["light"] == "green" and time["paused"] is False
    assert time["promised_due"] is not None and time["working_days_left"] > 0
    assert time["plain"]["zh"].startswith("承诺 ") and "个工作日" in time["plain"]["zh"]
    running.clock.advance(400 * DAY)
    stored = await repository.load(running.services.db, running.services.vault, app["id"])
    assert stored is not None
    fresh = bearer(await mobile_token(running.services, stored.citizen_id))  # the old token has expired
    late = (await running.client.get(url(app), headers=fresh)).json()["time"]
    assert late["light"] == "red" and late["light_name"]["zh"] == "已逾期" and late["working_days_left"] < 0


async def test_staff_queue_and_detail_show_time_and_special_procedures(hall: Hall) -> None:
    services = hall.services
    await change_catalog(services, short_deemed)
    app = await submitted(services, await citizen(services))
    app = await workflow.accept(services, app, CLERK_GA, where=DESK, now=hall.clock.now())
    reviewer = await staff(hall, "reviewer_ga", "reviewer", "GA")

    queue = await reviewer.client.get("/staff/applications")
    assert 'data-light="green"' in queue.text and "承诺 2026年3月6日 前办结（还有 4 个工作日）" in queue.text

    page = await reviewer.page(app.ref)
    assert 'id="special-start"' in page.text and "公示" in page.text
    started = await reviewer.post(app.ref, "special_start", {"kind": "public_notice", "reason": "公示五日"})
    assert started.status_code == 303
    hall.clock.advance(7 * DAY)  # a week of public notice: not counted
    await sign_in(reviewer.client, reviewer.username)  # the staff session ended while idle
    page = await reviewer.page(app.ref)
    assert 'data-light="paused"' in page.text and "计时暂停（公示）" in page.text
    assert 'id="special-end"' in page.text and 'id="special-start"' not in page.text
    ended = await reviewer.post(app.ref, "special_end", {"outcome": "公示期满无异议"})
    assert ended.status_code == 303
    page = await reviewer.page(app.ref)
    assert "公示期满无异议" in page.text and 'data-light="green"' in page.text

    hall.clock.advance(14 * DAY)  # well past the legal limit, still undecided
    report = await watch.run_once(services)
    assert report.raised["deemed"] == [app.id]
    await sign_in(reviewer.client, reviewer.username)
    queue = await reviewer.client.get("/staff/applications")
    assert 'data-alert="deemed"' in queue.text and "过期默许" in queue.text
    page = await reviewer.page(app.ref)
    assert "视为准予办理" in page.text  # the system's decision on the timeline, citing the rule
    decided = await access.for_staff(services, reviewer_principal(), app.ref)
    assert decided.state.value == "approved"


def reviewer_principal() -> Any:
    from tests.shared.applications.conftest import REVIEWER_GA

    return REVIEWER_GA
