"""The OpenAPI 3.1 description of the mini-program API, served at /api/v1/openapi.json.

Written by hand (small API, full control); `tests/mobile_api/test_openapi.py` fails when a
route under /api is missing here, and schemathesis fuzzes the API against it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.schemas import COMPONENTS, Schema, ref
from shared.catalog.labels import Label
from shared.catalog.model import CHANNEL_TEXT, ItemType
from shared.web.responses import JSONResponse

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


ITEM_FILTER_PARAMS = [
    query("q", {"type": "string", "maxLength": 100}, "Chinese, pinyin, pinyin initials (sfz) or English words."),
    query(
        "department",
        {"type": "string", "maxLength": 64},
        "A department code (handling or co-handling); an unknown code matches nothing.",
    ),
    query("type", {"type": "string", "enum": [t.value for t in ItemType]}, "Item type."),
    query("audience", {"type": "string", "enum": ["person", "company"]}, "Who the item serves."),
    query("label", {"type": "string", "enum": [label.value for label in Label]}, "马上办 / 网上办 / 就近办 / 一次办."),
    query("category", {"type": "string", "maxLength": 64}, "A category code; an unknown code matches nothing."),
    query("channel", {"type": "string", "enum": list(CHANNEL_TEXT)}, "Items offered on this channel."),
    query("page", {"type": "integer", "minimum": 1, "maximum": 10000}, "Page number, from 1."),
    query("per_page", {"type": "integer", "minimum": 1, "maximum": 100}, "Items per page (default 20)."),
    LANG_PARAM,
]

PATHS: Schema = {
    "/api/v1/categories": {
        "get": {
            "summary": "Browsing categories: topics and life events",
            "operationId": "listCategories",
            "parameters": [
                query("audience", {"type": "string", "enum": ["person", "company"]}, "Only this audience."),
                query("kind", {"type": "string", "enum": ["topic", "life_event"]}, "Only topics or life events."),
                LANG_PARAM,
            ],
            "responses": {
                **ok(
                    {
                        "type": "object",
                        "required": ["categories"],
                        "properties": {"categories": {"type": "array", "items": ref("Category")}},
                    }
                ),
                **error_responses(400),
            },
        }
    },
    "/api/v1/departments": {
        "get": {
            "summary": "Departments (实施主体)",
            "operationId": "listDepartments",
            "parameters": [LANG_PARAM],
            "responses": {
                **ok(
                    {
                        "type": "object",
                        "required": ["departments"],
                        "properties": {"departments": {"type": "array", "items": ref("Department")}},
                    }
                ),
                **error_responses(400),
            },
        }
    },
    "/api/v1/items": {
        "get": {
            "summary": "List, filter and search service items",
            "operationId": "listItems",
            "parameters": ITEM_FILTER_PARAMS,
            "responses": {
                **ok(
                    {
                        "type": "object",
                        "required": ["items", "page", "per_page", "total", "pages"],
                        "properties": {
                            "items": {"type": "array", "items": ref("ItemSummary")},
                            "page": {"type": "integer"},
                            "per_page": {"type": "integer"},
                            "total": {"type": "integer"},
                            "pages": {"type": "integer"},
                            "bundles": {
                                "type": "array",
                                "items": ref("BundleSummary"),
                                "description": "Bundles matching q.",
                            },
                        },
                    }
                ),
                **error_responses(400),
            },
        }
    },
    "/api/v1/items/{code}": {
        "get": {
            "summary": "One service item with its materials, form and guide (一次性告知)",
            "operationId": "getItem",
            "parameters": [
                CODE_PARAM,
                query("version", {"type": "integer", "minimum": 1, "maximum": 1000000}, "A published version."),
                LANG_PARAM,
            ],
            "responses": {**ok(ref("ItemDetail")), **error_responses(400, 404)},
        }
    },
    "/api/v1/items/{code}/versions": {
        "get": {
            "summary": "The published versions of an item",
            "operationId": "listItemVersions",
            "parameters": [CODE_PARAM, LANG_PARAM],
            "responses": {
                **ok(
                    {
                        "type": "object",
                        "required": ["code", "current_version", "versions"],
                        "properties": {
                            "code": {"type": "string"},
                            "current_version": {"type": "integer"},
                            "versions": {
                                "type": "array",
                                "items": {
                                    "type": "object",
                                    "properties": {"version": {"type": "integer"}, "published_at": {"type": "string"}},
                                },
                            },
                        },
                    }
                ),
                **error_responses(400, 404),
            },
        }
    },
    "/api/v1/items/{code}/checklist": {
        "post": {
            "summary": "The personal checklist for the answers so far (nothing is stored)",
            "operationId": "itemChecklist",
            "parameters": [
                CODE_PARAM,
                query("version", {"type": "integer", "minimum": 1, "maximum": 1000000}, "A published version."),
                LANG_PARAM,
            ],
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {
                            "type": "object",
                            "additionalProperties": False,
                            "properties": {
                                "answers": {
                                    "type": "object",
                                    "additionalProperties": {"type": ["string", "number", "boolean"]},
                                }
                            },
                        }
                    }
                },
            },
            "responses": {**ok(ref("Checklist"), conditional=False), **error_responses(400, 404, 413, 415, 422)},
        }
    },
    "/api/v1/bundles": {
        "get": {
            "summary": "一件事一次办 bundles",
            "operationId": "listBundles",
            "parameters": [
                query("audience", {"type": "string", "enum": ["person", "company"]}, "Only this audience."),
                query("category", {"type": "string", "maxLength": 64}, "A category code; unknown codes match nothing."),
                LANG_PARAM,
            ],
            "responses": {
                **ok(
                    {
                        "type": "object",
                        "required": ["bundles"],
                        "properties": {"bundles": {"type": "array", "items": ref("BundleSummary")}},
                    }
                ),
                **error_responses(400),
            },
        }
    },
    "/api/v1/bundles/{code}": {
        "get": {
            "summary": "One bundle with its merged form and materials (each asked once)",
            "operationId": "getBundle",
            "parameters": [CODE_PARAM, LANG_PARAM],
            "responses": {**ok(ref("BundleDetail")), **error_responses(400, 404)},
        }
    },
    "/api/v1/openapi.json": {
        "get": {
            "summary": "This document",
            "operationId": "getOpenAPI",
            "parameters": [],
            "responses": {
                "200": {"description": "OpenAPI 3.1", "content": {"application/json": {"schema": {"type": "object"}}}}
            },
        }
    },
}

BEARER: list[Schema] = [{"bearer": []}]
NO_STORE_HEADER = {"Cache-Control": {"schema": {"type": "string"}}}


def json_body(properties: Schema, required: list[str]) -> Schema:
    schema = {"type": "object", "additionalProperties": False, "properties": properties, "required": required}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def answer(status: int, schema: Schema, description: str = "OK") -> dict[str, Schema]:
    return {
        str(status): {
            "description": description,
            "headers": NO_STORE_HEADER,
            "content": {"application/json": {"schema": schema}},
        }
    }


PHONE = {"type": "string", "maxLength": 20, "description": "Mainland mobile number, 11 digits (+86 allowed)."}

ACCOUNT_PATHS: Schema = {
    "/api/v1/auth/wechat-login": {
        "post": {
            "summary": "Sign in with the code of wx.login(); answers our own token pair",
            "operationId": "wechatLogin",
            "parameters": [LANG_PARAM],
            "requestBody": json_body({"code": {"type": "string", "minLength": 1, "maxLength": 128}}, ["code"]),
            "responses": {
                **answer(200, ref("TokenPair")),
                **error_responses(400, 401, 413, 415, 422, 429, 503),
            },
        }
    },
    "/api/v1/auth/refresh": {
        "post": {
            "summary": "Rotate the refresh token: a new pair; a reused refresh token ends the session",
            "operationId": "refreshToken",
            "parameters": [LANG_PARAM],
            "requestBody": json_body(
                {"refresh_token": {"type": "string", "minLength": 1, "maxLength": 200}}, ["refresh_token"]
            ),
            "responses": {**answer(200, ref("TokenPair")), **error_responses(400, 401, 413, 415, 422)},
        }
    },
    "/api/v1/auth/logout": {
        "post": {
            "summary": "Sign out: the session and all its tokens end at once",
            "operationId": "logout",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "responses": {"204": {"description": "Signed out."}, **error_responses(400, 401)},
        }
    },
    "/api/v1/me": {
        "get": {
            "summary": "The signed-in citizen, masked",
            "operationId": "getMe",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "responses": {**answer(200, ref("CitizenProfile")), **error_responses(400, 401)},
        }
    },
    "/api/v1/me/phone-codes": {
        "post": {
            "summary": "Send a 6-digit SMS code to a phone (10 minutes, 3 attempts, resend after 60 s)",
            "operationId": "sendPhoneCode",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "requestBody": json_body({"phone": PHONE}, ["phone"]),
            "responses": {
                **answer(202, ref("PhoneCodeSent"), "Sent."),
                **error_responses(400, 401, 413, 415, 422, 429, 503),
            },
        }
    },
    "/api/v1/me/real-name": {
        "post": {
            "summary": "Real-name binding (实名认证): name, ID number and a phone verified by its SMS code",
            "operationId": "bindRealName",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "requestBody": json_body(
                {
                    "name": {"type": "string", "maxLength": 60},
                    "id_number": {"type": "string", "maxLength": 18, "description": "GB 11643, 18 characters."},
                    "phone": PHONE,
                    "code": {"type": "string", "pattern": "^[0-9]{6}$"},
                },
                ["name", "id_number", "phone", "code"],
            ),
            "responses": {
                **answer(200, ref("TokenPair"), "Bound; replace the stored tokens with these."),
                **error_responses(400, 401, 409, 413, 415, 422),
            },
        }
    },
    "/api/v1/me/companies": {
        "get": {
            "summary": "The companies the citizen acts for",
            "operationId": "listMyCompanies",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "responses": {
                **answer(
                    200,
                    {
                        "type": "object",
                        "required": ["companies"],
                        "properties": {"companies": {"type": "array", "items": ref("Company")}},
                    },
                ),
                **error_responses(400, 401),
            },
        },
        "post": {
            "summary": "Declare acting for a company (unified social credit code, GB 32100); real-name only",
            "operationId": "addMyCompany",
            "security": BEARER,
            "parameters": [LANG_PARAM],
            "requestBody": json_body(
                {
                    "credit_code": {"type": "string", "maxLength": 18},
                    "name": {"type": "string", "maxLength": 100},
                    "role": {"enum": ["legal_representative", "agent"]},
                },
                ["credit_code", "name", "role"],
            ),
            "responses": {
                **answer(201, ref("Company"), "Linked."),
                **answer(200, ref("Company"), "Already linked in this role."),
                **error_responses(400, 401, 403, 409, 413, 415, 422),
            },
        },
    },
    "/api/v1/kiosk-sign-ins/{nonce}": {
        "post": {
            "summary": "Scan to sign in: confirm the code a kiosk shows (onevisit://kiosk-sign-in/<nonce>)",
            "operationId": "confirmKioskSignIn",
            "security": BEARER,
            "parameters": [
                {"name": "nonce", "in": "path", "required": True, "schema": {"type": "string", "maxLength": 100}},
                LANG_PARAM,
            ],
            "responses": {
                **answer(
                    200,
                    {
                        "type": "object",
                        "required": ["status", "citizen"],
                        "properties": {
                            "status": {"const": "confirmed"},
                            "citizen": {
                                "type": "object",
                                "required": ["name"],
                                "properties": {"name": {"type": "string", "description": "Masked."}},
                            },
                        },
                    },
                    "Confirmed; the kiosk moves on within two seconds.",
                ),
                **error_responses(400, 401, 403, 404, 409),
            },
        }
    },
    "/api/v1/demo/wechat-code": {
        "post": {
            "summary": "Demo only: stand in for wx.login() and get a sign-in code (404 outside demo mode)",
            "operationId": "demoWechatCode",
            "parameters": [LANG_PARAM],
            "requestBody": json_body({"openid": {"type": "string", "pattern": "^[A-Za-z0-9_-]{1,64}$"}}, []),
            "responses": {
                **answer(200, {"type": "object", "required": ["code"], "properties": {"code": {"type": "string"}}}),
                **error_responses(400, 404, 413, 415, 422),
            },
        }
    },
    "/api/v1/demo/sms-outbox": {
        "post": {
            "summary": "Demo only: the latest SMS code sent to a phone (404 outside demo mode)",
            "operationId": "demoSmsOutbox",
            "parameters": [LANG_PARAM],
            "requestBody": json_body({"phone": PHONE}, ["phone"]),
            "responses": {
                **answer(
                    200,
                    {
                        "type": "object",
                        "required": ["phone", "code"],
                        "properties": {"phone": {"type": "string"}, "code": {"type": "string"}},
                    },
                ),
                **error_responses(400, 404, 413, 415, 422),
            },
        }
    },
}

DOCUMENT: Schema = {
    "openapi": "3.1.0",
    "info": {
        "title": "OneVisit mini-program API",
        "version": "1",
        "description": (
            "JSON API for phone mini-programs (掌上办). Every error has the body "
            '`{"error": {status, code, message, messages: {zh, en}, problems}}`. '
            "GET answers carry a strong ETag; send If-None-Match to get 304."
        ),
    },
    "paths": {**PATHS, **ACCOUNT_PATHS},
    "components": {
        "schemas": COMPONENTS,
        "securitySchemes": {
            "bearer": {
                "type": "http",
                "scheme": "bearer",
                "bearerFormat": "JWT",
                "description": "The access_token from /auth/wechat-login or /auth/refresh.",
            }
        },
    },
}


async def openapi_document(request: Request) -> Response:
    return JSONResponse(DOCUMENT, headers={"Cache-Control": "public, max-age=300"})
