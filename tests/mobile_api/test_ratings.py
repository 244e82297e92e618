"""好差评 on the phone: GET/POST /applications/{ref}/rating, keyed; answers match the OpenAPI
document. The phone and the kiosk share the one rating an application may have."""

from __future__ import annotations

import asyncio

from shared import ratings
from shared.applications import access
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    LI,
    assert_documented,
    keyed,
    real_name_citizen,
    start,
    submitted,
    url,
)

RATING = "/api/v1/applications/{ref}/rating"


async def test_rate_on_the_phone_once_and_a_retry_replays(running: Running) -> None:
    phone, app = await submitted(running)
    shown = await running.client.get(url(app, "rating"), headers=phone)
    assert shown.status_code == 200 and shown.headers["Cache-Control"] == "no-store"
    assert shown.json()["rating"] is None
    assert [level["text"]["zh"] for level in shown.json()["levels"]] == [
        "非常满意",
        "满意",
        "基本满意",
        "不满意",
        "非常不满意",
    ]
    assert_documented(shown, RATING, "get")

    headers = keyed(phone)
    body = {"level": 4, "reasons": ["quick", "easy"], "comment": "自助机很好用"}
    rated = await running.client.post(url(app, "rating"), json=body, headers=headers)
    assert rated.status_code == 201, rated.text
    assert rated.json()["rating"]["level"] == 4 and rated.json()["rating"]["channel"] == "mobile"
    assert rated.json()["rating"]["has_comment"] is True and "自助机" not in rated.text
    assert_documented(rated, RATING, "post")
    replay = await running.client.post(url(app, "rating"), json=body, headers=headers)
    assert replay.status_code == 201 and replay.headers["Idempotent-Replayed"] == "true"
    assert replay.json() == rated.json()

    again = await running.client.post(url(app, "rating"), json={"level": 1}, headers=keyed(phone))
    assert again.status_code == 409 and again.json()["error"]["code"] == "already_rated"
    assert_documented(again, RATING, "post")
    read = await running.client.get(url(app, "rating"), headers=phone)
    assert read.json()["rating"] == rated.json()["rating"]


async def test_concurrent_keys_make_one_rating(running: Running) -> None:
    phone, app = await submitted(running)
    answers = await asyncio.gather(
        *(running.client.post(url(app, "rating"), json={"level": 5}, headers=keyed(phone)) for _ in range(4))
    )
    assert sorted(a.status_code for a in answers) == [201, 409, 409, 409]
    assert len(await running.services.db.fetch_all("SELECT id FROM ratings")) == 1


async def test_the_kiosk_and_the_phone_share_the_one_rating(running: Running) -> None:
    phone, app = await submitted(running)
    services = running.services
    row = await services.db.fetch_one("SELECT citizen_id FROM applications WHERE id = ?", (app["id"],))
    assert row is not None
    application = await access.for_citizen(services, row["citizen_id"], app["id"])
    async with services.db.transaction() as tx:
        await ratings.rate(tx, application, application.citizen_id, 3, ["many_steps"], "kiosk", services.clock.now())
    shown = await running.client.get(url(app, "rating"), headers=phone)
    assert shown.json()["rating"]["channel"] == "kiosk" and shown.json()["rating"]["reasons"] == ["many_steps"]
    refused = await running.client.post(url(app, "rating"), json={"level": 5}, headers=keyed(phone))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "already_rated"


async def test_only_the_applicant_and_only_after_submission(running: Running) -> None:
    phone, app = await submitted(running)
    other = await real_name_citizen(running, LI)
    for response in (
        await running.client.get(url(app, "rating"), headers=other),
        await running.client.post(url(app, "rating"), json={"level": 5}, headers=keyed(other)),
    ):
        assert response.status_code == 404
    draft = await start(running, phone)
    refused = await running.client.post(url(draft, "rating"), json={"level": 5}, headers=keyed(phone))
    assert refused.status_code == 409 and refused.json()["error"]["code"] == "not_yet_ratable"
    assert "提交后才能评价" in refused.json()["error"]["messages"]["zh"]
    assert_documented(refused, RATING, "post")
    assert (await running.client.post(url(app, "rating"), json={"level": 5})).status_code == 401
    assert (await running.client.post(url(app, "rating"), json={"level": 5}, headers=phone)).status_code == 400


async def test_bad_levels_and_reasons_are_422_in_both_languages(running: Running) -> None:
    phone, app = await submitted(running)
    for body in ({"level": 0}, {"level": 6}, {"level": "5"}, {"level": True}, {}, {"level": 5, "reasons": ["slow"]}):
        response = await running.client.post(url(app, "rating"), json=body, headers=keyed(phone))
        assert response.status_code == 422, body
        error = response.json()["error"]
        assert error["messages"]["zh"] and error["messages"]["en"]
        assert_documented(response, RATING, "post")
    english = await running.client.post(url(app, "rating") + "?lang=en", json={"level": 9}, headers=keyed(phone))
    assert english.json()["error"]["message"] == "Please choose one of the five ratings."
    unknown = await running.client.post(url(app, "rating"), json={"level": 5, "stars": 5}, headers=keyed(phone))
    assert unknown.status_code == 422
    assert await running.services.db.fetch_all("SELECT id FROM ratings") == []
