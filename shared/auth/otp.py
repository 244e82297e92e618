"""The rules of one-time SMS codes (短信验证码), as pure functions.

ASVS 6.5.1 (single use), 6.5.5 (out-of-band codes live at most 10 minutes) and 6.6.3
(rate limited):

- a code is 6 digits drawn from the OS's CSPRNG (`secrets`);
- it lives 10 minutes;
- it dies after 3 wrong attempts, so guessing one costs 3 tries in a million;
- it is used once;
- a new code for the same phone may be sent 60 s after the last one at the earliest;
- at most 10 codes per phone and 10 per citizen in any 24 hours (a rolling window, so
  there is no midnight burst), which caps SMS bombing and guessing alike.

Nothing here reads a clock or a database: callers pass `now` and the send times.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from enum import Enum
from typing import Final

CODE_DIGITS: Final = 6
CODE_LIFETIME_SECONDS: Final = 600
MAX_WRONG_ATTEMPTS: Final = 3
RESEND_INTERVAL_SECONDS: Final = 60
DAILY_WINDOW_SECONDS: Final = 86_400
DAILY_CAP_PER_PHONE: Final = 10
DAILY_CAP_PER_CITIZEN: Final = 10


def new_code() -> str:
    """Six digits, each of the million values equally likely (leading zeros kept)."""
    return f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"


def is_well_formed(code: str) -> bool:
    return len(code) == CODE_DIGITS and code.isascii() and code.isdigit()


class SendRefusal(Enum):
    TOO_SOON = "too_soon"
    PHONE_DAILY_CAP = "phone_daily_cap"
    CITIZEN_DAILY_CAP = "citizen_daily_cap"


@dataclass(frozen=True, slots=True)
class SendDecision:
    refusal: SendRefusal | None = None
    retry_after: int = 0

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def _seconds_until(moment: float, now: float) -> int:
    # Whole seconds, rounded up, never less than one: Retry-After must not invite a retry
    # that would still be refused.
    remaining = moment - now
    whole = int(remaining)
    return max(1, whole + (1 if remaining > whole else 0))


def may_send(phone_sends: Sequence[float], citizen_sends: Sequence[float], now: float) -> SendDecision:
    """Whether a code may be sent now, given when codes were sent to this phone and for this
    citizen before (any order, any age)."""
    window_start = now - DAILY_WINDOW_SECONDS
    recent_phone = sorted(t for t in phone_sends if t > window_start)
    recent_citizen = sorted(t for t in citizen_sends if t > window_start)
    if recent_phone and now - recent_phone[-1] < RESEND_INTERVAL_SECONDS:
        return SendDecision(SendRefusal.TOO_SOON, _seconds_until(recent_phone[-1] + RESEND_INTERVAL_SECONDS, now))
    if len(recent_phone) >= DAILY_CAP_PER_PHONE:
        oldest_counted = recent_phone[-DAILY_CAP_PER_PHONE]
        return SendDecision(SendRefusal.PHONE_DAILY_CAP, _seconds_until(oldest_counted + DAILY_WINDOW_SECONDS, now))
    if len(recent_citizen) >= DAILY_CAP_PER_CITIZEN:
        oldest_counted = recent_citizen[-DAILY_CAP_PER_CITIZEN]
        return SendDecision(SendRefusal.CITIZEN_DAILY_CAP, _seconds_until(oldest_counted + DAILY_WINDOW_SECONDS, now))
    return SendDecision()


@dataclass(frozen=True, slots=True)
class IssuedCode:
    """What is kept of a code: when it was sent and how it has been tried, and its HMAC."""

    code_hash: bytes
    sent_at: float
    wrong_attempts: int = 0
    used: bool = False
    superseded: bool = False

    @property
    def expires_at(self) -> float:
        return self.sent_at + CODE_LIFETIME_SECONDS


class Verdict(Enum):
    ACCEPTED = "accepted"
    WRONG = "wrong"
    # The code cannot be used any more; the citizen must ask for a new one.
    EXPIRED = "expired"
    EXHAUSTED = "exhausted"
    USED = "used"
    SUPERSEDED = "superseded"


@dataclass(frozen=True, slots=True)
class Check:
    verdict: Verdict
    # What to store after this attempt.
    after: IssuedCode
    attempts_left: int

    @property
    def accepted(self) -> bool:
        return self.verdict is Verdict.ACCEPTED


def check(code: IssuedCode, submitted_hash: bytes, now: float, *, consume: bool = True) -> Check:
    """Try `submitted_hash` against `code`. A right code is used up (unless `consume` is
    False: the caller found other problems and the citizen will submit again); a wrong one
    costs an attempt; a dead code stays dead whatever is submitted."""
    left = max(0, MAX_WRONG_ATTEMPTS - code.wrong_attempts)
    if code.used:
        return Check(Verdict.USED, code, 0)
    if code.superseded:
        return Check(Verdict.SUPERSEDED, code, 0)
    if now >= code.expires_at:
        return Check(Verdict.EXPIRED, code, 0)
    if left == 0:
        return Check(Verdict.EXHAUSTED, code, 0)
    if hmac.compare_digest(code.code_hash, submitted_hash):
        after = IssuedCode(code.code_hash, code.sent_at, code.wrong_attempts, used=consume)
        return Check(Verdict.ACCEPTED, after, left)
    after = IssuedCode(code.code_hash, code.sent_at, code.wrong_attempts + 1)
    return Check(Verdict.WRONG, after, left - 1)
