"""The application's errors, designed once and rendered by each adapter.

Every error a client can see is an `AppError` with an HTTP status, a stable machine code
and a message in zh-CN and English. `kiosk` renders them as HTML, `mobile_api` as a JSON
envelope; anything else becomes a generic 500 without a stack trace.

    AppError (500 internal)
    ├── BadRequest (400 bad_request)
    │   ├── MalformedJSON (400 malformed_json)
    │   └── InvalidParameter (400 invalid_parameter)
    ├── Unauthorized (401 unauthorized: one generic answer for every bad credential)
    ├── Forbidden (403 forbidden)
    │   └── CrossOriginRefused (403 cross_origin_refused)
    ├── NotFound (404 not_found)
    ├── MethodNotAllowed (405 method_not_allowed)
    ├── PayloadTooLarge (413 payload_too_large)
    ├── UnsupportedMediaType (415 unsupported_media_type)
    ├── Conflict (409 conflict)
    ├── ValidationFailed (422 validation_failed, with every field problem at once)
    ├── TooManyRequests (429 too_many_requests, with Retry-After)
    └── ServiceUnavailable (503 service_unavailable)

Messages never echo what the user typed: a query may hold an ID number.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from shared.i18n import Lang, Text


@dataclass(frozen=True, slots=True)
class FieldProblem:
    """One problem with one input, addressed by a path such as `answers.applicant_phone`."""

    path: str
    code: str
    message: Text

    def as_dict(self, lang: Lang) -> dict[str, Any]:
        return {"path": self.path, "code": self.code, "message": self.message.get(lang)}


class AppError(Exception):
    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal"
    default_message: ClassVar[Text] = Text("系统繁忙，请稍后再试。", "Something went wrong. Please try again later.")

    def __init__(self, message: Text | None = None, *, problems: list[FieldProblem] | None = None) -> None:
        self.message = message or self.default_message
        self.problems = problems or []
        super().__init__(self.message.en or self.message.zh)


class BadRequest(AppError):
    status = 400
    code = "bad_request"
    default_message = Text("请求无法处理，请检查后重试。", "The request could not be understood.")


class MalformedJSON(BadRequest):
    code = "malformed_json"
    default_message = Text("请求内容不是有效的 JSON。", "The request body is not valid JSON.")


class InvalidParameter(BadRequest):
    code = "invalid_parameter"
    default_message = Text("参数不正确。", "A parameter is not valid.")


class Unauthorized(AppError):
    """Not signed in, or the credential is not good. The same answer whatever the reason
    (expired, wrong audience, tampered, revoked), so a caller learns nothing from it."""

    status = 401
    code = "unauthorized"
    default_message = Text("请先登录，或登录已失效。", "Please sign in; your sign-in is missing or has expired.")


class Forbidden(AppError):
    status = 403
    code = "forbidden"
    default_message = Text("您无权进行此操作。", "You are not allowed to do this.")


class CrossOriginRefused(Forbidden):
    code = "cross_origin_refused"
    default_message = Text("请求来源不被允许。", "Requests from another site are not accepted.")


class NotFound(AppError):
    status = 404
    code = "not_found"
    default_message = Text("找不到您要的内容。", "We could not find what you asked for.")


class MethodNotAllowed(AppError):
    status = 405
    code = "method_not_allowed"
    default_message = Text("不支持此操作方式。", "This method is not allowed here.")


class PayloadTooLarge(AppError):
    status = 413
    code = "payload_too_large"
    default_message = Text("提交的内容太大。", "The request body is too large.")


class UnsupportedMediaType(AppError):
    status = 415
    code = "unsupported_media_type"
    default_message = Text("请以 JSON 格式提交。", "Please send the body as JSON (application/json).")


class Conflict(AppError):
    status = 409
    code = "conflict"
    default_message = Text(
        "操作与当前状态冲突，请刷新后重试。", "This conflicts with the current state; refresh and try again."
    )


class ValidationFailed(AppError):
    status = 422
    code = "validation_failed"
    default_message = Text("填写的内容有误，请逐项修改。", "Some answers need correcting; see each field.")


class TooManyRequests(AppError):
    """Throttled: the caller may try again after `retry_after` seconds (sent as Retry-After)."""

    status = 429
    code = "too_many_requests"
    default_message = Text("操作太频繁，请稍后再试。", "Too many attempts; please wait a moment and try again.")

    def __init__(self, message: Text | None = None, *, retry_after: int = 1) -> None:
        super().__init__(message)
        self.retry_after = max(1, retry_after)


class ServiceUnavailable(AppError):
    status = 503
    code = "service_unavailable"
    default_message = Text("服务暂时不可用，请稍后再试。", "The service is temporarily unavailable.")


STATUS_ERRORS: dict[int, type[AppError]] = {
    cls.status: cls
    for cls in (
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        MethodNotAllowed,
        PayloadTooLarge,
        UnsupportedMediaType,
        Conflict,
        ValidationFailed,
        TooManyRequests,
        ServiceUnavailable,
    )
}


def error_for_status(status: int) -> AppError:
    """The AppError for an HTTP status raised by the framework (404 routes, 405, 413)."""
    cls = STATUS_ERRORS.get(status)
    if cls is not None:
        return cls()
    return BadRequest() if 400 <= status < 500 else AppError()
