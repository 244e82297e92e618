"""Staff passwords: the rules a new password must meet, and argon2id hashing.

Hashing uses argon2-cffi's `PasswordHasher` defaults, which are RFC 9106's second
recommended profile (argon2id, t=3, m=64 MiB, p=4). A hash made with older parameters
still verifies, and `needs_rehash` tells the sign-in to store a fresh one (ASVS 6.2.x,
11.4.2). The work is done on a thread, so one sign-in does not stall every other request,
and at most `HASHING_SLOTS` run at once, so a flood of sign-ins cannot take 64 MiB per
thread of the default pool.

`verify_or_dummy` verifies against a fixed dummy hash when the username is unknown, so a
wrong username costs the same time as a wrong password (no enumeration by timing,
ASVS 6.3.8).
"""

from __future__ import annotations

import asyncio
import functools
import secrets
import threading

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from shared.errors import FieldProblem
from shared.i18n import Text

MIN_LENGTH = 12
# Long enough for any passphrase; short enough that hashing it is not a denial of service.
MAX_LENGTH = 128
HASHING_SLOTS = 4

TOO_SHORT = Text(f"密码至少需要 {MIN_LENGTH} 个字符。", f"The password needs at least {MIN_LENGTH} characters.")
TOO_LONG = Text(f"密码不能超过 {MAX_LENGTH} 个字符。", f"The password may have at most {MAX_LENGTH} characters.")
SAME_AS_USERNAME = Text("密码不能与用户名相同。", "The password must not be the same as the username.")

_hasher = PasswordHasher()
_slots = threading.BoundedSemaphore(HASHING_SLOTS)


def password_problems(password: str, username: str, path: str = "password") -> list[FieldProblem]:
    """Every reason this password cannot be used (NIST SP 800-63B §3.1.1.2: length, not the
    username; no composition rules, which only make people write passwords down)."""
    problems: list[FieldProblem] = []
    if len(password) < MIN_LENGTH:
        problems.append(FieldProblem(path, "too_short", TOO_SHORT))
    elif len(password) > MAX_LENGTH:
        problems.append(FieldProblem(path, "too_long", TOO_LONG))
    if username and password.strip().casefold() == username.strip().casefold():
        problems.append(FieldProblem(path, "same_as_username", SAME_AS_USERNAME))
    return problems


def _hash(password: str) -> str:
    with _slots:
        return _hasher.hash(password)


def _verify(password_hash: str, password: str) -> bool:
    with _slots:
        try:
            return _hasher.verify(password_hash, password)
        except (VerifyMismatchError, VerificationError, InvalidHashError):
            return False


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hash, password)


async def verify_password(password_hash: str, password: str) -> bool:
    return await asyncio.to_thread(_verify, password_hash, password)


@functools.cache
def dummy_hash() -> str:
    """A hash of a random secret nobody knows, with the same parameters as real ones."""
    return _hasher.hash(secrets.token_urlsafe(24))


async def verify_or_dummy(password_hash: str | None, password: str) -> bool:
    """Verify, spending the same effort when there is no account (then always False)."""
    if password_hash is None:
        await asyncio.to_thread(dummy_hash)  # built once, off the event loop
        await verify_password(dummy_hash(), password)
        return False
    return await verify_password(password_hash, password)


def needs_rehash(password_hash: str) -> bool:
    """Whether the hash was made with other parameters than today's (then store a new one)."""
    try:
        return _hasher.check_needs_rehash(password_hash)
    except InvalidHashError:
        return True
