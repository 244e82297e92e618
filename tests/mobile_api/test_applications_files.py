"""Material files on the phone: limits before reading, the two body forms, refusals, delete.

The size limit is checked on the raw ASGI stack so the test can see how much of the body
the server read: a Content-Length over the cap is refused without reading one chunk, and
a streamed body is refused soon after it crosses the cap.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

from mobile_api.application_files import content_disposition
from onevisit import create_app
from shared.clock import ManualClock
from shared.config import Settings
from shared.materials.model import MAX_FILE_BYTES
from tests.conftest import Running
from tests.mobile_api.application_helpers import (
    assert_documented,
    detail,
    image_bytes,
    keyed,
    real_name_citizen,
    serve,
    start,
    upload,
    url,
)

UPLOAD_DOC = "/api/v1/applications/{ref}/materials/{code}/files"
MIB = 1024 * 1024


def materials_of(body: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {m["code"]: m for m in body["materials"]}


@asynccontextmanager
async def raw_asgi(settings: Settings, clock: ManualClock) -> AsyncIterator[Any]:
    app = create_app(settings, clock)
    async with app.router.lifespan_context(app) as state:

        async def call(scope: dict[str, Any], receive: Any, send: Any) -> None:
            scope["state"] = dict(state or {})
            await app(scope, receive, send)

        yield call


async def post_raw(
    asgi: Any, path: str, headers: dict[str, str], chunks: int, chunk_size: int = MIB, method: str = "POST"
) -> tuple[int, int]:
    """POST `chunks` chunks of `chunk_size` bytes; the status and how many chunks the server read."""
    read = 0
    status = 0

    async def receive() -> dict[str, Any]:
        nonlocal read
        read += 1
        return {"type": "http.request", "body": b"\0" * chunk_size, "more_body": read < chunks}

    async def send(message: dict[str, Any]) -> None:
        nonlocal status
        if message["type"] == "http.response.start":
            status = message["status"]

    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": [(k.lower().encode(), v.encode()) for k, v in headers.items()] + [(b"host", b"kiosk.test")],
        "client": ("127.0.0.1", 1234),
        "server": ("kiosk.test", 80),
    }
    await asgi(scope, receive, send)
    return status, read


async def test_a_body_over_the_cap_is_refused_before_it_is_read(settings: Settings, clock: ManualClock) -> None:
    async with serve(settings, clock) as server:
        phone = await real_name_citizen(server)
        app = await start(server, phone)
    async with raw_asgi(settings, clock) as asgi:
        path = url(app, "materials", "id_card", "files")
        declared = keyed(phone, **{"Content-Type": "image/jpeg", "Content-Length": str(MAX_FILE_BYTES + 1)})
        status, read = await post_raw(asgi, path, declared, chunks=11)
        assert (status, read) == (413, 0)
        # Without a Content-Length the body is streamed and refused once it crosses the cap.
        streamed = keyed(phone, **{"Content-Type": "image/jpeg"})
        status, read = await post_raw(asgi, path, streamed, chunks=40)
        assert status == 413
        assert read <= MAX_FILE_BYTES // MIB + 2
        # The application-wide 1 MiB limit still holds on every other route.
        json_headers = keyed(phone, **{"Content-Type": "application/json"})
        status, read = await post_raw(asgi, url(app, "answers"), json_headers, chunks=5, method="PATCH")
        assert status == 413 and read <= 2


async def test_a_multipart_file_just_over_the_cap_is_a_413(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    # Within the framing allowance of the body limit, so the file part's own cap decides.
    data = b"\xff\xd8" + b"\0" * MAX_FILE_BYTES
    response = await running.client.post(
        url(app, "materials", "id_card", "files"),
        files={"file": ("a.jpg", data, "image/jpeg")},
        headers=keyed(phone),
    )
    assert response.status_code == 413
    assert_documented(response, UPLOAD_DOC, "post")


async def test_a_raw_body_needs_a_file_type(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    text = keyed(phone, **{"Content-Type": "text/plain"})
    response = await running.client.post(url(app, "materials", "id_card", "files"), content=b"hello", headers=text)
    assert response.status_code == 415
    assert_documented(response, UPLOAD_DOC, "post")


async def test_multipart_must_hold_exactly_one_part_named_file(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    path = url(app, "materials", "id_card", "files")
    photo = image_bytes("JPEG")
    two = await running.client.post(
        path,
        files=[("file", ("a.jpg", photo, "image/jpeg")), ("file", ("b.jpg", photo, "image/jpeg"))],
        headers=keyed(phone),
    )
    other = await running.client.post(path, files={"photo": ("a.jpg", photo, "image/jpeg")}, headers=keyed(phone))
    no_boundary = await running.client.post(
        path, content=b"--x\r\n", headers=keyed(phone, **{"Content-Type": "multipart/form-data"})
    )
    for response in (two, other, no_boundary):
        assert response.status_code == 400, response.text
    assert materials_of(await detail(running, phone, app))["id_card"]["files"] == []


async def test_content_is_checked_against_the_claimed_type(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    executable = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\0" * 200
    renamed = await running.client.post(
        url(app, "materials", "id_card", "files"),
        files={"file": ("photo.jpg", executable, "image/jpeg")},
        headers=keyed(phone),
    )
    empty = await upload(running, phone, app, "id_card", b"")
    for response in (renamed, empty):
        assert response.status_code == 422, response.text
        assert_documented(response, UPLOAD_DOC, "post")
        assert [p["path"] for p in response.json()["error"]["problems"]] == ["file"]
    unknown_material = await upload(running, phone, app, "no_such_material")
    assert unknown_material.status_code == 404
    assert materials_of(await detail(running, phone, app))["id_card"]["files"] == []


async def test_an_uploaded_file_can_be_deleted_once(running: Running) -> None:
    phone = await real_name_citizen(running)
    app = await start(running, phone)
    stored = (await upload(running, phone, app, "id_card")).json()
    headers = keyed(phone)
    path = url(app, "files", stored["id"])
    deleted = await running.client.delete(path, headers=headers)
    assert deleted.status_code == 200
    assert_documented(deleted, "/api/v1/applications/{ref}/files/{file_id}", "delete")
    assert deleted.json() == {"id": stored["id"], "deleted": True}
    again = await running.client.delete(path, headers=headers)
    assert again.status_code == 200 and again.headers["idempotent-replayed"] == "true"
    assert (await running.client.get(path, headers=phone)).status_code == 404
    assert (await running.client.delete(path, headers=keyed(phone))).status_code == 404
    assert materials_of(await detail(running, phone, app))["id_card"]["status"] == "missing"


def test_the_download_name_is_safe_ascii_with_the_exact_name_beside_it() -> None:
    assert content_disposition("id_card-1.jpg") == (
        "attachment; filename=\"id_card-1.jpg\"; filename*=UTF-8''id_card-1.jpg"
    )
    header = content_disposition('材料-1".jpg')
    assert header.startswith('attachment; filename="_-1_.jpg"; ')
    assert header.endswith("filename*=UTF-8''%E6%9D%90%E6%96%99-1%22.jpg")
    assert header.isascii()
