"""Reading JSON request bodies strictly, so bad input is a clear 4xx and never a 500.

Starlette's `request.json()` raises on malformed JSON (a 500 unless caught) and accepts
NaN, Infinity, lone surrogates, huge integers and unbounded nesting. This reader refuses
all of them with `MalformedJSON`, and a body that is not `application/json` with 415.
"""

from __future__ import annotations

from typing import Any

import orjson
from starlette.requests import Request

from shared.errors import MalformedJSON, UnsupportedMediaType
from shared.i18n import Text

MAX_DEPTH = 32

TOO_DEEP = Text("请求内容嵌套层级过深。", "The JSON body is nested too deeply.")
NOT_OBJECT = Text("请求内容必须是一个 JSON 对象。", "The JSON body must be an object.")
EMPTY = Text("请求内容为空，请提交 JSON 对象。", "The request body is empty; send a JSON object.")


def _depth_ok(value: Any, depth: int = 0) -> bool:
    if depth > MAX_DEPTH:
        return False
    if isinstance(value, dict):
        return all(_depth_ok(v, depth + 1) for v in value.values())
    if isinstance(value, list):
        return all(_depth_ok(v, depth + 1) for v in value)
    return True


def parse_json_object(body: bytes) -> dict[str, Any]:
    """Parse a JSON object with orjson (rejects NaN/Infinity, invalid UTF-8 and surrogates)."""
    if not body.strip():
        raise MalformedJSON(EMPTY)
    try:
        value = orjson.loads(body)
    except orjson.JSONDecodeError:
        raise MalformedJSON() from None
    if not isinstance(value, dict):
        raise MalformedJSON(NOT_OBJECT)
    if not _depth_ok(value):
        raise MalformedJSON(TOO_DEEP)
    return value


async def read_json_object(request: Request) -> dict[str, Any]:
    media_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        raise UnsupportedMediaType()
    return parse_json_object(await request.body())
