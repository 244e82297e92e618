"""Who may do what with an application on the phone, and what bad requests get.

Another citizen's application is the same 404 as an unknown one (by id and by number, for
every endpoint), a citizen without real-name verification gets RealNameRequired, nobody
signed in gets the generic 401; a bad start request is a clear 4xx; the kiosk handoff is
claimed by its own citizen only.
"""

from __future__ import annotations

from typing import Any

import pytest

from mobile_api.errors import error_body
from shared.applications import access, handoffs
from shared.applications.access import ApplicationNotFound
from shared.applications.handoffs import HandoffUnknown
from shared.auth.realname import RealNameRequired
from shared.errors import Unauthorized
from shared.identity import citizens
from shared.kiosk import devices
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    API,
    LI,
    WANG,
    assert_documented,
    complete_for_self,
    keyed,
    real_name_citizen,
    start,
    upload,
    url,
)
from tests.mobile_api.auth_helpers import bearer, sign_in

NOT_FOUND_ZH = error_body(ApplicationNotFound(), "zh")


async def submitted_of_wang(running: Running) -> tuple[dict[str, str], dict[str, Any], str]:
    wang = await real_name_citizen(running, WANG)
    app = await start(running, wang)
    await complete_for_self(running, wang, app)
    submitted = await running.client.post(url(app, "submission"), headers=keyed(wang))
    assert submitted.status_code == 200, submitted.text
    return wang, app, submitted.json()["number"]


async def test_another_citizens_application_is_the_same_404_as_an_unknown_one(running: Running) -> None:
    wang, app, number = await submitted_of_wang(running)
    files = (await running.client.get(url(app), headers=wang)).json()["materials"]
    file_url = next(m["files"][0]["url"] for m in files if m["files"])
    li = await real_name_citizen(running, LI)

    probes = [(ref, "GET", url(ref)) for ref in (app["id"], number)]
    probes += [
        ("x", "GET", url(number, "check")),
        ("x", "GET", url(number, "timeline")),
        ("x", "GET", url(number, "results")),
        ("x", "GET", file_url),
        ("x", "PATCH", url(app, "answers")),
        ("x", "PUT", url(app, "delivery")),
        ("x", "POST", url(app, "submission")),
        ("x", "DELETE", url(app)),
    ]
    unknowns = ["a_" + "A" * 22, "20260101000010", "x" * 65]
    for _, method, path in probes:
        body = {"answers": {"for_whom": "child"}} if method == "PATCH" else {"method": "mail"}
        theirs = await running.client.request(method, path, json=body, headers=keyed(li))
        assert theirs.status_code == 404, (method, path)
        assert theirs.json() == NOT_FOUND_ZH, (method, path)
    for unknown in unknowns:
        response = await running.client.get(url(unknown), headers=li)
        assert response.status_code == 404
        assert response.json() == NOT_FOUND_ZH
    # Li's list is empty and Wang's application is untouched.
    assert (await running.client.get(f"{API}/applications", headers=li)).json() == {"applications": []}
    mine = await running.client.get(url(number), headers=wang)
    assert mine.json()["state"]["code"] == "submitted"


async def test_a_citizen_without_real_name_gets_real_name_required(running: Running) -> None:
    tokens = await sign_in(running)
    headers = bearer(tokens["access_token"])
    expected = error_body(RealNameRequired(), "zh")
    for method, path in [
        ("GET", f"{API}/applications"),
        ("POST", f"{API}/applications"),
        ("GET", f"{API}/certificates"),
        ("GET", url("a_" + "B" * 22)),
    ]:
        response = await running.client.request(method, path, json={"item": "GA-SFZ-002"}, headers=keyed(headers))
        assert response.status_code == 403, (method, path)
        assert response.json() == expected


async def test_head_and_unsupported_methods_on_shared_paths(running: Running) -> None:
    phone = await real_name_citizen(running)
    head = await running.client.head(f"{API}/applications", headers=phone)
    assert head.status_code == 200 and head.content == b""
    wrong = await running.client.put(f"{API}/applications", headers=phone)
    assert wrong.status_code == 405
    assert set(wrong.headers["allow"].replace(" ", "").split(",")) == {"GET", "HEAD", "POST"}


async def test_nobody_signed_in_gets_the_generic_401(running: Running) -> None:
    for method, path in [("GET", f"{API}/applications"), ("POST", f"{API}/applications"), ("GET", url("x"))]:
        response = await running.client.request(method, path, headers={"Idempotency-Key": "k" * 16})
        assert response.status_code == 401
        assert response.json() == error_body(Unauthorized(), "zh")


@pytest.mark.parametrize(
    ("body", "status", "path"),
    [
        ({}, 422, "item"),
        ({"item": "GA-SFZ-002", "bundle": "newborn"}, 422, "item"),
        ({"item": 7}, 422, "item"),
        ({"item": "GA-SFZ-002", "extra": 1}, 422, "extra"),
        ({"item": "NO-SUCH-ITEM"}, 404, None),
        ({"item": "GA-OLD-001"}, 404, None),
        ({"bundle": "no-such-bundle"}, 404, None),
    ],
)
async def test_a_bad_start_request_is_refused_clearly(
    running: Running, body: dict[str, Any], status: int, path: str | None
) -> None:
    phone = await real_name_citizen(running)
    response = await running.client.post(f"{API}/applications", json=body, headers=keyed(phone))
    assert response.status_code == status
    assert_documented(response, "/api/v1/applications", "post")
    if path is not None:
        assert [p["path"] for p in response.json()["error"]["problems"]] == [path]
    row = await running.services.db.fetch_one("SELECT count(*) AS n FROM applications")
    assert row is not None and row["n"] == 0


async def test_a_body_that_is_not_json_is_a_415_and_bad_answers_are_422(running: Running) -> None:
    phone = await real_name_citizen(running)
    form = await running.client.post(f"{API}/applications", data={"item": "GA-SFZ-002"}, headers=keyed(phone))
    assert form.status_code == 415
    app = await start(running, phone)
    for answers, code in [([1], "invalid_type"), ({"for_whom": {"nested": 1}}, "invalid_type")]:
        response = await running.client.patch(url(app, "answers"), json={"answers": answers}, headers=keyed(phone))
        assert response.status_code == 422
        assert response.json()["error"]["problems"][0]["code"] == code


async def test_a_bundle_fans_out_into_numbered_children(running: Running) -> None:
    phone = await real_name_citizen(running)
    created = await running.client.post(f"{API}/applications", json={"bundle": "newborn"}, headers=keyed(phone))
    assert created.status_code == 201, created.text
    app = created.json()
    assert (app["for"]["kind"], app["for"]["code"]) == ("bundle", "newborn")
    answers = {"baby_name": "王小宝", "birth_date": "2026-01-02"}
    saved = await running.client.patch(url(app, "answers"), json={"answers": answers}, headers=keyed(phone))
    assert saved.status_code == 200, saved.text
    check = (await running.client.get(url(app, "check"), headers=phone)).json()
    for problem in check["problems"]:
        if problem["path"].startswith("materials."):
            uploaded = await upload(running, phone, app, problem["path"].removeprefix("materials."))
            assert uploaded.status_code == 201, uploaded.text
    body = (await running.client.get(url(app), headers=phone)).json()
    if body["delivery"]["options"]:
        method = body["delivery"]["options"][0]["code"]
        chosen = await running.client.put(url(app, "delivery"), json={"method": method}, headers=keyed(phone))
        assert chosen.status_code == 200, chosen.text
    submitted = await running.client.post(url(app, "submission"), headers=keyed(phone))
    assert submitted.status_code == 200, submitted.text
    parent = submitted.json()
    children = parent["children"]
    assert [c["number"] for c in children] == [f"{parent['number']}-1", f"{parent['number']}-2"]
    assert {c["for"]["code"] for c in children} == {"WJ-CSYX-001", "YB-CB-003"}
    assert parent["state"]["code"] == "submitted"
    # A child is the citizen's own too, by its number.
    child = await running.client.get(url(children[0]["number"]), headers=phone)
    assert child.status_code == 200
    assert_documented(child, "/api/v1/applications/{ref}", "get")


async def test_a_kiosk_handoff_is_claimed_by_its_own_citizen_only(running: Running) -> None:
    services = running.services
    wang = await real_name_citizen(running, WANG)
    app = await start(running, wang)
    async with services.db.transaction() as tx:
        await devices.register(tx, "kiosk-h3", "测试自助机", "hall", services.clock.now())
    citizen = await citizens.find_by_id_number(services.db, services.vault, WANG["number"])
    assert citizen is not None
    held = await access.for_citizen(services, citizen.id, app["id"])
    nonce = await handoffs.create(services, held, "kiosk-h3", services.clock.now())

    li = await real_name_citizen(running, LI)
    theirs = await running.client.post(f"{API}/application-handoffs/{nonce}", headers=keyed(li))
    assert theirs.status_code == 404
    assert theirs.json() == error_body(HandoffUnknown(), "zh")

    headers = keyed(wang)
    claimed = await running.client.post(f"{API}/application-handoffs/{nonce}", headers=headers)
    assert claimed.status_code == 200, claimed.text
    assert_documented(claimed, "/api/v1/application-handoffs/{nonce}", "post")
    assert claimed.json()["id"] == app["id"]
    # After the code's two minutes a retry with the key still gets its answer.
    running.clock.advance(600)
    again = await running.client.post(f"{API}/application-handoffs/{nonce}", headers=headers)
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    late = await running.client.post(f"{API}/application-handoffs/{nonce}", headers=keyed(wang))
    assert late.status_code == 404
    unknown = await running.client.post(f"{API}/application-handoffs/not-a-code", headers=keyed(wang))
    assert unknown.status_code == 404
