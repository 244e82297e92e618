"""Idempotency-Key on the phone API (draft-ietf-httpapi-idempotency-key-header-07):
missing or malformed 400, a serial retry replays, concurrent duplicates make one
application, the same key with another body is 422, and a retry after a server restart
gets the answer stored before it."""

from __future__ import annotations

import asyncio

from shared.clock import ManualClock
from shared.config import Settings
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    API,
    complete_for_self,
    image_bytes,
    keyed,
    real_name_citizen,
    serve,
    start,
    url,
)


async def count(running: Running, sql: str = "SELECT count(*) AS n FROM applications") -> int:
    row = await running.services.db.fetch_one(sql)
    assert row is not None
    return int(row["n"])


async def test_a_change_without_a_key_is_refused_with_400_and_changes_nothing(running: Running) -> None:
    phone = await real_name_citizen(running)
    response = await running.client.post(f"{API}/applications", json={"item": "GA-SFZ-002"}, headers=phone)
    assert response.status_code == 400
    assert "Idempotency-Key" in response.json()["error"]["messages"]["en"]
    app = await start(running, phone)
    for method, path, body in [
        ("PATCH", url(app, "answers"), {"answers": {"for_whom": "self"}}),
        ("PUT", url(app, "delivery"), {"method": "window"}),
        ("POST", url(app, "submission"), None),
        ("DELETE", url(app), None),
    ]:
        missing = await running.client.request(method, path, json=body, headers=phone)
        assert missing.status_code == 400, (method, path)
    assert await count(running) == 1


async def test_a_malformed_key_is_a_400(running: Running) -> None:
    phone = await real_name_citizen(running)
    bad_keys: list[str | bytes] = ["short", "x" * 256, "has space inside", "cl\xe9-0123456789".encode("latin-1")]
    for bad in bad_keys:
        headers: dict[str, str | bytes] = {**phone, "Idempotency-Key": bad}
        response = await running.client.post(f"{API}/applications", json={"item": "GA-SFZ-002"}, headers=headers)
        assert response.status_code == 400, bad
    assert await count(running) == 0


async def test_a_serial_retry_gets_the_same_answer_and_one_application(running: Running) -> None:
    phone = await real_name_citizen(running)
    headers = keyed(phone, "start-0123456789")
    first = await running.client.post(f"{API}/applications", json={"item": "GA-SFZ-002"}, headers=headers)
    # Key order and whitespace do not make it another request.
    again = await running.client.post(
        f"{API}/applications",
        content=b'{ "item" :  "GA-SFZ-002" }',
        headers={**headers, "Content-Type": "application/json"},
    )
    assert first.status_code == again.status_code == 201
    assert again.content == first.content
    assert again.headers["idempotent-replayed"] == "true"
    assert "idempotent-replayed" not in first.headers
    assert again.headers["location"] == first.headers["location"]
    assert again.headers["etag"] == first.headers["etag"]
    assert await count(running) == 1


async def test_the_same_key_with_another_body_is_a_422(running: Running) -> None:
    phone = await real_name_citizen(running)
    headers = keyed(phone, "same-key-0123456789")
    first = await running.client.post(f"{API}/applications", json={"item": "GA-SFZ-002"}, headers=headers)
    other = await running.client.post(f"{API}/applications", json={"item": "WJ-CSYX-001"}, headers=headers)
    assert first.status_code == 201
    assert other.status_code == 422
    assert other.json()["error"]["code"] == "idempotency_key_reused"
    assert await count(running) == 1


async def test_keys_belong_to_one_citizen_and_one_target(running: Running) -> None:
    wang = await real_name_citizen(running)
    app_a = await start(running, wang)
    app_b = await start(running, wang)
    key = "shared-key-0123456789"
    body = {"answers": {"for_whom": "self"}}
    on_a = await running.client.patch(url(app_a, "answers"), json=body, headers=keyed(wang, key))
    on_b = await running.client.patch(url(app_b, "answers"), json=body, headers=keyed(wang, key))
    assert on_a.status_code == on_b.status_code == 200
    assert "idempotent-replayed" not in on_b.headers
    assert on_b.json()["id"] == app_b["id"]


async def test_a_double_submit_makes_one_application_with_one_number(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    await complete_for_self(running, phone, app)
    headers = keyed(phone, "submit-0123456789")
    first = await running.client.post(url(app, "submission"), headers=headers)
    retry = await running.client.post(url(app, "submission"), headers=headers)
    assert first.status_code == retry.status_code == 200
    assert retry.json()["number"] == first.json()["number"]
    assert retry.headers["idempotent-replayed"] == "true"
    # A new key is a new intent: refused, not a second submission.
    fresh = await running.client.post(url(app, "submission"), headers=keyed(phone))
    assert fresh.status_code == 409
    assert await count(running, "SELECT count(*) AS n FROM applications WHERE number IS NOT NULL") == 1
    submits = await count(running, "SELECT count(*) AS n FROM application_events WHERE act = 'submit'")
    assert submits == 1


async def test_concurrent_duplicates_never_make_two_applications(running: Running) -> None:
    phone = await real_name_citizen(running)
    headers = keyed(phone, "together-0123456789")
    answers = await asyncio.gather(
        *[running.client.post(f"{API}/applications", json={"item": "GA-SFZ-002"}, headers=headers) for _ in range(2)]
    )
    statuses = sorted(r.status_code for r in answers)
    assert statuses in ([201, 201], [201, 409])
    created = [r for r in answers if r.status_code == 201]
    assert len({r.json()["id"] for r in created}) == 1
    for busy in (r for r in answers if r.status_code == 409):
        assert busy.json()["error"]["code"] == "idempotency_request_in_flight"
    assert await count(running) == 1


async def test_concurrent_submits_with_one_key_give_one_number(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    await complete_for_self(running, phone, app)
    headers = keyed(phone, "submit-together-0123")
    answers = await asyncio.gather(*[running.client.post(url(app, "submission"), headers=headers) for _ in range(2)])
    assert sorted(r.status_code for r in answers) in ([200, 200], [200, 409])
    numbers = {r.json()["number"] for r in answers if r.status_code == 200}
    assert len(numbers) == 1
    # Retried after both finished, the key answers the stored submission.
    late = await running.client.post(url(app, "submission"), headers=headers)
    assert late.status_code == 200 and late.json()["number"] in numbers
    assert await count(running, "SELECT count(*) AS n FROM application_events WHERE act = 'submit'") == 1


async def test_concurrent_submits_with_different_keys_still_make_one_submission(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    await complete_for_self(running, phone, app)
    answers = await asyncio.gather(
        *[running.client.post(url(app, "submission"), headers=keyed(phone)) for _ in range(3)]
    )
    assert sorted(r.status_code for r in answers) == [200, 409, 409]
    assert await count(running, "SELECT count(*) AS n FROM application_events WHERE act = 'submit'") == 1


async def test_a_refused_change_stores_nothing_and_may_be_retried(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    headers = keyed(phone, "retry-after-fix-0123")
    refused = await running.client.post(url(app, "submission"), headers=headers)
    assert refused.status_code == 422
    await complete_for_self(running, phone, app)
    accepted = await running.client.post(url(app, "submission"), headers=headers)
    assert accepted.status_code == 200
    assert "idempotent-replayed" not in accepted.headers


async def test_an_upload_retry_replays_and_another_file_under_the_key_is_a_422(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    headers = keyed(phone, "upload-0123456789", **{"Content-Type": "image/png"})
    path = url(app, "materials", "id_card", "files")
    photo = image_bytes("PNG", (40, 30))
    first = await running.client.post(path, content=photo, headers=headers)
    again = await running.client.post(path, content=photo, headers=headers)
    other = await running.client.post(path, content=image_bytes("PNG", (41, 30)), headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.json() == first.json() and again.headers["idempotent-replayed"] == "true"
    assert other.status_code == 422
    assert await count(running, "SELECT count(*) AS n FROM application_files") == 1


async def test_a_discard_retry_gets_the_stored_answer_though_the_draft_is_gone(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    headers = keyed(phone, "discard-0123456789")
    first = await running.client.delete(url(app), headers=headers)
    again = await running.client.delete(url(app), headers=headers)
    assert first.status_code == again.status_code == 200
    assert again.json() == {"id": app["id"], "discarded": True}
    assert again.headers["idempotent-replayed"] == "true"


async def test_a_retry_after_a_server_restart_replays_the_stored_answer(settings: Settings, clock: ManualClock) -> None:
    headers: dict[str, str] = {}
    async with serve(settings, clock) as first_server:
        phone = await real_name_citizen(first_server)
        app = await start(first_server, phone)
        await complete_for_self(first_server, phone, app)
        headers = keyed(phone, "restart-0123456789")
        first = await first_server.client.post(url(app, "submission"), headers=headers)
        assert first.status_code == 200

    # The first server is shut down (its database closed, its in-memory state gone); a new
    # one on the same data directory answers the retry from what was committed.
    clock.advance(30)
    async with serve(settings, clock) as second_server:
        retry = await second_server.client.post(url(app, "submission"), headers=headers)
        assert retry.status_code == 200
        assert retry.content == first.content
        assert retry.headers["idempotent-replayed"] == "true"
        assert await count(second_server, "SELECT count(*) AS n FROM application_events WHERE act = 'submit'") == 1
        assert await count(second_server) == 1
