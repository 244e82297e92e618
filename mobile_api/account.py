"""The citizen's account on the phone: WeChat sign-in, tokens, profile, real-name binding, companies.

    POST /auth/wechat-login   {"code"}          → token pair and masked profile
    POST /auth/refresh        {"refresh_token"} → the next token pair (rotation)
    POST /auth/logout         (bearer)          → 204; the session family ends at once
    GET  /me                  (bearer)          → masked profile
    POST /me/phone-codes      (bearer) {"phone"} → 202; a 6-digit SMS code was sent
    POST /me/real-name        (bearer) {"name", "id_number", "phone", "code"} → fresh token pair
    GET  /me/companies, POST /me/companies (real-name citizens)
    POST /demo/wechat-code, POST /demo/sms-outbox  (demo mode only; 404 otherwise)

Token answers follow RFC 6749 §5.1 (`token_type`, `expires_in`, `Cache-Control: no-store`).
Nothing here answers with a whole ID or phone number.
"""

from __future__ import annotations

import re
from typing import Any

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.auth import require_citizen, require_real_name
from mobile_api.params import reject_unknown
from shared.audit import Where
from shared.auth import companies, login, realname
from shared.auth.companies import CompanyLink
from shared.auth.otp import SendRefusal
from shared.auth.sessions import ActiveSession
from shared.auth.sms import SimulatedSmsGateway, SmsDeliveryFailed
from shared.auth.tokens import MOBILE
from shared.auth.wechat import RateLimited, SimulatedWeChat, WeChatError
from shared.errors import (
    Conflict,
    FieldProblem,
    NotFound,
    ServiceUnavailable,
    TooManyRequests,
    Unauthorized,
    ValidationFailed,
)
from shared.i18n import Text
from shared.identity import citizens
from shared.identity.citizens import Citizen, IdentityMismatch
from shared.privacy.masking import mask_phone
from shared.services import Services
from shared.web.jsonbody import read_json_object
from shared.web.responses import JSONResponse

NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}
DAY_SECONDS = 86_400

REQUIRED = Text("请填写此项。", "This field is required.")
NOT_TEXT = Text("请填写文字。", "This must be text.")
WECHAT_BUSY = Text(
    "微信登录请求过于频繁，请稍后再试。", "Too many WeChat sign-in attempts; please wait a moment and try again."
)
WECHAT_DOWN = Text(
    "微信登录服务暂时不可用，请稍后再试。", "WeChat sign-in is temporarily unavailable; please try again later."
)
SMS_TOO_SOON = Text(
    "验证码已发送，请稍后再重新获取。", "A code was sent a moment ago; please wait before asking for another."
)
SMS_DAILY_CAP = Text(
    "今日获取验证码次数已达上限，请明天再试或到窗口办理。",
    "The daily number of codes has been reached; please try again tomorrow or visit a service window.",
)
SMS_FAILED = Text("短信发送失败，请稍后再试。", "The text message could not be sent; please try again in a moment.")
IDENTITY_MISMATCH = Text(
    "您填写的身份信息与已登记的信息不一致，无法在线完成实名认证。请携带居民身份证到政务服务大厅窗口办理。",
    "These details do not match the identity on record, so real-name verification cannot be completed online. "
    "Please bring your resident ID card to a service window in the hall.",
)
NO_DEMO_CODE = Text("该手机号码没有收到验证码。", "No code has been sent to this phone number.")
BAD_OPENID = Text("openid 只能包含字母、数字、- 和 _（至多 64 个）。", "An openid is up to 64 letters, digits, - or _.")
OPENID = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _services(request: Request) -> Services:
    result: Services = request.state.services
    return result


def _where(request: Request) -> Where:
    return Where.address(request.client.host if request.client else None)


def _refresh_seconds(services: Services) -> int:
    return services.settings.refresh_token_days * DAY_SECONDS


def _json(body: Any, status_code: int = 200) -> Response:
    return JSONResponse(body, status_code=status_code, headers=NO_STORE)


async def _body(request: Request, allowed: set[str]) -> dict[str, Any]:
    payload = await read_json_object(request)
    problems = realname.unknown_fields(payload, allowed)
    if problems:
        raise ValidationFailed(problems=problems)
    return payload


def _string_field(payload: dict[str, Any], name: str, max_length: int) -> str:
    """A required string field; shapes are 422, but a wrong *value* is left to the caller."""
    value = payload.get(name)
    if value is None:
        raise ValidationFailed(problems=[FieldProblem(name, "required", REQUIRED)])
    if not isinstance(value, str):
        raise ValidationFailed(problems=[FieldProblem(name, "invalid_type", NOT_TEXT)])
    return value[: max_length + 1]


def profile(citizen: Citizen) -> dict[str, Any]:
    """The citizen as the phone may show them: masked, or null while unknown."""
    return {
        "id": citizen.id,
        "name": citizen.name_masked or None,
        "id_number": citizen.id_number_masked or None,
        "phone": citizen.phone_masked or None,
        "real_name": citizen.is_real_name,
        "verified_by": citizen.verified_by,
    }


async def _token_body(services: Services, session: ActiveSession, refresh_token: str) -> dict[str, Any]:
    citizen = await citizens.get(services.db, session.citizen_id)
    if citizen is None:
        raise Unauthorized()
    access = services.tokens.mint(MOBILE, session.citizen_id, session.id)
    return {
        "access_token": access.token,
        "token_type": "Bearer",
        "expires_in": access.expires_in,
        "refresh_token": refresh_token,
        "refresh_expires_in": _refresh_seconds(services),
        "citizen": profile(citizen),
    }


# --- sign-in ---------------------------------------------------------------------------


async def wechat_login(request: Request) -> Response:
    reject_unknown(request, ())
    services = _services(request)
    payload = await _body(request, {"code"})
    code = _string_field(payload, "code", 128)
    if not code or len(code) > 128:
        raise Unauthorized()
    try:
        signed = await login.wechat_login(
            services.db,
            services.vault,
            services.wechat,
            code,
            services.clock.now(),
            _refresh_seconds(services),
            _where(request),
        )
    except login.SignInRefused:
        raise Unauthorized() from None
    except RateLimited as exc:
        raise TooManyRequests(WECHAT_BUSY, retry_after=exc.retry_after) from None
    except WeChatError:
        raise ServiceUnavailable(WECHAT_DOWN) from None
    return _json(await _token_body(services, signed.session, signed.refresh_token))


async def refresh(request: Request) -> Response:
    reject_unknown(request, ())
    services = _services(request)
    payload = await _body(request, {"refresh_token"})
    token = _string_field(payload, "refresh_token", 200)
    if not token or len(token) > 200:
        raise Unauthorized()
    try:
        signed = await login.refresh(
            services.db, token, services.clock.now(), _refresh_seconds(services), _where(request)
        )
    except login.SignInRefused:
        raise Unauthorized() from None
    return _json(await _token_body(services, signed.session, signed.refresh_token))


async def logout(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ())
    services = _services(request)
    session = ActiveSession(principal.session_id, principal.citizen_id, MOBILE)
    await login.logout(services.db, session, services.clock.now(), _where(request))
    return Response(status_code=204, headers=NO_STORE)


# --- profile and real-name binding ------------------------------------------------------


async def me(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ())
    citizen = await citizens.get(_services(request).db, principal.citizen_id)
    if citizen is None:
        raise Unauthorized()
    return _json(profile(citizen))


async def send_phone_code(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ())
    services = _services(request)
    payload = await read_json_object(request)
    problems = realname.unknown_fields(payload, {"phone"})
    phone = realname.read_phone(payload, problems)
    if problems or phone is None:
        raise ValidationFailed(problems=problems)
    try:
        sent = await realname.send_code(
            services.db,
            services.vault,
            services.sms,
            principal.citizen_id,
            phone,
            services.clock.now(),
            _where(request),
        )
    except realname.CodeRefused as exc:
        message = SMS_TOO_SOON if exc.decision.refusal is SendRefusal.TOO_SOON else SMS_DAILY_CAP
        raise TooManyRequests(message, retry_after=exc.decision.retry_after) from None
    except SmsDeliveryFailed:
        raise ServiceUnavailable(SMS_FAILED) from None
    return _json(
        {"phone": sent.phone_masked, "expires_in": sent.expires_in, "resend_after": sent.resend_after},
        status_code=202,
    )


async def bind_real_name(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ())
    services = _services(request)
    payload = await read_json_object(request)
    now = services.clock.now()
    checked = realname.validate_details(payload, services.clock.today())
    if checked.details is None:
        problems = list(checked.problems)
        if checked.phone is not None and checked.code is not None:
            # Check the code now too, so that one correction is enough (一次性告知).
            code_problem = await realname.try_code(
                services.db, services.vault, principal.citizen_id, checked.phone, checked.code, now
            )
            if code_problem is not None:
                problems.append(code_problem)
        raise ValidationFailed(problems=problems)
    try:
        bound = await realname.bind(
            services.db,
            services.vault,
            principal.citizen_id,
            principal.session_id,
            checked.details,
            now,
            _refresh_seconds(services),
            _where(request),
        )
    except realname.CodeNotAccepted as exc:
        raise ValidationFailed(problems=[exc.problem]) from None
    except IdentityMismatch:
        raise Conflict(IDENTITY_MISMATCH) from None
    session = ActiveSession(principal.session_id, bound.citizen_id, MOBILE)
    body = await _token_body(services, session, bound.refresh_token)
    body["merged"] = bound.merged
    return _json(body)


# --- companies ------------------------------------------------------------------------


def _company(link: CompanyLink) -> dict[str, Any]:
    return {
        "id": link.company_id,
        "credit_code": link.credit_code_masked,
        "name": link.name,
        "role": link.role,
        "linked_at": link.linked_at,
    }


async def list_companies(request: Request) -> Response:
    principal = await require_citizen(request)
    reject_unknown(request, ())
    links = await companies.for_citizen(_services(request).db, principal.citizen_id)
    return _json({"companies": [_company(link) for link in links]})


async def add_company(request: Request) -> Response:
    principal, _citizen = await require_real_name(request)
    reject_unknown(request, ())
    services = _services(request)
    declaration, problems = companies.validate_declaration(await read_json_object(request))
    if declaration is None:
        raise ValidationFailed(problems=problems)
    link, created = await companies.link(
        services.db, principal.citizen_id, declaration, services.clock.now(), _where(request)
    )
    return _json(_company(link), status_code=201 if created else 200)


async def companies_endpoint(request: Request) -> Response:
    # One route for both methods, so a 405 elsewhere lists them together in `Allow`.
    if request.method == "POST":
        return await add_company(request)
    return await list_companies(request)


# --- demo stand-ins for the phone and the SMS inbox -------------------------------------------


async def demo_wechat_code(request: Request) -> Response:
    """What `wx.login()` would give a phone: a code for a new or a given openid (demo only)."""
    services = _services(request)
    if not services.settings.demo or not isinstance(services.wechat, SimulatedWeChat):
        raise NotFound()
    reject_unknown(request, ())
    payload = await _body(request, {"openid"})
    openid = payload.get("openid")
    if openid is not None and (not isinstance(openid, str) or not OPENID.fullmatch(openid)):
        raise ValidationFailed(problems=[FieldProblem("openid", "invalid_openid", BAD_OPENID)])
    return _json({"code": services.wechat.issue_code(openid)})


async def demo_sms_outbox(request: Request) -> Response:
    """The latest code sent to a phone, as its owner would read it (demo only)."""
    services = _services(request)
    if not services.settings.demo or not isinstance(services.sms, SimulatedSmsGateway):
        raise NotFound()
    reject_unknown(request, ())
    payload = await read_json_object(request)
    problems = realname.unknown_fields(payload, {"phone"})
    phone = realname.read_phone(payload, problems)
    if problems or phone is None:
        raise ValidationFailed(problems=problems)
    code = services.sms.latest_code(phone)
    if code is None:
        raise NotFound(NO_DEMO_CODE)
    return _json({"phone": mask_phone(phone), "code": code})
