"""The citizen signed in at this kiosk: the `ov_kiosk` cookie and how a session ends.

The cookie holds only an opaque token (shared.kiosk.sessions keeps the rest on the
server). It is HttpOnly, SameSite=Strict, Secure over HTTPS, and has no Max-Age or
Expires: a browser-session cookie that also dies with the kiosk browser.

For kiosk pages that need a citizen (applications, later):

    citizen = await require_citizen_at_kiosk(request)   # 303 to the sign-in page if none
    citizen = await current_citizen(request)            # or None

and to end the session (sign-out, finished, idle): `return await end_session(request, "finished")`.
The end answers with a redirect to the home (attract) screen that wipes the browser:
`Clear-Site-Data: "cache", "storage"` (not "cookies": the device cookie must stay) and
deletions of the session and language cookies (ASVS 14.3.1, reliability-security.md §3).
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import HTTPConnection, Request
from starlette.responses import RedirectResponse, Response

from kiosk.lang import LANG_COOKIE, safe_next
from kiosk.modes import MODE_COOKIE
from kiosk.templating import NO_STORE, SESSION_STATE
from shared.config import Settings
from shared.errors import Unauthorized
from shared.i18n import Text
from shared.identity import citizens
from shared.identity.citizens import Citizen
from shared.kiosk import sessions
from shared.kiosk.sessions import EndReason, Limits, Method, SessionCheck
from shared.services import Services

SESSION_COOKIE = "ov_kiosk"
SIGN_IN_PATH = "/signin"
HOME_PATH = "/"
# Where every end of a session lands (sign-out, finished, idle): the attract screen.
ATTRACT_PATH = "/attract"
CLEAR_SITE_DATA = '"cache", "storage"'


@dataclass(frozen=True, slots=True)
class KioskCitizen:
    """The citizen signed in at this kiosk, masked as every screen shows them."""

    citizen: Citizen
    method: Method
    device_id: str
    started_at: float

    @property
    def id(self) -> str:
        return self.citizen.id

    @property
    def name_masked(self) -> str:
        return self.citizen.name_masked

    @property
    def id_number_masked(self) -> str:
        return self.citizen.id_number_masked


class SignInRequired(Unauthorized):
    """The page needs a citizen signed in at the kiosk; answered with a redirect to sign in."""

    code = "kiosk_sign_in_required"
    default_message = Text("请先登录。", "Please sign in first.")

    def __init__(self, next_path: str = HOME_PATH) -> None:
        super().__init__()
        self.next_path = next_path


def limits(settings: Settings) -> Limits:
    return Limits(settings.kiosk_idle_seconds, settings.kiosk_session_max_seconds)


async def check_cookie(
    services: Services, token: str, device_id: str, now: float, *, touch: bool = True
) -> SessionCheck:
    return await sessions.check(services.db, token, device_id, now, limits(services.settings), touch=touch)


def session_check(connection: HTTPConnection) -> SessionCheck | None:
    """What the device middleware found for this request's session cookie (None: no cookie)."""
    check: SessionCheck | None = connection.scope.get("state", {}).get(SESSION_STATE)
    return check


async def current_citizen(request: Request) -> KioskCitizen | None:
    """The citizen signed in at this kiosk with this browser, or None.

    The session was checked and touched by the device middleware for this request; it
    is active only on the device it was started on and within its idle and total limits.
    """
    check = session_check(request)
    if check is None or not check.active or check.session is None:
        return None
    services: Services = request.state.services
    citizen = await citizens.get(services.db, check.session.citizen_id)
    if citizen is None:
        return None
    return KioskCitizen(citizen, check.session.method, check.session.device_id, check.session.started_at)


async def require_citizen_at_kiosk(request: Request) -> KioskCitizen:
    """The signed-in citizen; raises SignInRequired (→ 303 to the sign-in page) when none."""
    citizen = await current_citizen(request)
    if citizen is None:
        here = request.url.path if request.method in {"GET", "HEAD"} else HOME_PATH
        raise SignInRequired(here)
    return citizen


def sign_in_url(next_path: str) -> str:
    target = safe_next(next_path)
    return SIGN_IN_PATH if target == HOME_PATH else f"{SIGN_IN_PATH}?{urlencode({'next': target})}"


def sign_in_required_response(request: Request, error: SignInRequired) -> Response:
    """Where a page that needs a citizen sends a browser without one."""
    url = sign_in_url(error.next_path)
    if request.headers.get("hx-request") == "true":
        return Response(status_code=204, headers={"HX-Redirect": url, "Cache-Control": NO_STORE})
    return RedirectResponse(url, status_code=303, headers={"Cache-Control": NO_STORE})


def set_session_cookie(response: Response, token: str, https: bool) -> None:
    # No max_age/expires: a browser-session cookie. The server decides when it ends.
    response.set_cookie(SESSION_COOKIE, token, path="/", httponly=True, samesite="strict", secure=https)


def delete_citizen_cookies(response: Response, https: bool) -> None:
    """Drop the session cookie, the language and the display modes the citizen chose (the
    device cookie stays)."""
    for name in (SESSION_COOKIE, LANG_COOKIE, MODE_COOKIE):
        response.delete_cookie(name, path="/", httponly=True, samesite="strict", secure=https)


def cookie_deletions(https: bool) -> list[str]:
    """The Set-Cookie header values of `delete_citizen_cookies`, for a middleware."""
    response = Response()
    delete_citizen_cookies(response, https)
    return response.headers.getlist("set-cookie")


def wipe(response: Response, https: bool) -> Response:
    """Make a response leave nothing of the citizen in the browser."""
    response.headers["Clear-Site-Data"] = CLEAR_SITE_DATA
    response.headers["Cache-Control"] = NO_STORE
    delete_citizen_cookies(response, https)
    return response


async def end_session(request: Request, reason: EndReason) -> Response:
    """End this browser's kiosk session (if any) and send it to the attract screen, wiped.

    The server row gets `ended_at` and the reason (with an audit entry) first; an old copy
    of the cookie is then worthless. Safe to call without a session: the wipe still runs,
    so the next citizen starts from a clean screen.
    """
    services: Services = request.state.services
    token = request.cookies.get(SESSION_COOKIE)
    if token:
        async with services.db.transaction() as tx:
            await sessions.end(tx, token, services.clock.now(), reason)
    if request.headers.get("hx-request") == "true":
        response: Response = Response(status_code=204, headers={"HX-Redirect": ATTRACT_PATH})
    else:
        response = RedirectResponse(ATTRACT_PATH, status_code=303)
    return wipe(response, services.settings.https)
