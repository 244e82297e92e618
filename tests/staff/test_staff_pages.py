"""Role checks, account management, the audit page and the demo accounts."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest
from starlette.applications import Starlette
from starlette.types import ASGIApp, Receive, Scope, Send

from onevisit import create_app
from shared import audit
from shared.clock import ManualClock
from shared.config import Settings
from shared.services import Services
from shared.staff import accounts
from shared.staff.demo import DEMO_ACCOUNTS, DEMO_PASSWORD
from shared.staff.roles import Role
from tests.staff.conftest import PASSWORD, Hall, csrf_of, make_account, sign_in, signed_in_admin


@pytest.mark.parametrize(
    ("role", "department", "accounts_status", "audit_status"),
    [("clerk", "GA", 403, 403), ("reviewer", "WJ", 403, 403), ("supervisor", None, 403, 200)],
)
async def test_role_checks(
    hall: Hall, role: str, department: str | None, accounts_status: int, audit_status: int
) -> None:
    await make_account(hall, "worker", role, department)
    await sign_in(hall.client, "worker")
    page = await hall.client.get("/staff/accounts")
    assert page.status_code == accounts_status
    assert page.headers["cache-control"] == "no-store"
    assert (await hall.client.get("/staff/audit")).status_code == audit_status
    if accounts_status == 403:
        assert page.text.index("无权") < page.text.index("may not open this page")  # zh first, English below
        home = await hall.client.get("/staff/")
        assert 'href="/staff/accounts"' not in home.text
        refused = await audit.recent(hall.services.db, action="staff.access")
        assert refused[-1].result == "refused" and refused[-1].target == "/staff/accounts"
    # A forged POST is refused whatever the role.
    forged = await hall.client.post("/staff/accounts", data={"username": "x"})
    assert forged.status_code == 403


async def test_pages_redirect_to_sign_in_when_signed_out(hall: Hall) -> None:
    for path in ("/staff/", "/staff/accounts", "/staff/audit"):
        response = await hall.client.get(path)
        assert response.status_code == 303
        assert response.headers["location"].startswith("/staff/sign-in")
        assert response.headers["cache-control"] == "no-store"
    post = await hall.client.post("/staff/accounts", data={})
    assert post.status_code == 303 and post.headers["location"] == "/staff/sign-in"


async def test_admin_creates_accounts_with_every_problem_listed(hall: Hall) -> None:
    client, _ = await signed_in_admin(hall)
    page = await client.get("/staff/accounts")
    assert page.status_code == 200 and "boss" in page.text
    token = csrf_of(page)
    bad = await client.post(
        "/staff/accounts",
        data={
            "csrf_token": token,
            "username": "a",
            "display_name": "",
            "role": "clerk",
            "department_code": "NOPE",
            "password": "short",
        },
    )
    assert bad.status_code == 422
    for message in ("用户名为 3–32 位", "请填写姓名", "事项目录中没有这个部门", "密码至少需要 12 个字符"):
        assert message in bad.text
    assert 'value="short"' not in bad.text

    same = {"csrf_token": token, "username": "Zhang.Wei", "display_name": "张伟", "role": "clerk"}
    same_as_username = await client.post(
        "/staff/accounts", data={**same, "department_code": "GA", "password": "zhang.wei"}
    )
    assert "密码不能与用户名相同" in same_as_username.text or "至少需要" in same_as_username.text

    created = await client.post(
        "/staff/accounts", data={**same, "department_code": "GA", "password": "window-one-pass"}
    )
    assert created.status_code == 303 and created.headers["location"] == "/staff/accounts?done=created"
    listing = await client.get(created.headers["location"])
    assert "账号已创建" in listing.text and "张伟" in listing.text and "市公安局" in listing.text
    again = await client.post(
        "/staff/accounts",
        data={**same, "username": "zhang.WEI", "department_code": "GA", "password": "window-one-pass"},
    )
    assert again.status_code == 422 and "该用户名已被使用" in again.text
    hall_wide = await client.post(
        "/staff/accounts",
        data={**same, "username": "li", "role": "supervisor", "department_code": "GA", "password": "window-one-pass"},
    )
    assert hall_wide.status_code == 422 and "不属于某个部门" in hall_wide.text

    entries = await audit.recent(hall.services.db, action="staff.account.create")
    assert entries[0].actor_label == "boss (admin)" and entries[0].target == "Zhang.Wei (clerk)"
    assert entries[0].where_kind == "address" and entries[0].detail == {"department": "GA", "role": "clerk"}
    # The new clerk can sign in, with any case of the username.
    assert (await sign_in(hall.client_at("10.0.0.7"), "ZHANG.wei", "window-one-pass")).status_code == 303


async def test_deactivation_ends_sessions_at_once_and_reactivation_allows_sign_in(hall: Hall) -> None:
    clerk = await make_account(hall, "clerk01", "clerk", "GA")
    clerk_client = hall.client_at("10.0.0.5")
    await sign_in(clerk_client, "clerk01")
    assert (await clerk_client.get("/staff/")).status_code == 200

    admin, _ = await signed_in_admin(hall)
    token = csrf_of(await admin.get("/staff/accounts"))
    response = await admin.post(f"/staff/accounts/{clerk.id}/deactivate", data={"csrf_token": token})
    assert response.status_code == 303 and response.headers["location"] == "/staff/accounts?done=deactivated"
    assert (await clerk_client.get("/staff/")).status_code == 303
    assert (await sign_in(clerk_client, "clerk01")).status_code == 401

    await admin.post(f"/staff/accounts/{clerk.id}/reactivate", data={"csrf_token": token})
    assert (await sign_in(clerk_client, "clerk01")).status_code == 303
    actions = [(e.action, e.detail) for e in await audit.recent(hall.services.db, limit=20)]
    assert ("staff.account.deactivate", {"sessions_ended": 1}) in actions
    assert ("staff.account.reactivate", {"sessions_ended": 0}) in actions


async def test_admin_cannot_deactivate_themselves(hall: Hall) -> None:
    admin, _ = await signed_in_admin(hall)
    me = await accounts.find_credentials(hall.services.db, "boss")
    assert me is not None
    page = await admin.get("/staff/accounts")
    assert f"/staff/accounts/{me.account.id}/deactivate" not in page.text
    response = await admin.post(f"/staff/accounts/{me.account.id}/deactivate", data={"csrf_token": csrf_of(page)})
    assert response.status_code == 409 and "不能对自己的账号" in response.text
    assert (await admin.get("/staff/")).status_code == 200
    missing = await admin.post("/staff/accounts/9999/deactivate", data={"csrf_token": csrf_of(page)})
    assert missing.status_code == 404
    unknown = await admin.post(f"/staff/accounts/{me.account.id}/promote", data={"csrf_token": csrf_of(page)})
    assert unknown.status_code == 404


async def test_reset_second_factor_ends_sessions_and_asks_to_enrol_again(hall: Hall) -> None:
    first, _ = await signed_in_admin(hall)
    await make_account(hall, "deputy", "admin")
    deputy = hall.client_at("10.0.0.8")
    await sign_in(deputy, "deputy")
    page = await deputy.get("/staff/sign-in/totp")
    from shared.staff import totp
    from tests.staff.conftest import enrolment_secret

    secret = await enrolment_secret(hall)
    await deputy.post(
        "/staff/sign-in/totp", data={"code": totp.totp(secret, hall.clock.now()), "csrf_token": csrf_of(page)}
    )
    assert (await deputy.get("/staff/accounts")).status_code == 200

    boss = await accounts.find_credentials(hall.services.db, "boss")
    assert boss is not None and boss.totp_secret is not None
    token = csrf_of(await deputy.get("/staff/accounts"))
    response = await deputy.post(f"/staff/accounts/{boss.account.id}/reset-second-factor", data={"csrf_token": token})
    assert response.headers["location"] == "/staff/accounts?done=second_factor_reset"
    assert (await first.get("/staff/")).status_code == 303
    await sign_in(first, "boss")
    assert 'class="qr"' in (await first.get("/staff/sign-in/totp")).text
    entry = (await audit.recent(hall.services.db, action="staff.account.second_factor_reset"))[0]
    assert entry.actor_label == "deputy (admin)" and entry.target == "boss (admin)"


async def test_audit_page_filters_and_pages(hall: Hall) -> None:
    await make_account(hall, "super", "supervisor")
    client = hall.client
    for _ in range(3):
        await sign_in(client, "nobody01", "wrong-wrong-wrong")
        hall.clock.advance(60)
    await sign_in(client, "super")
    page = await client.get("/staff/audit?action=staff.sign_in")
    assert page.status_code == 200
    assert page.text.count('<tr class="result-failed">') == 3
    assert page.text.count('<tr class="result-ok">') == 1
    assert "staff.account.create</td>" not in page.text
    assert '<option value="staff.sign_in" selected>' in page.text
    assert (await client.get("/staff/audit?action=<script>&page=x")).status_code == 200

    for _ in range(60):
        await client.get("/staff/accounts")  # each refused, each audited
    first = await client.get("/staff/audit?action=staff.access")
    assert first.text.count('<tr class="result-refused">') == 50
    assert "page=2" in first.text
    second = await client.get("/staff/audit?action=staff.access&page=2")
    assert second.text.count('<tr class="result-refused">') == 10
    assert "page=3" not in second.text and "page=1" in second.text


async def _services_for(settings: Settings) -> list[tuple[str, str, str | None]]:
    app = create_app(settings, ManualClock())
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        services: Services = state["services"]
        return [(a.username, a.role.value, a.department_code) for a in await accounts.list_accounts(services.db)]


async def test_demo_accounts_only_in_demo_mode(tmp_path: Path) -> None:
    assert await _services_for(Settings(data_dir=tmp_path / "plain", demo=False)) == []
    demo = Settings(data_dir=tmp_path / "demo", demo=True)
    found = await _services_for(demo)
    assert sorted(found) == sorted(
        [
            ("admin", "admin", None),
            ("clerk", "clerk", "GA"),
            ("reviewer", "reviewer", "SCJG"),
            ("reviewer.ga", "reviewer", "GA"),
            ("supervisor", "supervisor", None),
        ]
    )
    assert await _services_for(demo) == found  # a restart adds nothing
    assert [spec[0] for spec in DEMO_ACCOUNTS] == ["admin", "clerk", "reviewer", "reviewer.ga", "supervisor"]


async def test_demo_password_signs_in_and_demo_enrolment_shows_the_key(tmp_path: Path) -> None:
    import httpx2

    settings = Settings(data_dir=tmp_path / "demo", demo=True)
    app = create_app(settings, ManualClock())
    async with app.router.lifespan_context(app) as state:
        assert state is not None
        transport = httpx2.ASGITransport(app=_with_state(app, state))
        async with httpx2.AsyncClient(transport=transport, base_url="http://kiosk.test") as client:
            response = await client.post("/staff/sign-in", data={"username": "clerk", "password": DEMO_PASSWORD})
            assert response.headers["location"] == "/staff/"
            response = await client.post("/staff/sign-in", data={"username": "admin", "password": DEMO_PASSWORD})
            assert response.headers["location"] == "/staff/sign-in/totp"
            page = await client.get("/staff/sign-in/totp")
            assert "演示模式" in page.text and "<code>" in page.text
    assert Role.ADMIN.value == "admin" and PASSWORD != DEMO_PASSWORD


def _with_state(app: Starlette, state: Mapping[str, Any]) -> ASGIApp:
    async def with_state(scope: Scope, receive: Receive, send: Send) -> None:
        scope["state"] = dict(state)
        await app(scope, receive, send)

    return with_state
