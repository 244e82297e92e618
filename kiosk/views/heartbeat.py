"""POST /kiosk/heartbeat — every kiosk screen says it is alive and which menu it shows.

    request   {"menu": "<stamp of the menu on the page, or null>"}
    answer    200 {"menu": "<stamp the kiosk should show, or null>", "every": 3}
              204 when the beat came under a second after the last one (ignored, no work)
              400 for a body that is not this JSON; 403 (the "not registered" page) for a
              browser that is not an enrolled, active kiosk (the device middleware)

static/js/heartbeat.js sends it every `every` seconds from every kiosk page, the signed-in
ones included, and reloads a home or menu page whose stamp differs from the answer. The
device middleware leaves the citizen's session alone on this path (kiosk/device.py): a
heartbeat is not the citizen's activity. The work is shared.kiosk.heartbeat's.
"""

from __future__ import annotations

import re

import orjson
from starlette.requests import Request
from starlette.responses import Response

from kiosk.device import current_device
from kiosk.templating import NO_STORE
from shared.errors import InvalidParameter, MalformedJSON
from shared.kiosk import heartbeat as kiosk_heartbeat
from shared.web.responses import JSONResponse

# `menu_id@version` (shared.menus: ids are /[a-z][a-z0-9-]{0,31}/).
STAMP = re.compile(r"[a-z][a-z0-9-]{0,31}@[0-9]{1,9}")
MAX_BODY_BYTES = 256


def parse_shown(body: bytes) -> str | None:
    """The stamp a heartbeat body reports; raises a 400 error for anything else."""
    if len(body) > MAX_BODY_BYTES:
        raise InvalidParameter()
    try:
        document = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise MalformedJSON() from None
    if not isinstance(document, dict) or "menu" not in document:
        raise InvalidParameter()
    shown = document["menu"]
    if shown is None:
        return None
    if not isinstance(shown, str) or STAMP.fullmatch(shown) is None:
        raise InvalidParameter()
    return shown


async def heartbeat(request: Request) -> Response:
    device = current_device(request)
    shown = parse_shown(await request.body())
    answer = await kiosk_heartbeat.beat(request.state.services, device, shown)
    if answer is None:
        return Response(status_code=204, headers={"Cache-Control": NO_STORE})
    return JSONResponse({"menu": answer.menu, "every": answer.every}, headers={"Cache-Control": NO_STORE})
