"""TokenService on its own: each refusal for the reason it names, key rotation, the clock."""

from __future__ import annotations

import jwt
import pytest

from shared.auth.tokens import KIOSK, MOBILE, STAFF, InvalidToken, KeyRing, TokenService
from shared.clock import ManualClock
from shared.privacy.vault import derive_key

SECRET = b"s" * 32


def service(clock: ManualClock, ring: KeyRing | None = None) -> TokenService:
    return TokenService(ring or KeyRing.derived(SECRET), clock, access_seconds=600)


def refusal(tokens: TokenService, token: str, audience: str = MOBILE) -> str:
    with pytest.raises(InvalidToken) as caught:
        tokens.verify(token, audience)  # type: ignore[arg-type]
    return caught.value.reason


def test_the_key_is_derived_from_the_server_secret_for_kid_v1() -> None:
    ring = KeyRing.derived(SECRET)
    assert ring.current == "v1"
    assert ring.keys["v1"] == derive_key(SECRET, "onevisit:jwt:v1")


def test_mint_and_verify_each_audience() -> None:
    clock = ManualClock(1_800_000_000)
    tokens = service(clock)
    for audience in (MOBILE, KIOSK, STAFF):
        issued = tokens.mint(audience, "citizen-1", "session-1")
        claims = tokens.verify(issued.token, audience)
        assert (claims.subject, claims.session_id, claims.audience) == ("citizen-1", "session-1", audience)
        assert claims.expires_at - claims.issued_at == 600 == issued.expires_in
        assert claims.jti == issued.jti
        header = jwt.get_unverified_header(issued.token)
        assert header == {"alg": "HS256", "typ": "at+jwt", "kid": "v1"}
        for other in {MOBILE, KIOSK, STAFF} - {audience}:
            assert refusal(tokens, issued.token, other) == "InvalidAudienceError"


def test_every_token_is_different() -> None:
    tokens = service(ManualClock(1_800_000_000))
    assert tokens.mint(MOBILE, "a", "s").token != tokens.mint(MOBILE, "a", "s").token


def test_expiry_and_issue_time_follow_the_given_clock_with_a_small_leeway() -> None:
    clock = ManualClock(1_000_000)  # far in the past: PyJWT's wall clock would call this expired
    tokens = service(clock)
    token = tokens.mint(MOBILE, "c", "s").token
    clock.advance(600 + 9)
    assert tokens.verify(token, MOBILE).subject == "c"
    clock.advance(1)
    assert refusal(tokens, token) == "expired"
    # A token minted by a clock ahead of ours (beyond the leeway) is refused too.
    future = service(ManualClock(clock.now() + 3600)).mint(MOBILE, "c", "s").token
    assert refusal(tokens, future) == "issued in the future"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"exp": None}, "MissingRequiredClaimError"),
        ({"iat": None}, "MissingRequiredClaimError"),
        ({"sub": None}, "MissingRequiredClaimError"),
        ({"iss": "someone-else"}, "InvalidIssuerError"),
        ({"iss": "onevisi"}, "InvalidIssuerError"),
        ({"aud": [MOBILE]}, "InvalidAudienceError"),
        ({"exp": "soon"}, "exp is not an integer"),
        ({"sid": None}, "sid is missing or not a string"),
    ],
)
def test_claims_are_required_and_checked(changes: dict[str, object], reason: str) -> None:
    clock = ManualClock(1_800_000_000)
    tokens = service(clock)
    claims = {"iss": "onevisit", "aud": MOBILE, "sub": "c", "sid": "s", "iat": 1_800_000_000, "jti": "j"}
    claims["exp"] = 1_800_000_600
    claims.update(changes)
    payload = {k: v for k, v in claims.items() if v is not None}
    token = jwt.encode(payload, derive_key(SECRET, "onevisit:jwt:v1"), headers={"kid": "v1", "typ": "at+jwt"})
    assert refusal(tokens, token) == reason


def test_the_header_picks_only_from_our_key_ring_and_must_say_at_jwt() -> None:
    clock = ManualClock(1_800_000_000)
    tokens = service(clock)
    good = tokens.mint(MOBILE, "c", "s").token
    key = derive_key(SECRET, "onevisit:jwt:v1")
    claims = jwt.decode(
        good, key, algorithms=["HS256"], audience=MOBILE, options={"verify_exp": False, "verify_iat": False}
    )
    assert refusal(tokens, jwt.encode(claims, key, headers={"kid": "v9", "typ": "at+jwt"})) == "unknown key id"
    assert refusal(tokens, jwt.encode(claims, key, headers={"kid": "v1"})) == "wrong token type"
    assert refusal(tokens, jwt.encode(claims, key, headers={"kid": "v1", "typ": "JWT"})) == "wrong token type"
    assert refusal(tokens, jwt.encode(claims, b"x" * 32, headers={"kid": "v1", "typ": "at+jwt"})) == (
        "InvalidSignatureError"
    )
    none_token = jwt.encode(claims, None, algorithm="none", headers={"kid": "v1", "typ": "at+jwt"})
    assert refusal(tokens, none_token) == "InvalidAlgorithmError"
    assert refusal(tokens, "") == "empty or oversized token"
    assert refusal(tokens, "a.b") == "unreadable header"


def test_key_rotation_accepts_the_previous_kid_until_it_is_dropped() -> None:
    clock = ManualClock(1_800_000_000)
    old = service(clock, KeyRing.derived(SECRET, current="v1"))
    old_token = old.mint(MOBILE, "c", "s").token
    rotated = service(clock, KeyRing.derived(SECRET, current="v2", previous=("v1",)))
    assert rotated.verify(old_token, MOBILE).subject == "c"
    new_token = rotated.mint(MOBILE, "c", "s").token
    assert jwt.get_unverified_header(new_token)["kid"] == "v2"
    assert refusal(old, new_token) == "unknown key id"
    retired = service(clock, KeyRing.derived(SECRET, current="v2"))
    assert refusal(retired, old_token) == "unknown key id"


def test_a_key_ring_refuses_short_keys_and_a_missing_current_key() -> None:
    with pytest.raises(ValueError):
        KeyRing("v1", {"v1": b"short"})
    with pytest.raises(ValueError):
        KeyRing("v2", {"v1": b"k" * 32})
