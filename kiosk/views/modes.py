"""POST /kiosk/mode — the masthead's 长辈模式 and 高对比度 switches.

Each button says what it wants (`set=elder-on`, `set=contrast-off`), not "toggle": a
double tap or a resent form lands in the same state instead of flipping twice. The
choice is kept in the `ov_mode` browser-session cookie (kiosk.modes), which every end of
a session and the idle wipe delete.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.lang import safe_next
from kiosk.modes import MODE_COOKIE, MODES, request_modes
from kiosk.templating import NO_STORE
from kiosk.texts import UI
from shared.errors import InvalidParameter
from shared.services import Services

CHOICES = {f"{mode}-{state}": (mode, state == "on") for mode in MODES for state in ("on", "off")}


async def set_mode(request: Request) -> Response:
    """Switch one mode on or off and go back (303) to the page the switch was on."""
    form = await request.form()
    choice = CHOICES.get(str(form.get("set") or ""))
    if choice is None:
        raise InvalidParameter(UI["mode_unknown"])
    mode, on = choice
    modes = request_modes(request).with_mode(mode, on)
    next_value = form.get("next")
    target = safe_next(next_value if isinstance(next_value, str) else None)
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": NO_STORE})
    services: Services = request.state.services
    https = services.settings.https
    if modes.cookie_value:
        # A session cookie (no Max-Age), like the language: gone with the browser too.
        response.set_cookie(MODE_COOKIE, modes.cookie_value, path="/", httponly=True, samesite="strict", secure=https)
    else:
        response.delete_cookie(MODE_COOKIE, path="/", httponly=True, samesite="strict", secure=https)
    return response
