"""投诉 / 咨询 / 建议 / 举报 on the phone: /api/v1/complaints. Keyed POST (a retry replays, a
new key makes a new case), own cases only (another's id 404), the answer rated once, and
every answer matches the OpenAPI document with no whole ID or phone number (the hook)."""

from __future__ import annotations

import datetime as dt

from shared import complaints
from tests.conftest import Running
from tests.mobile_api.application_helpers import API, LI, assert_documented, keyed, real_name_citizen, submitted
from tests.pii import PHONE_ZHANG as PHONE_A
from tests.shared.complaints_support import account, answer

LIST = f"{API}/complaints"


async def test_raise_follow_and_rate_once(running: Running) -> None:
    phone, app = await submitted(running)
    body = {"kind": "complaint", "text": f"窗口让我跑了两次，请回电 {PHONE_A}", "application": app["number"]}
    headers = keyed(phone)
    raised = await running.client.post(LIST, json=body, headers=headers)
    assert raised.status_code == 201, raised.text
    assert_documented(raised, "/api/v1/complaints", "post")
    case = raised.json()["complaint"]
    assert case["kind"] == "complaint" and case["state"] == "open" and case["department"] == "GA"
    assert case["application"] == app["number"] and PHONE_A not in case["text"] and "跑了两次" in case["text"]
    assert dt.date.fromisoformat(case["due_date"]) > running.clock.today()
    # A retry with the same key answers the same case; nothing new is made.
    replay = await running.client.post(LIST, json=body, headers=headers)
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == raised.json()
    listed = await running.client.get(LIST, headers=phone)
    assert listed.status_code == 200 and [c["id"] for c in listed.json()["complaints"]] == [case["id"]]
    assert_documented(listed, "/api/v1/complaints", "get")

    one = f"{LIST}/{case['id']}"
    early = await running.client.post(f"{one}/rating", json={"satisfied": True}, headers=keyed(phone))
    assert early.status_code == 409 and early.json()["error"]["code"] == "complaint_not_answered"
    assert_documented(early, "/api/v1/complaints/{id}/rating", "post")

    clerk = await account(running.services, "clerk.ga", "clerk", "GA")
    await answer(running.services, case["id"], clerk, f"已核实，会改进。如有问题请拨打 {PHONE_A}")
    shown = await running.client.get(one, headers=phone)
    assert shown.status_code == 200 and shown.json()["complaint"]["state"] == "answered"
    assert_documented(shown, "/api/v1/complaints/{id}", "get")
    replies = shown.json()["complaint"]["replies"]
    assert len(replies) == 1 and replies[0]["text"].startswith("已核实") and PHONE_A not in replies[0]["text"]
    assert "clerk.ga" not in shown.text  # staff are not named to the citizen

    rating_headers = keyed(phone)
    rated = await running.client.post(
        f"{one}/rating", json={"satisfied": False, "comment": "还是不满意"}, headers=rating_headers
    )
    assert rated.status_code == 201 and rated.json()["rating"] == {
        "satisfied": False,
        "has_comment": True,
        "created_at": rated.json()["rating"]["created_at"],
    }
    assert_documented(rated, "/api/v1/complaints/{id}/rating", "post")
    again = await running.client.post(
        f"{one}/rating", json={"satisfied": False, "comment": "还是不满意"}, headers=rating_headers
    )
    assert again.status_code == 201 and again.headers["Idempotent-Replayed"] == "true"
    second = await running.client.post(f"{one}/rating", json={"satisfied": True}, headers=keyed(phone))
    assert second.status_code == 409 and second.json()["error"]["code"] == "complaint_rated"
    after = (await running.client.get(one, headers=phone)).json()["complaint"]
    assert after["rated"] is True and after["rating"]["satisfied"] is False


async def test_only_your_own_cases(running: Running) -> None:
    phone = await real_name_citizen(running, LI)
    other_phone, other_app = await submitted(running)
    mine = await running.client.post(LIST, json={"kind": "question", "text": "几点开门？"}, headers=keyed(phone))
    assert mine.status_code == 201 and mine.json()["complaint"]["department"] is None
    case_id = mine.json()["complaint"]["id"]
    for path in (f"{LIST}/{case_id}", f"{LIST}/cp_unknown", f"{LIST}/{'x' * 80}"):
        missing = await running.client.get(path, headers=other_phone)
        assert missing.status_code == 404 and missing.json()["error"]["code"] == "complaint_not_found"
    assert_documented(missing, "/api/v1/complaints/{id}", "get")
    stolen = await running.client.post(f"{LIST}/{case_id}/rating", json={"satisfied": True}, headers=keyed(other_phone))
    assert stolen.status_code == 404
    assert (await running.client.get(LIST, headers=other_phone)).json()["complaints"] == []
    # Someone else's application cannot be named in a case: like an unknown one.
    linked = await running.client.post(
        LIST, json={"kind": "complaint", "text": "太慢了", "application": other_app["id"]}, headers=keyed(phone)
    )
    assert linked.status_code == 404
    assert [c["id"] for c in (await running.client.get(LIST, headers=phone)).json()["complaints"]] == [case_id]


async def test_bad_input_and_no_sign_in(running: Running) -> None:
    phone = await real_name_citizen(running, LI)
    for body in (
        {"kind": "praise", "text": "很好"},
        {"kind": "question", "text": ""},
        {"kind": "question"},
        {"kind": "question", "text": "好" * 1001},
        {"kind": "question", "text": "在吗", "extra": 1},
    ):
        refused = await running.client.post(LIST, json=body, headers=keyed(phone))
        assert refused.status_code == 422, body
        assert_documented(refused, "/api/v1/complaints", "post")
    missing_key = await running.client.post(LIST, json={"kind": "question", "text": "在吗"}, headers=phone)
    assert missing_key.status_code == 400
    anonymous = await running.client.get(LIST)
    assert anonymous.status_code == 401
    assert await complaints.list_for_citizen(running.services.db, "nobody") == []
