"""Which kiosk is asking: the device cookie, checked before any kiosk page is served.

Only a registered, enrolled kiosk (政务自助一体机) is a kiosk: everything the kiosk package
serves at "/" needs the `ov_device` cookie of a device that is not retired. Without one,
the browser gets a clear "this screen is not a registered self-service kiosk" page (403),
never a kiosk screen. Exempt: static files, /healthz, the JSON API, the staff pages, the phone
follow page of a receipt (/follow/) and the enrolment page itself.

`KioskDeviceMiddleware` is pure ASGI and cheap on the hot path: verified cookies are kept
a few seconds in `services.kiosk_devices` (see shared.kiosk.devices.DeviceCache). When the
request also carries a citizen's session cookie, the session is checked (and touched)
here, so that every request a signed-in citizen makes counts as activity, whichever page.
Not the kiosk's own requests, though: the heartbeat (`HEARTBEAT_PATH`, every few seconds)
skips the session altogether, and a page the heartbeat reloads after a menu publish says
so (`PASSIVE_HEADER`): its session is checked but not touched, so an idle screen still
ends on time.
"""

from __future__ import annotations

from typing import Any

from starlette.datastructures import Headers, MutableHeaders
from starlette.requests import HTTPConnection, Request, cookie_parser
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from kiosk import session as kiosk_session
from kiosk.templating import SESSION_STATE, render
from kiosk.texts import UI
from shared.kiosk.devices import KioskDevice
from shared.services import Services

DEVICE_COOKIE = "ov_device"
# A kiosk is enrolled once at installation; its cookie lasts until the device is retired
# (or re-enrolled), which revokes it on the server whatever the browser keeps.
DEVICE_COOKIE_MAX_AGE = 5 * 365 * 86_400
DEVICE_STATE = "kiosk_device"

UNREGISTERED_TEXTS = {
    "title": UI["unregistered_title"],
    "text": UI["unregistered_text"],
    "demo": UI["unregistered_demo"],
    "enrol": UI["unregistered_enrol"],
}

# The kiosk's own requests, which are no sign of a citizen at the screen (static/js/heartbeat.js).
HEARTBEAT_PATH = "/kiosk/heartbeat"
PASSIVE_HEADER = "x-kiosk-passive"

EXEMPT_PREFIXES = ("/static/", "/api/", "/staff/", "/kiosk/enrol/", "/follow/", "/paysim/")
EXEMPT_PATHS = frozenset({"/healthz", "/api", "/staff", "/kiosk/enrol"})


def is_exempt(path: str) -> bool:
    return path in EXEMPT_PATHS or path.startswith(EXEMPT_PREFIXES)


def cookie_value(headers: Headers, name: str) -> str | None:
    raw = headers.get("cookie")
    if not raw or name not in raw:
        return None
    return cookie_parser(raw).get(name) or None


def current_device(connection: HTTPConnection) -> KioskDevice:
    """The kiosk this request comes from (set by the middleware on every kiosk page)."""
    device: KioskDevice | None = connection.scope.get("state", {}).get(DEVICE_STATE)
    if device is None:
        raise RuntimeError("no kiosk device on this request: is the path exempt from the device check?")
    return device


async def device_from_cookie(connection: HTTPConnection) -> KioskDevice | None:
    """The device of this browser's cookie, for pages exempt from the check (enrolment)."""
    token = cookie_value(connection.headers, DEVICE_COOKIE)
    if token is None:
        return None
    services: Services = connection.scope["state"]["services"]
    return await services.kiosk_devices.lookup(services.db, token, services.clock.now())


class KioskDeviceMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or is_exempt(scope["path"]):
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        services: Services = state["services"]
        headers = Headers(scope=scope)
        token = cookie_value(headers, DEVICE_COOKIE)
        now = services.clock.now()
        device = await services.kiosk_devices.lookup(services.db, token, now) if token else None
        if device is None:
            await self._not_registered(scope, receive, send, headers)
            return
        state[DEVICE_STATE] = device
        session_token = cookie_value(headers, kiosk_session.SESSION_COOKIE)
        if session_token is None or scope["path"] == HEARTBEAT_PATH:
            await self.app(scope, receive, send)
            return
        touch = headers.get(PASSIVE_HEADER) != "true"
        check = await kiosk_session.check_cookie(services, session_token, device.id, now, touch=touch)
        state[SESSION_STATE] = check
        if check.active:
            await self.app(scope, receive, send)
            return

        # The cookie is dead (ended, run out, copied): tell the browser to drop it, and the
        # language the citizen chose with it, on whatever this response is, unless the
        # response sets that cookie anew (a new sign-in, a language just chosen).
        async def send_dropping_cookies(message: Message) -> None:
            if message["type"] == "http.response.start":
                response_headers = MutableHeaders(scope=message)
                setting = {value.partition("=")[0] for value in response_headers.getlist("set-cookie")}
                for value in kiosk_session.cookie_deletions(services.settings.https):
                    if value.partition("=")[0] not in setting:
                        response_headers.append("set-cookie", value)
            await send(message)

        await self.app(scope, receive, send_dropping_cookies)

    async def _not_registered(self, scope: Scope, receive: Receive, send: Send, headers: Headers) -> None:
        request = Request(scope, receive)
        services: Services = scope["state"]["services"]
        response = render(
            request,
            "device_unregistered.html",
            {"demo": services.settings.demo, "texts": UNREGISTERED_TEXTS},
            status_code=403,
        )
        if headers.get("hx-request") == "true":
            # An htmx poll from a page whose device was just retired: reload it, so the
            # whole screen becomes the "not registered" page.
            response.headers["HX-Refresh"] = "true"
        await response(scope, receive, send)
