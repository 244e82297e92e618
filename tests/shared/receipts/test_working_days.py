"""The promised date in working days (weekends skipped; holidays come with issue 7)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from shared.receipts.working_days import add_working_days, is_working_day


def naive(start: dt.date, days: int) -> dt.date:
    day = start
    while days > 0:
        day += dt.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


@pytest.mark.parametrize(
    ("start", "days", "expected"),
    [
        (dt.date(2026, 11, 23), 0, dt.date(2026, 11, 23)),  # Monday, decided on the spot
        (dt.date(2026, 11, 23), 1, dt.date(2026, 11, 24)),
        (dt.date(2026, 11, 27), 1, dt.date(2026, 11, 30)),  # Friday → Monday
        (dt.date(2026, 11, 28), 1, dt.date(2026, 11, 30)),  # Saturday → Monday
        (dt.date(2026, 11, 28), 5, dt.date(2026, 12, 4)),  # Saturday → Friday
        (dt.date(2026, 11, 23), 20, dt.date(2026, 12, 21)),  # four weeks
    ],
)
def test_known_dates(start: dt.date, days: int, expected: dt.date) -> None:
    assert add_working_days(start, days) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2100, 1, 1)), st.integers(0, 400))
def test_same_as_counting_day_by_day(start: dt.date, days: int) -> None:
    result = add_working_days(start, days)
    assert result == naive(start, days)
    assert days == 0 or is_working_day(result)


def test_a_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        add_working_days(dt.date(2026, 1, 1), -1)
