"""Sending SMS verification codes, behind an interface.

A real hall sends through a carrier gateway (or a government SMS platform); tests and the
demo use `SimulatedSmsGateway`, which keeps what it "sent" in an in-memory outbox and can
be told to fail. Codes are never logged, here or by a real gateway adapter.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

from shared.clock import Clock


class SmsDeliveryFailed(Exception):
    """The gateway did not accept the message (carrier down, number barred, timeout)."""


class SmsGateway(Protocol):
    async def send_code(self, phone: str, code: str, minutes: int) -> None:
        """Send `code` to `phone`, valid for `minutes`; raises SmsDeliveryFailed."""
        ...


def code_message(code: str, minutes: int) -> str:
    # The sign-off names the sender, as Chinese carriers require for verification texts.
    return f"【政务服务】您的验证码为 {code}，{minutes} 分钟内有效。工作人员不会向您索要验证码，请勿泄露。"


@dataclass(frozen=True, slots=True)
class SentSms:
    phone: str
    code: str
    text: str
    sent_at: float


class SimulatedSmsGateway:
    """An outbox in memory instead of a carrier. Holds the last `keep` messages."""

    def __init__(self, clock: Clock, keep: int = 1000) -> None:
        self._clock = clock
        self.outbox: deque[SentSms] = deque(maxlen=keep)
        self._fail_next = False

    def fail_next(self) -> None:
        """Make the next send fail, as a carrier outage would."""
        self._fail_next = True

    async def send_code(self, phone: str, code: str, minutes: int) -> None:
        if self._fail_next:
            self._fail_next = False
            raise SmsDeliveryFailed("simulated delivery failure")
        self.outbox.append(SentSms(phone, code, code_message(code, minutes), self._clock.now()))

    def latest_code(self, phone: str) -> str | None:
        """The last code sent to `phone`, as the phone's owner would read it."""
        for sms in reversed(self.outbox):
            if sms.phone == phone:
                return sms.code
        return None
