"""The working-day calendar against the State Council's notices for 2024, 2025 and 2026.

Every expected date below was worked out by hand from the notices (国办发明电〔2023〕7号,
〔2024〕12号, 〔2025〕7号), counting day by day: the start day is not counted, make-up
Saturdays and Sundays (调休上班) are counted, days off are skipped.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from shared.calendar.days import WorkCalendar, weekends_only
from shared.calendar.documents import parse_year
from shared.calendar.store import bundled_years

D = dt.date


def shipped_calendar() -> WorkCalendar:
    years = [parse_year(document) for document in bundled_years()]
    return WorkCalendar(
        holidays=frozenset().union(*(y.holiday_dates() for y in years)),
        workdays=frozenset().union(*(y.workday_dates() for y in years)),
        years=frozenset(y.year for y in years),
    )


CALENDAR = shipped_calendar()


def test_the_shipped_years_and_their_notices() -> None:
    sources = {d["year"]: d["source"] for d in bundled_years()}
    assert sources.keys() == {2024, 2025, 2026}
    assert "国办发明电〔2023〕7号" in sources[2024]
    assert "国办发明电〔2024〕12号" in sources[2025]
    assert "国办发明电〔2025〕7号" in sources[2026]


@pytest.mark.parametrize(
    ("day", "working"),
    [
        # 2025 春节: 1月28日（除夕）至2月4日放假；1月26日（周日）、2月8日（周六）上班.
        (D(2025, 1, 26), True),
        (D(2025, 1, 28), False),
        (D(2025, 2, 4), False),
        (D(2025, 2, 5), True),
        (D(2025, 2, 8), True),
        (D(2025, 2, 9), False),  # an ordinary Sunday
        # 2024 春节: 2月10日至17日放假; 除夕 (2月9日) is only "encouraged" off: a working day.
        (D(2024, 2, 9), True),
        (D(2024, 2, 10), False),
        (D(2024, 2, 18), True),
        # 2026 元旦 1月1日至3日, 1月4日（周日）上班; 国庆 10月1日至7日, 9月20日、10月10日上班.
        (D(2026, 1, 2), False),
        (D(2026, 1, 4), True),
        (D(2026, 9, 20), True),
        (D(2026, 10, 7), False),
        (D(2026, 10, 8), True),
        (D(2026, 10, 10), True),
        # 2025 国庆节、中秋节 10月1日至8日.
        (D(2025, 10, 8), False),
        (D(2025, 10, 11), True),
    ],
)
def test_holidays_and_make_up_days(day: dt.date, working: bool) -> None:
    assert CALENDAR.is_working_day(day) is working


def test_ten_working_days_across_spring_festival_2025() -> None:
    # From Fri 24 Jan: 26 Jan (Sun, 上班) 1, 27 Jan 2, [28 Jan–4 Feb off], 5–7 Feb 3–5,
    # 8 Feb (Sat, 上班) 6, 10–13 Feb 7–10.
    assert CALENDAR.add_working_days(D(2025, 1, 24), 10) == D(2025, 2, 13)
    assert CALENDAR.add_working_days(D(2025, 1, 27), 1) == D(2025, 2, 5)
    assert weekends_only().add_working_days(D(2025, 1, 24), 10) == D(2025, 2, 7)


def test_ten_working_days_across_spring_festival_2026() -> None:
    # From Thu 12 Feb: 13 Feb 1, 14 Feb (Sat, 上班) 2, [15–23 Feb off], 24–27 Feb 3–6,
    # 28 Feb (Sat, 上班) 7, 2–4 Mar 8–10.
    assert CALENDAR.add_working_days(D(2026, 2, 12), 10) == D(2026, 3, 4)
    assert weekends_only().add_working_days(D(2026, 2, 12), 10) == D(2026, 2, 26)


def test_ten_working_days_across_national_day_2025() -> None:
    # From Fri 26 Sep: 28 Sep (Sun, 上班) 1, 29–30 Sep 2–3, [1–8 Oct off], 9–10 Oct 4–5,
    # 11 Oct (Sat, 上班) 6, 13–16 Oct 7–10.
    assert CALENDAR.add_working_days(D(2025, 9, 26), 10) == D(2025, 10, 16)


def test_spring_festival_2024_make_up_sundays_count() -> None:
    # From Fri 2 Feb: 4 Feb (Sun, 上班) 1, 5–8 Feb 2–5, 9 Feb (除夕, worked) 6, [10–17 off], 18 Feb (Sun, 上班) 7.
    assert CALENDAR.add_working_days(D(2024, 2, 2), 5) == D(2024, 2, 8)
    assert CALENDAR.add_working_days(D(2024, 2, 2), 7) == D(2024, 2, 18)


def test_zero_days_is_the_start_day_and_negative_is_refused() -> None:
    assert CALENDAR.add_working_days(D(2026, 2, 16), 0) == D(2026, 2, 16)
    with pytest.raises(ValueError):
        CALENDAR.add_working_days(D(2026, 2, 16), -1)


def test_working_days_between() -> None:
    assert CALENDAR.working_days_between(D(2025, 9, 30), D(2025, 10, 9)) == 1
    assert CALENDAR.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2  # 14 Feb (上班), 24 Feb
    assert CALENDAR.working_days_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    assert CALENDAR.working_days_between(D(2026, 3, 4), D(2026, 3, 4)) == 0
    # 2026: 261 weekdays, 19 of them off, 6 make-up weekend days.
    assert CALENDAR.working_days_between(D(2025, 12, 31), D(2026, 12, 31)) == 248


def test_years_outside_the_data_follow_monday_to_friday() -> None:
    assert CALENDAR.is_working_day(D(2027, 10, 1))  # a Friday; 2027's notice is not loaded
    assert not CALENDAR.is_working_day(D(2027, 10, 2))
    assert CALENDAR.next_working_day(D(2026, 2, 15)) == D(2026, 2, 24)


days_in_range = st.dates(min_value=D(2023, 6, 1), max_value=D(2027, 6, 30))


@given(start=days_in_range, days=st.integers(min_value=1, max_value=90))
def test_the_due_date_is_always_a_working_day(start: dt.date, days: int) -> None:
    assert CALENDAR.is_working_day(CALENDAR.add_working_days(start, days))


@given(start=days_in_range, a=st.integers(0, 90), b=st.integers(0, 90))
def test_more_days_never_land_earlier(start: dt.date, a: int, b: int) -> None:
    low, high = sorted((a, b))
    assert CALENDAR.add_working_days(start, low) <= CALENDAR.add_working_days(start, high)
    if low < high:
        assert CALENDAR.add_working_days(start, low) < CALENDAR.add_working_days(start, high)


@given(first=days_in_range, second=days_in_range, days=st.integers(0, 60))
def test_a_later_start_never_lands_earlier(first: dt.date, second: dt.date, days: int) -> None:
    early, late = sorted((first, second))
    assert CALENDAR.add_working_days(early, days) <= CALENDAR.add_working_days(late, days)


@given(start=days_in_range, days=st.integers(0, 90))
def test_counting_back_gives_the_days_added(start: dt.date, days: int) -> None:
    due = CALENDAR.add_working_days(start, days)
    assert CALENDAR.working_days_between(start, due) == days


@given(start=days_in_range, end=days_in_range)
def test_between_is_antisymmetric_and_never_more_than_the_calendar_days(start: dt.date, end: dt.date) -> None:
    forward = CALENDAR.working_days_between(start, end)
    assert forward == -CALENDAR.working_days_between(end, start)
    assert abs(forward) <= abs((end - start).days)
