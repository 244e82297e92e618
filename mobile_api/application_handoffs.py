"""Continue on the phone (扫码续办), the phone's half: claim a draft the kiosk handed over.

The kiosk shows a QR code holding a one-time code for a draft (`shared.applications.
handoffs`); the mini-program reads it and calls `POST /api/v1/application-handoffs/{nonce}`
with the citizen's bearer token and an Idempotency-Key. The answer is the application's
summary; the phone then reads `/applications/{id}` and goes on where the kiosk stopped.

A code that is unknown, expired, or made for another citizen's application is the same
404. Claiming is harmless to repeat while the code lives, so its idempotent answer is
stored just after the claim rather than inside it (`KeyedChange.store_after`); the key
still gives a retry after the code expired the answer it missed.
"""

from __future__ import annotations

import hashlib

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.applications import services_of, summary_answer, summary_headers, where
from mobile_api.auth import require_real_name
from mobile_api.idempotent import KeyedChange, run_keyed
from mobile_api.params import reject_unknown
from shared.applications import handoffs
from shared.applications.handoffs import HandoffUnknown
from shared.applications.model import Application


async def claim(request: Request) -> Response:
    reject_unknown(request, ())
    principal, _ = await require_real_name(request)
    nonce = str(request.path_params["nonce"])
    if not handoffs.NONCE.fullmatch(nonce):
        raise HandoffUnknown()
    services = services_of(request)
    snapshot = await services.catalog.current()

    async def change(keyed: KeyedChange[Application]) -> None:
        app = await handoffs.claim(services, nonce, principal.citizen_id, services.clock.now(), where=where(request))
        await keyed.store_after(services.db, app)

    return await run_keyed(
        request,
        principal=principal.citizen_id,
        payload={},
        change=change,
        render=summary_answer(snapshot),
        # The code itself is a one-time secret: the key space is named by its hash.
        path_values=[hashlib.sha256(nonce.encode()).hexdigest()[:32]],
        headers_for=summary_headers,
    )
