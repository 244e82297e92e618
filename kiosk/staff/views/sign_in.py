"""GET/POST /staff/sign-in, GET/POST /staff/sign-in/totp, POST /staff/sign-out.

Plain HTML forms that work without JavaScript. A wrong username and a wrong password get
the very same page (401), after the same argon2 work; a throttled attempt gets the page
with 429, `Retry-After` and the time to come back.
"""

from __future__ import annotations

import datetime as dt

from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from kiosk.staff.guard import (
    SIGN_IN_PATH,
    check_csrf,
    clear_session_cookie,
    client_address,
    csrf_token,
    safe_staff_next,
    session_token,
    set_session_cookie,
)
from kiosk.staff.templating import render_staff
from kiosk.staff.texts import STAFF_UI
from shared.clock import CHINA_TIME
from shared.i18n import Text
from shared.services import Services
from shared.staff import signin, totp
from shared.staff.accounts import Session
from shared.web.qr import qr_svg

HOME_PATH = "/staff/"
SECOND_FACTOR_PATH = "/staff/sign-in/totp"
NOTICES = {
    "idle": "notice_idle",
    "expired": "notice_expired",
    "signed_out": "notice_signed_out",
}
# The form fields are read as text; anything longer than this is not a credential.
MAX_FIELD = 1024


def _field(form: FormData, name: str) -> str:
    value = form.get(name)
    return value[:MAX_FIELD] if isinstance(value, str) else ""


def _throttled_text(services: Services, retry_after: int) -> Text:
    at = dt.datetime.fromtimestamp(services.clock.now() + retry_after, CHINA_TIME).strftime("%H:%M:%S")
    return STAFF_UI["throttled"].format(seconds=retry_after, at=at)


def _sign_in_page(
    request: Request, *, error: Text | None = None, status_code: int = 200, next_path: str | None = None
) -> Response:
    reason = request.query_params.get("reason")
    notice = NOTICES.get(reason or "") if request.method == "GET" else None
    context = {"error": error, "notice": notice, "next_path": next_path or ""}
    return render_staff(request, "sign_in.html", context, status_code=status_code)


async def sign_in_form(request: Request) -> Response:
    services: Services = request.state.services
    active = await signin.check_session(services, session_token(request), client_address(request))
    if isinstance(active, signin.Active):
        return RedirectResponse(HOME_PATH, status_code=303)
    return _sign_in_page(request, next_path=safe_staff_next(request.query_params.get("next")))


async def sign_in(request: Request) -> Response:
    services: Services = request.state.services
    form = await request.form()
    next_path = safe_staff_next(_field(form, "next"))
    outcome = await signin.sign_in_with_password(
        services,
        _field(form, "username"),
        _field(form, "password"),
        client_address(request),
        previous_token=session_token(request),
    )
    if isinstance(outcome, signin.Throttled):
        response = _sign_in_page(
            request, error=_throttled_text(services, outcome.retry_after), status_code=429, next_path=next_path
        )
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    if isinstance(outcome, signin.Rejected):
        return _sign_in_page(request, error=STAFF_UI["bad_credentials"], status_code=401, next_path=next_path)
    target = SECOND_FACTOR_PATH if isinstance(outcome, signin.SecondFactorDue) else next_path or HOME_PATH
    response = RedirectResponse(target, status_code=303)
    set_session_cookie(response, services, outcome.token)
    return response


async def _second_factor_page(
    request: Request, session: Session, token: str, *, error: Text | None = None, status_code: int = 200
) -> Response:
    services: Services = request.state.services
    context: dict[str, object] = {
        "account": session.account,
        "enrolling": not session.account.has_second_factor,
        "error": error,
        "csrf_token": csrf_token(services, token),
        "qr": None,
        "demo_secret": None,
    }
    if not session.account.has_second_factor:
        secret = await signin.enrolment_secret(services, session)
        uri = totp.provisioning_uri(secret, session.account.username)
        context["qr"] = qr_svg(uri, "qr", title=STAFF_UI["qr_label"].get("zh"))
        if services.settings.demo:
            # Only a demo shows the key as text, so a tester can use any authenticator.
            context["demo_secret"] = " ".join(
                totp.encode_secret(secret)[i : i + 4] for i in range(0, len(totp.encode_secret(secret)), 4)
            )
    return render_staff(request, "second_factor.html", context, status_code=status_code)


async def second_factor_form(request: Request) -> Response:
    services: Services = request.state.services
    token = session_token(request)
    session = await signin.pending_second_factor(services, token)
    if session is None or token is None:
        return RedirectResponse(SIGN_IN_PATH, status_code=303)
    return await _second_factor_page(request, session, token)


async def second_factor(request: Request) -> Response:
    services: Services = request.state.services
    token = session_token(request)
    session = await signin.pending_second_factor(services, token)
    if session is None or token is None:
        return RedirectResponse(SIGN_IN_PATH, status_code=303)
    await check_csrf(request, services, token)
    form = await request.form()
    outcome = await signin.verify_second_factor(services, session, _field(form, "code"), client_address(request))
    if isinstance(outcome, signin.Throttled):
        response = await _second_factor_page(
            request, session, token, error=_throttled_text(services, outcome.retry_after), status_code=429
        )
        response.headers["Retry-After"] = str(outcome.retry_after)
        return response
    if isinstance(outcome, signin.Rejected):
        fresh = await signin.pending_second_factor(services, token)
        if fresh is None:
            return RedirectResponse(SIGN_IN_PATH, status_code=303)
        return await _second_factor_page(request, fresh, token, error=STAFF_UI["bad_code"], status_code=401)
    response = RedirectResponse(HOME_PATH, status_code=303)
    set_session_cookie(response, services, outcome.token)
    return response


async def sign_out(request: Request) -> Response:
    """End this browser's session, signed in or half-way, and forget the page cache."""
    services: Services = request.state.services
    token = session_token(request)
    response = RedirectResponse(f"{SIGN_IN_PATH}?reason=signed_out", status_code=303)
    if token is not None:
        await check_csrf(request, services, token)
        await signin.sign_out(services, token, client_address(request))
    clear_session_cookie(response, services)
    # ASVS 14.3.1: whatever the browser kept of the staff pages goes with the session.
    response.headers["Clear-Site-Data"] = '"cache", "storage"'
    return response
