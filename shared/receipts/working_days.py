"""The promised date (承诺办结日期) of an application, counted in working days (工作日).

Rule: the day the application is submitted does not count; the promised date is the Nth
working day after it. A time limit of 0 (当场办结, decided on the spot) is the submission
day itself. For now a working day is Monday to Friday; issue 7 brings the hall's holiday
calendar (法定节假日 and the weekend days worked in exchange), which will replace
`is_working_day` without changing the callers.
"""

from __future__ import annotations

import datetime as dt

SATURDAY = 5


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < SATURDAY


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date `days` working days after `start` (`start` itself when `days` is 0)."""
    if days < 0:
        raise ValueError("a time limit is never negative")
    day = start
    left = days
    # Whole weeks first, so a 60-day limit does not walk 84 days one by one.
    weeks, left = divmod(left, 5)
    day += dt.timedelta(weeks=weeks)
    if weeks and not is_working_day(day):
        # Started on a weekend: five working days later is the Friday before.
        day -= dt.timedelta(days=day.weekday() - 4)
        if left == 0:
            return day
    while left > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            left -= 1
    return day
