"""Deadlines in working days on the real calendars (国务院办公厅 notices for 2024–2026).

Expected dates are counted by hand, day by day, and written out in each test.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, strategies as st

from shared.applications.deadlines import ClockEvent, Deadline, compute, light
from tests.shared.test_calendar_days import CALENDAR

D = dt.date


def start(day: dt.date) -> ClockEvent:
    return ClockEvent("start", day)


def test_the_clock_starts_the_working_day_after_acceptance_across_spring_festival() -> None:
    # Accepted Thu 12 Feb 2026. Promised 10: 13 Feb 1, 14 Feb (Sat, 上班) 2, [15–23 off], 24–27 Feb 3–6,
    # 28 Feb (Sat, 上班) 7, 2–4 Mar 8–10. Legal 20: 5–6 Mar 11–12, 9–13 Mar 13–17, 16–18 Mar 18–20.
    deadline = compute(CALENDAR, [start(D(2026, 2, 12))], 10, 20, today=D(2026, 2, 24))
    assert deadline == Deadline(
        promised_due=D(2026, 3, 4), legal_due=D(2026, 3, 18), used_days=3, paused=False, stopped=False
    )


def test_the_acceptance_day_itself_is_not_counted() -> None:
    assert compute(CALENDAR, [start(D(2026, 3, 2))], 5, None, today=D(2026, 3, 2)).used_days == 0


def test_an_on_the_spot_item_is_due_the_day_it_is_accepted() -> None:
    assert compute(CALENDAR, [start(D(2026, 3, 2))], 0, 0, today=D(2026, 3, 2)).promised_due == D(2026, 3, 2)
    # Accepted on a day off (a self-service acceptance during 春节): due the next working day.
    assert compute(CALENDAR, [start(D(2026, 2, 16))], 0, None, today=D(2026, 2, 16)).promised_due == D(2026, 2, 24)


def test_an_on_the_spot_item_returned_for_correction_is_due_the_day_it_comes_back() -> None:
    # Accepted-then-returned on Mon 2 Mar, corrected on Thu 5 Mar: the days the hall waited for
    # the citizen do not count, so it is due on the 5th, not (overdue) on the 2nd.
    events = [
        start(D(2026, 3, 2)),
        ClockEvent("pause", D(2026, 3, 2)),
        ClockEvent("resume", D(2026, 3, 5)),
    ]
    assert compute(CALENDAR, events, 0, None, today=D(2026, 3, 5)).promised_due == D(2026, 3, 5)
    # Still waiting for the citizen: due the day they come back at the earliest, never in the past.
    waiting = compute(CALENDAR, events[:2], 0, None, today=D(2026, 3, 4))
    assert waiting.paused and waiting.promised_due == D(2026, 3, 4)
    assert light(waiting, 0, 0.75, D(2026, 3, 4)) != "red"


def test_not_accepted_yet_has_no_deadline() -> None:
    assert compute(CALENDAR, [], 5, 20, today=D(2026, 3, 2)) == Deadline(None, None, 0, False, False)


CORRECTION = [
    start(D(2025, 9, 22)),  # accepted Mon 22 Sep 2025
    ClockEvent("pause", D(2025, 9, 24)),  # returned for correction (补正) on Wed 24 Sep
    ClockEvent("resume", D(2025, 10, 9)),  # resubmitted Thu 9 Oct, after National Day
]


def test_a_correction_pauses_the_clock_until_the_resubmission() -> None:
    # Without the pause, 5 days: 23–26 Sep 1–4, 28 Sep (Sun, 上班) 5.
    assert compute(CALENDAR, CORRECTION[:1], 5, None, today=D(2025, 9, 23)).promised_due == D(2025, 9, 28)
    # With it: 23 Sep 1, 24 Sep 2 (the return day was worked), paused to 9 Oct, then
    # 10 Oct 3, 11 Oct (Sat, 上班) 4, 13 Oct 5.
    deadline = compute(CALENDAR, CORRECTION, 5, None, today=D(2025, 10, 10))
    assert deadline == Deadline(D(2025, 10, 13), None, used_days=3, paused=False, stopped=False)


def test_while_paused_the_due_date_moves_with_the_wait() -> None:
    # Paused since 24 Sep with 3 days left: seen on Tue 30 Sep, as if counting resumed the next
    # working day: [1–8 Oct off] 9 Oct 1, 10 Oct 2, 11 Oct (Sat, 上班) 3.
    on_30th = compute(CALENDAR, CORRECTION[:2], 5, None, today=D(2025, 9, 30))
    assert on_30th == Deadline(D(2025, 10, 11), None, used_days=2, paused=True, stopped=False)
    later = compute(CALENDAR, CORRECTION[:2], 5, None, today=D(2025, 10, 13))
    assert later.promised_due == D(2025, 10, 16) and later.used_days == 2
    assert light(later, 5, 0.75, D(2025, 10, 13)) == "green"


def test_a_special_procedure_that_counts_does_not_pause() -> None:
    events = [start(D(2025, 9, 22)), ClockEvent("pause", D(2025, 9, 24), counts=True)]
    plain = compute(CALENDAR, events[:1], 5, 20, today=D(2025, 9, 26))
    counted = compute(CALENDAR, events, 5, 20, today=D(2025, 9, 26))
    assert counted == plain
    assert counted.paused is False and counted.used_days == 4
    resumed = compute(CALENDAR, [*events, ClockEvent("resume", D(2025, 10, 9))], 5, 20, today=D(2025, 10, 9))
    assert resumed.promised_due == D(2025, 9, 28)
    assert light(resumed, 5, 0.75, D(2025, 10, 9)) == "red"


def test_a_special_procedure_that_does_not_count_pauses_like_a_correction() -> None:
    events = [start(D(2025, 9, 22)), ClockEvent("pause", D(2025, 9, 24)), ClockEvent("resume", D(2025, 10, 9))]
    assert compute(CALENDAR, events, 5, None, today=D(2025, 10, 10)).promised_due == D(2025, 10, 13)


def test_a_counted_procedure_inside_a_correction_does_not_restart_the_clock_early() -> None:
    events = [
        start(D(2025, 9, 22)),
        ClockEvent("pause", D(2025, 9, 24)),  # 补正
        ClockEvent("pause", D(2025, 9, 25), counts=True),  # a counted procedure meanwhile
        ClockEvent("resume", D(2025, 9, 26)),  # the procedure ends; the citizen has not resubmitted
    ]
    deadline = compute(CALENDAR, events, 5, None, today=D(2025, 9, 30))
    assert deadline.paused and deadline.used_days == 2


def test_the_decision_stops_the_clock() -> None:
    events = [start(D(2026, 9, 28)), ClockEvent("stop", D(2026, 9, 30))]
    deadline = compute(CALENDAR, events, 5, None, today=D(2026, 10, 20))
    # Decided on 30 Sep with 2 days used; the promised date stays where it would have been:
    # 1 Oct–7 Oct off, 8 Oct 3, 9 Oct 4, 10 Oct (Sat, 上班) 5.
    assert deadline == Deadline(D(2026, 10, 10), None, used_days=2, paused=False, stopped=True)
    assert light(deadline, 5, 0.75, D(2026, 10, 20)) is None


def test_decided_while_waiting_for_a_correction() -> None:
    events = [*CORRECTION[:2], ClockEvent("stop", D(2025, 9, 30))]
    deadline = compute(CALENDAR, events, 5, None, today=D(2025, 10, 20))
    assert deadline.stopped and not deadline.paused and deadline.used_days == 2


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        # Accepted Mon 2 Mar 2026, promised 4 (due Fri 6 Mar); yellow from 3 days used (0.75 × 4).
        (D(2026, 3, 2), "green"),
        (D(2026, 3, 4), "green"),
        (D(2026, 3, 5), "yellow"),
        (D(2026, 3, 6), "yellow"),
        (D(2026, 3, 7), "red"),  # the Saturday after: past the promised date
    ],
)
def test_the_light(today: dt.date, expected: str) -> None:
    deadline = compute(CALENDAR, [start(D(2026, 3, 2))], 4, 20, today=today)
    assert deadline.promised_due == D(2026, 3, 6)
    assert light(deadline, 4, 0.75, today) == expected


def test_no_light_without_a_promise() -> None:
    deadline = compute(CALENDAR, [start(D(2026, 3, 2))], None, 20, today=D(2026, 3, 3))
    assert light(deadline, None, 0.75, D(2026, 3, 3)) is None
    on_the_spot = compute(CALENDAR, [start(D(2026, 3, 2))], 0, None, today=D(2026, 3, 2))
    assert light(on_the_spot, 0, 0.75, D(2026, 3, 2)) == "yellow"
    assert light(on_the_spot, 0, 0.75, D(2026, 3, 3)) == "red"


@pytest.mark.parametrize(
    "events",
    [
        [ClockEvent("pause", D(2026, 3, 2))],
        [start(D(2026, 3, 2)), ClockEvent("resume", D(2026, 3, 3))],
        [start(D(2026, 3, 2)), start(D(2026, 3, 3))],
        [start(D(2026, 3, 2)), ClockEvent("stop", D(2026, 3, 3)), ClockEvent("pause", D(2026, 3, 4))],
        [start(D(2026, 3, 5)), ClockEvent("stop", D(2026, 3, 3))],
    ],
)
def test_impossible_events_are_a_programming_error(events: list[ClockEvent]) -> None:
    with pytest.raises(ValueError):
        compute(CALENDAR, events, 5, None, today=D(2026, 3, 10))


# Random timelines: acceptance, then pauses of random length (counted or not), maybe a decision.
pause = st.tuples(st.integers(0, 12), st.integers(0, 20), st.booleans())


@st.composite
def timelines(draw: st.DrawFn) -> tuple[list[ClockEvent], dt.date]:
    day = draw(st.dates(min_value=D(2023, 10, 1), max_value=D(2026, 11, 30)))
    events = [start(day)]
    for gap, length, counts in draw(st.lists(pause, max_size=3)):
        day += dt.timedelta(days=gap)
        events.append(ClockEvent("pause", day, counts=counts))
        day += dt.timedelta(days=length)
        events.append(ClockEvent("resume", day))
    if draw(st.booleans()):
        day += dt.timedelta(days=draw(st.integers(0, 10)))
        events.append(ClockEvent("stop", day))
    today = day + dt.timedelta(days=draw(st.integers(0, 40)))
    return events, today


@given(timeline=timelines(), promised=st.integers(0, 30), legal=st.integers(0, 60))
def test_a_due_date_is_never_a_day_off(timeline: tuple[list[ClockEvent], dt.date], promised: int, legal: int) -> None:
    events, today = timeline
    deadline = compute(CALENDAR, events, promised, legal, today)
    assert deadline.promised_due is not None and deadline.legal_due is not None
    assert CALENDAR.is_working_day(deadline.promised_due)
    assert CALENDAR.is_working_day(deadline.legal_due)


@given(timeline=timelines(), promised=st.integers(1, 30))
def test_pauses_never_bring_a_due_date_forward(timeline: tuple[list[ClockEvent], dt.date], promised: int) -> None:
    events, today = timeline
    without_pauses = compute(CALENDAR, events[:1], promised, None, today)
    with_pauses = compute(CALENDAR, events, promised, None, today)
    assert with_pauses.promised_due is not None and without_pauses.promised_due is not None
    if not with_pauses.stopped:
        assert with_pauses.promised_due >= without_pauses.promised_due
    assert with_pauses.used_days <= without_pauses.used_days
    if all(e.counts for e in events if e.kind == "pause") and not with_pauses.stopped:
        assert with_pauses == without_pauses


@given(timeline=timelines(), a=st.integers(0, 30), b=st.integers(0, 30))
def test_a_longer_limit_is_never_due_earlier(timeline: tuple[list[ClockEvent], dt.date], a: int, b: int) -> None:
    events, today = timeline
    low, high = sorted((a, b))
    first = compute(CALENDAR, events, low, high, today)
    assert first.promised_due is not None and first.legal_due is not None
    assert first.promised_due <= first.legal_due
