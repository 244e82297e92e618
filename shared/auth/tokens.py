"""Our own access tokens: short-lived JWTs, HS256, one audience per kind of client.

The phone never sees WeChat's session key; it holds our access token and a refresh token
(`sessions.py`). An access token says who (`sub`), which session family (`sid`, so that
logout and revocation reach it at once) and for which client (`aud`).

Verification follows RFC 8725 (JWT best current practice) and ASVS 9.1/9.2, and avoids the
PyJWT pitfalls of reliability-security.md §1.4:

- the algorithm list is fixed (`HS256`), never read from the token, so `alg: none` and
  key confusion are refused;
- the key is chosen by `kid` from our own key ring only (ASVS 9.1.3); an unknown `kid` is
  refused; `jku`, `x5u` and `jwk` headers are never looked at;
- `typ` must be `at+jwt` (RFC 9068 explicit typing), so another kind of JWT signed with
  the same key cannot pass as an access token;
- `aud`, `iss`, `sub`, `iat` and `exp` are required; the audience is an allowlist of one;
- `exp`, `iat` and `nbf` are checked against the service clock (`Clock.now()`), not the
  wall clock PyJWT would use, so tests move time instead of sleeping. PyJWT's own time
  checks are turned off for that reason; the claims are still required and type-checked
  here.

Every failure raises `InvalidToken`; adapters turn it into the one generic 401.
"""

from __future__ import annotations

import uuid
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

import jwt

from shared.clock import Clock
from shared.privacy.vault import derive_key

Audience = Literal["onevisit-mobile", "onevisit-kiosk", "onevisit-staff"]
MOBILE: Final[Audience] = "onevisit-mobile"
KIOSK: Final[Audience] = "onevisit-kiosk"
STAFF: Final[Audience] = "onevisit-staff"
AUDIENCES: Final[frozenset[str]] = frozenset({MOBILE, KIOSK, STAFF})

ISSUER: Final = "onevisit"
TOKEN_TYPE: Final = "at+jwt"
ALGORITHM: Final = "HS256"
# Clock skew tolerated between the time a token was minted and checked (≤ 30 s, §1.4).
LEEWAY_SECONDS: Final = 10
# A token longer than this is not one of ours; refuse it before parsing.
MAX_TOKEN_LENGTH: Final = 4096
# Checked tokens kept in memory (about 3 MB at most); the oldest is forgotten first.
CHECKED_CACHE_SIZE: Final = 10_000
REQUIRED_CLAIMS: Final = ["exp", "iat", "sub", "aud", "iss"]


class InvalidToken(Exception):
    """The token is not a valid access token for this audience. `reason` is for logs and
    tests only; clients always get the same generic answer."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


@dataclass(frozen=True, slots=True)
class KeyRing:
    """Signing keys by key id: tokens are signed with `current`; tokens signed with any key
    in `keys` are accepted. Rotation: add a new kid as current, keep the old one until the
    longest access token signed with it has expired, then drop it."""

    current: str
    keys: Mapping[str, bytes]

    def __post_init__(self) -> None:
        if self.current not in self.keys:
            raise ValueError("the current key id must be in the ring")
        for kid, key in self.keys.items():
            # RFC 7518 §3.2: an HS256 key at least as long as the hash output.
            if len(key) < 32:
                raise ValueError(f"key {kid!r} is shorter than 256 bits")

    @classmethod
    def derived(cls, secret: bytes, current: str = "v1", previous: tuple[str, ...] = ()) -> KeyRing:
        """Keys derived from the server secret, one per key id (`onevisit:jwt:v1`, ...)."""
        kids = (current, *previous)
        return cls(current, {kid: derive_key(secret, f"onevisit:jwt:{kid}") for kid in kids})


@dataclass(frozen=True, slots=True)
class IssuedToken:
    token: str
    expires_in: int
    jti: str


@dataclass(frozen=True, slots=True)
class AccessClaims:
    subject: str
    session_id: str
    audience: Audience
    issued_at: int
    expires_at: int
    jti: str


def _int_claim(claims: Mapping[str, Any], name: str) -> int:
    value = claims.get(name)
    # bool is an int in Python; a JSON `true` is not a time.
    if not isinstance(value, int) or isinstance(value, bool):
        raise InvalidToken(f"{name} is not an integer")
    return value


def _str_claim(claims: Mapping[str, Any], name: str) -> str:
    value = claims.get(name)
    if not isinstance(value, str) or not value or len(value) > 200:
        raise InvalidToken(f"{name} is missing or not a string")
    return value


class TokenService:
    """Mints and verifies access tokens for every client kind; each adapter verifies only
    its own audience."""

    def __init__(self, keys: KeyRing, clock: Clock, access_seconds: int) -> None:
        self._keys = keys
        self._clock = clock
        self.access_seconds = access_seconds
        # Tokens whose signature, type, issuer and audience were already checked: a phone
        # sends the same token for ten minutes, and the HMAC and base64 work is most of the
        # cost of an authenticated call. Times are still checked on every call.
        self._checked: OrderedDict[tuple[str, str], dict[str, Any]] = OrderedDict()

    def mint(self, audience: Audience, subject: str, session_id: str, *, lifetime: int | None = None) -> IssuedToken:
        now = int(self._clock.now())
        seconds = self.access_seconds if lifetime is None else lifetime
        jti = uuid.uuid4().hex
        claims = {
            "iss": ISSUER,
            "aud": audience,
            "sub": subject,
            "sid": session_id,
            "iat": now,
            "exp": now + seconds,
            "jti": jti,
        }
        token = jwt.encode(
            claims,
            self._keys.keys[self._keys.current],
            algorithm=ALGORITHM,
            headers={"kid": self._keys.current, "typ": TOKEN_TYPE},
        )
        return IssuedToken(token, seconds, jti)

    def verify(self, token: str, audience: Audience) -> AccessClaims:
        if not token or len(token) > MAX_TOKEN_LENGTH:
            raise InvalidToken("empty or oversized token")
        claims = self._checked.get((token, audience))
        if claims is None:
            claims = self._check_signed(token, audience)
            self._checked[(token, audience)] = claims
            if len(self._checked) > CHECKED_CACHE_SIZE:
                self._checked.popitem(last=False)
        else:
            self._checked.move_to_end((token, audience))
        return self._check_times(claims, audience)

    def _check_signed(self, token: str, audience: Audience) -> dict[str, Any]:
        """Everything about a token that does not depend on the time: header, signature, claims."""
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("unreadable header") from exc
        # The header is untrusted until the signature is checked: it only picks a key from
        # our own ring, and its `typ` must be ours.
        kid = header.get("kid")
        if not isinstance(kid, str) or kid not in self._keys.keys:
            raise InvalidToken("unknown key id")
        typ = header.get("typ")
        if not isinstance(typ, str) or typ.lower() not in (TOKEN_TYPE, "application/" + TOKEN_TYPE):
            raise InvalidToken("wrong token type")
        try:
            claims: dict[str, Any] = jwt.decode(
                token,
                self._keys.keys[kid],
                algorithms=[ALGORITHM],
                audience=audience,
                issuer=ISSUER,
                options={
                    "require": REQUIRED_CLAIMS,
                    # Checked below against the service clock instead of the wall clock.
                    "verify_exp": False,
                    "verify_iat": False,
                    "verify_nbf": False,
                    "enforce_minimum_key_length": True,
                    "strict_aud": True,
                },
            )
        except jwt.PyJWTError as exc:
            raise InvalidToken(type(exc).__name__) from exc
        aud = claims.get("aud")
        if aud != audience:  # strict_aud already insists on a single string; belt and braces.
            raise InvalidToken("wrong audience")
        for name in ("sub", "sid", "jti"):
            _str_claim(claims, name)
        return claims

    def _check_times(self, claims: dict[str, Any], audience: Audience) -> AccessClaims:
        now = self._clock.now()
        expires_at = _int_claim(claims, "exp")
        issued_at = _int_claim(claims, "iat")
        if now >= expires_at + LEEWAY_SECONDS:
            raise InvalidToken("expired")
        if issued_at > now + LEEWAY_SECONDS:
            raise InvalidToken("issued in the future")
        if "nbf" in claims and _int_claim(claims, "nbf") > now + LEEWAY_SECONDS:
            raise InvalidToken("not yet valid")
        return AccessClaims(
            subject=_str_claim(claims, "sub"),
            session_id=_str_claim(claims, "sid"),
            audience=audience,
            issued_at=issued_at,
            expires_at=expires_at,
            jti=_str_claim(claims, "jti"),
        )
