"""The routes of the mini-program API (mounted at /api/v1)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

from mobile_api import (
    access_log,
    account,
    application_changes,
    application_files,
    application_handoffs,
    applications,
    catalog,
    complaints,
    kiosk_signin,
    payments,
    ratings,
)
from mobile_api.openapi import openapi_document

Endpoint = Callable[[Request], Awaitable[Response]]


def routes() -> list[BaseRoute]:
    # Starlette tries a mount's routes in order, about a microsecond each: the application
    # routes, which every submission and every save goes through, come first (measured with
    # benchmarks/submission_bench.py; no two of these paths overlap, so order decides nothing else).
    return [
        *application_routes(),
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
        Route("/me/access-log", access_log.list_access_log, methods=["GET"], name="api_access_log"),
        Route("/kiosk-sign-ins/{nonce}", kiosk_signin.confirm, methods=["POST"], name="api_kiosk_sign_in"),
        *payments.routes(),
        *complaint_routes(),
        # Stand-ins for the phone and its SMS inbox; 404 unless the server runs in demo mode.
        Route("/demo/wechat-code", account.demo_wechat_code, methods=["POST"], name="api_demo_wechat_code"),
        Route("/demo/sms-outbox", account.demo_sms_outbox, methods=["POST"], name="api_demo_sms_outbox"),
    ]


def by_method(**handlers: Endpoint) -> Endpoint:
    """One endpoint for a path that several methods share, so 405 answers list them all in Allow."""

    async def dispatch(request: Request) -> Response:
        method = request.method.lower()
        # Starlette adds HEAD to every GET route and strips the body itself.
        return await handlers["get" if method == "head" else method](request)

    return dispatch


def complaint_routes() -> list[BaseRoute]:
    """投诉 / 咨询 / 建议 / 举报 and the rating of their answers."""
    return [
        Route(
            "/complaints",
            by_method(get=complaints.list_complaints, post=complaints.raise_complaint),
            methods=["GET", "POST"],
            name="api_complaints",
        ),
        Route("/complaints/{id}", complaints.get_complaint, methods=["GET"], name="api_complaint"),
        Route("/complaints/{id}/rating", complaints.rate_answer, methods=["POST"], name="api_complaint_rating"),
    ]


def application_routes() -> list[BaseRoute]:
    """Applications (办件), their files and the kiosk handoff."""
    apps, changes, files, handoffs = applications, application_changes, application_files, application_handoffs
    return [
        Route(
            "/applications",
            by_method(get=apps.list_applications, post=changes.start_application),
            methods=["GET", "POST"],
            name="api_applications",
        ),
        Route(
            "/applications/{ref}",
            by_method(get=apps.get_application, delete=changes.discard),
            methods=["GET", "DELETE"],
            name="api_application",
        ),
        Route("/applications/{ref}/answers", changes.save_answers, methods=["PATCH"], name="api_application_answers"),
        Route("/applications/{ref}/delivery", changes.set_delivery, methods=["PUT"], name="api_application_delivery"),
        Route("/applications/{ref}/check", apps.check_application, methods=["GET"], name="api_application_check"),
        Route("/applications/{ref}/submission", changes.submit, methods=["POST"], name="api_application_submission"),
        Route("/applications/{ref}/timeline", apps.get_timeline, methods=["GET"], name="api_application_timeline"),
        Route("/applications/{ref}/results", apps.list_results, methods=["GET"], name="api_application_results"),
        Route(
            "/applications/{ref}/results/{result_id}", apps.get_result, methods=["GET"], name="api_application_result"
        ),
        Route(
            "/applications/{ref}/materials/{code}/files", files.upload, methods=["POST"], name="api_application_upload"
        ),
        Route(
            "/applications/{ref}/files/{file_id}",
            by_method(get=files.download, delete=files.delete),
            methods=["GET", "DELETE"],
            name="api_application_file",
        ),
        Route(
            "/applications/{ref}/rating",
            by_method(get=ratings.get_rating, post=ratings.rate),
            methods=["GET", "POST"],
            name="api_application_rating",
        ),
        Route("/certificates", apps.list_certificates, methods=["GET"], name="api_certificates"),
        Route("/application-handoffs/{nonce}", handoffs.claim, methods=["POST"], name="api_application_handoff"),
    ]
