"""AppError as the JSON envelope the mini-program reads.

`wx.request` calls `success` for every HTTP status, so the body always says what went
wrong: `{"error": {"status", "code", "message", "messages": {"zh", "en"}, "problems"}}`.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from shared.errors import AppError
from shared.i18n import Lang, negotiate, parse_lang
from shared.web.responses import JSONResponse


def request_lang(request: Request) -> Lang:
    return parse_lang(request.query_params.get("lang")) or negotiate(request.headers.get("accept-language"))


def error_body(error: AppError, lang: Lang) -> dict[str, object]:
    return {
        "error": {
            "status": error.status,
            "code": error.code,
            "message": error.message.get(lang),
            "messages": {"zh": error.message.zh, "en": error.message.get("en")},
            "problems": [problem.as_dict(lang) for problem in error.problems],
        }
    }


async def render_json_error(request: Request, error: AppError) -> Response:
    headers = {"Cache-Control": "no-store", "Content-Language": "zh-CN" if request_lang(request) == "zh" else "en"}
    return JSONResponse(error_body(error, request_lang(request)), status_code=error.status, headers=headers)
