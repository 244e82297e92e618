"""Time-based one-time passwords, RFC 6238 over HOTP (RFC 4226), written here.

What authenticator apps use: a shared 160-bit secret, HMAC-SHA1, 30-second steps, six
digits. A code is accepted in the current step or one step either side (RFC 6238 §5.2:
clock drift and typing time), and never for a step at or before the last one accepted
for the account, so a code seen over a shoulder cannot be used again (RFC 6238 §5.2,
ASVS 6.5.1).

Everything here is pure: the caller passes the time and the last accepted step.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import struct
from typing import Literal
from urllib.parse import quote, urlencode

Digest = Literal["sha1", "sha256", "sha512"]

STEP_SECONDS = 30
DIGITS = 6
WINDOW_STEPS = 1
SECRET_BYTES = 20  # RFC 4226 §4 R6: 160 bits for HMAC-SHA1
ISSUER = "OneVisit"


def new_secret() -> bytes:
    return secrets.token_bytes(SECRET_BYTES)


def encode_secret(secret: bytes) -> str:
    """Base32 without padding, as authenticator apps expect it in `otpauth://` URIs."""
    return base64.b32encode(secret).decode("ascii").rstrip("=")


def decode_secret(text: str) -> bytes:
    """The bytes of a base32 secret written by `encode_secret` (padding restored)."""
    return base64.b32decode(text + "=" * (-len(text) % 8))


def hotp(secret: bytes, counter: int, digits: int = DIGITS, digest: Digest = "sha1") -> str:
    """RFC 4226 §5.3: HMAC over the 8-byte counter, dynamic truncation, modulo 10^digits."""
    mac = hmac.new(secret, struct.pack(">Q", counter), getattr(hashlib, digest)).digest()
    offset = mac[-1] & 0x0F
    number = struct.unpack(">I", mac[offset : offset + 4])[0] & 0x7FFFFFFF
    return str(number % 10**digits).zfill(digits)


def time_step(timestamp: float, step_seconds: int = STEP_SECONDS) -> int:
    """RFC 6238 §4.2: T = floor((now - T0) / X) with T0 = 0."""
    return int(timestamp // step_seconds)


def totp(secret: bytes, timestamp: float, digits: int = DIGITS, digest: Digest = "sha1") -> str:
    return hotp(secret, time_step(timestamp), digits, digest)


def normalise_code(value: str) -> str | None:
    """Six digits, allowing the spaces and dash people type ("123 456"); else None."""
    code = "".join(ch for ch in value if ch not in " -\u3000")
    if len(code) != DIGITS or not code.isascii() or not code.isdigit():
        return None
    return code


def matching_step(secret: bytes, code: str, now: float, last_step: int | None) -> int | None:
    """The step this code belongs to, if it is within ±1 step of now and newer than
    `last_step`; None otherwise. Every candidate is compared in constant time."""
    current = time_step(now)
    found: int | None = None
    for step in range(current - WINDOW_STEPS, current + WINDOW_STEPS + 1):
        if hmac.compare_digest(hotp(secret, step), code) and (last_step is None or step > last_step):
            found = step if found is None else max(found, step)
    return found


def provisioning_uri(secret: bytes, account_name: str, issuer: str = ISSUER) -> str:
    """The `otpauth://totp/...` URI an authenticator app reads from the QR code
    (Google Authenticator's Key Uri Format: label "issuer:account", issuer repeated)."""
    label = quote(f"{issuer}:{account_name}", safe=":@")
    query = urlencode(
        {"secret": encode_secret(secret), "issuer": issuer, "algorithm": "SHA1", "digits": DIGITS},
        quote_via=quote,
    )
    return f"otpauth://totp/{label}?{query}&period={STEP_SECONDS}"
