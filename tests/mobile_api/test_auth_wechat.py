"""WeChat sign-in: the simulated code2Session and how the API answers each of its errors."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx2
import pytest

from mobile_api.errors import error_body
from shared.audit import recent
from shared.auth import accounts, login
from shared.auth.tokens import MOBILE
from shared.auth.wechat import (
    CodeAlreadyUsed,
    InvalidCode,
    PlatformUnavailable,
    RateLimited,
    SimulatedWeChat,
)
from shared.clock import ManualClock
from shared.config import Settings
from shared.errors import Unauthorized
from tests.conftest import Running
from tests.mobile_api.auth_helpers import bearer, sign_in, wechat

LOGIN = "/api/v1/auth/wechat-login"
GENERIC_401 = error_body(Unauthorized(), "zh")


# --- the simulator ------------------------------------------------------------------


async def test_simulated_codes_are_single_use_and_expire_after_five_minutes() -> None:
    clock = ManualClock(1_800_000_000)
    platform = SimulatedWeChat(clock)
    code = platform.issue_code("o-alice", unionid="u-alice")
    session = await platform.code_to_session(code)
    assert (session.openid, session.unionid) == ("o-alice", "u-alice")
    assert len(session.session_key) == 24
    with pytest.raises(CodeAlreadyUsed) as used:
        await platform.code_to_session(code)
    assert used.value.errcode == 40163
    late = platform.issue_code("o-alice")
    clock.advance(300)
    with pytest.raises(InvalidCode) as invalid:
        await platform.code_to_session(late)
    assert invalid.value.errcode == 40029
    with pytest.raises(InvalidCode):
        await platform.code_to_session("never-issued")


async def test_each_exchange_gives_a_new_session_key() -> None:
    platform = SimulatedWeChat(ManualClock())
    first = await platform.code_to_session(platform.issue_code("o-bob"))
    second = await platform.code_to_session(platform.issue_code("o-bob"))
    assert first.openid == second.openid
    assert first.session_key != second.session_key


async def test_the_simulator_rate_limits_per_openid_and_overall() -> None:
    clock = ManualClock(1_800_000_000)
    platform = SimulatedWeChat(clock, per_openid_per_minute=2, per_minute=5)
    for _ in range(2):
        await platform.code_to_session(platform.issue_code("o-busy"))
    with pytest.raises(RateLimited) as limited:
        await platform.code_to_session(platform.issue_code("o-busy"))
    assert limited.value.errcode == 45011
    assert 1 <= limited.value.retry_after <= 61
    # Another user is not held back by o-busy's limit, until the overall one is reached.
    await platform.code_to_session(platform.issue_code("o-other"))
    await platform.code_to_session(platform.issue_code("o-other2"))
    with pytest.raises(RateLimited):
        await platform.code_to_session(platform.issue_code("o-third"))
    clock.advance(61)
    await platform.code_to_session(platform.issue_code("o-busy"))


async def test_the_simulator_can_be_told_to_fail_once() -> None:
    platform = SimulatedWeChat(ManualClock())
    code = platform.issue_code("o-x")
    platform.fail_next(PlatformUnavailable("system busy"))
    with pytest.raises(PlatformUnavailable) as down:
        await platform.code_to_session(code)
    assert down.value.errcode == -1
    assert (await platform.code_to_session(code)).openid == "o-x"


# --- through the API ---------------------------------------------------------------------


async def test_first_sign_in_creates_a_citizen_and_answers_our_tokens(running: Running) -> None:
    code = wechat(running.services).issue_code("o-new-user")
    response = await running.client.post(LOGIN, json={"code": code})
    assert response.status_code == 200
    body = response.json()
    assert set(body) == {"access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in", "citizen"}
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["refresh_expires_in"] == 30 * 86_400
    assert body["citizen"]["real_name"] is False
    assert body["citizen"]["name"] is None
    assert response.headers["cache-control"] == "no-store"
    claims = running.services.tokens.verify(body["access_token"], MOBILE)
    assert claims.subject == body["citizen"]["id"]
    # The same WeChat account signs in as the same citizen again.
    again = await sign_in(running, openid="o-new-user")
    assert again["citizen"]["id"] == body["citizen"]["id"]
    assert again["refresh_token"] != body["refresh_token"]


async def test_the_session_key_stays_on_the_server_sealed(running: Running) -> None:
    platform = wechat(running.services)
    seen: list[str] = []
    original = platform.code_to_session

    async def spy(code: str):  # type: ignore[no-untyped-def]
        session = await original(code)
        seen.append(session.session_key)
        return session

    platform.code_to_session = spy  # type: ignore[method-assign]
    body = await sign_in(running, openid="o-keyholder")
    assert seen and seen[0] not in str(body)
    assert "o-keyholder" not in str(body)
    row = await running.services.db.fetch_one("SELECT session_key_sealed, openid_hash FROM wechat_accounts")
    assert row is not None
    assert seen[0].encode() not in bytes(row["session_key_sealed"])
    assert b"o-keyholder" not in bytes(row["openid_hash"])
    async with running.services.db.transaction() as tx:
        assert await accounts.session_key(tx, running.services.vault, "o-keyholder") == seen[0]


@pytest.mark.parametrize("kind", ["invalid", "used", "expired"])
async def test_a_bad_code_is_the_generic_401_and_audited(running: Running, kind: str) -> None:
    platform = wechat(running.services)
    code = "not-a-code" if kind == "invalid" else platform.issue_code("o-someone")
    if kind == "used":
        await running.client.post(LOGIN, json={"code": code})
    if kind == "expired":
        running.clock.advance(301)
    response = await running.client.post(LOGIN, json={"code": code})
    assert response.status_code == 401
    assert response.json() == GENERIC_401
    entries = await recent(running.services.db, action=login.WECHAT_LOGIN)
    assert entries[0].result == "failed"
    assert entries[0].detail["reason"] == ("code_used" if kind == "used" else "invalid_code")


async def test_rate_limited_by_the_platform_is_429_with_retry_after(running: Running) -> None:
    platform = wechat(running.services)
    platform.fail_next(RateLimited(retry_after=42))
    response = await running.client.post(LOGIN, json={"code": platform.issue_code()})
    assert response.status_code == 429
    assert response.headers["retry-after"] == "42"
    assert response.json()["error"]["code"] == "too_many_requests"
    assert "WeChat" in response.json()["error"]["messages"]["en"]


async def test_platform_down_is_503_with_a_clear_message(running: Running) -> None:
    platform = wechat(running.services)
    platform.fail_next(PlatformUnavailable("system busy"))
    response = await running.client.post(LOGIN, json={"code": platform.issue_code()}, params={"lang": "en"})
    assert response.status_code == 503
    assert response.json()["error"]["message"] == ("WeChat sign-in is temporarily unavailable; please try again later.")


@pytest.mark.parametrize(
    ("body", "status"),
    [({}, 422), ({"code": 5}, 422), ({"code": "x", "extra": 1}, 422), ({"code": ""}, 401), ({"code": "x" * 500}, 401)],
)
async def test_malformed_login_bodies(running: Running, body: dict[str, object], status: int) -> None:
    response = await running.client.post(LOGIN, json=body)
    assert response.status_code == status


async def test_a_successful_sign_in_is_audited_without_personal_data(running: Running) -> None:
    body = await sign_in(running, openid="o-audited")
    entries = await recent(running.services.db, action=login.WECHAT_LOGIN)
    assert entries[0].result == "ok"
    assert entries[0].actor_id == body["citizen"]["id"]
    assert entries[0].detail == {"new_citizen": True}
    assert "o-audited" not in str(entries[0])


# --- the demo stand-in for wx.login ---------------------------------------------------------


async def test_the_demo_code_route_is_404_outside_demo_mode(running: Running) -> None:
    response = await running.client.post("/api/v1/demo/wechat-code", json={})
    assert response.status_code == 404


@pytest.fixture
async def demo_client(tmp_path: Path) -> AsyncIterator[httpx2.AsyncClient]:
    from onevisit import create_app

    settings = Settings(data_dir=tmp_path / "demo", demo=True, catalog_refresh_seconds=0.0)
    app = create_app(settings, ManualClock())
    async with app.router.lifespan_context(app) as state:
        assert state is not None

        async def with_state(scope, receive, send):  # type: ignore[no-untyped-def]
            scope["state"] = dict(state)
            await app(scope, receive, send)

        transport = httpx2.ASGITransport(app=with_state)
        async with httpx2.AsyncClient(transport=transport, base_url="http://kiosk.test") as client:
            yield client


async def test_in_demo_mode_a_tester_can_stand_in_for_wx_login(demo_client: httpx2.AsyncClient) -> None:
    first = await demo_client.post("/api/v1/demo/wechat-code", json={"openid": "o-tester"})
    assert first.status_code == 200
    signed = await demo_client.post(LOGIN, json=first.json())
    assert signed.status_code == 200
    again = await demo_client.post("/api/v1/demo/wechat-code", json={"openid": "o-tester"})
    same = await demo_client.post(LOGIN, json=again.json())
    assert same.json()["citizen"]["id"] == signed.json()["citizen"]["id"]
    fresh = await demo_client.post("/api/v1/demo/wechat-code", json={})
    other = await demo_client.post(LOGIN, json=fresh.json())
    assert other.json()["citizen"]["id"] != signed.json()["citizen"]["id"]
    me = await demo_client.get("/api/v1/me", headers=bearer(other.json()["access_token"]))
    assert me.status_code == 200
    bad = await demo_client.post("/api/v1/demo/wechat-code", json={"openid": "has spaces"})
    assert bad.status_code == 422
