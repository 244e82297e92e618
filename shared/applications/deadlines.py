"""An application's time limits in working days: the promised date, the legal date, the time used.

The rules (《行政许可法》第四十二条、第四十五条, 第八十二条; 国办发〔2022〕34号 on promised limits):

- The clock starts the working day after its `start` event, which the timeline gives as the day
  the application was received (收件; one not sent back for correction within five days counts as
  accepted from that day, 第三十二条): the start day itself is not counted. A limit of 0 (即办件,
  当场办结) is due on the start day (the next working day if it fell on a day off).
- A return for correction (补正) pauses the clock until the citizen resubmits: the working days
  after the return up to and including the resubmission day do not count; counting resumes the
  working day after. The return day itself was worked on and counts.
- A special procedure (特别程序: 听证, 检验检测, 专家评审, 公示 ...) pauses the clock the same way
  only if the item says its time does not count (第四十五条); one that counts (`counts=True`)
  leaves the clock running.
- The decision (作出决定) stops the clock.
- While paused, the due dates are projected as if counting resumed tomorrow: they move one
  working day later for each working day the pause lasts, and are never in the past. After a
  pause, a matter is due no earlier than the day counting resumed (the citizen's time never
  counts against the hall).

Pure: the events come from the application's timeline (`shared.applications.timekeeping`), the
calendar from `shared.calendar.store.current`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from shared.calendar.days import WorkCalendar

ClockEventKind = Literal["start", "pause", "resume", "stop"]
Light = Literal["green", "yellow", "red"]


@dataclass(frozen=True)
class ClockEvent:
    kind: ClockEventKind
    day: dt.date
    # For a pause: True when the time paused still counts (a special procedure the item counts).
    counts: bool = False


@dataclass(frozen=True)
class Deadline:
    promised_due: dt.date | None  # 承诺办结日期
    legal_due: dt.date | None  # 法定办结日期
    used_days: int  # working days counted so far (up to today, or to the decision)
    paused: bool  # waiting for the citizen or a special procedure that does not count
    stopped: bool  # decided


NOT_STARTED = Deadline(promised_due=None, legal_due=None, used_days=0, paused=False, stopped=False)


@dataclass(frozen=True)
class _Run:
    """Counting runs over the working days in (after, until]; `until` None: still running."""

    after: dt.date
    until: dt.date | None


def _runs(events: Sequence[ClockEvent]) -> tuple[dt.date | None, list[_Run], dt.date | None, dt.date | None]:
    """(start day, counting runs, day of the pause in force or None, day of the decision or None)."""
    start: dt.date | None = None
    runs: list[_Run] = []
    open_pauses: list[bool] = []  # counts flags of the pauses not yet resumed
    paused_on: dt.date | None = None
    stopped: dt.date | None = None
    last: dt.date | None = None
    for event in events:
        if last is not None and event.day < last:
            raise ValueError("clock events must be in date order")
        last = event.day
        if stopped is not None:
            raise ValueError("no clock event after the decision")
        if event.kind == "start":
            if start is not None:
                raise ValueError("the clock starts once")
            start = event.day
            runs.append(_Run(event.day, None))
            continue
        if start is None:
            raise ValueError("the clock has not started")
        if event.kind == "pause":
            open_pauses.append(event.counts)
            if not event.counts and paused_on is None:
                runs[-1] = _Run(runs[-1].after, event.day)
                paused_on = event.day
        elif event.kind == "resume":
            if not open_pauses:
                raise ValueError("a resume without a pause")
            open_pauses.pop()
            if paused_on is not None and all(open_pauses):
                runs.append(_Run(event.day, None))
                paused_on = None
        else:  # stop
            if runs[-1].until is None:
                runs[-1] = _Run(runs[-1].after, event.day)
            stopped = event.day
    return start, runs, paused_on, stopped


def _due(
    calendar: WorkCalendar,
    start: dt.date,
    runs: list[_Run],
    paused_on: dt.date | None,
    stopped_on: dt.date | None,
    limit: int | None,
    today: dt.date,
) -> dt.date | None:
    if limit is None:
        return None
    due = _counted_due(calendar, start, runs, paused_on, stopped_on, limit, today)
    # The citizen's time never counts against the hall: a clock still waiting for them is never
    # due in the past, and one that resumed is due no earlier than the day it resumed (a 即办件
    # returned for correction is due the day it comes back, not the day it first came in).
    if paused_on is not None and stopped_on is None:
        return max(due, calendar.next_working_day(max(today, paused_on)))
    if len(runs) > 1:
        return max(due, calendar.next_working_day(runs[-1].after))
    return due


def _counted_due(
    calendar: WorkCalendar,
    start: dt.date,
    runs: list[_Run],
    paused_on: dt.date | None,
    stopped_on: dt.date | None,
    limit: int,
    today: dt.date,
) -> dt.date:
    if limit == 0:
        return calendar.next_working_day(start)
    left = limit
    for run in runs:
        if run.until is None:
            return calendar.add_working_days(run.after, left)
        available = calendar.working_days_between(run.after, run.until)
        if available >= left:
            return calendar.add_working_days(run.after, left)
        left -= max(available, 0)
    # Decided before the limit ran out: the date it would have reached (the decision was on time).
    # Paused: as if counting resumed tomorrow.
    if stopped_on is not None:
        return calendar.add_working_days(stopped_on, left)
    return calendar.add_working_days(max(today, paused_on or today), left)


def compute(
    calendar: WorkCalendar,
    events: Sequence[ClockEvent],
    promised_days: int | None,
    legal_days: int | None,
    today: dt.date,
) -> Deadline:
    """The application's deadlines as of `today`, from its clock events in date order.

    Raises ValueError for events that cannot happen (a resume without a pause, anything after
    the decision, events out of order): the caller's timeline is wrong, not the citizen.
    """
    if (promised_days is not None and promised_days < 0) or (legal_days is not None and legal_days < 0):
        raise ValueError("a time limit is never negative")
    start, runs, paused_on, stopped_on = _runs(events)
    if start is None:
        return NOT_STARTED
    used = 0
    for run in runs:
        until = today if run.until is None else min(run.until, today)
        used += max(calendar.working_days_between(run.after, until), 0)
    return Deadline(
        promised_due=_due(calendar, start, runs, paused_on, stopped_on, promised_days, today),
        legal_due=_due(calendar, start, runs, paused_on, stopped_on, legal_days, today),
        used_days=used,
        paused=paused_on is not None and stopped_on is None,
        stopped=stopped_on is not None,
    )


def light(deadline: Deadline, promised_days: int | None, warn_share: float, today: dt.date) -> Light | None:
    """Green, yellow (at least `warn_share` of the promised days used) or red (past the promised date).

    None when there is nothing to show: no promised limit, not started, or decided.
    """
    if deadline.stopped or promised_days is None or deadline.promised_due is None:
        return None
    if today > deadline.promised_due:
        return "red"
    if promised_days == 0:
        # 即办件 not yet decided on its day: the whole limit is in use.
        return "yellow"
    if deadline.used_days >= promised_days * warn_share:
        return "yellow"
    return "green"
