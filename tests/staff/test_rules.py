"""The pure rules of staff sign-in: passwords, TOTP (RFC 6238 vectors), throttling, roles."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from argon2 import PasswordHasher
from hypothesis import given, strategies as st

from shared.staff import passwords, throttle, totp
from shared.staff.roles import Action, Role, allowed, can, in_scope
from shared.staff.throttle import POLICIES, Failures, Policy, Scope

# --- passwords -------------------------------------------------------------------------


async def test_argon2id_hash_verifies_and_refuses_wrong_password() -> None:
    hashed = await passwords.hash_password("a long enough secret")
    assert hashed.startswith("$argon2id$")
    assert await passwords.verify_password(hashed, "a long enough secret")
    assert not await passwords.verify_password(hashed, "a long enough secreT")
    assert not await passwords.verify_password("not a hash", "a long enough secret")
    assert not passwords.needs_rehash(hashed)


async def test_weaker_parameters_need_a_rehash() -> None:
    old = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash("a long enough secret")
    assert await passwords.verify_password(old, "a long enough secret")
    assert passwords.needs_rehash(old)


async def test_unknown_account_costs_a_verification_and_fails() -> None:
    assert not await passwords.verify_or_dummy(None, "anything at all")


@pytest.mark.parametrize(
    ("password", "username", "codes"),
    [
        ("short", "clerk01", ["too_short"]),
        ("x" * 11, "clerk01", ["too_short"]),
        ("x" * 12, "clerk01", []),
        ("x" * 129, "clerk01", ["too_long"]),
        ("Window-Clerk-01", "window-clerk-01", ["same_as_username"]),
        ("onevisit-demo-2026", "admin", []),
    ],
)
def test_password_rules(password: str, username: str, codes: list[str]) -> None:
    problems = passwords.password_problems(password, username)
    assert [problem.code for problem in problems] == codes
    for problem in problems:
        assert problem.message.zh and problem.message.en
        assert password not in problem.message.zh + (problem.message.en or "")


# --- TOTP ------------------------------------------------------------------------------

SEEDS = {
    "sha1": b"12345678901234567890",
    "sha256": b"12345678901234567890123456789012",
    "sha512": b"1234567890123456789012345678901234567890123456789012345678901234",
}
# RFC 6238 Appendix B: time, then the 8-digit codes for SHA1, SHA256, SHA512.
RFC_6238_VECTORS = [
    (59, "94287082", "46119246", "90693936"),
    (1111111109, "07081804", "68084774", "25091201"),
    (1111111111, "14050471", "67062674", "99943326"),
    (1234567890, "89005924", "91819424", "93441116"),
    (2000000000, "69279037", "90698825", "38618901"),
    (20000000000, "65353130", "77737706", "47863826"),
]


@pytest.mark.parametrize(("timestamp", "sha1", "sha256", "sha512"), RFC_6238_VECTORS)
def test_rfc_6238_appendix_b(timestamp: int, sha1: str, sha256: str, sha512: str) -> None:
    assert totp.totp(SEEDS["sha1"], timestamp, digits=8, digest="sha1") == sha1
    assert totp.totp(SEEDS["sha256"], timestamp, digits=8, digest="sha256") == sha256
    assert totp.totp(SEEDS["sha512"], timestamp, digits=8, digest="sha512") == sha512


def test_rfc_4226_appendix_d_hotp() -> None:
    expected = ["755224", "287082", "359152", "969429", "338314", "254676", "287922", "162583", "399871", "520489"]
    assert [totp.hotp(SEEDS["sha1"], counter) for counter in range(10)] == expected


def test_code_accepted_one_step_either_side_only() -> None:
    secret = totp.new_secret()
    now = 1_800_000_015.0
    step = totp.time_step(now)
    for offset in (-1, 0, 1):
        code = totp.hotp(secret, step + offset)
        assert totp.matching_step(secret, code, now, None) == step + offset
    for offset in (-2, 2):
        assert totp.matching_step(secret, totp.hotp(secret, step + offset), now, None) is None


def test_code_of_a_used_step_or_older_is_refused() -> None:
    secret = totp.new_secret()
    now = 1_800_000_015.0
    step = totp.time_step(now)
    code = totp.hotp(secret, step)
    assert totp.matching_step(secret, code, now, last_step=step - 1) == step
    assert totp.matching_step(secret, code, now, last_step=step) is None  # the same code again
    assert totp.matching_step(secret, totp.hotp(secret, step - 1), now, last_step=step) is None


def test_secret_round_trip_and_provisioning_uri() -> None:
    secret = totp.new_secret()
    assert len(secret) == 20
    assert totp.decode_secret(totp.encode_secret(secret)) == secret
    uri = totp.provisioning_uri(secret, "admin")
    assert uri.startswith("otpauth://totp/OneVisit:admin?")
    assert f"secret={totp.encode_secret(secret)}" in uri
    assert "issuer=OneVisit" in uri and "digits=6" in uri and "period=30" in uri


@pytest.mark.parametrize(
    ("typed", "code"),
    [("123456", "123456"), ("123 456", "123456"), ("12345", None), ("12345a", None), ("１２３４５６", None)],
)
def test_code_normalisation(typed: str, code: str | None) -> None:
    assert totp.normalise_code(typed) == code


# --- throttling --------------------------------------------------------------------------

policies = st.sampled_from(list(POLICIES.values()))
times = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


@given(policies, st.integers(min_value=0, max_value=10_000))
def test_delay_is_monotone_and_capped(policy: Policy, failures: int) -> None:
    assert policy.delay_after(failures) <= policy.delay_after(failures + 1) <= policy.max_delay_seconds
    assert policy.delay_after(failures) >= 0


def test_delay_schedule_after_five_failures() -> None:
    policy = POLICIES[Scope.PAIR]
    assert [policy.delay_after(n) for n in range(1, 16)] == [0, 0, 0, 0, 1, 2, 4, 8, 16, 32, 64, 128, 256, 300, 300]


@given(policies, st.integers(min_value=1, max_value=10_000), times, st.floats(min_value=0, max_value=900))
def test_wait_is_never_permanent(policy: Policy, count: int, first_at: float, since_first: float) -> None:
    failures = Failures(count=count, first_at=first_at, last_at=first_at + since_first)
    # Never longer than the cap from the last attempt, and over once the window has passed.
    assert throttle.wait_seconds(failures, failures.last_at, policy) <= policy.max_delay_seconds
    assert throttle.wait_seconds(failures, failures.last_at + policy.max_delay_seconds, policy) == 0
    assert throttle.wait_seconds(failures, first_at + policy.window_seconds, policy) == 0
    assert throttle.counted(failures, first_at + policy.window_seconds, policy).count == 1


@given(policies, st.lists(st.floats(min_value=0, max_value=60), min_size=1, max_size=40), times)
def test_counting_attempts_never_waits_more_than_the_cap(policy: Policy, gaps: list[float], start: float) -> None:
    failures: Failures | None = None
    now = start
    for gap in gaps:
        now += gap
        wait = throttle.wait_seconds(failures, now, policy)
        assert 0 <= wait <= policy.max_delay_seconds
        if wait == 0:
            failures = throttle.counted(failures, now, policy)
    assert failures is not None
    assert throttle.wait_seconds(failures, now + policy.max_delay_seconds, policy) == 0


def test_free_attempts_then_waiting() -> None:
    policy = POLICIES[Scope.PAIR]
    failures: Failures | None = None
    for _ in range(5):
        assert throttle.wait_seconds(failures, 1000.0, policy) == 0
        failures = throttle.counted(failures, 1000.0, policy)
    assert throttle.wait_seconds(failures, 1000.0, policy) == 1
    assert throttle.wait_seconds(failures, 1001.0, policy) == 0
    assert throttle.uncounted(failures, 1000.0, policy) == Failures(4, 1000.0, 1000.0)
    assert throttle.retry_after(0.2) == 1 and throttle.retry_after(3.5) == 4


# --- roles -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Someone:
    role: Role
    department_code: str | None


def test_permissions_by_role() -> None:
    assert can(Role.ADMIN, Action.MANAGE_ACCOUNTS) and can("admin", Action.VIEW_AUDIT)
    assert can(Role.SUPERVISOR, Action.VIEW_AUDIT) and not can(Role.SUPERVISOR, Action.MANAGE_ACCOUNTS)
    assert not can(Role.CLERK, Action.VIEW_AUDIT) and can(Role.CLERK, Action.ACCEPT_APPLICATIONS)
    assert can(Role.REVIEWER, Action.REVIEW_APPLICATIONS) and not can(Role.REVIEWER, Action.ACCEPT_APPLICATIONS)
    assert not can("root", Action.VIEW_AUDIT)  # unknown roles may do nothing


def test_department_scope() -> None:
    clerk = Someone(Role.CLERK, "GA")
    assert in_scope(clerk, "GA") and not in_scope(clerk, "WJ") and not in_scope(clerk, None)
    assert not in_scope(Someone(Role.REVIEWER, None), "GA")
    assert in_scope(Someone(Role.SUPERVISOR, None), "WJ") and in_scope(Someone(Role.ADMIN, None), "GA")
    assert allowed(clerk, Action.ACCEPT_APPLICATIONS, "GA")
    assert not allowed(clerk, Action.ACCEPT_APPLICATIONS, "WJ")
    assert not allowed(clerk, Action.REVIEW_APPLICATIONS, "GA")
    assert allowed(Someone(Role.SUPERVISOR, None), Action.VIEW_SUPERVISION, "WJ")
