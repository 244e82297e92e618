"""The WeChat mini-program login exchange (code2Session), behind an interface.

On the phone, `wx.login()` gives the mini-program a short-lived code. The server exchanges
it with the platform (`auth.code2Session`) for the user's `openid` (per mini-program),
`unionid` (per developer account, when bound) and a `session_key`. The session key is the
platform's secret with this user: it stays on the server and is never sent to the phone;
the phone gets our own tokens instead (reliability-security.md §1.4).

Errors of the real platform that matter to us, as distinct exceptions:

    WeChatError
    ├── InvalidCode         errcode 40029  unknown or expired code
    ├── CodeAlreadyUsed     errcode 40163  the code was exchanged before (codes are single-use)
    ├── RateLimited         errcode 45011  too many calls (per user per minute, and overall)
    └── PlatformUnavailable errcode -1     system busy, timeouts, network failure

`SimulatedWeChat` behaves like that: `issue_code(openid)` stands for the phone's
`wx.login()`; codes expire after five minutes and work once; calls are rate limited per
openid and overall; `fail_next(error)` makes the next exchange fail (tests, demos).
"""

from __future__ import annotations

import base64
import os
import secrets
from collections import deque
from dataclasses import dataclass
from typing import ClassVar, Protocol

from shared.clock import Clock


@dataclass(frozen=True, slots=True)
class WeChatSession:
    openid: str
    unionid: str | None
    session_key: str


class WeChatError(Exception):
    errcode: ClassVar[int] = -1


class InvalidCode(WeChatError):
    errcode = 40029


class CodeAlreadyUsed(WeChatError):
    errcode = 40163


class RateLimited(WeChatError):
    errcode = 45011

    def __init__(self, retry_after: int = 60) -> None:
        super().__init__("rate limited")
        self.retry_after = retry_after


class PlatformUnavailable(WeChatError):
    errcode = -1


class WeChatPlatform(Protocol):
    async def code_to_session(self, code: str) -> WeChatSession:
        """Exchange a `wx.login` code; raises a `WeChatError` subclass."""
        ...


@dataclass(slots=True)
class _IssuedCode:
    openid: str
    unionid: str | None
    expires_at: float
    used: bool = False


class SimulatedWeChat:
    """An in-memory stand-in for the platform, for tests and the demo."""

    CODE_SECONDS: ClassVar[int] = 300
    WINDOW_SECONDS: ClassVar[int] = 60

    def __init__(self, clock: Clock, *, per_openid_per_minute: int = 100, per_minute: int = 5000) -> None:
        self._clock = clock
        self._per_openid = per_openid_per_minute
        self._per_minute = per_minute
        self._codes: dict[str, _IssuedCode] = {}
        self._calls: deque[float] = deque()
        self._calls_by_openid: dict[str, deque[float]] = {}
        self._fail_next: WeChatError | None = None

    def issue_code(self, openid: str | None = None, unionid: str | None = None) -> str:
        """What `wx.login()` gives the phone: a fresh code for this user (a new user when no
        openid is given)."""
        self._prune()
        openid = openid or new_openid()
        # Letters and digits like a real wx.login code; never a long run of digits.
        code = secrets.token_urlsafe(24)
        self._codes[code] = _IssuedCode(openid, unionid, self._clock.now() + self.CODE_SECONDS)
        return code

    def fail_next(self, error: WeChatError) -> None:
        """Make the next `code_to_session` raise `error`."""
        self._fail_next = error

    async def code_to_session(self, code: str) -> WeChatSession:
        now = self._clock.now()
        if self._fail_next is not None:
            error, self._fail_next = self._fail_next, None
            raise error
        self._prune()
        if not self._allow(self._calls, now, self._per_minute):
            raise RateLimited(self._retry_after(self._calls, now))
        issued = self._codes.get(code)
        if issued is None or now >= issued.expires_at:
            raise InvalidCode("invalid code")
        if issued.used:
            raise CodeAlreadyUsed("code been used")
        calls = self._calls_by_openid.setdefault(issued.openid, deque())
        if not self._allow(calls, now, self._per_openid):
            raise RateLimited(self._retry_after(calls, now))
        issued.used = True
        return WeChatSession(issued.openid, issued.unionid, base64.b64encode(os.urandom(16)).decode())

    def _allow(self, calls: deque[float], now: float, limit: int) -> bool:
        while calls and calls[0] <= now - self.WINDOW_SECONDS:
            calls.popleft()
        if len(calls) >= limit:
            return False
        calls.append(now)
        return True

    def _retry_after(self, calls: deque[float], now: float) -> int:
        return max(1, int(calls[0] + self.WINDOW_SECONDS - now) + 1) if calls else 1

    def _prune(self) -> None:
        # Used codes are kept until they expire, so a replay says "already used".
        now = self._clock.now()
        for code in [c for c, issued in self._codes.items() if now >= issued.expires_at]:
            del self._codes[code]
        for openid in [o for o, calls in self._calls_by_openid.items() if not calls or calls[-1] <= now - 60]:
            del self._calls_by_openid[openid]


def new_openid() -> str:
    """An openid shaped like WeChat's: 28 URL-safe characters starting with `o`."""
    return "o" + secrets.token_urlsafe(21)[:27]
