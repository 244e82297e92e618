"""The account's paths: WeChat sign-in, tokens, profile, real-name binding, companies, kiosk scan."""

from __future__ import annotations

from mobile_api.openapi.helpers import BEARER, LANG_PARAM, PHONE, answer, error_responses, json_body
from mobile_api.schemas import Schema, ref

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
