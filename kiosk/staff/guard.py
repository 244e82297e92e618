"""Who is signed in on a staff page, and the rules every staff page obeys.

    principal = await require_staff(request)                   # any signed-in staff
    principal = await require_staff(request, Role.ADMIN)       # administrators only
    principal = await require_staff(request, *roles, passive=True)  # a page's own polling

`require_staff` reads the `ov_staff` cookie, checks the server-side session (idle time,
absolute life, account still active), and:

- not signed in → `SignInRequired`, which `page` turns into a 303 to /staff/sign-in
  (with `?reason=idle` when the session just ran out of idle time);
- signed in with another role → 403 `Forbidden`, audited as `staff.access` refused
  (ASVS 16.3.2);
- on POST and other unsafe methods, the per-session anti-CSRF token must come back in the
  form field `csrf_token` (or the `X-CSRF-Token` header), else 403 (ASVS 3.5.1). It is an
  HMAC of the session token's hash, so it needs no storage and dies with the session.
  The Sec-Fetch-Site / Origin check of `CrossOriginMiddleware` runs before, as well.

The cookie: opaque, HttpOnly, SameSite=Strict, Path=/staff, Secure over HTTPS, and no
expiry date (it goes when the browser closes; the server ends it sooner).
"""

from __future__ import annotations

import base64
import functools
import hashlib
import hmac
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.templating import render_staff
from shared import audit
from shared.audit import AuditEvent, Where
from shared.errors import AppError, Forbidden, TooManyRequests, Unauthorized
from shared.i18n import Text
from shared.privacy.vault import derive_key, token_hash
from shared.services import Services
from shared.staff import signin
from shared.staff.accounts import StaffPrincipal
from shared.staff.roles import Role

COOKIE = "ov_staff"
COOKIE_PATH = "/staff"
CSRF_FIELD = "csrf_token"
CSRF_HEADER = "x-csrf-token"
SIGN_IN_PATH = "/staff/sign-in"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

WRONG_ROLE = Text(
    "您的岗位无权打开此页面。如需权限，请联系大厅管理员。",
    "Your role may not open this page. Ask a hall administrator if you need it.",
)
STALE_FORM = Text(
    "页面已过期或来源不明，请刷新页面后重试。",
    "This form has expired or did not come from this site. Reload and try again.",
)

Endpoint = Callable[[Request], Awaitable[Response]]


class SignInRequired(Unauthorized):
    """Not signed in (or no longer): `page` answers with a redirect to the sign-in page.

    A 401 subclass, so a route that forgot `page` still fails closed with the generic 401.
    """

    def __init__(self, reason: str | None = None, next_path: str | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.next_path = next_path

    @property
    def location(self) -> str:
        params = {key: value for key, value in (("reason", self.reason), ("next", self.next_path)) if value}
        return SIGN_IN_PATH + (f"?{urlencode(params)}" if params else "")


class CsrfRefused(Forbidden):
    code = "csrf_refused"
    default_message = STALE_FORM


@dataclass(frozen=True, slots=True)
class StaffState:
    """What `require_staff` leaves on `request.state.staff` for the templates."""

    principal: StaffPrincipal
    csrf_token: str


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def session_token(request: Request) -> str | None:
    return request.cookies.get(COOKIE) or None


def csrf_token(services: Services, token: str) -> str:
    key = derive_key(services.secret_key, "onevisit:staff-csrf")
    digest = hmac.new(key, token_hash(token), hashlib.sha256).digest()
    # base64url, not hex: a hex string now and then holds a run of 11 digits that reads as
    # a mobile number to the log and response scans (and to anyone reading the page).
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


async def check_csrf(request: Request, services: Services, token: str) -> None:
    form = await request.form()  # parsed once; the handler's `request.form()` gets the same
    sent = form.get(CSRF_FIELD)
    if not isinstance(sent, str):
        sent = request.headers.get(CSRF_HEADER, "")
    if not hmac.compare_digest(sent.encode(), csrf_token(services, token).encode()):
        raise CsrfRefused()


def safe_staff_next(value: str | None) -> str | None:
    """A staff page to return to after signing in, or None (no open redirect)."""
    if not value or len(value) > 500 or not value.startswith("/staff/") or value.startswith(SIGN_IN_PATH):
        return None
    if "\\" in value or "//" in value or any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in value):
        return None
    return value


async def require_staff(request: Request, *roles: Role, passive: bool = False) -> StaffPrincipal:
    """The signed-in staff member, if their role is one of `roles` (any role when none given).

    `passive`: the request is the page refreshing itself (htmx polling), not the person:
    the session is checked but its idle time is not started again, so a screen left open
    still signs out after `staff_idle_seconds`.

    Raises `SignInRequired` (→ 303 to the sign-in page), `Forbidden` (403, wrong role) or
    `CsrfRefused` (403, unsafe method without this session's anti-CSRF token).
    """
    services: Services = request.state.services
    token = session_token(request)
    address = client_address(request)
    result = await signin.check_session(services, token, address, touch=not passive)
    if isinstance(result, signin.Ended):
        raise SignInRequired(reason=result.reason)
    if result is None or token is None:
        wanted = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        raise SignInRequired(next_path=safe_staff_next(wanted) if request.method == "GET" else None)
    principal = result.principal
    request.state.staff = StaffState(principal, csrf_token(services, token))
    if request.method not in SAFE_METHODS:
        await check_csrf(request, services, token)
    if roles and principal.role not in roles:
        event = AuditEvent(
            principal.actor(), Where.address(address), "staff.access", "refused", target=request.url.path
        )
        await audit.record_alone(services.db, event, services.clock.now())
        raise Forbidden(WRONG_ROLE)
    return principal


def set_session_cookie(response: Response, services: Services, token: str) -> None:
    response.set_cookie(
        COOKIE, token, path=COOKIE_PATH, httponly=True, samesite="strict", secure=services.settings.https
    )


def clear_session_cookie(response: Response, services: Services) -> None:
    response.delete_cookie(COOKIE, path=COOKIE_PATH, httponly=True, samesite="strict", secure=services.settings.https)


def render_error(request: Request, error: AppError) -> Response:
    headers = {"Retry-After": str(error.retry_after)} if isinstance(error, TooManyRequests) else None
    return render_staff(request, "error.html", {"error": error}, status_code=error.status, headers=headers)


def page(endpoint: Endpoint) -> Endpoint:
    """Wrap a staff endpoint: sign-in redirects, staff-styled errors, and `no-store` always."""

    @functools.wraps(endpoint)
    async def wrapped(request: Request) -> Response:
        try:
            response = await endpoint(request)
        except SignInRequired as exc:
            response = RedirectResponse(exc.location, status_code=303)
            if exc.reason is not None:
                clear_session_cookie(response, request.state.services)
        except AppError as error:
            response = render_error(request, error)
        response.headers["Cache-Control"] = "no-store"
        return response

    return wrapped
