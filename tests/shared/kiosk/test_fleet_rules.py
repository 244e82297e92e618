"""The fleet's pure rules: how long ago, online or offline, menus out of date, problems."""

from __future__ import annotations

import pytest
from hypothesis import given, strategies as st

from shared.kiosk.fleet_rules import (
    MENU_GRACE_SECONDS,
    OFFLINE_AFTER_SECONDS,
    Ago,
    ago,
    matches,
    menu_state,
    mismatch_since,
    online,
    problems,
)

NOW = 1_800_000_000.0


@pytest.mark.parametrize(
    ("seconds", "expected"),
    [
        (0, Ago("just_now", 0)),
        (4.9, Ago("just_now", 0)),
        (5, Ago("seconds", 5)),
        (59.9, Ago("seconds", 59)),
        (60, Ago("minutes", 1)),
        (3599, Ago("minutes", 59)),
        (3600, Ago("hours", 1)),
        (86_400 * 3 + 5, Ago("days", 3)),
        (-2, Ago("just_now", 0)),  # a clock a little ahead on another process
    ],
)
def test_ago_in_the_largest_whole_unit(seconds: float, expected: Ago) -> None:
    assert ago(seconds) == expected


UNIT_SECONDS = {"just_now": 0, "seconds": 1, "minutes": 60, "hours": 3600, "days": 86_400}


@given(st.floats(min_value=5, max_value=10**8, allow_nan=False))
def test_ago_never_says_more_than_the_time_that_passed(seconds: float) -> None:
    said = ago(seconds)
    assert said.count >= 1
    assert said.count * UNIT_SECONDS[said.unit] <= seconds


def test_offline_after_60_seconds_without_a_beat() -> None:
    assert not online(None, NOW)
    assert online(NOW, NOW)
    assert online(NOW - OFFLINE_AFTER_SECONDS + 0.001, NOW)
    assert not online(NOW - OFFLINE_AFTER_SECONDS, NOW)


def test_a_mismatch_starts_once_and_ends_when_the_page_catches_up() -> None:
    assert mismatch_since("m@1", "m@1", None, NOW) is None
    started = mismatch_since("m@1", "m@2", None, NOW)
    assert started == NOW
    assert mismatch_since("m@1", "m@2", started, NOW + 9) == NOW  # keeps its start
    assert mismatch_since("m@2", "m@2", started, NOW + 12) is None
    # A page without a menu differs from nothing: a citizen at work is never counted against.
    assert mismatch_since(None, "m@2", started, NOW) is None


def test_menu_states() -> None:
    assert menu_state(None, None, None, None, NOW) == "none"
    assert menu_state(None, None, None, NOW, NOW) == "none"
    assert menu_state(None, "m@1", None, NOW, NOW) == "elsewhere"
    assert menu_state("m@1", "m@1", None, NOW, NOW) == "current"
    assert menu_state("m@1", "m@2", NOW - 3, NOW, NOW) == "updating"
    assert menu_state("m@1", "m@2", NOW - MENU_GRACE_SECONDS, NOW, NOW) == "updating"
    assert menu_state("m@1", "m@2", NOW - MENU_GRACE_SECONDS - 1, NOW, NOW) == "stale"
    # Published after the last beat, and no beat for longer than the grace: it cannot have caught up.
    assert menu_state("m@1", "m@2", None, NOW - 5, NOW) == "updating"
    assert menu_state("m@1", "m@2", None, NOW - MENU_GRACE_SECONDS - 1, NOW) == "stale"
    # Menus removed altogether while a page still shows one: the page differs.
    assert menu_state("m@1", None, NOW - 20, NOW, NOW) == "stale"


def test_problems_and_the_filter() -> None:
    healthy = problems(is_online=True, hardware={"printer": "ok", "scanner": "ok"}, open_alerts=0, menu="current")
    assert healthy == frozenset()
    low = problems(is_online=True, hardware={"printer": "paper_low"}, open_alerts=0, menu="updating")
    assert low == frozenset()  # paper low still prints; updating is within the grace
    everything = problems(is_online=False, hardware={"card_reader": "unavailable"}, open_alerts=2, menu="stale")
    assert everything == {"offline", "hardware", "alert", "menu"}
    assert matches(healthy, None) and not matches(healthy, "any") and matches(everything, "any")
    assert matches(everything, "menu") and not matches(low, "offline")
