"""POST /lang — the language switch on every screen (中文 / English)."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.lang import LANG_COOKIE, safe_next
from kiosk.templating import NO_STORE
from shared.errors import InvalidParameter
from shared.i18n import LANGS, Text
from shared.services import Services

UNKNOWN_LANGUAGE = Text("请选择中文或 English。", "Please choose 中文 or English.")


async def set_language(request: Request) -> Response:
    """Remember the language in a cookie and go back (303) to the page the switch was on.

    `next` must be a path on this site; anything else goes home, so the switch can never
    send a citizen to another site (no open redirect).
    """
    form = await request.form()
    lang = form.get("lang")
    if not isinstance(lang, str) or lang not in LANGS:
        raise InvalidParameter(UNKNOWN_LANGUAGE)
    next_value = form.get("next")
    target = safe_next(next_value if isinstance(next_value, str) else None)
    response = RedirectResponse(target, status_code=303, headers={"Cache-Control": NO_STORE})
    services: Services = request.state.services
    # A session cookie: the idle reset of a later issue clears it for the next citizen.
    response.set_cookie(LANG_COOKIE, lang, path="/", httponly=True, samesite="strict", secure=services.settings.https)
    return response
