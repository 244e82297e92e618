"""Scan to sign in (扫码登录), the phone's half: confirm the code a kiosk shows.

The kiosk shows a QR code holding `onevisit://kiosk-sign-in/<nonce>`; the mini-program
reads it and calls `POST /api/v1/kiosk-sign-ins/{nonce}` with the citizen's bearer token.
The kiosk page, polling, moves on by itself (`shared.kiosk.scan_signin`). Only a
real-name citizen may sign in at a kiosk, since what they do there is in their name.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.auth import require_real_name
from mobile_api.params import reject_unknown
from shared.kiosk import scan_signin
from shared.kiosk.scan_signin import ScanCodeUnknown
from shared.services import Services
from shared.web.responses import JSONResponse


async def confirm(request: Request) -> Response:
    reject_unknown(request, ())
    principal, citizen = await require_real_name(request)
    nonce = str(request.path_params["nonce"])
    if not scan_signin.NONCE.fullmatch(nonce):
        raise ScanCodeUnknown()
    services: Services = request.state.services
    await scan_signin.confirm_scan(services, nonce, principal.citizen_id)
    return JSONResponse(
        {"status": "confirmed", "citizen": {"name": citizen.name_masked}},
        headers={"Cache-Control": "no-store"},
    )
