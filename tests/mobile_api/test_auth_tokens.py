"""The token matrix on the phone API: every bad credential gets the same generic 401.

Each forged token differs from a good one in one respect only; the good one (built by the
same `forge`) is shown to pass first, so each refusal is for the reason named.
"""

from __future__ import annotations

import base64
import json
import time
from collections.abc import Callable
from typing import Any

import jwt
import pytest

from mobile_api.errors import error_body
from shared.audit import Actor, Where, recent
from shared.auth import login
from shared.auth.tokens import KIOSK, MOBILE, STAFF, InvalidToken
from shared.errors import Unauthorized
from shared.privacy.vault import derive_key
from tests.conftest import Running
from tests.mobile_api.auth_helpers import bearer, sign_in

ME = "/api/v1/me"
GENERIC_401 = error_body(Unauthorized(), "zh")


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def forge(
    running: Running,
    sub: str,
    sid: str,
    *,
    claims: dict[str, Any] | None = None,
    drop: tuple[str, ...] = (),
    headers: dict[str, Any] | None = None,
    key: bytes | None = None,
    algorithm: str = "HS256",
) -> str:
    now = int(running.clock.now())
    payload: dict[str, Any] = {
        "iss": "onevisit",
        "aud": MOBILE,
        "sub": sub,
        "sid": sid,
        "iat": now,
        "exp": now + 600,
        "jti": "forged",
    }
    payload.update(claims or {})
    for name in drop:
        payload.pop(name)
    header = {"kid": "v1", "typ": "at+jwt", **(headers or {})}
    if header["kid"] is None:
        del header["kid"]  # (a `typ` of None makes PyJWT leave typ out)
    signing_key = key if key is not None else _key(running)
    return jwt.encode(payload, signing_key, algorithm=algorithm, headers=header)


def _key(running: Running) -> bytes:
    return derive_key(running.services.secret_key, "onevisit:jwt:v1")


def alg_none(running: Running, sub: str, sid: str) -> str:
    header = {"alg": "none", "typ": "at+jwt", "kid": "v1"}
    now = int(running.clock.now())
    payload = {"iss": "onevisit", "aud": MOBILE, "sub": sub, "sid": sid, "iat": now, "exp": now + 600, "jti": "x"}
    return f"{_b64(json.dumps(header).encode())}.{_b64(json.dumps(payload).encode())}."


def tamper_signature(token: str) -> str:
    head, payload, signature = token.split(".")
    flipped = ("A" if signature[0] != "A" else "B") + signature[1:]
    return f"{head}.{payload}.{flipped}"


def tamper_payload(token: str, **changes: Any) -> str:
    head, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims.update(changes)
    return f"{head}.{_b64(json.dumps(claims).encode())}.{signature}"


async def assert_generic_401(running: Running, headers: dict[str, str], url: str = ME) -> None:
    response = await running.client.get(url, headers=headers)
    assert response.status_code == 401
    assert response.json() == GENERIC_401
    assert response.headers["www-authenticate"] == 'Bearer realm="onevisit"'
    assert response.headers["cache-control"] == "no-store"


async def test_a_good_token_passes_and_the_forger_makes_good_tokens(running: Running) -> None:
    tokens = await sign_in(running)
    citizen = tokens["citizen"]["id"]
    claims = running.services.tokens.verify(tokens["access_token"], MOBILE)
    assert claims.subject == citizen
    for token in (tokens["access_token"], forge(running, citizen, claims.session_id)):
        response = await running.client.get(ME, headers=bearer(token))
        assert response.status_code == 200, response.text
        assert response.json()["id"] == citizen
        assert response.headers["cache-control"] == "no-store"


def _cases() -> dict[str, Callable[[Running, str, str], str]]:
    now = int(time.time())
    return {
        "missing exp": lambda r, s, i: forge(r, s, i, drop=("exp",)),
        "missing iat": lambda r, s, i: forge(r, s, i, drop=("iat",)),
        "missing sub": lambda r, s, i: forge(r, s, i, drop=("sub",)),
        "missing aud": lambda r, s, i: forge(r, s, i, drop=("aud",)),
        "missing iss": lambda r, s, i: forge(r, s, i, drop=("iss",)),
        "missing sid": lambda r, s, i: forge(r, s, i, drop=("sid",)),
        "exp not a number": lambda r, s, i: forge(r, s, i, claims={"exp": "tomorrow"}),
        "exp true": lambda r, s, i: forge(r, s, i, claims={"exp": True}),
        "expired long ago": lambda r, s, i: forge(r, s, i, claims={"iat": now - 7200, "exp": now - 3600}),
        "issued in the future": lambda r, s, i: forge(r, s, i, claims={"iat": int(r.clock.now()) + 3600}),
        "not yet valid": lambda r, s, i: forge(r, s, i, claims={"nbf": int(r.clock.now()) + 3600}),
        "kiosk audience": lambda r, s, i: r.services.tokens.mint(KIOSK, s, i).token,
        "staff audience": lambda r, s, i: r.services.tokens.mint(STAFF, s, i).token,
        "audience list": lambda r, s, i: forge(r, s, i, claims={"aud": [MOBILE, KIOSK]}),
        "wrong issuer": lambda r, s, i: forge(r, s, i, claims={"iss": "onevisit-admin"}),
        "issuer prefix": lambda r, s, i: forge(r, s, i, claims={"iss": "onevis"}),
        "alg none": alg_none,
        "alg HS512": lambda r, s, i: forge(r, s, i, algorithm="HS512", key=_key(r) * 2),
        "tampered signature": lambda r, s, i: tamper_signature(forge(r, s, i)),
        "tampered subject": lambda r, s, i: tamper_payload(forge(r, s, i), sub="someone-else"),
        "another secret": lambda r, s, i: forge(r, s, i, key=b"k" * 32),
        "unknown kid": lambda r, s, i: forge(r, s, i, headers={"kid": "v0"}),
        "no kid": lambda r, s, i: forge(r, s, i, headers={"kid": None}),
        "wrong typ": lambda r, s, i: forge(r, s, i, headers={"typ": "JWT"}),
        "refresh typ": lambda r, s, i: forge(r, s, i, headers={"typ": "rt+jwt"}),
        "no typ": lambda r, s, i: forge(r, s, i, headers={"typ": None}),
        "jku header ignored, key not ours": lambda r, s, i: forge(
            r, s, i, key=b"a" * 32, headers={"jku": "https://attacker.example/keys"}
        ),
        "unknown session": lambda r, s, i: forge(r, s, "no-such-session"),
        "garbage": lambda r, s, i: "not.a.jwt",
    }


@pytest.mark.parametrize("case", list(_cases()))
async def test_every_bad_token_gets_the_same_generic_401(running: Running, case: str) -> None:
    tokens = await sign_in(running)
    claims = running.services.tokens.verify(tokens["access_token"], MOBILE)
    token = _cases()[case](running, claims.subject, claims.session_id)
    await assert_generic_401(running, bearer(token))


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": "Bearer"},
        {"Authorization": "Bearer "},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"Authorization": "Bearer a b"},
        {"Authorization": "Bearer " + "a" * 5000},
    ],
    ids=["none", "scheme only", "empty", "basic", "two tokens", "huge"],
)
async def test_missing_or_malformed_authorization_is_the_same_401(running: Running, headers: dict[str, str]) -> None:
    await assert_generic_401(running, headers)


async def test_a_token_in_the_query_string_is_not_accepted(running: Running) -> None:
    tokens = await sign_in(running)
    response = await running.client.get(ME, params={"access_token": tokens["access_token"]})
    assert response.status_code == 401


async def test_expiry_follows_the_service_clock(running: Running) -> None:
    tokens = await sign_in(running)
    headers = bearer(tokens["access_token"])
    assert tokens["expires_in"] == running.services.settings.access_token_seconds
    running.clock.advance(tokens["expires_in"] - 1)
    assert (await running.client.get(ME, headers=headers)).status_code == 200
    # Within the small leeway (≤ 30 s) the token still passes; past it, never.
    running.clock.advance(31)
    await assert_generic_401(running, headers)


async def test_refresh_rotates_and_the_old_access_token_family_lives_on(running: Running) -> None:
    first = await sign_in(running)
    response = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["token_type"] == "Bearer"
    assert second["citizen"]["id"] == first["citizen"]["id"]
    assert response.headers["cache-control"] == "no-store"
    assert (await running.client.get(ME, headers=bearer(second["access_token"]))).status_code == 200
    # Same family: the earlier access token is still good until its exp.
    assert (await running.client.get(ME, headers=bearer(first["access_token"]))).status_code == 200


async def test_refresh_token_reuse_revokes_the_whole_family(running: Running) -> None:
    first = await sign_in(running)
    rotated = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    second = rotated.json()
    # Someone replays the used refresh token (it was copied): refused...
    replay = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    assert replay.status_code == 401
    assert replay.json() == GENERIC_401
    # ...and every token of the family stops working at once, the legitimate one included.
    for token in (first["access_token"], second["access_token"]):
        await assert_generic_401(running, bearer(token))
    again = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": second["refresh_token"]})
    assert again.status_code == 401
    assert again.json() == GENERIC_401
    entries = await recent(running.services.db, action=login.REFRESH)
    assert entries[-1].result == "refused"
    assert entries[-1].detail["family_revoked"] is True


async def test_another_family_of_the_same_citizen_survives_a_reuse(running: Running) -> None:
    phone_one = await sign_in(running, openid="o-same-person")
    phone_two = await sign_in(running, openid="o-same-person")
    assert phone_one["citizen"]["id"] == phone_two["citizen"]["id"]
    await running.client.post("/api/v1/auth/refresh", json={"refresh_token": phone_one["refresh_token"]})
    await running.client.post("/api/v1/auth/refresh", json={"refresh_token": phone_one["refresh_token"]})
    await assert_generic_401(running, bearer(phone_one["access_token"]))
    assert (await running.client.get(ME, headers=bearer(phone_two["access_token"]))).status_code == 200


@pytest.mark.parametrize("token", ["", "x", "a" * 300, "nonsense-token-value"])
async def test_unknown_refresh_tokens_get_the_generic_401(running: Running, token: str) -> None:
    response = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": token})
    assert response.status_code == 401
    assert response.json() == GENERIC_401


async def test_a_refresh_token_expires_with_its_family(running: Running) -> None:
    tokens = await sign_in(running)
    running.clock.advance(running.services.settings.refresh_token_days * 86_400 + 1)
    response = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert response.status_code == 401


async def test_logout_takes_effect_at_once(running: Running) -> None:
    tokens = await sign_in(running)
    headers = bearer(tokens["access_token"])
    assert (await running.client.get(ME, headers=headers)).status_code == 200
    response = await running.client.post("/api/v1/auth/logout", headers=headers)
    assert response.status_code == 204
    assert response.content == b""
    # The access token has minutes left, yet it no longer works; nor does the refresh token.
    await assert_generic_401(running, headers)
    refresh = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]})
    assert refresh.status_code == 401
    assert refresh.json() == GENERIC_401
    again = await running.client.post("/api/v1/auth/logout", headers=headers)
    assert again.status_code == 401


async def test_revoking_all_sessions_of_a_citizen(running: Running) -> None:
    one = await sign_in(running, openid="o-revoke-me")
    two = await sign_in(running, openid="o-revoke-me")
    other = await sign_in(running)
    services = running.services
    count = await login.revoke_all(
        services.db, one["citizen"]["id"], services.clock.now(), "account_disabled", Actor.system(), Where.system()
    )
    assert count == 2
    for tokens in (one, two):
        await assert_generic_401(running, bearer(tokens["access_token"]))
    assert (await running.client.get(ME, headers=bearer(other["access_token"]))).status_code == 200


async def test_a_checked_token_is_remembered_only_for_its_own_audience_and_times(running: Running) -> None:
    """Verified tokens are kept in memory to spare the signature work; the audience still
    binds and the clock is still read on every call."""
    tokens = running.services.tokens
    token = tokens.mint(MOBILE, "citizen-1", "session-1").token
    assert tokens.verify(token, MOBILE).subject == "citizen-1"
    assert tokens.verify(token, MOBILE).subject == "citizen-1"  # from memory
    for other in (KIOSK, STAFF):
        with pytest.raises(InvalidToken):
            tokens.verify(token, other)
    running.clock.advance(tokens.access_seconds + 60)
    with pytest.raises(InvalidToken, match="expired"):
        tokens.verify(token, MOBILE)
