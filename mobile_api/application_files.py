"""Material files of an application on the phone: upload, download, delete.

    POST   /applications/{ref}/materials/{code}/files   the file as the raw body with its
           Content-Type, or multipart/form-data with one part `file` → 201           [key]
    GET    /applications/{ref}/files/{file_id}          the owner's file
    DELETE /applications/{ref}/files/{file_id}                                     [key]

The body is read with a hard cap (`uploads`: 413 before reading when Content-Length is over
`MAX_FILE_BYTES`, or as soon as a streamed body crosses it). Everything about the content
(type against claim, image re-encoding, decompression bombs, PDF active content) is
`shared.materials`' to check; its refusals are 422 with the path `file`.

A key's fingerprint for an upload is the SHA-256 of the bytes with their content type:
the same photo sent again with the same key replays, another photo with it is a 422.

Downloads go to the owner only (another citizen's application is the usual 404) and are
sent as attachments that a browser will not sniff or keep: `Content-Disposition:
attachment` with an ASCII name and its RFC 5987 `filename*`, `X-Content-Type-Options:
nosniff`, `Cache-Control: no-store`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from mobile_api import application_json as out
from mobile_api.applications import own_application, path_ref, services_of, where
from mobile_api.auth import require_real_name
from mobile_api.idempotent import Answer, KeyedChange, run_keyed, upload_fingerprint
from mobile_api.params import reject_unknown
from mobile_api.uploads import read_upload
from shared import materials
from shared.materials.model import StoredFile

VIA = "mobile"
CODE_MAX = 64
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")


def _path_value(request: Request, name: str) -> str:
    value = str(request.path_params[name])
    if not value or len(value) > CODE_MAX or not value.isascii():
        raise materials.FileNotFound()
    return value


def content_disposition(name: str) -> str:
    """`attachment` with a safe ASCII `filename` and the exact name as RFC 5987 `filename*`."""
    ascii_name = _UNSAFE.sub("_", name).lstrip(".") or "file"
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(name, safe='')}"


async def upload(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    ref = path_ref(request)
    material_code = _path_value(request, "code")
    received = await read_upload(request)

    async def change(keyed: KeyedChange[StoredFile]) -> None:
        app = await own_application(request, principal)
        await materials.store(
            services,
            app,
            material_code,
            data=received.data,
            claimed_type=received.content_type,
            filename=received.filename,
            via=VIA,
            now=services.clock.now(),
            within=keyed.within,
            where=where(request),
        )

    def render(stored: StoredFile) -> Answer:
        return 201, out.file_json(stored)

    def headers(status: int, body: Mapping[str, Any]) -> Mapping[str, str]:
        return {"Location": str(body["url"])} if status == 201 and isinstance(body.get("url"), str) else {}

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload=upload_fingerprint(received.data, received.content_type),
        change=change,
        render=render,
        path_values=[ref, material_code],
        headers_for=headers,
    )


async def download(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    app = await own_application(request, principal)
    services = services_of(request)
    stored = await materials.get(services, app, _path_value(request, "file_id"))
    data = await materials.read(services, stored)
    return Response(
        data,
        media_type=stored.media_type,
        headers={
            "Content-Disposition": content_disposition(stored.display_name),
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
        },
    )


async def delete(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    services = services_of(request)
    ref = path_ref(request)
    file_id = _path_value(request, "file_id")

    async def change(keyed: KeyedChange[StoredFile]) -> None:
        app = await own_application(request, principal)
        now = services.clock.now()
        await materials.delete(services, app, file_id, now=now, within=keyed.within, where=where(request))

    def render(stored: StoredFile) -> Answer:
        return 200, {"id": stored.id, "deleted": True}

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={},
        change=change,
        render=render,
        path_values=[ref, file_id],
    )
