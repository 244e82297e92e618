"""The catalog's paths: categories, departments, items, bundles (public, no sign-in)."""

from __future__ import annotations

from mobile_api.openapi.helpers import CODE_PARAM, LANG_PARAM, error_responses, ok, query
from mobile_api.schemas import Schema, ref
from shared.catalog.labels import Label
from shared.catalog.model import CHANNEL_TEXT, ItemType

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

CATALOG_PATHS: Schema = {
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
