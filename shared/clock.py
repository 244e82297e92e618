"""What time it is, as one object the services share, so tests can move time forward.

Every expiry in the system (tokens, SMS codes, kiosk idle time, sign-in throttling) reads
`Clock.now()` rather than `time.time()`: a test of "a request after 90 idle seconds fails"
advances a `ManualClock` instead of sleeping.
"""

from __future__ import annotations

import datetime as dt
import time
from functools import lru_cache


class Clock:
    """Wall-clock time in seconds since the epoch (UTC)."""

    def now(self) -> float:
        return time.time()

    def utcnow(self) -> dt.datetime:
        return dt.datetime.fromtimestamp(self.now(), dt.UTC)

    def today(self) -> dt.date:
        return china_day(self.now())


CHINA_TIME = dt.timezone(dt.timedelta(hours=8), "CST")


# Memoised: one request asks for the day and the stamp of its one `now` several times (the
# number, the row, the timeline event, the audit entry, the stored answer), and building a
# datetime each time was a visible share of a submission (benchmarks/submission_bench.py).
@lru_cache(maxsize=64)
def china_day(timestamp: float) -> dt.date:
    """The hall's calendar day of a moment: China Standard Time (UTC+8, no daylight saving)."""
    return dt.datetime.fromtimestamp(timestamp, CHINA_TIME).date()


class ManualClock(Clock):
    """A clock that only moves when told to; starts at the real time unless given one."""

    def __init__(self, start: float | None = None) -> None:
        self._now = time.time() if start is None else start

    def now(self) -> float:
        return self._now

    def advance(self, seconds: float) -> None:
        self._now += seconds


@lru_cache(maxsize=64)
def iso(timestamp: float) -> str:
    """A UTC timestamp as ISO 8601 with an explicit offset (ASVS 16.2.2)."""
    return dt.datetime.fromtimestamp(timestamp, dt.UTC).isoformat(timespec="milliseconds")
