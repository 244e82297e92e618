"""The receipt's promised date (承诺办结日期) counts on the hall's calendar, holidays and 调休 included."""

from __future__ import annotations

import datetime as dt

import pytest

from shared.applications.model import Application
from shared.calendar.days import weekends_only
from shared.clock import CHINA_TIME, ManualClock
from shared.receipts.building import build_receipt, promised_date
from shared.services import Services
from tests.shared.applications.conftest import People, submitted


@pytest.fixture
def clock() -> ManualClock:
    # Thursday 12 February 2026, 10:00 in the hall: three days before the Spring Festival break.
    return ManualClock(dt.datetime(2026, 2, 12, 10, 0, tzinfo=CHINA_TIME).timestamp())


async def test_a_receipt_before_spring_festival_promises_a_date_after_it(services: Services, people: People) -> None:
    app: Application = await submitted(services, people.zhang)
    receipt = await build_receipt(services, app, "https://hall.example/f/x")
    # GA-SFZ-002 promises 20 working days: 13 Feb 1, 14 Feb (Sat, 上班) 2, [15–23 Feb off],
    # 24–27 Feb 3–6, 28 Feb (Sat, 上班) 7, 2–6 Mar 8–12, 9–13 Mar 13–17, 16–18 Mar 18–20.
    assert receipt.lines[0].promised_days == 20
    assert receipt.lines[0].promised_date == dt.date(2026, 3, 18)
    assert receipt.promised_date == dt.date(2026, 3, 18)
    # Mon–Fri only would have promised 12 March, a date the hall could not keep.
    assert weekends_only().add_working_days(dt.date(2026, 2, 12), 20) == dt.date(2026, 3, 12)


def test_without_a_calendar_the_promised_date_counts_monday_to_friday() -> None:
    assert promised_date(dt.date(2026, 2, 12), 20) == dt.date(2026, 3, 12)
    assert promised_date(dt.date(2026, 2, 12), None) is None
