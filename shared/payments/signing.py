"""Callback signatures: HMAC-SHA256 over the raw request body (RFC 2104, FIPS 198-1).

The provider signs the exact bytes it sends; we verify those bytes before parsing them
(ASVS 9.1.1: verify the MAC before trusting the contents), with a constant-time compare so
the time taken tells nothing about how much of a forged signature was right. The header
carries the MAC in unpadded base64url.
"""

from __future__ import annotations

import base64
import hashlib
import hmac

SIGNATURE_HEADER = "X-Sim-Signature"
# A signature header longer than this is not one of ours: refuse it before decoding.
_MAX_SIGNATURE_CHARS = 128


def sign(key: bytes, body: bytes) -> str:
    mac = hmac.new(key, body, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(mac).rstrip(b"=").decode("ascii")


def verify(key: bytes, body: bytes, signature: str | None) -> bool:
    """Whether `signature` is the MAC of exactly `body` under `key`."""
    if not signature or len(signature) > _MAX_SIGNATURE_CHARS:
        return False
    expected = sign(key, body)
    # compare_digest on ASCII text is constant-time in the length of the expected value.
    return hmac.compare_digest(expected.encode("ascii"), signature.strip().encode("ascii", "replace"))


def body_digest(body: bytes) -> str:
    """How a notification body is recorded: its SHA-256, never its content."""
    return hashlib.sha256(body).hexdigest()
