"""The OpenAPI 3.1 description of the mini-program API, served at /api/v1/openapi.json.

Written by hand (small API, full control), one module of paths per area; `tests/mobile_api/
test_openapi.py` fails when a route under /api is missing here, and schemathesis fuzzes the
API against it.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from mobile_api.openapi.access_log_paths import ACCESS_LOG_COMPONENTS, ACCESS_LOG_PATHS
from mobile_api.openapi.account_paths import ACCOUNT_PATHS
from mobile_api.openapi.application_paths import APPLICATION_PATHS
from mobile_api.openapi.application_schemas import APPLICATION_COMPONENTS
from mobile_api.openapi.catalog_paths import CATALOG_PATHS
from mobile_api.openapi.complaint_paths import COMPLAINT_COMPONENTS, COMPLAINT_PATHS
from mobile_api.openapi.payment_paths import PAYMENT_COMPONENTS, PAYMENT_PATHS
from mobile_api.openapi.rating_paths import RATING_COMPONENTS, RATING_PATHS
from mobile_api.schemas import COMPONENTS, Schema
from shared.web.responses import JSONResponse

DOCUMENT: Schema = {
    "openapi": "3.1.0",
    "info": {
        "title": "OneVisit mini-program API",
        "version": "1",
        "description": (
            "JSON API for phone mini-programs (掌上办). Every error has the body "
            '`{"error": {status, code, message, messages: {zh, en}, problems}}`. '
            "Catalog GET answers carry a strong ETag; send If-None-Match to get 304. "
            "Personal answers (applications, wallet) are no-store; an application's ETag is its revision, "
            "for If-Match. Every state-changing call on applications takes an Idempotency-Key "
            "(draft-ietf-httpapi-idempotency-key-header-07): missing or malformed 400, the same key with "
            "another body 422, while the first request runs 409, afterwards the stored answer again."
        ),
    },
    "paths": {
        **CATALOG_PATHS,
        **ACCOUNT_PATHS,
        **APPLICATION_PATHS,
        **PAYMENT_PATHS,
        **RATING_PATHS,
        **COMPLAINT_PATHS,
        **ACCESS_LOG_PATHS,
    },
    "components": {
        "schemas": {
            **COMPONENTS,
            **APPLICATION_COMPONENTS,
            **PAYMENT_COMPONENTS,
            **RATING_COMPONENTS,
            **COMPLAINT_COMPONENTS,
            **ACCESS_LOG_COMPONENTS,
        },
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
