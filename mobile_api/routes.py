"""The routes of the mini-program API (mounted at /api/v1)."""

from __future__ import annotations

from starlette.routing import BaseRoute, Route

from mobile_api import catalog
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
    ]
