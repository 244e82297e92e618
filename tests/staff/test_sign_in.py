"""Staff sign-in over the real stack: passwords, no enumeration, throttling, the second
factor, sessions (idle, absolute life, sign-out, fixation), cookies and headers."""

from __future__ import annotations

import httpx2
import pytest
from argon2 import PasswordHasher

from shared import audit
from shared.staff import totp
from shared.staff.signin import SESSION_MAX_SECONDS
from tests.staff.conftest import (
    CSRF_PATTERN,
    PASSWORD,
    Hall,
    csrf_of,
    enrolment_secret,
    make_account,
    sign_in,
    signed_in_admin,
)


def cookie_header(response: httpx2.Response) -> str:
    headers = [value for value in response.headers.get_list("set-cookie") if value.startswith("ov_staff=")]
    assert len(headers) == 1
    return headers[0]


@pytest.mark.parametrize(
    ("role", "department", "role_name"),
    [("clerk", "GA", "窗口人员"), ("reviewer", "WJ", "部门审批人员"), ("supervisor", None, "监察人员")],
)
async def test_sign_in_and_home(hall: Hall, role: str, department: str | None, role_name: str) -> None:
    await make_account(hall, "worker", role, department)
    response = await sign_in(hall.client, "WORKER")  # usernames are case-insensitive
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/"
    cookie = cookie_header(response)
    assert "HttpOnly" in cookie and "SameSite=strict" in cookie and "Path=/staff" in cookie
    assert "Secure" not in cookie and "expires" not in cookie.lower()  # no HTTPS here; a browser-session cookie

    home = await hall.client.get("/staff/")
    assert home.status_code == 200
    assert home.headers["cache-control"] == "no-store"
    assert "worker name" in home.text and role_name in home.text
    if department == "GA":
        assert "市公安局" in home.text
    assert 'action="/staff/sign-out"' in home.text
    entries = await audit.recent(hall.services.db, action="staff.sign_in")
    assert [(e.result, e.actor_label, e.where_value) for e in entries] == [("ok", f"worker ({role})", "10.0.0.1")]


async def test_secure_cookie_over_https(hall: Hall) -> None:
    from dataclasses import replace

    object.__setattr__(hall.services, "settings", replace(hall.services.settings, https=True))
    await make_account(hall, "clerk01", "clerk", "GA")
    assert "Secure" in cookie_header(await sign_in(hall.client, "clerk01"))


async def test_sign_in_page_works_without_script(hall: Hall) -> None:
    page = await hall.client.get("/staff/sign-in")
    assert page.status_code == 200
    assert page.headers["cache-control"] == "no-store"
    assert '<form method="post" action="/staff/sign-in"' in page.text
    assert 'name="username"' in page.text and 'type="password"' in page.text
    assert "<script>" not in page.text and "style=" not in page.text


async def test_wrong_password_and_unknown_user_look_the_same(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    wrong_password = await sign_in(hall.client, "clerk01", "not the password!")
    unknown_user = await sign_in(hall.client, "nobody01", "not the password!")
    assert wrong_password.status_code == unknown_user.status_code == 401
    assert wrong_password.text == unknown_user.text
    assert "用户名或密码不正确" in wrong_password.text
    assert dict(wrong_password.headers) == dict(unknown_user.headers)
    assert "set-cookie" not in wrong_password.headers
    failed = await audit.recent(hall.services.db, action="staff.sign_in")
    assert [(e.result, e.detail["reason"]) for e in failed] == [
        ("failed", "unknown_username"),
        ("failed", "wrong_password"),
    ]
    # The typed username of an unknown account is not written down (it may be a password).
    assert all("nobody01" not in e.target + e.actor_label for e in failed)


async def test_deactivated_account_gets_the_same_answer(hall: Hall) -> None:
    account = await make_account(hall, "clerk01", "clerk", "GA")
    async with hall.services.db.transaction() as tx:
        await tx.execute("UPDATE staff_accounts SET active = 0 WHERE id = ?", (account.id,))
    response = await sign_in(hall.client, "clerk01")
    assert response.status_code == 401
    assert response.text == (await sign_in(hall.client, "nobody01")).text


async def test_throttling_slows_one_username_at_one_address_only(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await make_account(hall, "clerk02", "clerk", "GA")
    attacker = hall.client
    for _ in range(5):
        assert (await sign_in(attacker, "clerk01", "guess-guess-guess")).status_code == 401
    throttled = await sign_in(attacker, "clerk01", PASSWORD)  # even the right password waits
    assert throttled.status_code == 429
    assert throttled.headers["retry-after"] == "1"
    assert "1 秒后" in throttled.text
    assert "set-cookie" not in throttled.headers

    # Another clerk at the attacker's PC, and the same clerk at another PC, go straight in.
    assert (await sign_in(attacker, "clerk02")).status_code == 303
    assert (await sign_in(hall.client_at("10.0.0.2"), "clerk01")).status_code == 303

    # Each further attempt waits twice as long; waiting it out lets one attempt through.
    hall.clock.advance(1)
    assert (await sign_in(attacker, "clerk01", "guess-guess-guess")).status_code == 401
    second = await sign_in(attacker, "clerk01", "guess-guess-guess")
    assert second.status_code == 429 and second.headers["retry-after"] == "2"

    refused = [e for e in await audit.recent(hall.services.db, action="staff.sign_in") if e.result == "refused"]
    assert len(refused) == 2 and all(e.where_value == "10.0.0.1" for e in refused)


async def test_throttling_is_capped_and_never_a_lockout(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    client = hall.client
    waits = []
    for _ in range(40):
        response = await sign_in(client, "clerk01", "guess-guess-guess")
        if response.status_code == 429:
            waits.append(int(response.headers["retry-after"]))
            hall.clock.advance(waits[-1])
    # 1, 2, 4 ... 256, then the 5-minute cap, and the 15-minute window starts over.
    assert waits[:10] == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300]
    assert max(waits) == 300 and waits.count(1) >= 2
    hall.clock.advance(300)
    assert (await sign_in(client, "clerk01")).status_code == 303
    # Success clears the username's counter: a typo right after costs no wait.
    await client.post("/staff/sign-out", data={"csrf_token": csrf_of(await client.get("/staff/"))})
    assert (await sign_in(client, "clerk01", "typo-typo-typo")).status_code == 401
    assert (await sign_in(client, "clerk01")).status_code == 303


async def test_successful_sign_ins_do_not_throttle_a_shared_address(hall: Hall) -> None:
    # More successful sign-ins from one address than the address may fail (30) in a window.
    for number in range(32):
        await make_account(hall, f"clerk{number:02d}", "clerk", "GA")
    for number in range(32):
        response = await sign_in(hall.client_at("192.168.1.1"), f"clerk{number:02d}")
        assert response.status_code == 303, number


async def test_sign_in_returns_to_the_page_asked_for(hall: Hall) -> None:
    await make_account(hall, "super", "supervisor")
    response = await hall.client.get("/staff/audit?action=staff.sign_in")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/sign-in?next=%2Fstaff%2Faudit%3Faction%3Dstaff.sign_in"
    page = await hall.client.get(response.headers["location"])
    assert 'name="next" value="/staff/audit?action=staff.sign_in"' in page.text
    signed_in = await hall.client.post(
        "/staff/sign-in", data={"username": "super", "password": PASSWORD, "next": "/staff/audit?action=staff.sign_in"}
    )
    assert signed_in.headers["location"] == "/staff/audit?action=staff.sign_in"
    for evil in ("https://evil.example/", "//evil.example/staff/", "/staff/../x\\y", "/items/x"):
        other = hall.client_at("10.9.9.9")
        answer = await other.post("/staff/sign-in", data={"username": "super", "password": PASSWORD, "next": evil})
        assert answer.headers["location"] == "/staff/"


async def test_old_password_hash_is_upgraded_at_sign_in(hall: Hall) -> None:
    account = await make_account(hall, "clerk01", "clerk", "GA")
    weak = PasswordHasher(time_cost=1, memory_cost=8192, parallelism=1).hash(PASSWORD)
    async with hall.services.db.transaction() as tx:
        await tx.execute("UPDATE staff_accounts SET password_hash = ? WHERE id = ?", (weak, account.id))
    assert (await sign_in(hall.client, "clerk01")).status_code == 303
    row = await hall.services.db.fetch_one("SELECT password_hash FROM staff_accounts WHERE id = ?", (account.id,))
    assert row is not None and row["password_hash"] != weak and "m=65536" in row["password_hash"]


# --- the second factor -------------------------------------------------------------------


async def test_admin_enrols_a_second_factor_then_uses_it(hall: Hall) -> None:
    await make_account(hall, "boss", "admin")
    client = hall.client
    response = await sign_in(client, "boss")
    assert response.status_code == 303 and response.headers["location"] == "/staff/sign-in/totp"
    # Half signed in: no staff page opens yet.
    assert (await client.get("/staff/")).status_code == 303

    page = await client.get("/staff/sign-in/totp")
    assert page.status_code == 200 and page.headers["cache-control"] == "no-store"
    assert '<svg viewBox="0 0' in page.text and 'class="qr"' in page.text
    secret = await enrolment_secret(hall)
    assert totp.encode_secret(secret) not in page.text  # shown as text in demo mode only
    assert (await client.get("/staff/sign-in/totp")).text == page.text  # a reload shows the same QR code

    wrong = await client.post("/staff/sign-in/totp", data={"code": "000000", "csrf_token": csrf_of(page)})
    if totp.matching_step(secret, "000000", hall.clock.now(), None) is None:
        assert wrong.status_code == 401 and "验证码不正确" in wrong.text

    code = totp.totp(secret, hall.clock.now())
    done = await client.post("/staff/sign-in/totp", data={"code": code, "csrf_token": csrf_of(page)})
    assert done.status_code == 303 and done.headers["location"] == "/staff/"
    assert cookie_header(done) != cookie_header(response)  # a new token after the second factor
    assert (await client.get("/staff/accounts")).status_code == 200
    actions = [(e.action, e.result) for e in await audit.recent(hall.services.db, limit=4)]
    assert actions[:2] == [("staff.sign_in", "ok"), ("staff.second_factor.enrol", "ok")]

    # Next time: no QR code, the code from the app, and the same code cannot be used twice.
    await client.post("/staff/sign-out", data={"csrf_token": csrf_of(await client.get("/staff/"))})
    await sign_in(client, "boss")
    page = await client.get("/staff/sign-in/totp")
    assert 'class="qr"' not in page.text
    replay = await client.post("/staff/sign-in/totp", data={"code": code, "csrf_token": csrf_of(page)})
    assert replay.status_code == 401
    hall.clock.advance(30)
    fresh = totp.totp(secret, hall.clock.now())
    ok = await client.post(
        "/staff/sign-in/totp", data={"code": fresh[:3] + " " + fresh[3:], "csrf_token": csrf_of(page)}
    )
    assert ok.status_code == 303 and ok.headers["location"] == "/staff/"


async def test_second_factor_needs_its_csrf_token(hall: Hall) -> None:
    await make_account(hall, "boss", "admin")
    await sign_in(hall.client, "boss")
    await hall.client.get("/staff/sign-in/totp")
    secret = await enrolment_secret(hall)
    response = await hall.client.post("/staff/sign-in/totp", data={"code": totp.totp(secret, hall.clock.now())})
    assert response.status_code == 403


async def test_second_factor_failures_are_throttled(hall: Hall) -> None:
    client, secret = await signed_in_admin(hall)
    await client.post("/staff/sign-out", data={"csrf_token": csrf_of(await client.get("/staff/"))})
    hall.clock.advance(60)
    await sign_in(client, "boss")
    page = await client.get("/staff/sign-in/totp")
    right = totp.totp(secret, hall.clock.now())
    wrong = next(
        c for c in ("111111", "222222", "333333") if totp.matching_step(secret, c, hall.clock.now(), None) is None
    )
    for _ in range(5):
        response = await client.post("/staff/sign-in/totp", data={"code": wrong, "csrf_token": csrf_of(page)})
        assert response.status_code == 401
    throttled = await client.post("/staff/sign-in/totp", data={"code": right, "csrf_token": csrf_of(page)})
    assert throttled.status_code == 429 and throttled.headers["retry-after"] == "1"
    results = [e.result for e in await audit.recent(hall.services.db, action="staff.second_factor")]
    assert results == ["refused"] + ["failed"] * 5


async def test_half_signed_in_state_expires(hall: Hall) -> None:
    await make_account(hall, "boss", "admin")
    await sign_in(hall.client, "boss")
    hall.clock.advance(5 * 60)
    response = await hall.client.get("/staff/sign-in/totp")
    assert response.status_code == 303 and response.headers["location"] == "/staff/sign-in"


# --- sessions ---------------------------------------------------------------------------


async def test_idle_sign_out_on_the_server(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    hall.clock.advance(hall.services.settings.staff_idle_seconds - 1)
    assert (await hall.client.get("/staff/")).status_code == 200  # activity restarts the idle time
    hall.clock.advance(hall.services.settings.staff_idle_seconds + 1)
    response = await hall.client.get("/staff/")
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/sign-in?reason=idle"
    page = await hall.client.get(response.headers["location"])
    assert "长时间未操作" in page.text
    assert (await hall.client.get("/staff/")).status_code == 303  # ended for good
    entries = await audit.recent(hall.services.db, action="staff.session.idle")
    assert [(e.result, e.actor_label) for e in entries] == [("ok", "clerk01 (clerk)")]


async def test_absolute_session_life(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    step = hall.services.settings.staff_idle_seconds - 10
    elapsed = 0
    while elapsed + step < SESSION_MAX_SECONDS:
        hall.clock.advance(step)
        elapsed += step
        assert (await hall.client.get("/staff/")).status_code == 200
    hall.clock.advance(SESSION_MAX_SECONDS - elapsed)
    response = await hall.client.get("/staff/")
    assert response.headers["location"] == "/staff/sign-in?reason=expired"


async def test_sign_out_ends_the_session_for_good(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    token = hall.client.cookies.get("ov_staff", path="/staff")
    assert token
    home = await hall.client.get("/staff/")
    response = await hall.client.post("/staff/sign-out", data={"csrf_token": csrf_of(home)})
    assert response.status_code == 303
    assert response.headers["location"] == "/staff/sign-in?reason=signed_out"
    assert response.headers["clear-site-data"] == '"cache", "storage"'
    assert 'ov_staff=""' in cookie_header(response)
    # A copy of the old cookie no longer opens anything.
    replay = hall.client_at("10.0.0.1")
    replay.cookies.set("ov_staff", token, domain="kiosk.test", path="/staff")
    assert (await replay.get("/staff/")).status_code == 303
    assert [e.result for e in await audit.recent(hall.services.db, action="staff.sign_out")] == ["ok"]


async def test_sign_out_needs_the_sessions_csrf_token(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    forged = await hall.client.post("/staff/sign-out", data={"csrf_token": "0" * 64})
    assert forged.status_code == 403
    assert (await hall.client.get("/staff/")).status_code == 200


async def test_a_new_sign_in_replaces_the_old_token(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    first = hall.client.cookies.get("ov_staff", path="/staff")
    await sign_in(hall.client, "clerk01")
    second = hall.client.cookies.get("ov_staff", path="/staff")
    assert first and second and first != second
    old = hall.client_at("10.0.0.1")
    old.cookies.set("ov_staff", first, domain="kiosk.test", path="/staff")
    assert (await old.get("/staff/")).status_code == 303
    # A token made up by someone else (fixation) never becomes a session.
    planted = hall.client_at("10.0.0.3")
    planted.cookies.set("ov_staff", "attacker-chosen-token", domain="kiosk.test", path="/staff")
    await sign_in(planted, "clerk01")
    assert planted.cookies.get("ov_staff", path="/staff") != "attacker-chosen-token"


async def test_cross_site_post_is_refused(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    response = await hall.client.post(
        "/staff/sign-in",
        data={"username": "clerk01", "password": PASSWORD},
        headers={"Sec-Fetch-Site": "cross-site"},
    )
    assert response.status_code == 403


async def test_staff_pages_never_show_a_whole_token(hall: Hall) -> None:
    await make_account(hall, "clerk01", "clerk", "GA")
    await sign_in(hall.client, "clerk01")
    token = hall.client.cookies.get("ov_staff", path="/staff")
    assert token is not None
    home = await hall.client.get("/staff/")
    assert token not in home.text
    assert CSRF_PATTERN.search(home.text)  # the anti-CSRF token, not the session token
