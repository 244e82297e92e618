"""GET /staff/applications/{ref}/files/{file_id} — an uploaded material file, for staff
who may see the application, every view written to the audit trail.

The file is served as we re-encoded it (`shared.materials`), never from a static path,
with headers that keep it inert (ASVS 5.3.1, 5.3.2, 14.3.2):

- `X-Content-Type-Options: nosniff` and the type we verified at upload;
- `Cache-Control: no-store`: a hall PC keeps no copy of an applicant's documents;
- images and PDFs `inline`, anything else as an attachment;
- `Content-Security-Policy: sandbox`: even a crafted PDF gets no script, no forms, no
  same-origin access to the staff session.

A refused attempt (another department's application) is audited as refused before the
403 page answers.
"""

from __future__ import annotations

from urllib.parse import quote

from starlette.requests import Request
from starlette.responses import Response

from kiosk.staff.access_seen import file_seen
from kiosk.staff.guard import client_address, require_staff
from shared import audit, materials
from shared.applications import access
from shared.audit import AuditEvent, Where
from shared.errors import Forbidden
from shared.materials.model import ACCEPTED
from shared.services import Services

FILE_VIEW = "application.file.view"
FILE_POLICY = "sandbox; default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; frame-ancestors 'none'"


def disposition(kind: str, name: str) -> str:
    """RFC 6266 with an ASCII fallback and the UTF-8 name (RFC 8187) for 材料-1.jpg."""
    fallback = "".join(ch if ch.isascii() and (ch.isalnum() or ch in ".-_") else "_" for ch in name)
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


async def view_file(request: Request) -> Response:
    staff = await require_staff(request)
    services: Services = request.state.services
    where = Where.address(client_address(request))
    ref = request.path_params["ref"]
    file_id = request.path_params["file_id"]
    try:
        app = await access.for_staff(services, staff, ref)
    except Forbidden:
        event = AuditEvent(staff.actor(), where, FILE_VIEW, "refused", target=ref[:64], detail={"file": file_id[:64]})
        await audit.record_alone(services.db, event, services.clock.now())
        raise
    stored = await materials.get(services, app, file_id)  # 404 unless this application may show it
    data = await materials.read(services, stored)
    await file_seen(services, staff, app, stored)  # the citizen's access log (数据查询记录)
    detail = {"file": stored.id, "material": stored.material_code}
    event = AuditEvent(staff.actor(), where, FILE_VIEW, "ok", target=app.id, detail=detail)
    await audit.record_alone(services.db, event, services.clock.now())
    inline = stored.media_type in ACCEPTED
    return Response(
        data,
        media_type=stored.media_type if inline else "application/octet-stream",
        headers={
            "Content-Disposition": disposition("inline" if inline else "attachment", stored.display_name),
            "Content-Security-Policy": FILE_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Cache-Control": "no-store",
            "Cross-Origin-Resource-Policy": "same-origin",
        },
    )
