"""A case's deadline: the last working day (工作日) to answer it, by kind.

Working days come from the hall's calendar (`shared.calendar`: the State Council's
法定节假日 and the 调休 weekends that are worked); a year it has no data for counts
Monday to Friday (`shared.calendar.days.weekends_only()` is that rule alone, for tests and
callers without a database).
"""

from __future__ import annotations

import datetime as dt
from typing import Protocol

from shared.calendar import store
from shared.complaints.kinds import DEADLINE_DAYS, Kind
from shared.db import Database


class WorkingDays(Protocol):
    def add_working_days(self, start: dt.date, days: int) -> dt.date: ...


async def calendar(db: Database) -> WorkingDays:
    """The hall's calendar as loaded now (read before the change's transaction)."""
    return await store.current(db)


def due_date(days: WorkingDays, kind: Kind, raised_on: dt.date) -> dt.date:
    """The `DEADLINE_DAYS[kind]`-th working day after the day the case was raised."""
    return days.add_working_days(raised_on, DEADLINE_DAYS[kind])


def is_overdue(due: dt.date, answered: bool, today: dt.date) -> bool:
    """Past its deadline with no answer yet (a reply meets the deadline)."""
    return not answered and today > due
