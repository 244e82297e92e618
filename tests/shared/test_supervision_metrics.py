"""Each figure of the supervision board against a small hand-made history with known answers
(tests/shared/supervision_history.py), through the real workflows and the real SQLite file."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest

from shared.config import Settings
from shared.services import Services
from shared.supervision import metrics
from shared.supervision.filters import Filters
from tests.conftest import Running
from tests.shared import supervision_history
from tests.shared.supervision_history import CLERK_1, CLERK_2, History

MARCH_APRIL = Filters(dt.date(2027, 3, 1), dt.date(2027, 4, 30))


@pytest.fixture
def settings(settings: Settings) -> Settings:
    # The watch job stays off: these tests read the figures computed from the promised dates.
    return dataclasses.replace(settings, watch_seconds=0)


@pytest.fixture
async def history(running: Running) -> History:
    return await supervision_history.make(running.services, running.clock)


@pytest.fixture
def services(running: Running) -> Services:
    return running.services


async def test_on_time_and_on_the_spot(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    t = board.totals
    assert (t.submitted, t.decided, t.with_deadline, t.on_time, t.on_the_spot) == (4, 3, 3, 2, 1)
    assert t.on_time_rate == pytest.approx(2 / 3)
    assert t.on_the_spot_rate == pytest.approx(1 / 3)
    assert board.late_decided == 1
    assert [d.code for d in board.departments] == ["GA"]


async def test_a_period_that_ends_before_the_late_decision(services: Services, history: History) -> None:
    board = await metrics.build(services, Filters(dt.date(2027, 3, 1), dt.date(2027, 4, 4)))
    assert (board.totals.decided, board.totals.on_time) == (2, 2)
    assert board.totals.on_time_rate == 1.0
    # Ratings are counted by the day they were given: C's (04-05) falls outside.
    assert board.totals.ratings.levels == (0, 1, 0, 0, 1)


async def test_a_period_before_everything_is_empty(services: Services, history: History) -> None:
    board = await metrics.build(services, Filters(dt.date(2027, 1, 1), dt.date(2027, 2, 28)))
    assert (board.totals.submitted, board.totals.decided, board.totals.ratings.count) == (0, 0, 0)
    assert board.totals.on_time_rate is None
    assert board.departments == []


async def test_the_department_filter(services: Services, history: History) -> None:
    other = await metrics.build(services, dataclasses.replace(MARCH_APRIL, department="WJ"))
    assert (other.totals.submitted, other.totals.decided, other.totals.ratings.count) == (0, 0, 0)
    assert other.alerts == []
    ga = await metrics.build(services, dataclasses.replace(MARCH_APRIL, department="GA"))
    assert ga.totals.submitted == 4


async def test_trips_declared_against_measured(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    assert board.totals.average_trips == pytest.approx((1 + 0 + 2 + 0) / 4)
    assert board.totals.trips_over == 1
    [item] = board.items
    assert (item.item_code, item.declared, item.applications, item.most, item.over) == ("GA-SFZ-002", 1, 4, 2, 1)
    assert item.average == pytest.approx(0.75)


async def test_waiting_and_processing_times(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    waiting = board.totals.waiting
    # 1 h, 24 h, 2 h, 3 h: nearest-rank median 2 h, 90th percentile 24 h.
    assert (waiting.count, waiting.median_hours, waiting.p90_hours) == (4, pytest.approx(2), pytest.approx(24))
    processing = board.totals.processing
    a = 5.0  # 10:00 to 15:00
    b = (supervision_history.moment("2027-03-29", 11) - supervision_history.moment("2027-03-02", 9.5)) / 3600
    c = (supervision_history.moment("2027-04-05", 14) - supervision_history.moment("2027-03-01", 13)) / 3600
    assert processing.count == 3
    assert processing.median_hours == pytest.approx(sorted([a, b, c])[1])
    assert processing.p90_hours == pytest.approx(max(a, b, c))


async def test_ratings_by_department_window_and_staff(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    ga = board.departments[0].ratings
    assert ga.levels == (1, 1, 0, 0, 1)
    assert (ga.count, ga.bad) == (3, 2)
    assert ga.average == pytest.approx(8 / 3)
    assert ga.good_rate == pytest.approx(1 / 3)
    assert [(r.key, r.levels) for r in board.by_window] == [("kiosk", (1, 1, 0, 0, 1))]
    staff = {r.key: r.levels for r in board.by_staff}
    assert staff == {str(CLERK_1.account_id): (1, 0, 0, 0, 1), str(CLERK_2.account_id): (0, 1, 0, 0, 0)}


async def test_overdue_computed_while_the_watch_has_raised_nothing(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    assert board.alerts_source == "computed"
    [overdue] = board.alerts
    assert (overdue.number, overdue.kind, overdue.state) == (history.d.number, "overdue", "accepted")
    assert overdue.due == dt.date(2027, 3, 29)
    assert overdue.working_days_over == 5  # 03-30 .. 04-05, Mon–Fri
    assert (board.totals.overdue, board.totals.warned) == (1, 0)


async def test_alerts_come_from_the_watch_table_once_it_has_any(services: Services, history: History) -> None:
    async with services.db.transaction() as tx:
        await tx.execute(
            "INSERT INTO time_alerts (application_id, kind, raised_at, ts, due) VALUES (?, 'warned', ?, ?, ?)",
            (history.b.id, "2027-03-24T02:00:00+00:00", supervision_history.moment("2027-03-24", 10), "2027-03-30"),
        )
    board = await metrics.build(services, MARCH_APRIL)
    assert board.alerts_source == "watch"
    assert [(a.number, a.kind) for a in board.alerts] == [(history.b.number, "warned")]
    assert (board.totals.overdue, board.totals.warned) == (0, 1)


async def test_weeks(services: Services, history: History) -> None:
    board = await metrics.build(services, MARCH_APRIL)
    first = board.weeks[0]
    assert (first.start, first.submitted, first.decided, first.on_time) == (dt.date(2027, 3, 1), 4, 1, 1)
    assert sum(w.decided for w in board.weeks) == 3
    late_week = next(w for w in board.weeks if w.start == dt.date(2027, 4, 5))
    assert (late_week.decided, late_week.on_time, late_week.on_time_rate) == (1, 0, 0.0)


def test_percentile_is_nearest_rank() -> None:
    assert metrics.percentile([], 0.5) is None
    assert metrics.percentile([5.0], 0.9) == 5.0
    assert metrics.percentile([4.0, 1.0, 3.0, 2.0], 0.5) == 2.0
    assert metrics.percentile([float(n) for n in range(1, 11)], 0.9) == 9.0
