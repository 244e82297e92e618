"""Real-name binding on the phone: SMS codes through the API, binding, merging with a citizen
first known by ID card, and no whole number in any answer."""

from __future__ import annotations

import logging
from typing import Any

import httpx2
import pytest

from mobile_api.errors import error_body
from shared.audit import recent
from shared.auth import otp, realname
from shared.errors import Unauthorized
from shared.identity import citizens
from shared.privacy.masking import contains_personal_number
from tests.conftest import Running
from tests.mobile_api.auth_helpers import (
    ID_LI,
    ID_WANG,
    PHONE_A,
    PHONE_B,
    bearer,
    real_name,
    sign_in,
    sms,
    wechat,
)
from tests.mobile_api.test_auth_wechat import demo_client  # noqa: F401  (fixture)

CODES = "/api/v1/me/phone-codes"
BIND = "/api/v1/me/real-name"
ME = "/api/v1/me"


def assert_private(response: httpx2.Response) -> None:
    assert contains_personal_number(response.text) == []


async def send(running: Running, tokens: dict[str, Any], phone: str = PHONE_A) -> httpx2.Response:
    response = await running.client.post(CODES, json={"phone": phone}, headers=bearer(tokens["access_token"]))
    assert_private(response)
    return response


async def bind(running: Running, tokens: dict[str, Any], **fields: Any) -> httpx2.Response:
    body = {"name": "王晓明", "id_number": ID_WANG, "phone": PHONE_A, **fields}
    response = await running.client.post(BIND, json=body, headers=bearer(tokens["access_token"]))
    assert_private(response)
    return response


def wrong(code: str) -> str:
    return f"{(int(code) + 1) % 1_000_000:06d}"


# --- sending codes ---------------------------------------------------------------------


async def test_a_code_is_sent_and_the_answer_shows_the_phone_masked(running: Running) -> None:
    tokens = await sign_in(running)
    response = await send(running, tokens)
    assert response.status_code == 202
    assert response.json() == {"phone": "138****8000", "expires_in": 600, "resend_after": 60}
    sent = sms(running.services).outbox[-1]
    assert sent.phone == PHONE_A
    assert otp.is_well_formed(sent.code)
    assert sent.code in sent.text and "10 分钟" in sent.text
    # Stored as an HMAC only.
    rows = await running.services.db.fetch_all("SELECT code_hash, phone_hash FROM phone_codes")
    assert len(rows) == 1
    assert sent.code.encode() not in bytes(rows[0]["code_hash"])
    assert PHONE_A.encode() not in bytes(rows[0]["phone_hash"])


async def test_codes_need_a_signed_in_citizen(running: Running) -> None:
    response = await running.client.post(CODES, json={"phone": PHONE_A})
    assert response.status_code == 401
    assert response.json() == error_body(Unauthorized(), "zh")
    assert not sms(running.services).outbox


@pytest.mark.parametrize("phone", ["12345", "23800138000", "1380013800a", "", 13800138000])
async def test_a_bad_phone_is_422_without_echoing_it(running: Running, phone: object) -> None:
    tokens = await sign_in(running)
    response = await running.client.post(CODES, json={"phone": phone}, headers=bearer(tokens["access_token"]))
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["path"] == "phone"
    assert str(phone) not in response.text or phone == ""


async def test_resend_within_sixty_seconds_is_429_with_retry_after(running: Running) -> None:
    tokens = await sign_in(running)
    assert (await send(running, tokens)).status_code == 202
    running.clock.advance(20)
    too_soon = await send(running, tokens)
    assert too_soon.status_code == 429
    assert too_soon.headers["retry-after"] == "40"
    assert "wait" in too_soon.json()["error"]["messages"]["en"]
    running.clock.advance(40)
    assert (await send(running, tokens)).status_code == 202


async def test_the_daily_cap_per_phone(running: Running) -> None:
    for _ in range(otp.DAILY_CAP_PER_PHONE):
        # Signing in again as the same person keeps the access token fresh as time moves.
        assert (await send(running, await sign_in(running, "o-cap"))).status_code == 202
        running.clock.advance(61)
    tokens = await sign_in(running, "o-cap")
    capped = await send(running, tokens)
    assert capped.status_code == 429
    assert "tomorrow" in capped.json()["error"]["messages"]["en"]
    assert int(capped.headers["retry-after"]) > 80_000
    # Another citizen cannot use the same phone either (SMS bombing).
    other = await sign_in(running)
    assert (await send(running, other)).status_code == 429
    running.clock.advance(int(capped.headers["retry-after"]))
    assert (await send(running, await sign_in(running, "o-cap"))).status_code == 202


async def test_the_daily_cap_per_citizen_counts_every_phone(running: Running) -> None:
    tokens = await sign_in(running)
    for index in range(otp.DAILY_CAP_PER_CITIZEN):
        assert (await send(running, tokens, f"1390000{index:04d}")).status_code == 202
    assert (await send(running, tokens, PHONE_B)).status_code == 429


async def test_a_gateway_failure_is_503_and_costs_nothing(running: Running) -> None:
    tokens = await sign_in(running)
    sms(running.services).fail_next()
    failed = await send(running, tokens)
    assert failed.status_code == 503
    assert (
        failed.json()["error"]["messages"]["en"] == "The text message could not be sent; please try again in a moment."
    )
    # The undelivered code does not hold back a new request.
    assert (await send(running, tokens)).status_code == 202


# --- binding -------------------------------------------------------------------------


async def test_binding_happy_path(running: Running, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    tokens = await sign_in(running)
    await send(running, tokens)
    response = await bind(running, tokens, code=sms(running.services).latest_code(PHONE_A))
    assert response.status_code == 200
    body = response.json()
    assert body["merged"] is False
    assert body["citizen"] == {
        "id": tokens["citizen"]["id"],
        "name": "王*",
        "id_number": "1101**********2312",
        "phone": "138****8000",
        "real_name": True,
        "verified_by": "sms",
    }
    me = await running.client.get(ME, headers=bearer(body["access_token"]))
    assert me.json() == body["citizen"]
    assert_private(me)
    # Stored whole but sealed; revealed only on the server.
    revealed = await citizens.reveal(running.services.db, running.services.vault, tokens["citizen"]["id"])
    assert revealed == ("王晓明", ID_WANG, PHONE_A)
    entries = await recent(running.services.db, action=realname.BIND)
    assert entries[0].result == "ok"
    assert contains_personal_number(str(entries[0])) == []
    # Nothing logged on the way holds a whole number or the code.
    assert caplog.records
    assert contains_personal_number(caplog.text) == []
    assert all(sent.code not in caplog.text for sent in sms(running.services).outbox)


async def test_every_problem_is_listed_at_once_without_echoing_values(running: Running) -> None:
    tokens = await sign_in(running)
    response = await bind(
        running, tokens, name="x1", id_number="110105198506122313", phone="99912345678", code="12ab", extra="?"
    )
    assert response.status_code == 422
    problems = {p["path"]: p["code"] for p in response.json()["error"]["problems"]}
    assert problems == {
        "name": "invalid_name",
        "id_number": "invalid_id_number",
        "phone": "invalid_phone",
        "code": "invalid_code",
        "extra": "unknown_field",
    }
    for value in ("110105198506122313", "99912345678", "12ab"):
        assert value not in response.text
    missing = await running.client.post(BIND, json={}, headers=bearer(tokens["access_token"]))
    assert {p["path"]: p["code"] for p in missing.json()["error"]["problems"]} == {
        "name": "required",
        "id_number": "required",
        "phone": "required",
        "code": "required",
    }


async def test_a_future_birth_date_is_not_a_valid_id_number(running: Running) -> None:
    from tests.mobile_api.auth_helpers import id_number

    tokens = await sign_in(running)
    response = await bind(running, tokens, id_number=id_number("11010520990101123"), code="123456")
    assert {p["path"] for p in response.json()["error"]["problems"]} >= {"id_number"}


async def test_a_wrong_code_is_listed_with_the_other_problems_and_a_right_one_kept(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(running.services).latest_code(PHONE_A)
    assert code is not None
    both = await bind(running, tokens, name="x", code=wrong(code))
    assert {p["path"]: p["code"] for p in both.json()["error"]["problems"]} == {
        "name": "invalid_name",
        "code": "wrong_code",
    }
    # A right code with another problem is reported fine and kept for the corrected request.
    only_name = await bind(running, tokens, name="x", code=code)
    assert [p["path"] for p in only_name.json()["error"]["problems"]] == ["name"]
    fixed = await bind(running, tokens, code=code)
    assert fixed.status_code == 200


async def test_three_wrong_codes_kill_it(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(running.services).latest_code(PHONE_A)
    assert code is not None
    messages = []
    for _ in range(3):
        response = await bind(running, tokens, code=wrong(code))
        assert response.status_code == 422
        messages.append(response.json()["error"]["problems"][0])
    assert [m["code"] for m in messages] == ["wrong_code", "wrong_code", "code_not_valid"]
    assert "2" in messages[0]["message"] and "1" in messages[1]["message"]
    dead = await bind(running, tokens, code=code)
    assert dead.status_code == 422
    assert dead.json()["error"]["problems"][0]["code"] == "code_not_valid"
    failures = await recent(running.services.db, action=realname.BIND)
    assert [e.result for e in failures] == ["failed"] * 4


async def test_a_code_expires_after_ten_minutes(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(running.services).latest_code(PHONE_A)
    running.clock.advance(600)
    response = await bind(running, tokens, code=code)
    assert response.status_code == 422
    assert response.json()["error"]["problems"][0]["code"] == "code_expired"


async def test_a_code_is_used_once_and_only_for_its_phone(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(running.services).latest_code(PHONE_A)
    other_phone = await bind(running, tokens, phone=PHONE_B, code=code)
    assert other_phone.json()["error"]["problems"][0]["code"] == "no_code"
    first = await bind(running, tokens, code=code)
    assert first.status_code == 200
    second = await bind(running, first.json(), code=code)
    assert second.status_code == 422
    assert second.json()["error"]["problems"][0]["code"] == "code_not_valid"


async def test_a_new_code_replaces_the_previous_one(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    old = sms(running.services).latest_code(PHONE_A)
    running.clock.advance(60)
    await send(running, tokens)
    new = sms(running.services).latest_code(PHONE_A)
    if old != new:
        assert (await bind(running, tokens, code=old)).status_code == 422
    assert (await bind(running, tokens, code=new)).status_code == 200


async def test_another_citizens_code_does_not_work(running: Running) -> None:
    alice, mallory = await sign_in(running), await sign_in(running)
    await send(running, alice)
    code = sms(running.services).latest_code(PHONE_A)
    response = await bind(running, mallory, code=code)
    assert response.json()["error"]["problems"][0]["code"] == "no_code"


async def test_binding_joins_the_citizen_first_known_by_id_card(running: Running) -> None:
    services = running.services
    async with services.db.transaction() as tx:
        card_citizen = await citizens.sign_in_with_id_card(tx, services.vault, "王晓明", ID_WANG, services.clock.now())
    tokens = await sign_in(running, openid="o-wang")
    phone_citizen = tokens["citizen"]["id"]
    assert phone_citizen != card_citizen
    await send(running, tokens)
    response = await bind(running, tokens, code=sms(services).latest_code(PHONE_A))
    assert response.status_code == 200
    body = response.json()
    assert body["merged"] is True
    assert body["citizen"]["id"] == card_citizen
    assert body["citizen"]["verified_by"] == "id_card"
    assert body["citizen"]["phone"] == "138****8000"
    # The old token named the phone's citizen row: it no longer works; the new one does.
    old = await running.client.get(ME, headers=bearer(tokens["access_token"]))
    assert old.status_code == 401
    me = await running.client.get(ME, headers=bearer(body["access_token"]))
    assert me.json()["id"] == card_citizen
    # The WeChat account now signs in as the card citizen; the new refresh token works.
    again = await sign_in(running, openid="o-wang")
    assert again["citizen"]["id"] == card_citizen
    rotated = await running.client.post("/api/v1/auth/refresh", json={"refresh_token": body["refresh_token"]})
    assert rotated.status_code == 200
    assert rotated.json()["citizen"]["id"] == card_citizen
    entries = await recent(services.db, action=realname.BIND)
    assert entries[0].detail["merged_from"] == phone_citizen


async def test_an_id_number_known_under_another_name_is_refused_clearly(running: Running) -> None:
    services = running.services
    async with services.db.transaction() as tx:
        await citizens.sign_in_with_id_card(tx, services.vault, "王晓明", ID_WANG, services.clock.now())
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(services).latest_code(PHONE_A)
    response = await bind(running, tokens, name="李四", code=code)
    assert response.status_code == 409
    assert "window" in response.json()["error"]["messages"]["en"]
    assert "窗口" in response.json()["error"]["messages"]["zh"]
    # The code is spent: it cannot be tried again with other details.
    retry = await bind(running, tokens, code=code)
    assert retry.status_code == 422
    entries = await recent(services.db, action=realname.BIND)
    assert [e.result for e in entries] == ["failed", "refused"]  # newest first
    assert entries[1].detail == {"reason": "identity_mismatch"}
    me = await running.client.get(ME, headers=bearer(tokens["access_token"]))
    assert me.json()["real_name"] is False


async def test_a_bound_account_cannot_take_another_id_number(running: Running) -> None:
    tokens = await real_name(running, await sign_in(running))
    running.clock.advance(61)
    await send(running, tokens)
    response = await bind(
        running, tokens, name="李秀兰", id_number=ID_LI, code=sms(running.services).latest_code(PHONE_A)
    )
    assert response.status_code == 409


async def test_a_wrong_attempt_is_kept_even_though_the_request_fails(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    code = sms(running.services).latest_code(PHONE_A)
    assert code is not None
    await bind(running, tokens, code=wrong(code))
    row = await running.services.db.fetch_one("SELECT wrong_attempts FROM phone_codes")
    assert row is not None and row["wrong_attempts"] == 1


# --- demo outbox ------------------------------------------------------------------------


async def test_the_demo_outbox_is_404_outside_demo_mode(running: Running) -> None:
    tokens = await sign_in(running)
    await send(running, tokens)
    response = await running.client.post("/api/v1/demo/sms-outbox", json={"phone": PHONE_A})
    assert response.status_code == 404


async def test_in_demo_mode_a_tester_reads_the_code_and_binds(demo_client: httpx2.AsyncClient) -> None:  # noqa: F811
    code = (await demo_client.post("/api/v1/demo/wechat-code", json={})).json()["code"]
    tokens = (await demo_client.post("/api/v1/auth/wechat-login", json={"code": code})).json()
    headers = bearer(tokens["access_token"])
    empty = await demo_client.post("/api/v1/demo/sms-outbox", json={"phone": PHONE_B})
    assert empty.status_code == 404
    await demo_client.post(CODES, json={"phone": PHONE_B}, headers=headers)
    outbox = await demo_client.post("/api/v1/demo/sms-outbox", json={"phone": PHONE_B})
    assert outbox.status_code == 200
    assert outbox.json()["phone"] == "139****5678"
    assert contains_personal_number(outbox.text) == []
    body = {"name": "李秀兰", "id_number": ID_LI, "phone": PHONE_B, "code": outbox.json()["code"]}
    bound = await demo_client.post(BIND, json=body, headers=headers)
    assert bound.status_code == 200
    assert bound.json()["citizen"]["name"] == "李*"


def test_the_simulated_platforms_are_what_the_tests_drive(running: Running) -> None:
    # The helpers reach into the simulators; make sure the app really uses them.
    assert wechat(running.services) is running.services.wechat
    assert sms(running.services) is running.services.sms
