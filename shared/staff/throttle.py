"""How long a failing staff sign-in must wait: rules that slow an attacker down without
ever locking the hall out (ASVS 6.1.1 and 6.3.1; GB/T 22239-2019 登录失败处理).

Failures are counted under several keys at once (see `Scope`), each with its own
`Policy`. Within a window that starts at a key's first failure, the first
`free_failures` attempts go through at once; after that each attempt must wait
2^(n - free_failures) seconds since the previous one, capped at `max_delay_seconds`.
When the window is over the key starts again from nothing. So the wait is never longer
than the cap and never permanent: there is no lockout an attacker could use to keep a
clerk out of the hall.

Why three keys:

- `pair` (username at one address) is the strict one: someone guessing at one PC is
  slowed after 5 tries, while the same clerk at another PC is not.
- `username` catches guessing spread over many addresses; its threshold is above what
  one throttled address can reach in a window, so one attacker at one PC never slows
  the real user at another PC.
- `address` catches one address trying many usernames (password spraying); its
  threshold is high because a hall's desk PCs may share one address behind NAT.

An attempt is counted *before* the password is checked (the caller reserves it in the
same write transaction as the check), so parallel guesses cannot slip through together.
The pure functions below take the time and the counter and return new values.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType


class Scope(StrEnum):
    PAIR = "pair"
    USERNAME = "username"
    ADDRESS = "address"
    SECOND_FACTOR = "totp"


@dataclass(frozen=True, slots=True)
class Policy:
    free_failures: int
    window_seconds: float = 15 * 60
    max_delay_seconds: float = 5 * 60

    def delay_after(self, failures: int) -> float:
        """Seconds to wait after `failures` counted attempts before the next one."""
        if failures < self.free_failures:
            return 0.0
        exponent = failures - self.free_failures
        # 2**exponent overflows a float long before it matters; the cap is reached at ~9.
        if exponent >= 64:
            return self.max_delay_seconds
        return float(min(2**exponent, self.max_delay_seconds))


POLICIES = MappingProxyType(
    {
        Scope.PAIR: Policy(free_failures=5),
        Scope.USERNAME: Policy(free_failures=20),
        Scope.ADDRESS: Policy(free_failures=30),
        Scope.SECOND_FACTOR: Policy(free_failures=5),
    }
)


@dataclass(frozen=True, slots=True)
class Failures:
    """One key's counter: attempts counted since the window began at `first_at`."""

    count: int
    first_at: float
    last_at: float


def live(failures: Failures | None, now: float, policy: Policy) -> Failures | None:
    """The counter if its window is still open, else None (forgotten)."""
    if failures is None or now >= failures.first_at + policy.window_seconds or now < failures.first_at:
        return None
    return failures


def wait_seconds(failures: Failures | None, now: float, policy: Policy) -> float:
    """How long from `now` until the next attempt may be made (0 when it may go now)."""
    current = live(failures, now, policy)
    if current is None:
        return 0.0
    ready_at = current.last_at + policy.delay_after(current.count)
    # The window's end also frees the key, whichever comes first.
    ready_at = min(ready_at, current.first_at + policy.window_seconds)
    # Clamped: float rounding must not make the wait a hair longer than the cap.
    return min(policy.max_delay_seconds, max(0.0, ready_at - now))


def counted(failures: Failures | None, now: float, policy: Policy) -> Failures:
    """The counter after one more attempt at `now`."""
    current = live(failures, now, policy)
    if current is None:
        return Failures(count=1, first_at=now, last_at=now)
    return Failures(count=current.count + 1, first_at=current.first_at, last_at=now)


def uncounted(failures: Failures | None, now: float, policy: Policy) -> Failures | None:
    """The counter with one attempt taken back (a reserved attempt that succeeded)."""
    current = live(failures, now, policy)
    if current is None or current.count <= 1:
        return None
    return Failures(count=current.count - 1, first_at=current.first_at, last_at=current.last_at)


def retry_after(seconds: float) -> int:
    """Whole seconds for a Retry-After header (never 0 while waiting is due)."""
    return max(1, math.ceil(seconds))
