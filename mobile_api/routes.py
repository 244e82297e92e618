"""The routes of the mini-program API (mounted at /api/v1)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from mobile_api import account, catalog, kiosk_signin
from mobile_api.openapi import openapi_document


def routes() -> list[BaseRoute]:
    return [
        Route("/openapi.json", openapi_document, methods=["GET"], name="api_openapi"),
        Route("/categories", catalog.list_categories, methods=["GET"], name="api_categories"),
        Route("/departments", catalog.list_departments, methods=["GET"], name="api_departments"),
        Route("/items", catalog.list_items, methods=["GET"], name="api_items"),
        Route("/items/{code}", catalog.get_item, methods=["GET"], name="api_item"),
        Route("/items/{code}/versions", catalog.list_item_versions, methods=["GET"], name="api_item_versions"),
        Route("/items/{code}/checklist", catalog.item_checklist, methods=["POST"], name="api_item_checklist"),
        Route("/bundles", catalog.list_bundles, methods=["GET"], name="api_bundles"),
        Route("/bundles/{code}", catalog.get_bundle, methods=["GET"], name="api_bundle"),
        Route("/auth/wechat-login", account.wechat_login, methods=["POST"], name="api_wechat_login"),
        Route("/auth/refresh", account.refresh, methods=["POST"], name="api_refresh"),
        Route("/auth/logout", account.logout, methods=["POST"], name="api_logout"),
        Route("/me", account.me, methods=["GET"], name="api_me"),
        Route("/me/phone-codes", account.send_phone_code, methods=["POST"], name="api_phone_codes"),
        Route("/me/real-name", account.bind_real_name, methods=["POST"], name="api_real_name"),
        Route("/me/companies", account.companies_endpoint, methods=["GET", "POST"], name="api_companies"),
        Route("/kiosk-sign-ins/{nonce}", kiosk_signin.confirm, methods=["POST"], name="api_kiosk_sign_in"),
        # Stand-ins for the phone and its SMS inbox; 404 unless the server runs in demo mode.
        Route("/demo/wechat-code", account.demo_wechat_code, methods=["POST"], name="api_demo_wechat_code"),
        Route("/demo/sms-outbox", account.demo_sms_outbox, methods=["POST"], name="api_demo_sms_outbox"),
    ]
