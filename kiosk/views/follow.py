"""Following an application by its receipt: on the phone, and back at the kiosk (查询办件).

    GET  /follow/{token}     the phone page the receipt's QR code opens: number, item, state in
                             plain words, the promised date. No sign-in, and so no personal
                             data at all; an unknown token is a plain 404 page. Exempt from the
                             kiosk device check (kiosk/device.py): phones are not kiosks.
    GET  /track              at the kiosk: scan the receipt under the code reader, or sign in
    POST /track/poll         the code reader, asked every second (device_bridge.read_code):
                             204 while nothing is held under it; the progress once a receipt is

The follow token is a bearer secret printed on paper: it opens exactly what is printed
beside it (number, item, state, promised date), never who applied or what they answered.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.session import current_citizen
from kiosk.templating import NO_STORE, render
from shared.applications import repository as app_repository
from shared.applications.model import Application
from shared.receipts import building, repository
from shared.receipts.printing import FOLLOW_PATH
from shared.services import Services

TRACK_STATUS = "track-status"


def token_from_code(code: str) -> str:
    """The follow token in what a code reader read: a follow link (any host) or the bare token."""
    text = code.strip()
    path = urlsplit(text).path if "://" in text else text
    if FOLLOW_PATH in path:
        path = path.rsplit(FOLLOW_PATH, 1)[1]
    return path.strip("/")


async def application_of(services: Services, token: str) -> Application | None:
    stored = await repository.by_token(services.db, token)
    if stored is None:
        return None
    app = await app_repository.load(services.db, services.vault, stored.application_id)
    if app is None or app.number is None or app.submitted_at is None:
        return None
    return app


async def follow_page(request: Request) -> Response:
    services: Services = request.state.services
    app = await application_of(services, str(request.path_params["token"]))
    if app is None:
        return render(request, "receipts/follow_missing.html", status_code=404)
    progress = await building.progress(services, app)
    return render(request, "receipts/follow.html", {"progress": progress})


async def track_page(request: Request) -> Response:
    signed_in = await current_citizen(request) is not None
    return render(request, "receipts/track.html", {"citizen_signed_in": signed_in, "result": None})


async def track_poll(request: Request) -> Response:
    services: Services = request.state.services
    device = current_device(request)
    code = await services.device_bridge.read_code(device.id)
    if code is None:
        return Response(status_code=204, headers={"Cache-Control": NO_STORE})
    app = await application_of(services, token_from_code(code))
    if app is None:
        return render(request, "receipts/_track_status.html", {"unknown": True, "progress": None})
    progress = await building.progress(services, app)
    return render(request, "receipts/_track_status.html", {"unknown": False, "progress": progress})
