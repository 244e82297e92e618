"""The rules of one-time SMS codes, tested directly (no clock, no database)."""

from __future__ import annotations

import hashlib

from hypothesis import given, strategies as st

from shared.auth import otp
from shared.auth.otp import IssuedCode, SendRefusal, Verdict

T0 = 1_800_000_000.0


def digest(code: str) -> bytes:
    return hashlib.sha256(code.encode()).digest()


def issued(code: str = "123456", sent_at: float = T0, superseded: bool = False) -> IssuedCode:
    return IssuedCode(digest(code), sent_at, superseded=superseded)


# --- codes ---------------------------------------------------------------------------


def test_codes_are_six_digits_with_leading_zeros_kept() -> None:
    codes = {otp.new_code() for _ in range(2000)}
    assert all(len(code) == 6 and code.isdigit() for code in codes)
    assert len(codes) > 1900  # a million values: repeats in 2000 draws are rare
    assert otp.is_well_formed("012345")
    for bad in ("12345", "1234567", "12a456", "１２３４５６", " 12345", ""):
        assert not otp.is_well_formed(bad)


@given(elapsed=st.floats(min_value=0, max_value=otp.CODE_LIFETIME_SECONDS - 0.001))
def test_the_right_code_is_accepted_within_ten_minutes(elapsed: float) -> None:
    result = otp.check(issued(), digest("123456"), T0 + elapsed)
    assert result.verdict is Verdict.ACCEPTED
    assert result.after.used


@given(elapsed=st.floats(min_value=otp.CODE_LIFETIME_SECONDS, max_value=10 * 86_400))
def test_no_code_works_after_ten_minutes(elapsed: float) -> None:
    result = otp.check(issued(), digest("123456"), T0 + elapsed)
    assert result.verdict is Verdict.EXPIRED
    assert not result.after.used


def test_a_code_is_used_once() -> None:
    first = otp.check(issued(), digest("123456"), T0 + 5)
    second = otp.check(first.after, digest("123456"), T0 + 6)
    assert (first.verdict, second.verdict) == (Verdict.ACCEPTED, Verdict.USED)


def test_checking_without_consuming_leaves_the_code_usable() -> None:
    peek = otp.check(issued(), digest("123456"), T0 + 5, consume=False)
    assert peek.accepted and not peek.after.used
    assert otp.check(peek.after, digest("123456"), T0 + 6).accepted


@given(guesses=st.lists(st.from_regex(r"\d{6}", fullmatch=True).filter(lambda g: g != "123456"), min_size=3))
def test_three_wrong_attempts_kill_the_code(guesses: list[str]) -> None:
    code = issued()
    lefts = []
    for guess in guesses[:3]:
        result = otp.check(code, digest(guess), T0 + 10)
        assert result.verdict is Verdict.WRONG
        lefts.append(result.attempts_left)
        code = result.after
    assert lefts == [2, 1, 0]
    # Dead: even the right code is refused now, and further tries change nothing.
    final = otp.check(code, digest("123456"), T0 + 11)
    assert final.verdict is Verdict.EXHAUSTED
    assert final.after == code


def test_a_right_code_after_two_wrong_ones_still_works() -> None:
    code = issued()
    for guess in ("000000", "111111"):
        code = otp.check(code, digest(guess), T0 + 1).after
    assert otp.check(code, digest("123456"), T0 + 2).accepted


def test_a_superseded_code_is_dead() -> None:
    assert otp.check(issued(superseded=True), digest("123456"), T0 + 1).verdict is Verdict.SUPERSEDED


# --- sending ---------------------------------------------------------------------------


def test_a_first_code_may_be_sent() -> None:
    assert otp.may_send([], [], T0).allowed


@given(wait=st.floats(min_value=0, max_value=otp.RESEND_INTERVAL_SECONDS - 0.001))
def test_resend_within_sixty_seconds_is_refused_with_the_seconds_left(wait: float) -> None:
    decision = otp.may_send([T0], [T0], T0 + wait)
    assert decision.refusal is SendRefusal.TOO_SOON
    # Retry-After never invites a retry that would still be refused, nor waits much longer.
    assert T0 + wait + decision.retry_after >= T0 + otp.RESEND_INTERVAL_SECONDS
    assert decision.retry_after <= otp.RESEND_INTERVAL_SECONDS - wait + 1
    assert decision.retry_after >= 1


@given(wait=st.floats(min_value=otp.RESEND_INTERVAL_SECONDS, max_value=86_400))
def test_resend_after_sixty_seconds_is_allowed(wait: float) -> None:
    assert otp.may_send([T0], [T0], T0 + wait).allowed


@given(
    sends=st.lists(st.floats(min_value=0, max_value=86_399), min_size=0, max_size=30),
    later=st.floats(min_value=otp.RESEND_INTERVAL_SECONDS, max_value=3600),
)
def test_the_daily_cap_per_phone_is_never_exceeded(sends: list[float], later: float) -> None:
    """Whatever happened before, allowing a send never makes more than the cap in 24 hours."""
    times = [T0 + s for s in sends]
    now = max(times, default=T0) + later
    decision = otp.may_send(times, [], now)
    in_window = [t for t in times if t > now - otp.DAILY_WINDOW_SECONDS]
    if decision.allowed:
        assert len(in_window) + 1 <= otp.DAILY_CAP_PER_PHONE
    else:
        assert decision.refusal is SendRefusal.PHONE_DAILY_CAP
        assert len(in_window) >= otp.DAILY_CAP_PER_PHONE
        # After Retry-After the window has room again.
        retry = now + decision.retry_after
        assert otp.may_send(times, [], retry).allowed


def test_the_daily_cap_per_citizen_counts_every_phone() -> None:
    citizen_sends = [T0 + i * 120 for i in range(otp.DAILY_CAP_PER_CITIZEN)]
    now = citizen_sends[-1] + 120
    decision = otp.may_send([], citizen_sends, now)
    assert decision.refusal is SendRefusal.CITIZEN_DAILY_CAP
    assert decision.retry_after == int(citizen_sends[0] + otp.DAILY_WINDOW_SECONDS - now)
    # A day after the first of them, one more is allowed.
    assert otp.may_send([], citizen_sends, citizen_sends[0] + otp.DAILY_WINDOW_SECONDS).allowed


def test_the_tenth_code_of_the_day_is_the_last() -> None:
    sends = [T0 + i * 61 for i in range(otp.DAILY_CAP_PER_PHONE - 1)]
    assert otp.may_send(sends, [], sends[-1] + 61).allowed
    sends.append(sends[-1] + 61)
    assert otp.may_send(sends, [], sends[-1] + 61).refusal is SendRefusal.PHONE_DAILY_CAP
