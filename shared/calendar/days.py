"""Working days (工作日): the hall's calendar of public holidays and make-up working days.

Each year the General Office of the State Council (国务院办公厅) announces the public holidays
(法定节假日, 《全国年节及纪念日放假办法》) and the 调休 that goes with them: weekend days worked in
exchange for a longer run of days off. A time limit in working days (承诺时限, 法定时限; 《行政许可法》
第八十二条: 期限以工作日计算，不含法定节假日) counts Monday to Friday, minus the announced holidays,
plus the announced make-up days.

For a year the data does not cover (next year's notice not yet loaded) the Mon–Fri rule applies:
the best answer we can give, and the reason `onevisit calendar load` exists.

Pure: no I/O. `shared.calendar.store` loads the years from the database.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

SATURDAY = 5
ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True)
class WorkCalendar:
    # 法定节假日 and the weekend days inside a run of them (a run is listed whole, as announced).
    holidays: frozenset[dt.date]
    # 调休 make-up working days: a Saturday or Sunday that is worked.
    workdays: frozenset[dt.date]
    # The years the data covers; other years follow the Mon–Fri rule only.
    years: frozenset[int]

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < SATURDAY

    def add_working_days(self, start: dt.date, days: int) -> dt.date:
        """The `days`-th working day after `start` (`start` itself is not counted).

        `days` = 0 answers `start` itself: a 当场办结 item is due the day it starts, whatever day
        that is (callers that need a working day ask `next_working_day`).
        """
        if days < 0:
            raise ValueError("a number of working days is never negative")
        day = start
        left = days
        while left > 0:
            day += ONE_DAY
            if self.is_working_day(day):
                left -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """The number of working days in (start, end]; negative, -(working days in (end, start]), when end < start.

        So `add_working_days(start, working_days_between(start, end)) == end` for a working day
        `end` after `start`, and "working days left" turns negative once a due date has passed.
        """
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start + ONE_DAY
        while day <= end:
            if self.is_working_day(day):
                count += 1
            day += ONE_DAY
        return count

    def next_working_day(self, day: dt.date) -> dt.date:
        """`day` itself when it is a working day, otherwise the first working day after it."""
        return day if self.is_working_day(day) else self.add_working_days(day, 1)


def weekends_only() -> WorkCalendar:
    """A calendar with no holiday data: Monday to Friday are working days."""
    return WorkCalendar(holidays=frozenset(), workdays=frozenset(), years=frozenset())
