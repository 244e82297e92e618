"""Personal numbers at rest: encrypted, with a keyed hash for look-ups.

A copy of the database file must not reveal anyone's ID or phone number. Each value is
stored twice, neither readable on its own:

- `seal` → AES-256-GCM with a random 96-bit nonce and the column's name as associated
  data, so a value cannot be moved to another column unnoticed. Format: one version byte,
  the nonce, the ciphertext and tag.
- `lookup_hash` → HMAC-SHA-256 under a separate key, so "is this ID number already
  known?" is one indexed equality test, and the hash of a guessed number cannot be computed
  without the key (a plain SHA-256 of 18 digits with a known structure falls to brute force).

Both keys are derived with HKDF from the server's secret (`shared.secrets`), one per purpose.
Rotating the secret needs a re-encryption pass; the version byte is there for that day.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

FORMAT_VERSION = 1
NONCE_BYTES = 12


def derive_key(secret: bytes, purpose: str, length: int = 32) -> bytes:
    """A key for one purpose only ("pii-encryption", "jwt-signing:v1", ...)."""
    return HKDF(algorithm=hashes.SHA256(), length=length, salt=None, info=purpose.encode()).derive(secret)


class VaultError(Exception):
    """A sealed value could not be opened: wrong key, wrong column, or damaged bytes."""


class PiiVault:
    def __init__(self, secret: bytes) -> None:
        self._aead = AESGCM(derive_key(secret, "onevisit:pii-encryption"))
        self._hash_key = derive_key(secret, "onevisit:pii-lookup")

    def seal(self, value: str, column: str) -> bytes:
        nonce = os.urandom(NONCE_BYTES)
        sealed = self._aead.encrypt(nonce, value.encode("utf-8"), column.encode())
        return bytes([FORMAT_VERSION]) + nonce + sealed

    def open(self, sealed: bytes, column: str) -> str:
        if len(sealed) < 1 + NONCE_BYTES + 16 or sealed[0] != FORMAT_VERSION:
            raise VaultError("not a sealed value")
        nonce, body = sealed[1 : 1 + NONCE_BYTES], sealed[1 + NONCE_BYTES :]
        try:
            return self._aead.decrypt(nonce, body, column.encode()).decode("utf-8")
        except Exception as exc:  # InvalidTag: tampered, or sealed for another column
            raise VaultError("sealed value does not open") from exc

    def lookup_hash(self, value: str, kind: str) -> bytes:
        """Equal inputs of the same kind give equal hashes; kinds never collide."""
        return hmac.new(self._hash_key, f"{kind}\x00{value}".encode(), hashlib.sha256).digest()


def token_hash(token: str) -> bytes:
    """How opaque tokens (refresh tokens, kiosk session cookies) are stored: SHA-256.

    They are 256 random bits, so an unkeyed hash is enough: nothing to brute-force, and a
    database copy does not hold a usable token.
    """
    return hashlib.sha256(token.encode()).digest()


def new_token() -> str:
    """An opaque, URL-safe token with 256 bits from the OS's CSPRNG (ASVS 7.2.3)."""
    return secrets.token_urlsafe(32)
