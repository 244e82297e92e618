"""Building blocks of the OpenAPI document: common parameters, error answers, bodies."""

from __future__ import annotations

from mobile_api.schemas import Schema, ref

CODE_PARAM = {"name": "code", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 64}}
LANG_PARAM = {
    "name": "lang",
    "in": "query",
    "required": False,
    "schema": {"type": "string", "enum": ["zh", "en"]},
    "description": "Language of error messages; Accept-Language is used otherwise.",
}
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}, "Cache-Control": {"schema": {"type": "string"}}}


def error_responses(*statuses: int) -> dict[str, Schema]:
    described = {
        "400": "A parameter or body is not valid (the body names each problem).",
        "404": "Not found.",
        "413": "The body is too large.",
        "415": "The body is not JSON.",
        "422": "The answers have problems (each listed).",
        "401": "Not signed in, or the token is not good (one generic answer whatever the reason).",
        "403": "Signed in, but not allowed (e.g. real-name verification is needed first).",
        "409": "Conflicts with what is on record.",
        "429": "Too many attempts; wait the seconds given in Retry-After.",
        "503": "A platform we depend on (WeChat, SMS) is unavailable; try again later.",
    }
    responses: dict[str, Schema] = {
        str(s): {"description": described[str(s)], "content": {"application/json": {"schema": ref("Error")}}}
        for s in statuses
    }
    if "429" in responses:
        responses["429"]["headers"] = {"Retry-After": {"schema": {"type": "string"}, "required": True}}
    return responses


def ok(schema: Schema, description: str = "OK", conditional: bool = True) -> dict[str, Schema]:
    responses: dict[str, Schema] = {
        "200": {"description": description, "content": {"application/json": {"schema": schema}}}
    }
    if conditional:
        responses["200"]["headers"] = ETAG_HEADER
        responses["304"] = {"description": "Not modified (If-None-Match matched the ETag)."}
    return responses


def query(name: str, schema: Schema, description: str) -> Schema:
    return {"name": name, "in": "query", "required": False, "schema": schema, "description": description}


BEARER: list[Schema] = [{"bearer": []}]
NO_STORE_HEADER = {"Cache-Control": {"schema": {"type": "string"}}}


def closed_object(properties: Schema, required: list[str]) -> Schema:
    """An object with these properties and no others."""
    return {"type": "object", "additionalProperties": False, "properties": properties, "required": required}


def json_body(properties: Schema, required: list[str]) -> Schema:
    return {"required": True, "content": {"application/json": {"schema": closed_object(properties, required)}}}


def answer(status: int, schema: Schema, description: str = "OK") -> dict[str, Schema]:
    return {
        str(status): {
            "description": description,
            "headers": NO_STORE_HEADER,
            "content": {"application/json": {"schema": schema}},
        }
    }


PHONE = {"type": "string", "maxLength": 20, "description": "Mainland mobile number, 11 digits (+86 allowed)."}
